// The archiving screen (arkistointinäyttö): before a document is locked the professional confirms its
// metadata and chooses the social service(s) — required or optional as the document type says — the
// publicity, the retention rule and the citizen visibility. The choices go to the service's finish use case
// and become the archived metadata; "lock and archive" then locks it, which queues it for the archive.
import { ArkkiError } from '../../../lib/errors.ts';
import { formatDate } from '../../../lib/ui/i18n.ts';
import { parseDay } from '../../../lib/ui/day-input.ts';
import type { ArchivingChoices, ClientDocument } from '../../domain/client-document.ts';
import { DEFAULT_RECORD_DEFAULTS } from '../../start.ts';
import { ALL_ROLES, type FormBody, str, type WorkbenchCall, type WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { socialServicesRequired } from '../forms/document-types.ts';
import { CsrfField } from '../layout.tsx';
import { workbenchMessages } from '../messages.ts';
import { clientPath, clientRefOf, taskName, unitName } from './common.tsx';
import { contentIssues, requireDocument, structureOf } from './document-pages.tsx';

interface Problems {
  socialServices?: string;
  citizenFrom?: string;
  basis?: string;
}

function choicesFrom(form: FormBody): ArchivingChoices & { citizenFromText: string } {
  const services = form.socialServices;
  const list = (Array.isArray(services) ? services : services ? [services] : []).filter((s) => /^[\w-]{1,20}$/.test(s));
  const visible = str(form, 'citizenVisible') !== 'no';
  const fromText = str(form, 'citizenFrom');
  const from = fromText ? parseDay(fromText) : undefined;
  return {
    socialServices: [...new Set(list)],
    publicity: { class: str(form, 'publicity') === 'public' ? 'public' : 'secret', basis: str(form, 'publicityBasis') },
    retentionRule: str(form, 'retentionRule'),
    citizenVisible: visible ? { visible: true } : { visible: false, ...(from ? { from } : {}) },
    citizenFromText: fromText,
  };
}

async function screen(
  deps: WorkbenchDeps,
  call: WorkbenchCall,
  d: ClientDocument,
  chosen?: ReturnType<typeof choicesFrom>,
  problems: Problems = {},
) {
  const t = workbenchMessages(call.lang);
  const lang = call.lang;
  const ref = clientRefOf(deps, call.params.handle);
  const def = structureOf(deps, d.documentType);
  const [client, kase] = await Promise.all([deps.system.reads.client(ref), deps.system.reads.case(ref, d.caseId)]);
  if (!client || !kase) throw new ArkkiError('not-found', t('notFound'));
  const c = chosen ?? { ...(d.choices ?? defaultChoices(deps, kase.serviceTask)), citizenFromText: d.choices?.citizenVisible.from ?? '' };
  const required = socialServicesRequired(def.kind);
  const services = deps.codeSets.get('social-services')?.entries ?? [];
  // The services usual in the case's service task first; the others after them.
  const usual = (e: (typeof services)[number]) => {
    const tasks = (e.properties.serviceTasks as string[] | undefined) ?? [];
    return tasks.length === 0 || tasks.includes(kase.serviceTask);
  };
  const ordered = [...services.filter(usual), ...services.filter((e) => !usual(e))];
  const base = clientPath(deps, ref.clientKey);
  const err = (key: keyof Problems) =>
    problems[key] ? (
      <ul class="field-errors" id={`${key}-err`}>
        <li>{problems[key]}</li>
      </ul>
    ) : null;
  const body = (
    <>
      <p>{t('archivingIntro')}</p>
      {Object.keys(problems).length > 0 && (
        <div class="notice bad" role="alert">
          <ul>
            {Object.values(problems).map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </div>
      )}
      <section class="card">
        <h2>{t('metadata')}</h2>
        <dl class="facts">
          <dt>{t('client')}</dt>
          <dd>{`${client.population.familyName} ${client.population.givenNames} (${client.clientKey})`}</dd>
          <dt>{t('documentType')}</dt>
          <dd>{lang === 'sv' ? (def.name.sv ?? def.name.fi) : def.name.fi}</dd>
          <dt>{t('title')}</dt>
          <dd>{d.title}</dd>
          <dt>{t('case')}</dt>
          <dd>{kase.name}</dd>
          <dt>{t('phase')}</dt>
          <dd>{t(`phase.${d.processPhase}` as 'phase.arviointi')}</dd>
          <dt>{t('serviceTask')}</dt>
          <dd>{taskName(deps, kase.serviceTask, lang)}</dd>
          <dt>{t('serviceUnit')}</dt>
          <dd>{unitName(deps, kase.serviceUnit, lang)}</dd>
          <dt>{t('author')}</dt>
          <dd>{`${d.author.name} (${d.author.role})`}</dd>
          <dt>{t('created')}</dt>
          <dd>{formatDate(d.created, lang, true)}</dd>
          <dt>{t('versionLabel')}</dt>
          <dd>{String(d.version)}</dd>
        </dl>
      </section>
      <form method="post" action={`${base}/documents/${d.documentId}/archiving`} class="card stack">
        <CsrfField token={call.csrfToken} />
        <fieldset class={problems.socialServices ? 'has-error' : undefined} aria-describedby="ss-hint">
          <legend>
            {t('socialServices')}
            {required && (
              <span class="mark">
                {' *'}
                <span class="sr"> ({t('required')})</span>
              </span>
            )}
          </legend>
          <span class="hint" id="ss-hint">
            {t('socialServicesHint', { rule: required ? t('socialServicesRequired') : t('socialServicesOptional') })}
          </span>
          {err('socialServices')}
          <div class="checks">
            {ordered.map((e) => (
              <label class="check">
                <input type="checkbox" name="socialServices" value={e.code} checked={c.socialServices.includes(e.code)} />
                {` ${e.display[lang] ?? e.display.fi}`}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('publicity')}</legend>
          {(['secret', 'public'] as const).map((p) => (
            <label class="check">
              <input type="radio" name="publicity" value={p} checked={c.publicity.class === p} /> {t(`publicity.${p}`)}
            </label>
          ))}
          <label for="basis">{t('publicityBasis')}</label>
          <input
            type="text"
            id="basis"
            name="publicityBasis"
            value={c.publicity.basis}
            aria-invalid={problems.basis ? 'true' : undefined}
          />
          {err('basis')}
        </fieldset>
        <label for="retention">{t('retentionRule')}</label>
        <select id="retention" name="retentionRule">
          {deps.retention.rules.map((r) => (
            <option value={r.id} selected={r.id === c.retentionRule}>
              {`${r.display_fi} (${r.legalSource})`}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('citizenVisible')}</legend>
          <label class="check">
            <input type="radio" name="citizenVisible" value="yes" checked={c.citizenVisible.visible} /> {t('citizenVisibleYes')}
          </label>
          <label class="check">
            <input type="radio" name="citizenVisible" value="no" checked={!c.citizenVisible.visible} /> {t('citizenVisibleNo')}
          </label>
          <label for="citizen-from">{t('citizenHiddenUntil')}</label>
          <span class="hint" id="citizen-from-hint">
            {t('dateHint')}
          </span>
          <input
            type="text"
            id="citizen-from"
            name="citizenFrom"
            value={c.citizenFromText}
            aria-describedby="citizen-from-hint"
            aria-invalid={problems.citizenFrom ? 'true' : undefined}
          />
          {err('citizenFrom')}
        </fieldset>
        <p class="actions">
          <button type="submit" name="_do" value="lock">
            {d.state === 'locked' ? t('fixAndResend') : t('lockAndArchive')}
          </button>{' '}
          {d.state === 'draft' && (
            <button type="submit" name="_do" value="finish" class="secondary">
              {t('finishOnly')}
            </button>
          )}
        </p>
      </form>
      <p>
        <a href={`${base}/documents/${d.documentId}`}>{t('backToClient')}</a>
      </p>
    </>
  );
  return { title: t('archivingTitle', { title: d.title }), body, ...(Object.keys(problems).length ? { status: 422 } : {}) };
}

function defaultChoices(deps: WorkbenchDeps, serviceTask: string): ArchivingChoices {
  return {
    socialServices: [],
    publicity: DEFAULT_RECORD_DEFAULTS.publicity,
    // Child welfare documents are kept until 100 years from the child's birth (domain README §9).
    retentionRule:
      serviceTask === '10' && deps.retention.rules.some((r) => r.id === 'lastensuojelu-pitka')
        ? 'lastensuojelu-pitka'
        : DEFAULT_RECORD_DEFAULTS.retentionRule,
    citizenVisible: { visible: true },
  };
}

export function registerArchivingPage(kit: WorkbenchKit, deps: WorkbenchDeps): void {
  kit.route({
    method: 'GET',
    url: '/clients/:handle/documents/:documentId/archiving',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      const d = await requireDocument(deps, ref, call.params.documentId);
      // A locked document comes back here only when the archive refused its choices: to fix them.
      const item = d.state === 'locked' ? await deps.system.reads.queueItem(ref, d.documentId) : undefined;
      if (d.state === 'locked' && item?.status !== 'refused')
        return { redirect: `${clientPath(deps, ref.clientKey)}/documents/${d.documentId}` };
      return screen(deps, call, d);
    },
  });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/documents/:documentId/archiving',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      const ref = clientRefOf(deps, call.params.handle);
      const d = await requireDocument(deps, ref, call.params.documentId);
      const def = structureOf(deps, d.documentType);
      const base = clientPath(deps, ref.clientKey);
      // The content is judged again here: the archiving screen is reachable by URL too.
      if (d.state === 'draft' && contentIssues(deps, def, d.content, call).length > 0)
        return { redirect: `${base}/documents/${d.documentId}` };
      if (d.state === 'draft' || d.state === 'locked') {
        const chosen = choicesFrom(call.form);
        const problems: Problems = {};
        if (socialServicesRequired(def.kind) && chosen.socialServices.length === 0) problems.socialServices = t('socialServicesMissing');
        if (chosen.citizenFromText && !parseDay(chosen.citizenFromText)) problems.citizenFrom = t('invalidDay');
        if (!chosen.publicity.basis) problems.basis = t('required');
        if (Object.keys(problems).length > 0) return screen(deps, call, d, chosen, problems);
        const { citizenFromText: _, ...choices } = chosen;
        if (d.state === 'locked') {
          // The refused item is sent again with the corrected choices; unchanged choices are refused (fix-unchanged).
          await deps.system.archiving.fixRefused(ref, d.documentId, { choices, by: call.user.userId });
          return { redirect: `${base}/documents/${d.documentId}?done=fixed` };
        }
        await deps.system.service.finish(ref, d.documentId, choices);
      }
      if (str(call.form, '_do') === 'lock') {
        await deps.system.service.lock(ref, d.documentId);
        return { redirect: `${base}?done=locked#case-${d.caseId}` };
      }
      return { redirect: `${base}/documents/${d.documentId}` };
    },
  });
}
