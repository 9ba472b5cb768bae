// The human-readable part (section/text) of a structured (phase 2) body, made from the content JSON and,
// when known, its structure definition (labels in display order). Only CDA narrative-block elements are
// used (list, item, caption, content), so the result is valid StrucDoc.Text whatever the structure.
import type { FieldDef, StructureDefinition } from '../structures/definition.ts';
import { el, type Node } from './cda-xml.ts';

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Kyllä' : 'Ei';
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if (typeof v.display === 'string') return v.display;
  if (typeof v.value === 'string' || typeof v.value === 'number') return v.code && v.code !== '1' ? `${v.value} ${String(v.code)}` : String(v.value);
  return '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && valueText(v) === '';
}

/** One item per present field: caption = label, then the value or a nested list. */
function items(content: Record<string, unknown>, fields: readonly FieldDef[] | undefined): Node[] {
  const known = fields?.filter((f) => f.key in content && !f.hidden) ?? [];
  const rest = Object.keys(content).filter((k) => !known.some((f) => f.key === k));
  const out: Node[] = [];
  for (const [key, field] of [...known.map((f) => [f.key, f] as const), ...rest.map((k) => [k, undefined] as const)]) {
    const label = field?.title?.fi ?? field?.label.fi ?? key;
    for (const value of Array.isArray(content[key]) ? (content[key] as unknown[]) : [content[key]]) {
      out.push(isObject(value)
        ? el('item', {}, el('caption', {}, label), list(value, field?.fields))
        : el('item', {}, el('caption', {}, label), el('content', {}, valueText(value))));
    }
  }
  return out;
}

function list(content: Record<string, unknown>, fields: readonly FieldDef[] | undefined): Node {
  const entries = items(content, fields);
  return entries.length > 0 ? el('list', {}, ...entries) : el('list', {}, el('item', {}, '–'));
}

/** `<text>` of the structured section. */
export function narrativeText(content: unknown, definition?: StructureDefinition): Node {
  if (!isObject(content)) return el('text', {}, el('paragraph', {}, valueText(content)));
  const rootKey = definition?.rootKey;
  const root = rootKey && isObject(content[rootKey]) ? (content[rootKey] as Record<string, unknown>) : undefined;
  return el('text', {}, root ? list(root, definition!.fields) : list(content, undefined));
}
