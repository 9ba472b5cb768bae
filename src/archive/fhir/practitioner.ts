// Professionals (ammattilaiset) in FHIR, per the Finnish base profile FiBasePractitioner: identified by
// their professional register number (systems.ts PROFESSIONAL_SYSTEM). The archive keeps no register of
// professionals, only what a document's author field and a card certificate say, so a professional is
// referred to by identifier (a logical reference) and a Practitioner resource is built from those facts.
import type { Author } from '../../lib/metadata/metadata.ts';
import type { Json } from './document-reference.ts';
import { FI_BASE_PROFILES, ORGANISATION_REGISTER_SYSTEM, PROFESSIONAL_SYSTEM } from './systems.ts';

export interface Professional {
  professionalId: string;
  /** As written on the document or the card: "Given Family" or "Family, Given". */
  name: string;
  /** The organisation the professional acted for (card certificate or document), when known. */
  organisationOid?: string;
}

export function professionalIdentifier(professionalId: string): { use: 'official'; system: string; value: string } {
  return { use: 'official', system: PROFESSIONAL_SYSTEM, value: professionalId };
}

/** FHIR ids allow [A-Za-z0-9.-]{1,64}; other professional ids are encoded (same rule as Patient ids). */
export function practitionerId(professionalId: string): string {
  return /^[A-Za-z0-9.-]{1,64}$/.test(professionalId) ? professionalId : `p-${Buffer.from(professionalId).toString('base64url')}`;
}

/** A HumanName from the single name string documents carry; `text` always keeps it as written. */
export function humanName(name: string): Json {
  const text = name.trim().replace(/\s+/g, ' ');
  const comma = text.indexOf(',');
  if (comma > 0) {
    const given = text
      .slice(comma + 1)
      .trim()
      .split(' ')
      .filter(Boolean);
    return { text, family: text.slice(0, comma).trim(), ...(given.length ? { given } : {}) };
  }
  const parts = text.split(' ');
  return parts.length > 1 ? { text, family: parts.at(-1), given: parts.slice(0, -1) } : { text };
}

/**
 * The author of a document as a Reference (DocumentReference.author, Provenance.agent.who): typed,
 * by the professional register identifier, with the name for display. Callers may add extensions
 * (e.g. the author's role) to the returned object.
 */
export function authorReference(author: Pick<Author, 'name' | 'professionalId'>): Json {
  return { type: 'Practitioner', identifier: professionalIdentifier(author.professionalId), display: author.name };
}

/** A FiBasePractitioner for a professional. The organisation is not a Practitioner element (it belongs to a PractitionerRole). */
export function toFhirPractitioner(p: Professional): Json {
  return {
    resourceType: 'Practitioner',
    id: practitionerId(p.professionalId),
    meta: { profile: [FI_BASE_PROFILES.practitioner] },
    identifier: [professionalIdentifier(p.professionalId)],
    name: [humanName(p.name)],
  };
}

/** The organisation a professional acted for, as a Reference (Provenance.agent.onBehalfOf). */
export function professionalOrganisation(p: Professional): Json | undefined {
  return p.organisationOid
    ? { type: 'Organization', identifier: { system: ORGANISATION_REGISTER_SYSTEM, value: p.organisationOid } }
    : undefined;
}
