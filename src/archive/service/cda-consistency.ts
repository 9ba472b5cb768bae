// A signed CDA carries its own metadata in the national header; when the sender also describes it (a full
// FHIR DocumentReference), the two must say the same. The header wins by construction (it is what the
// signature covers), so a difference is refused rather than silently resolved either way.
import { xpathOf } from '../../lib/cda/cda-mapping.ts';
import { issue, type Issue } from '../../lib/errors.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';

const TIMESTAMP_FIELDS = new Set(['created', 'completed']);
// Derived by the FHIR reader from the category, not sent as its own element.
const SKIPPED = new Set(['clienthood.serviceTask']);

/** Leaves of a metadata object as dotted path → value (arrays by index). */
function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value === undefined) return out;
  if (Array.isArray(value)) {
    // The count too: a header with one more social service than the sender named is a difference.
    out.set(`${path}#count`, value.length);
    value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, value);
  }
  return out;
}

function same(field: string, a: unknown, b: unknown): boolean {
  if (TIMESTAMP_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') return Date.parse(a) === Date.parse(b);
  return a === b;
}

/**
 * Every field the sender gave in `claimed` must equal the signed header's value. Issues name the metadata
 * field (the FHIR adapter adds its FHIRPath) and the header's XPath in the message.
 */
export function checkClaimedMetadata(claimed: Partial<DocumentMetadata>, header: DocumentMetadata): Issue[] {
  const given = leaves(claimed, '', new Map());
  const signed = leaves(header, '', new Map());
  const out: Issue[] = [];
  for (const [field, value] of given) {
    if (SKIPPED.has(field)) continue;
    const inHeader = signed.get(field);
    if (same(field, value, inHeader)) continue;
    const counted = field.endsWith('#count');
    const top = field.replace(/(\[\d+\]|#count)$/, '');
    const show = (v: unknown) => (v === undefined ? 'nothing' : counted ? `${String(v)} value(s)` : `'${String(v)}'`);
    out.push(
      issue(
        counted ? top : field,
        'header-mismatch',
        `the DocumentReference says ${show(value)} but the signed CDA header (${xpathOf(top)}) says ${show(inHeader)}; send the header's value or leave the field out`,
      ),
    );
  }
  return out;
}
