// Key fields of a structured (phase 2) document for the client data summary, chosen by a rule on the
// structure definition alone (no per-structure lists), extracted once at ingest so the summary never
// parses bodies. The rule, documented in docs/rendering.md:
//   1. the leaf fields the structure flags as nationwide data (valtakunnallisesti kirjattava tieto:
//      decision outcome, decision and start/end dates, the social service, amounts…), of the compact
//      types below, in display order;
//   2. a structure without such fields: its code and date fields in display order that are neither
//      inside a repeating group nor inside a group describing a person or party (a group with a name
//      field: Asiakas, Laatija, Allekirjoitus, Viranomainen…), whose codes are not facts of the matter;
// only fields with a value in the content, at most MAX_FIELDS, and at most MAX_VALUES values per field.
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import type { FieldDef, FieldType, LocalText, StructureDefinition } from '../../lib/structures/definition.ts';
import { formatLeaf } from '../../lib/render/render-model.ts';

export interface SummaryField {
  /** The field's definition path, without list indices (`iakkaiden_palvelupaatos.paatos.ratkaisun_laji`). */
  path: string;
  label: LocalText;
  type: FieldType;
  /** Values as the content carries them (a code is `{system, code, display}`), in content order. */
  values: unknown[];
  /** The values as the renderings show them (code names, d.m.yyyy dates), joined with ", ". */
  text: LocalText;
}

/** What is stored per structured document: the structure followed and its key fields. */
export interface SummaryFieldSet {
  structureOid: string;
  fields: SummaryField[];
}

export const MAX_FIELDS = 10;
export const MAX_VALUES = 10;
/** Compact types: a summary line, not free text or person names. */
const NATIONWIDE_TYPES: readonly FieldType[] = [
  'code',
  'date',
  'datetime',
  'boolean',
  'integer',
  'decimal',
  'amount',
  'measure',
  'percent',
];
const FALLBACK_TYPES: readonly FieldType[] = ['code', 'date', 'datetime'];

interface Candidate {
  field: FieldDef;
  inRepeating: boolean;
  inParty: boolean;
}

function leaves(fields: readonly FieldDef[], inRepeating: boolean, inParty: boolean, out: Candidate[] = []): Candidate[] {
  const party = inParty || fields.some((f) => f.type === 'name');
  for (const f of fields) {
    // A hidden group only groups data (its fields are shown); a hidden value is not shown, so not summarised.
    if (f.type === 'heading' || f.type === 'group') leaves(f.fields, inRepeating || f.repeatable, party, out);
    else if (!f.hidden) out.push({ field: f, inRepeating, inParty: party });
  }
  return out;
}

/** The fields the rule picks for a structure, before looking at content (the same for every document of it). */
export function summaryFieldRule(definition: StructureDefinition): FieldDef[] {
  const all = leaves(definition.fields, false, false);
  const nationwide = all.filter((c) => c.field.nationwide && NATIONWIDE_TYPES.includes(c.field.type));
  if (nationwide.length > 0) return nationwide.map((c) => c.field);
  return all.filter((c) => !c.inRepeating && !c.inParty && FALLBACK_TYPES.includes(c.field.type)).map((c) => c.field);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every value at a definition path, through lists, in content order. */
function valuesAt(content: unknown, keys: readonly string[]): unknown[] {
  if (keys.length === 0) return Array.isArray(content) ? content : content === undefined ? [] : [content];
  const items = Array.isArray(content) ? content : [content];
  return items.flatMap((item) => (isObj(item) && keys[0]! in item ? valuesAt(item[keys[0]!], keys.slice(1)) : []));
}

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

function shown(field: FieldDef, values: unknown[], lang: 'fi' | 'sv', codeSets?: CodeSets): string {
  return values.map((v) => formatLeaf(field, v, { lang, ...(codeSets ? { codeSets } : {}) })).join(', ');
}

/**
 * The key fields of one document's content (`{ <rootKey>: {...} }`), by the rule above. Content that
 * does not follow the definition simply yields fewer fields: ingest validates content elsewhere.
 */
export function extractSummaryFields(definition: StructureDefinition, content: unknown, codeSets?: CodeSets): SummaryField[] {
  const out: SummaryField[] = [];
  for (const field of summaryFieldRule(definition)) {
    if (out.length >= MAX_FIELDS) break;
    const values = valuesAt(content, field.path.split('.')).filter(present).slice(0, MAX_VALUES);
    if (values.length === 0) continue;
    const fi = shown(field, values, 'fi', codeSets);
    const sv = shown(field, values, 'sv', codeSets);
    out.push({ path: field.path, label: field.title ?? field.label, type: field.type, values, text: sv !== fi ? { fi, sv } : { fi } });
  }
  return out;
}
