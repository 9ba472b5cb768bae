// A client (asiakas) is identified by a henkilötunnus or, when that is unknown, by a temporary identifier.

import { parseHetu } from './hetu.ts';
import { oidToUrn, urnToOid } from './oid.ts';
import { validateTempId } from './temp-id.ts';

export type ClientId = { kind: 'hetu'; value: string } | { kind: 'temporary'; issuerOid: string; value: string };

/** Finnish base profiles: Patient.identifier for a henkilötunnus (domain README §12). */
export const HETU_SYSTEM = 'urn:oid:1.2.246.21';

export interface FhirIdentifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  type?: { coding: { system: string; code: string }[] };
  system?: string;
  value?: string;
}

export function validateClientId(c: ClientId): string[] {
  switch (c.kind) {
    case 'hetu': {
      const parsed = parseHetu(c.value);
      return parsed.ok ? [] : [parsed.message];
    }
    case 'temporary':
      return validateTempId({ issuerOid: c.issuerOid, value: c.value });
    default:
      return [`client id has an unknown kind ${JSON.stringify((c as { kind?: unknown }).kind)}`];
  }
}

function assertValid(c: ClientId): void {
  const messages = validateClientId(c);
  if (messages.length > 0) throw new RangeError(messages.join('; '));
}

/**
 * The partitioning key (`client_key`). Neither a henkilötunnus nor an OID contains ':', so the temporary
 * form `<issuerOid>:<value>` parses back unambiguously. Throws on an invalid id: a bad key would
 * scatter one client's rows.
 */
export function clientKey(c: ClientId): string {
  assertValid(c);
  return c.kind === 'hetu' ? c.value : `${c.issuerOid}:${c.value}`;
}

export function parseClientKey(key: string): ClientId {
  const colon = key.indexOf(':');
  const c: ClientId =
    colon < 0 ? { kind: 'hetu', value: key } : { kind: 'temporary', issuerOid: key.slice(0, colon), value: key.slice(colon + 1) };
  assertValid(c);
  return c;
}

/** Returns the client id, or a message saying why the identifier does not identify a client. */
export function clientIdFromFhirIdentifier(identifier: FhirIdentifier): ClientId | string {
  const { system, value } = identifier;
  if (system === undefined || system === '') return 'identifier has no system';
  if (value === undefined || value === '') return `identifier with system ${system} has no value`;
  let c: ClientId;
  if (system === HETU_SYSTEM) {
    c = { kind: 'hetu', value };
  } else {
    const issuerOid = urnToOid(system);
    if (issuerOid === null) {
      return `identifier system ${system} is neither ${HETU_SYSTEM} (henkilötunnus) nor a urn:oid: of a temporary identifier issuer`;
    }
    c = { kind: 'temporary', issuerOid, value };
  }
  const messages = validateClientId(c);
  return messages.length > 0 ? messages.join('; ') : c;
}

/** Throws on an invalid id, like clientKey: an invalid identifier must not leave the system. */
export function clientIdToFhirIdentifier(c: ClientId): FhirIdentifier & { system: string; value: string } {
  assertValid(c);
  if (c.kind === 'temporary') return { use: 'temp', system: oidToUrn(c.issuerOid), value: c.value };
  return {
    use: 'official',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NNFIN' }] },
    system: HETU_SYSTEM,
    value: c.value,
  };
}
