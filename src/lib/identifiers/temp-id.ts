// Temporary client identifier (tilapäinen yksilöintitunniste) — domain README §11: shown in the
// henkilötunnus form and identified by its issuer's OID, 1.2.246.10.<y-tunnus>[.10.<unit>].22.<year>.

import { validateBusinessId } from './business-id.ts';
import { validateHetuForm } from './hetu.ts';
import { validateOid } from './oid.ts';

export interface TempId {
  issuerOid: string;
  value: string;
}

export interface TempIdIssuer {
  /** 1234567-8 form */
  businessId: string;
  unit?: string;
  year: number;
}

const NOUN = 'temporary identifier';
const ISSUER_PATTERN = /^1\.2\.246\.10\.([0-9]+)(?:\.10\.([0-9]+))?\.22\.([0-9]+)$/;

function analyseIssuer(oid: string): TempIdIssuer | string {
  if (/^1\.2\.246\.10\.0[0-9]+\./.test(oid)) {
    return `${NOUN} issuer OID ${oid} must drop the y-tunnus's leading zero (JHS 159: OID arcs cannot start with 0)`;
  }
  const syntaxError = validateOid(oid);
  if (syntaxError) return `${NOUN} issuer ${syntaxError}`;
  const name = `${NOUN} issuer OID ${oid}`;
  const m = ISSUER_PATTERN.exec(oid);
  if (!m) {
    return `${name} does not follow 1.2.246.10.<y-tunnus>.22.<year> or 1.2.246.10.<y-tunnus>.10.<unit>.22.<year>`;
  }
  const [, digits, unit, yearArc] = m as unknown as [string, string, string | undefined, string];
  // JHS 159 drops the y-tunnus's leading zero in the OID arc (arcs cannot start with 0), leaving 7 digits.
  if (digits.length !== 7 && digits.length !== 8) {
    return `${name} has y-tunnus arc ${digits}; it must be the y-tunnus without the hyphen (7 or 8 digits)`;
  }
  const padded = digits.padStart(8, '0');
  const businessId = `${padded.slice(0, 7)}-${padded.slice(7)}`;
  const businessIdError = validateBusinessId(businessId);
  if (businessIdError) return `${name}: ${businessIdError}`;
  if (yearArc.length !== 4) return `${name} has year arc ${yearArc}; it must be a 4-digit year`;
  const issuer: TempIdIssuer = { businessId, year: Number(yearArc) };
  if (unit !== undefined) issuer.unit = unit;
  return issuer;
}

/** The parts of a temporary identifier issuer OID, or null when it does not follow the national pattern. */
export function parseTempIdIssuer(oid: string): TempIdIssuer | null {
  const result = analyseIssuer(oid);
  return typeof result === 'string' ? null : result;
}

/**
 * Lists every problem (empty = valid). The birth date part is not checked against the calendar, and the
 * individual number range is not enforced: issuers may use a placeholder date when the real one is unknown.
 */
export function validateTempId(t: TempId): string[] {
  const messages: string[] = [];
  const issuer = analyseIssuer(t.issuerOid);
  if (typeof issuer === 'string') messages.push(issuer);
  const valueError = validateHetuForm(t.value, NOUN);
  if (valueError) messages.push(valueError);
  return messages;
}
