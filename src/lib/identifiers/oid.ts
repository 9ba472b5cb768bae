// Object identifiers in dotted-decimal form (ISO/IEC 8824-1 / ITU-T X.660).

// FHIR `id` allows at most 64 characters, and OIDs are used as resource ids.
export const OID_MAX_LENGTH = 64;

const URN_OID_PREFIX = 'urn:oid:';

function show(value: string): string {
  return /^[^\s\p{C}]+$/u.test(value) ? value : JSON.stringify(value);
}

/** Returns null when `value` is a valid OID, otherwise a message naming the value and the broken rule. */
export function validateOid(value: string): string | null {
  const name = `OID ${show(value)}`;
  if (value === '') return `OID "" is empty`;
  if (value.length > OID_MAX_LENGTH) {
    return `${name} is ${value.length} characters long; at most ${OID_MAX_LENGTH} are allowed`;
  }
  const bad = /[^0-9.]/u.exec(value);
  if (bad) return `${name} contains '${bad[0]}'; only digits and single dots are allowed`;
  const arcs = value.split('.');
  if (arcs.some((arc) => arc === '')) return `${name} has an empty arc`;
  const padded = arcs.find((arc) => arc.length > 1 && arc.startsWith('0'));
  if (padded !== undefined) return `${name} has an arc with a leading zero '${padded}'`;
  if (arcs.length < 2) return `${name} must have at least 2 arcs`;
  const [first, second] = arcs as [string, string];
  if (first !== '0' && first !== '1' && first !== '2') {
    return `${name} must start with arc 0, 1 or 2, got ${first}`;
  }
  // Without leading zeros, more than two digits already means > 39.
  if (first !== '2' && (second.length > 2 || Number(second) > 39)) {
    return `${name} second arc must be 0–39 under first arc ${first}, got ${second}`;
  }
  return null;
}

export function isOid(value: string): boolean {
  return validateOid(value) === null;
}

export function oidToUrn(oid: string): string {
  const error = validateOid(oid);
  if (error) throw new RangeError(error);
  return URN_OID_PREFIX + oid;
}

/**
 * Returns the OID of a `urn:oid:` URI, or null. The prefix must be lowercase: FHIR compares system
 * URIs as exact strings, so accepting `URN:OID:` here would let a non-matching system slip through.
 */
export function urnToOid(urn: string): string | null {
  if (!urn.startsWith(URN_OID_PREFIX)) return null;
  const oid = urn.slice(URN_OID_PREFIX.length);
  return isOid(oid) ? oid : null;
}
