// The form of a national document structure, generated from its definition alone (no per-structure code):
// parts (headings, groups) as fieldsets, repeatable fields as rows with add/remove buttons (plain submits:
// they work without script), code fields as selects of the code set, dates as text accepting 1.12.2026,
// mandatory and conditional marks, and each validation message at its field.
import type { CodeSets } from '../../../lib/codes/code-sets.ts';
import type { FieldDef, StructureDefinition } from '../../../lib/structures/definition.ts';
import { isContainer, isQuantity } from '../../../lib/structures/definition.ts';
import { defineMessages, type Lang } from '../../../lib/ui/i18n.ts';
import { type FieldIssue, fieldLabel, localText } from './field-issues.ts';
import { codeOptions, FIELD_PREFIX, type FormFields, ROWS_PREFIX, rowCount } from './form-content.ts';

const messages = defineMessages({
  fi: {
    required: 'pakollinen',
    conditional: 'ehdollinen',
    addRow: 'Lisää rivi: {label}',
    removeRow: 'Poista rivi {n}: {label}',
    row: 'Rivi {n}',
    choose: '– valitse –',
    yes: 'Kyllä',
    no: 'Ei',
    unit: 'yksikkö',
    amount: 'määrä',
    dateHint: 'esim. 1.12.2026',
    issuesTitle: 'Korjaa nämä tiedot ({count})',
    phrase: 'Vakioteksti',
  },
  sv: {
    required: 'obligatorisk',
    conditional: 'villkorlig',
    addRow: 'Lägg till rad: {label}',
    removeRow: 'Ta bort rad {n}: {label}',
    row: 'Rad {n}',
    choose: '– välj –',
    yes: 'Ja',
    no: 'Nej',
    unit: 'enhet',
    amount: 'mängd',
    dateHint: 't.ex. 1.12.2026',
    issuesTitle: 'Rätta dessa uppgifter ({count})',
    phrase: 'Standardtext',
  },
  en: {
    required: 'required',
    conditional: 'conditional',
    addRow: 'Add a row: {label}',
    removeRow: 'Remove row {n}: {label}',
    row: 'Row {n}',
    choose: '– choose –',
    yes: 'Yes',
    no: 'No',
    unit: 'unit',
    amount: 'amount',
    dateHint: 'e.g. 1.12.2026',
    issuesTitle: 'Correct these ({count})',
    phrase: 'Standard text',
  },
});

/** Text fields that hold a line, not a passage (addresses, numbers, codes typed by hand). */
const SHORT_TEXT = /osoite|postinumero|puhelin|sahkoposti|numero|tunnus|kieli$|nimike/;

export const inputId = (path: string) => `in-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface Ctx {
  lang: Lang;
  form: FormFields;
  issues: Map<string, FieldIssue[]>;
  codeSets?: CodeSets;
  readOnly: boolean;
  t: ReturnType<typeof messages>;
}

const val = (form: FormFields, name: string): string => {
  const v = form[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

function Marks({ field, c }: { field: FieldDef; c: Ctx }) {
  return (
    <>
      {field.min > 0 && (
        <span class="mark" title={c.t('required')}>
          {' *'}
          <span class="sr">{` (${c.t('required')})`}</span>
        </span>
      )}
      {field.conditional && <span class="mark conditional">{` (${c.t('conditional')})`}</span>}
    </>
  );
}

function Messages({ path, c }: { path: string; c: Ctx }) {
  const found = c.issues.get(path);
  if (!found) return null;
  return (
    <ul class="field-errors" id={`${inputId(path)}-err`}>
      {found.map((i) => (
        <li>{i.message}</li>
      ))}
    </ul>
  );
}

function hintOf(field: FieldDef, c: Ctx): string {
  const parts = [localText(field.description, c.lang), field.conditional ? localText(field.note, c.lang) : ''];
  if (field.type === 'date' || field.type === 'datetime') parts.push(c.t('dateHint'));
  return parts.filter(Boolean).join(' · ');
}

function Leaf({ field, path, c, label }: { field: FieldDef; path: string; c: Ctx; label: string }) {
  const id = inputId(path);
  const name = FIELD_PREFIX + path;
  const hint = hintOf(field, c);
  const errs = c.issues.has(path);
  const described = [hint ? `${id}-hint` : '', errs ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    disabled: c.readOnly,
    'aria-invalid': errs ? ('true' as const) : undefined,
    'aria-describedby': described,
    'aria-required': field.min > 0 ? ('true' as const) : undefined,
  };
  let control: preact.JSX.Element;
  if (field.type === 'phrase') {
    return (
      <div class="field phrase">
        <span class="label">{label || c.t('phrase')}</span>
        <p>{localText(field.phrase, c.lang)}</p>
      </div>
    );
  }
  if (field.type === 'code') {
    const options = codeOptions(field, c.codeSets);
    const current = val(c.form, name);
    control = options ? (
      <select {...common}>
        <option value="">{c.t('choose')}</option>
        {options.map((o) => (
          <option value={o.code} selected={o.code === current}>
            {`${(c.lang === 'sv' ? o.display.sv : c.lang === 'en' ? o.display.en : undefined) ?? o.display.fi} (${o.code})`}
          </option>
        ))}
        {current && !options.some((o) => o.code === current) && (
          <option value={current} selected>
            {current}
          </option>
        )}
      </select>
    ) : (
      <input type="text" {...common} value={current} autocomplete="off" />
    );
  } else if (field.type === 'boolean') {
    const current = val(c.form, name);
    control = (
      <select {...common}>
        <option value="">{c.t('choose')}</option>
        <option value="true" selected={current === 'true'}>
          {c.t('yes')}
        </option>
        <option value="false" selected={current === 'false'}>
          {c.t('no')}
        </option>
      </select>
    );
  } else if (isQuantity(field)) {
    const vErr = c.issues.has(`${path}.value`);
    const uErr = c.issues.has(`${path}.code`);
    return (
      <div class={`field quantity${errs || vErr || uErr ? ' has-error' : ''}`}>
        <span class="label" id={`${id}-label`}>
          {label}
          <Marks field={field} c={c} />
        </span>
        <span class="inline">
          <input
            type="text"
            inputMode="decimal"
            id={`${id}-value`}
            name={`${name}.value`}
            value={val(c.form, `${name}.value`)}
            aria-label={`${label}: ${c.t('amount')}`}
            aria-invalid={vErr ? 'true' : undefined}
            disabled={c.readOnly}
          />
          <input
            type="text"
            id={`${id}-code`}
            name={`${name}.code`}
            value={val(c.form, `${name}.code`)}
            aria-label={`${label}: ${c.t('unit')}`}
            aria-invalid={uErr ? 'true' : undefined}
            disabled={c.readOnly}
            class="unit"
          />
        </span>
        <Messages path={path} c={c} />
        <Messages path={`${path}.value`} c={c} />
        <Messages path={`${path}.code`} c={c} />
      </div>
    );
  } else if (field.type === 'text' && !SHORT_TEXT.test(field.key)) {
    control = (
      <textarea {...common} rows={3}>
        {val(c.form, name)}
      </textarea>
    );
  } else {
    const mode = field.type === 'integer' ? 'numeric' : field.type === 'decimal' ? 'decimal' : undefined;
    control = <input type="text" {...common} value={val(c.form, name)} inputMode={mode} autocomplete="off" />;
  }
  return (
    <div class={`field${errs ? ' has-error' : ''}`}>
      <label for={id}>
        {label}
        <Marks field={field} c={c} />
      </label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {control}
      <Messages path={path} c={c} />
    </div>
  );
}

function Part({ field, path, c, label }: { field: FieldDef; path: string; c: Ctx; label: string }) {
  const errs = c.issues.has(path);
  return (
    <fieldset class={`part${errs ? ' has-error' : ''}`} id={inputId(path)}>
      {!field.hideTitle && !field.hidden && (
        <legend>
          {label}
          <Marks field={field} c={c} />
        </legend>
      )}
      {field.description && <p class="hint">{localText(field.description, c.lang)}</p>}
      <Messages path={path} c={c} />
      <Fields fields={field.fields} path={path} c={c} />
    </fieldset>
  );
}

function Field({ field, path, c }: { field: FieldDef; path: string; c: Ctx }) {
  if (field.hidden && !isContainer(field)) return null;
  const label = fieldLabel(field, c.lang);
  const single = (p: string, l: string) =>
    isContainer(field) ? <Part field={field} path={p} c={c} label={l} /> : <Leaf field={field} path={p} c={c} label={l} />;
  if (!field.repeatable) return single(path, label);
  const count = rowCount(path, c.form);
  return (
    <div class={`repeat${c.issues.has(path) ? ' has-error' : ''}`} id={inputId(path)}>
      <input type="hidden" name={ROWS_PREFIX + path} value={String(count)} />
      <Messages path={path} c={c} />
      {Array.from({ length: count }, (_, i) => (
        <div class="repeat-row">
          {single(`${path}[${i}]`, count > 1 ? `${label} – ${c.t('row', { n: i + 1 })}` : label)}
          {!c.readOnly && count > 1 && (
            <button type="submit" name="_rows" value={`remove:${path}:${i}`} class="secondary small" formNoValidate>
              {c.t('removeRow', { n: i + 1, label })}
            </button>
          )}
        </div>
      ))}
      {!c.readOnly && (
        <button type="submit" name="_rows" value={`add:${path}`} class="secondary small" formNoValidate>
          {c.t('addRow', { label })}
        </button>
      )}
    </div>
  );
}

function Fields({ fields, path, c }: { fields: readonly FieldDef[]; path: string; c: Ctx }) {
  return (
    <>
      {fields.map((f) => (
        <Field field={f} path={`${path}.${f.key}`} c={c} />
      ))}
    </>
  );
}

export interface StructureFormProps {
  def: StructureDefinition;
  form: FormFields;
  issues: readonly FieldIssue[];
  lang: Lang;
  codeSets?: CodeSets;
  readOnly?: boolean;
}

/** The summary of what to correct, each linking to its field (first thing a screen reader meets after saving). */
export function IssueSummary({ issues, lang, labelOf }: { issues: readonly FieldIssue[]; lang: Lang; labelOf: (path: string) => string }) {
  if (issues.length === 0) return null;
  const t = messages(lang);
  return (
    <div class="notice bad error-summary" role="alert" tabIndex={-1} id="issues">
      <h2>{t('issuesTitle', { count: issues.length })}</h2>
      <ul>
        {issues.map((i) => (
          <li>
            <a href={`#${inputId(i.path)}`}>{labelOf(i.path)}</a>
            {`: ${i.message}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The generated fields of the structure (the surrounding <form> and its buttons are the page's). */
export function StructureForm({ def, form, issues, lang, codeSets, readOnly = false }: StructureFormProps) {
  const byPath = new Map<string, FieldIssue[]>();
  for (const i of issues) byPath.set(i.path, [...(byPath.get(i.path) ?? []), i]);
  const c: Ctx = { lang, form, issues: byPath, readOnly, t: messages(lang), ...(codeSets ? { codeSets } : {}) };
  return (
    <div class="structure-form">
      <Fields fields={def.fields} path={def.rootKey} c={c} />
    </div>
  );
}
