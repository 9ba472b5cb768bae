import { clientIdToFhirIdentifier, parseClientKey } from '../../lib/identifiers/client-id.ts';
import type { Person } from '../store/person-store.ts';
import type { Json } from './document-reference.ts';

const TURVAKIELTO = { system: 'https://hl7.fi/fhir/finnish-base-profiles/CodeSystem/fi-base-security-label-cs', code: 'TURVAKIELTO' };

/** FHIR ids allow [A-Za-z0-9.-]: a henkilötunnus is its own id; anything else (+ sign, temporary ids) is encoded. */
export function patientId(clientKey: string): string {
  return /^[A-Za-z0-9.-]{1,64}$/.test(clientKey) ? clientKey : `k-${Buffer.from(clientKey).toString('base64url')}`;
}

export function clientKeyFromPatientId(id: string): string {
  return id.startsWith('k-') ? Buffer.from(id.slice(2), 'base64url').toString('utf8') : id;
}

export function personToPatient(p: Person): Json {
  const name = p.familyName || p.givenNames ? [{ family: p.familyName ?? undefined, given: p.givenNames ? p.givenNames.split(' ') : undefined }] : undefined;
  return {
    resourceType: 'Patient',
    id: patientId(p.clientKey),
    ...(p.turvakielto ? { meta: { security: [TURVAKIELTO] } } : {}),
    identifier: [clientIdToFhirIdentifier(parseClientKey(p.clientKey))],
    ...(name ? { name } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    // Turvakielto: address and municipality are not disclosed (the archive keeps no address at all).
    ...(p.municipalityCode && !p.turvakielto ? {
      extension: [{ url: 'https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code', valueCoding: { system: 'urn:oid:1.2.246.537.6.21', code: p.municipalityCode } }],
    } : {}),
  };
}
