// A document's provenance as a FHIR Provenance (FiBaseProvenance, with the register keeper agent of
// FiBaseInformationCustodian): who keeps the record, who wrote it and — for a phase-2 decision — the
// professional's e-signature (the detached XAdES document, base64) in Provenance.signature.
// This is how the professional signature is offered over FHIR without adding a second signature to
// the archived CDA (docs/e-signature.md).
import type { Organisation } from '../domain/organisation.ts';
import type { CommitmentType } from '../../lib/xml/xades.ts';
import { CDA_MIME_TYPE, XADES_MIME_TYPE } from '../../lib/xml/xades.ts';
import type { Json } from './document-reference.ts';
import { custodianProfile, registerKeeperAgent } from './organization.ts';
import { authorReference, professionalOrganisation } from './practitioner.ts';
import { FI_BASE_PROFILES, PARTICIPATION_TYPE_SYSTEM } from './systems.ts';

/** ASTM E1762 signature types (the FHIR R4 Signature.type value set). */
const SIGNATURE_TYPE_SYSTEM = 'urn:iso-astm:E1762-95:2013';
const SIGNATURE_TYPES: Record<CommitmentType, { code: string; display: string }> = {
  'proof-of-approval': { code: '1.2.840.10065.1.12.1.5', display: 'Verification Signature' },
  'proof-of-creation': { code: '1.2.840.10065.1.12.1.1', display: "Author's Signature" },
  'proof-of-origin': { code: '1.2.840.10065.1.12.1.14', display: 'Source Signature' },
};

export interface ProfessionalSignatureFacts {
  /** The detached XAdES signature document as received. */
  signatureXml: string | Uint8Array;
  professionalId: string;
  name: string;
  organisationOid: string;
  /** ISO 8601, from the verified SigningTime. */
  signingTime: string;
  commitment?: CommitmentType;
}

export interface DocumentProvenanceInput {
  /** e.g. `DocumentReference/<setId>/_history/<version>`: a version-specific target. */
  target: string;
  /** When the archive recorded the document (archivedAt). */
  recorded: string;
  registerKeeper: Pick<Organisation, 'oid' | 'name' | 'registerKeeper'>;
  author: { name: string; professionalId: string };
  professionalSignature?: ProfessionalSignatureFacts;
}

export function documentProvenance(input: DocumentProvenanceInput): Json {
  const agents: Json[] = [
    registerKeeperAgent(input.registerKeeper),
    {
      type: { coding: [{ system: PARTICIPATION_TYPE_SYSTEM, code: 'AUT', display: 'author (originator)' }] },
      who: authorReference(input.author),
    },
  ];
  const signature: Json[] = [];
  const s = input.professionalSignature;
  if (s) {
    const onBehalfOf = professionalOrganisation({ professionalId: s.professionalId, name: s.name, organisationOid: s.organisationOid });
    const sameAsAuthor = s.professionalId === input.author.professionalId;
    if (!sameAsAuthor) {
      agents.push({
        type: { coding: [{ system: PARTICIPATION_TYPE_SYSTEM, code: 'AUTHEN', display: 'authenticator' }] },
        who: authorReference(s),
        ...(onBehalfOf ? { onBehalfOf } : {}),
      });
    }
    signature.push({
      type: [{ system: SIGNATURE_TYPE_SYSTEM, ...SIGNATURE_TYPES[s.commitment ?? 'proof-of-approval'] }],
      when: s.signingTime,
      who: authorReference(s),
      ...(onBehalfOf ? { onBehalfOf } : {}),
      targetFormat: CDA_MIME_TYPE,
      sigFormat: XADES_MIME_TYPE,
      data: Buffer.from(s.signatureXml).toString('base64'),
    });
  }
  return {
    resourceType: 'Provenance',
    meta: { profile: [FI_BASE_PROFILES.provenance, custodianProfile(input.registerKeeper)] },
    target: [{ reference: input.target }],
    recorded: input.recorded,
    agent: agents,
    ...(signature.length ? { signature } : {}),
  };
}
