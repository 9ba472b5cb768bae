// The client's population data as a FiBasePatient (Finnish base profiles, domain README §12):
// henkilötunnus as the official identifier (urn:oid:1.2.246.21, type v2-0203#NNFIN), a temporary id
// under its issuer's OID (use temp), turvakielto as a meta.security label, the home municipality as
// the base profiles' extension.
import { clientIdToFhirIdentifier, parseClientKey } from '../../lib/identifiers/client-id.ts';
import type { Person, PersonContact } from '../domain/person.ts';
import type { Json } from './document-reference.ts';
import { FI_BASE_PROFILES, MUNICIPALITY_EXTENSION, MUNICIPALITY_SYSTEM, SECURITY_LABEL_SYSTEM } from './systems.ts';

export const TURVAKIELTO = { system: SECURITY_LABEL_SYSTEM, code: 'TURVAKIELTO', display: 'Turvakielto' } as const;

/** FHIR ids allow [A-Za-z0-9.-]: a henkilötunnus is its own id; anything else (+ sign, temporary ids) is encoded. */
export function patientId(clientKey: string): string {
  return /^[A-Za-z0-9.-]{1,64}$/.test(clientKey) ? clientKey : `k-${Buffer.from(clientKey).toString('base64url')}`;
}

export function clientKeyFromPatientId(id: string): string {
  return id.startsWith('k-') ? Buffer.from(id.slice(2), 'base64url').toString('utf8') : id;
}

function contactOf(c: PersonContact): Json {
  const line = c.streetAddress ? [c.streetAddress] : undefined;
  const address =
    line || c.postalCode || c.postOffice
      ? [
          {
            use: 'home',
            type: 'postal',
            ...(line ? { line } : {}),
            ...(c.postalCode ? { postalCode: c.postalCode } : {}),
            ...(c.postOffice ? { city: c.postOffice } : {}),
            country: 'FI',
          },
        ]
      : undefined;
  const telecom = [...(c.phone ? [{ system: 'phone', value: c.phone }] : []), ...(c.email ? [{ system: 'email', value: c.email }] : [])];
  return { ...(address ? { address } : {}), ...(telecom.length > 0 ? { telecom } : {}) };
}

export function personToPatient(p: Person): Json {
  const name =
    p.familyName || p.givenNames
      ? [{ family: p.familyName ?? undefined, given: p.givenNames ? p.givenNames.split(' ') : undefined }]
      : undefined;
  return {
    resourceType: 'Patient',
    id: patientId(p.clientKey),
    meta: { profile: [FI_BASE_PROFILES.patient], ...(p.turvakielto ? { security: [TURVAKIELTO] } : {}) },
    identifier: [clientIdToFhirIdentifier(parseClientKey(p.clientKey))],
    ...(name ? { name } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    // Turvakielto: address, contact data and municipality are not disclosed (the read-person service hides them too).
    ...(p.contact && !p.turvakielto ? contactOf(p.contact) : {}),
    ...(p.municipalityCode && !p.turvakielto
      ? {
          extension: [{ url: MUNICIPALITY_EXTENSION, valueCoding: { system: MUNICIPALITY_SYSTEM, code: p.municipalityCode } }],
        }
      : {}),
  };
}
