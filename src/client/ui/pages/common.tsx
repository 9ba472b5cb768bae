// Small pieces the workbench's pages share: the client behind a URL handle, names of codes and units in
// the user's language, and a day field that accepts 1.12.2026 as well as 2026-12-01.
import { ArkkiError } from '../../../lib/errors.ts';
import type { Lang } from '../../../lib/ui/i18n.ts';
import { parseDay } from '../../../lib/ui/day-input.ts';
import type { ClientRef } from '../../service/workbench-reads.ts';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { workbenchMessages } from '../messages.ts';

export function clientRefOf(deps: WorkbenchDeps, handle: string | undefined): ClientRef {
  const clientKey = deps.handles.key(handle);
  if (!clientKey) throw new ArkkiError('not-found', [{ field: 'client', rule: 'not-found', message: 'asiakasta ei löydy' }]);
  return { registerKeeperOid: deps.registerKeeperOid, clientKey };
}

export const clientPath = (deps: WorkbenchDeps, clientKey: string) => `/clients/${deps.handles.of(clientKey)}`;

export function taskName(deps: WorkbenchDeps, code: string, lang: Lang): string {
  return deps.codeSets.display('service-tasks', code, lang) ?? code;
}

export function socialServiceName(deps: WorkbenchDeps, code: string, lang: Lang): string {
  return deps.codeSets.display('social-services', code, lang) ?? code;
}

export function unitName(deps: WorkbenchDeps, oid: string, lang: Lang): string {
  const u = deps.serviceUnits.find((x) => x.oid === oid);
  return u ? (u.name[lang] ?? u.name.fi) : oid;
}

/** A typed day as ISO, or an issue naming the field. */
export function dayOf(text: string, field: string, lang: Lang): string {
  const day = parseDay(text);
  if (!day) throw new ArkkiError('invalid', [{ field, rule: 'invalid', message: workbenchMessages(lang)('invalidDay') }]);
  return day;
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function DayField({ name, label, value, lang, id }: { name: string; label: string; value?: string; lang: Lang; id: string }) {
  const t = workbenchMessages(lang);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <span class="hint" id={`${id}-hint`}>
        {t('dateHint')}
      </span>
      <input type="text" id={id} name={name} value={value ?? ''} aria-describedby={`${id}-hint`} autocomplete="off" />
    </div>
  );
}

export function Notice({ text, kind = 'ok' }: { text: string | undefined; kind?: 'ok' | 'warn' | 'bad' }) {
  if (!text) return null;
  return (
    <p class={`notice ${kind}`} role="status">
      {text}
    </p>
  );
}
