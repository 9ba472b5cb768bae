// FHIR JSON as sent: R4 forbids empty arrays and empty objects ("arrays cannot be empty", elements
// without value or children are not present), and standard clients and validators reject them. Mappings
// build optional lists naturally (no entries, no parameters, no entities), so the one serialiser every
// FHIR answer goes through leaves such elements out instead of every mapping guarding each list.

type Json = Record<string, unknown>;

/** The value with empty arrays, empty objects and nulls left out, recursively; undefined when nothing is left. */
export function withoutEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(withoutEmpty).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      const kept = withoutEmpty(v);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}

/** Whether anything in the value is null, an empty array or an empty object (a scan without copying). */
function hasEmpty(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    if (v.length === 0) return true;
    for (const item of v) if (hasEmpty(item)) return true;
    return false;
  }
  let keys = 0;
  for (const k in v as Json) {
    keys += 1;
    if (hasEmpty((v as Json)[k])) return true;
  }
  return keys === 0;
}

/**
 * A FHIR resource as its JSON text. The mappings leave out empty lists themselves; this is the net under
 * them, and copies only when something is to be left out.
 */
export function fhirJson(resource: unknown): string {
  return JSON.stringify(hasEmpty(resource) ? (withoutEmpty(resource) ?? {}) : resource);
}
