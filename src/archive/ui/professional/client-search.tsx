// Client search by henkilötunnus. The form POSTs and redirects to the client's page by an opaque
// reference, so the henkilötunnus never appears in a URL.
import { parseHetu } from '../../../lib/identifiers/hetu.ts';
import type { Lang } from '../../../lib/ui/i18n.ts';
import { CsrfField } from '../layout.tsx';
import { clientRef } from '../client-ref.ts';
import type { UiKit, UiResult } from '../ui-kit.tsx';
import { proMessages } from './messages.ts';

type HetuError = 'hetuRequired' | 'hetuFormat' | 'hetuCheck' | 'hetuDate' | 'hetuIndividual';

/** The user's input normalised, or which rule it breaks (parseHetu's messages are English; the UI speaks three languages). */
export function checkHetuInput(raw: string | undefined): { ok: true; hetu: string } | { ok: false; error: HetuError } {
  const value = (raw ?? '').trim().toUpperCase();
  if (!value) return { ok: false, error: 'hetuRequired' };
  const parsed = parseHetu(value);
  if (parsed.ok) return { ok: true, hetu: value };
  if (/check character/.test(parsed.message)) return { ok: false, error: 'hetuCheck' };
  if (/impossible date/.test(parsed.message)) return { ok: false, error: 'hetuDate' };
  if (/individual number/.test(parsed.message)) return { ok: false, error: 'hetuIndividual' };
  return { ok: false, error: 'hetuFormat' };
}

function SearchForm({ lang, csrfToken, value, error }: { lang: Lang; csrfToken: string; value?: string; error?: HetuError }) {
  const t = proMessages(lang);
  return (
    <section class="card">
      <p class="muted">{t('searchIntro')}</p>
      <form method="post" action="/pro/clients" class="inline" novalidate>
        <CsrfField token={csrfToken} />
        <div>
          <label for="hetu">
            {t('hetuLabel')}
            <span class="hint" id="hetu-hint">
              {t('hetuHint')}
            </span>
          </label>
          <input
            type="text"
            id="hetu"
            name="hetu"
            value={value ?? ''}
            autocomplete="off"
            spellcheck={false}
            maxLength={20}
            required
            aria-describedby={error ? 'hetu-hint hetu-error' : 'hetu-hint'}
            aria-invalid={error ? 'true' : undefined}
            autofocus
          />
          {error && (
            <p class="field-error" id="hetu-error" role="alert">
              {t(error)}
            </p>
          )}
        </div>
        <button type="submit">{t('searchButton')}</button>
      </form>
    </section>
  );
}

export function clientSearchRoutes(ui: UiKit): void {
  ui.route({
    method: 'GET',
    url: '/pro/clients',
    roles: ['social-worker'],
    handler: async (call): Promise<UiResult> => ({
      title: proMessages(call.lang)('searchTitle'),
      body: <SearchForm lang={call.lang} csrfToken={call.csrfToken} />,
    }),
  });
  ui.route({
    method: 'POST',
    url: '/pro/clients',
    roles: ['social-worker'],
    handler: async (call): Promise<UiResult> => {
      const checked = checkHetuInput(call.form.hetu);
      if (!checked.ok) {
        return {
          title: proMessages(call.lang)('searchTitle'),
          status: 400,
          body: <SearchForm lang={call.lang} csrfToken={call.csrfToken} value={call.form.hetu} error={checked.error} />,
        };
      }
      return { redirect: `/pro/clients/${clientRef(checked.hetu)}` };
    },
  });
}
