// The mapping between a national document structure's content (the JSON the structure describes) and the
// fields of the generated HTML form. Pure. Every input is named by its content path (`f:<rootKey>.asiakas[0].sukunimi`),
// which is also the path validateContent reports, so an issue finds its field by name. What was typed is
// kept even when it is not a valid value (a date "31.2.2026" stays as typed and the validation says why).
import type { CodeSets } from '../../../lib/codes/code-sets.ts';
import type { FieldDef, StructureDefinition } from '../../../lib/structures/definition.ts';
import { isContainer, isQuantity } from '../../../lib/structures/definition.ts';
import { parseDay, parseMonth } from '../../../lib/ui/day-input.ts';

/** Prefix of a field input's name: `f:` + content path. */
export const FIELD_PREFIX = 'f:';
/** Prefix of a repeatable field's row count (hidden input): `n:` + content path of the list. */
export const ROWS_PREFIX = 'n:';

export type FormFields = Record<string, string | string[] | undefined>;
export type Content = Record<string, unknown>;

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

export interface CodeOption {
  code: string;
  display: { fi: string; sv?: string; en?: string };
}

/** The codes offered in a code field's select: the definition's list, else a full code set of its system; undefined = free input. */
export function codeOptions(field: FieldDef, codeSets?: CodeSets): CodeOption[] | undefined {
  const values = field.code?.values;
  if (values && values.length > 0) return values.map((v) => ({ code: v.code, display: v.display ?? { fi: v.code } }));
  const system = field.code?.system;
  if (!system || !codeSets) return undefined;
  for (const id of codeSets.ids()) {
    const set = codeSets.get(id)!;
    if (set.partial) continue;
    const entries = set.entries.filter((e) => (e.codeSystem ?? set.oid) === system);
    if (entries.length > 0) return entries.map((e) => ({ code: e.code, display: e.display }));
  }
  return undefined;
}

/** The `system` a code field's value carries. */
export function codeSystemOf(field: FieldDef): string {
  const b = field.code ?? {};
  return b.fixedSystem ?? (b.system ? `urn:oid:${b.system}` : '');
}

/** A typed date in the forms people in Finland use → the content's ISO date, or the text as typed. */
export function dateValue(text: string): string {
  if (/^-?\d{4}$/.test(text)) return text;
  return parseDay(text) ?? parseMonth(text) ?? text;
}

function numberValue(text: string): number | string {
  const n = Number(text.replace(',', '.').replace(/\s/g, ''));
  return text !== '' && Number.isFinite(n) ? n : text;
}

/** One leaf value from the form, or undefined when nothing was entered. */
function leafValue(field: FieldDef, path: string, form: FormFields, codeSets?: CodeSets): unknown {
  const text = one(form[FIELD_PREFIX + path]);
  switch (field.type) {
    case 'code': {
      if (!text) return undefined;
      const option = codeOptions(field, codeSets)?.find((o) => o.code === text);
      return { system: codeSystemOf(field), code: text, display: option?.display.fi ?? text };
    }
    case 'identifier':
      if (!text) return undefined;
      return field.identifierSystem ? { system: field.identifierSystem, value: text } : { value: text };
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'integer':
    case 'decimal':
      return text ? numberValue(text) : undefined;
    case 'date':
    case 'datetime':
      return text ? dateValue(text) : undefined;
    case 'phrase':
      return undefined; // added by the container when it carries anything else (see object())
    default:
      if (isQuantity(field)) {
        const value = one(form[`${FIELD_PREFIX}${path}.value`]);
        const unit = one(form[`${FIELD_PREFIX}${path}.code`]);
        if (!value && !unit) return undefined;
        return { value: value ? numberValue(value) : value, code: unit };
      }
      return text || undefined;
  }
}

/** How many rows the form shows of a repeatable field at `path`: the hidden count, else the content's, at least one. */
export function rowCount(path: string, form: FormFields, existing?: unknown): number {
  const n = Number(one(form[ROWS_PREFIX + path]));
  const fromContent = Array.isArray(existing) ? existing.length : 0;
  return Math.max(1, Number.isSafeInteger(n) && n > 0 && n <= 100 ? n : 0, fromContent);
}

function fieldValue(field: FieldDef, path: string, form: FormFields, codeSets?: CodeSets): unknown {
  // A hidden part is shown without its frame (its fields still belong to the document); a hidden value is not asked.
  if (field.hidden && !isContainer(field)) return undefined;
  const single = (p: string) => (isContainer(field) ? object(field.fields, p, form, codeSets) : leafValue(field, p, form, codeSets));
  if (!field.repeatable) return single(path);
  const rows: unknown[] = [];
  for (let i = 0; i < rowCount(path, form); i++) {
    const v = single(`${path}[${i}]`);
    if (v !== undefined) rows.push(v);
  }
  return rows.length > 0 ? rows : undefined;
}

function object(fields: readonly FieldDef[], path: string, form: FormFields, codeSets?: CodeSets): Content | undefined {
  const out: Content = {};
  for (const f of fields) {
    const v = fieldValue(f, `${path}.${f.key}`, form, codeSets);
    if (v !== undefined) out[f.key] = v;
  }
  if (Object.keys(out).length === 0) return undefined;
  // A fixed phrase belongs to a part that is filled in; alone it would make an empty optional part "present".
  for (const f of fields) if (f.type === 'phrase' && f.phrase && !f.hidden) out[f.key] = f.repeatable ? [f.phrase.fi] : f.phrase.fi;
  return out;
}

/** The document's content from the posted form: `{ <rootKey>: {...} }`, empty parts left out. */
export function formToContent(def: StructureDefinition, form: FormFields, codeSets?: CodeSets): Content {
  return { [def.rootKey]: object(def.fields, def.rootKey, form, codeSets) ?? {} };
}

/** A repeat-row action of the form: `add:<path>` adds an empty row, `remove:<path>:<index>` removes one. */
export type RowAction = { kind: 'add'; path: string } | { kind: 'remove'; path: string; index: number };

export function parseRowAction(value: string | undefined): RowAction | undefined {
  if (!value) return undefined;
  const add = /^add:([\w.[\]]+)$/.exec(value);
  if (add) return { kind: 'add', path: add[1]! };
  const remove = /^remove:([\w.[\]]+):(\d{1,3})$/.exec(value);
  if (remove) return { kind: 'remove', path: remove[1]!, index: Number(remove[2]) };
  return undefined;
}

/** The form's fields after a row action: inputs of later rows move up one on removal, the counts change. */
export function applyRowAction(form: FormFields, action: RowAction): FormFields {
  const countKey = ROWS_PREFIX + action.path;
  const count = rowCount(action.path, form);
  if (action.kind === 'add') return { ...form, [countKey]: String(Math.min(100, count + 1)) };
  const out: FormFields = {};
  const rowPrefix = `${action.path}[`;
  for (const [name, value] of Object.entries(form)) {
    const prefix = name.startsWith(FIELD_PREFIX) ? FIELD_PREFIX : name.startsWith(ROWS_PREFIX) ? ROWS_PREFIX : '';
    const path = name.slice(prefix.length);
    if (!prefix || !path.startsWith(rowPrefix)) {
      out[name] = value;
      continue;
    }
    const m = /^(\d+)\](.*)$/.exec(path.slice(rowPrefix.length));
    if (!m) continue;
    const i = Number(m[1]);
    if (i === action.index) continue;
    out[`${prefix}${rowPrefix}${i > action.index ? i - 1 : i}]${m[2]}`] = value;
  }
  out[countKey] = String(Math.max(1, count - 1));
  return out;
}

/** The form fields that show `content` (a stored draft): the inverse of formToContent for valid and as-typed values. */
export function contentToForm(def: StructureDefinition, content: Content): FormFields {
  const out: FormFields = {};
  const walk = (fields: readonly FieldDef[], value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const obj = value as Content;
    for (const f of fields) {
      const v = obj[f.key];
      if (v === undefined) continue;
      const p = `${path}.${f.key}`;
      const put = (item: unknown, ip: string) => {
        if (isContainer(f)) return walk(f.fields, item, ip);
        if (typeof item === 'object' && item !== null) {
          const o = item as Content;
          if (isQuantity(f)) {
            out[`${FIELD_PREFIX}${ip}.value`] = o.value === undefined ? '' : String(o.value);
            out[`${FIELD_PREFIX}${ip}.code`] = typeof o.code === 'string' ? o.code : '';
          } else out[FIELD_PREFIX + ip] = String(f.type === 'code' ? (o.code ?? '') : (o.value ?? ''));
        } else out[FIELD_PREFIX + ip] = String(item);
      };
      if (f.repeatable && Array.isArray(v)) {
        out[ROWS_PREFIX + p] = String(v.length);
        v.forEach((item, i) => put(item, `${p}[${i}]`));
      } else put(v, p);
    }
  };
  walk(def.fields, content[def.rootKey], def.rootKey);
  return out;
}
