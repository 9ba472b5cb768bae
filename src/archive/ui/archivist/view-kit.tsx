import type { CodeSets } from '../../../lib/codes/code-sets.ts';
import type { Issue } from '../../../lib/errors.ts';
import type { DocumentStatus } from '../../../lib/metadata/metadata.ts';
import type { Lang } from '../../../lib/ui/i18n.ts';
import type { ArchivistT } from './archivist-texts.ts';

// Small pieces every archivist page uses: code names, the status badge, the error notice, a select field.

/** Display names of codes in the reader's language; an unknown code is shown as is rather than hidden. */
export interface CodeNames {
  name(setId: string, code: string | null | undefined): string;
  options(setId: string): Array<{ code: string; name: string }>;
  /** Options under their entries' `group` (document types: the structures' service-task groups), by name. */
  groups(setId: string): Array<{ group: string; options: Array<{ code: string; name: string }> }>;
}

export function codeNames(codeSets: CodeSets, lang: Lang): CodeNames {
  return {
    name: (setId, code) => (code ? (codeSets.display(setId, code, lang) ?? code) : ''),
    options: (setId) => (codeSets.get(setId)?.entries ?? []).map((e) => ({ code: e.code, name: e.display[lang] ?? e.display.fi })),
    groups: (setId) => {
      const by = new Map<string, Array<{ code: string; name: string }>>();
      for (const e of codeSets.get(setId)?.entries ?? []) {
        const group = String(e.properties.group ?? '') || '—';
        if (!by.has(group)) by.set(group, []);
        by.get(group)!.push({ code: e.code, name: e.display[lang] ?? e.display.fi });
      }
      const sorter = new Intl.Collator(lang === 'en' ? 'en' : `${lang}-FI`);
      return [...by.entries()]
        .sort(([a], [b]) => sorter.compare(a, b))
        .map(([group, options]) => ({ group, options: options.sort((a, b) => sorter.compare(a.name, b.name)) }));
    },
  };
}

export function statusLabel(t: ArchivistT, status: DocumentStatus): string {
  return t(status === 'current' ? 'statusCurrent' : status === 'superseded' ? 'statusSuperseded' : 'statusInvalidated');
}

const BADGE: Record<DocumentStatus, string> = { current: 'ok', superseded: 'muted', invalidated: 'bad' };

export function StatusBadge({ t, status }: { t: ArchivistT; status: DocumentStatus }) {
  return (
    <span class={`badge ${BADGE[status]}`} data-status={status}>
      {statusLabel(t, status)}
    </span>
  );
}

export function IssueList({ issues, title }: { issues: Issue[]; title: string }) {
  if (issues.length === 0) return null;
  return (
    <div class="notice bad" role="alert">
      <strong>{title}</strong>
      <ul>
        {issues.map((i) => (
          <li data-field={i.field}>{i.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function Select({
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  name: string;
  label: string;
  value: string;
  options: Array<{ code: string; name: string }>;
  anyLabel: string;
}) {
  return (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <select name={name} id={`f-${name}`}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option value={o.code} selected={o.code === value}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A long code list: grouped (optgroup) and with a text field that narrows the options as one types
 * (/ui/static/enhance.js; without scripts the grouped list still works).
 */
export function GroupedSelect({
  name,
  label,
  value,
  groups,
  anyLabel,
  filterLabel,
}: {
  name: string;
  label: string;
  value: string;
  groups: Array<{ group: string; options: Array<{ code: string; name: string }> }>;
  anyLabel: string;
  filterLabel: string;
}) {
  return (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <input
        type="search"
        id={`f-${name}-filter`}
        class="select-filter"
        data-filter-for={`f-${name}`}
        aria-label={filterLabel}
        placeholder={filterLabel}
        autocomplete="off"
      />
      <select name={name} id={`f-${name}`}>
        <option value="">{anyLabel}</option>
        {groups.map((g) => (
          <optgroup label={g.group}>
            {g.options.map((o) => (
              <option value={o.code} selected={o.code === value}>
                {o.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

export function HiddenFields({ fields }: { fields: Array<[string, string]> }) {
  return (
    <>
      {fields.map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
    </>
  );
}
