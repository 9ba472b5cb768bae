import { PROVISIONAL_SERVICE_EVENT_SYSTEMS } from '../../lib/cda/cda-mapping.ts';

// Identifier and code systems of the FHIR facade. National ones follow the Finnish base profiles
// (domain README §12); arkki's own extensions live under one base URL until national ones exist.

export const ARKKI_BASE = 'https://arkki.example/fhir';
export const EXT = `${ARKKI_BASE}/StructureDefinition`;
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const HETU_SYSTEM = 'urn:oid:1.2.246.21';
export const ORGANISATION_REGISTER_SYSTEM = 'urn:oid:1.2.246.537.6.202';
export const SERVICE_TASK_SYSTEM = 'urn:oid:1.2.246.537.6.1221';
export const SOCIAL_SERVICE_SYSTEM = 'urn:oid:1.2.246.537.6.1222';
/**
 * arkki's code systems of the provisional values of those two sets (data/codes `provisionalOid`): a
 * placeholder such as x-iakkaat is coded under these, never under the national OID.
 */
export const PROVISIONAL_SERVICE_TASK_SYSTEM = `urn:oid:${PROVISIONAL_SERVICE_EVENT_SYSTEMS.serviceTask}`;
export const PROVISIONAL_SOCIAL_SERVICE_SYSTEM = `urn:oid:${PROVISIONAL_SERVICE_EVENT_SYSTEMS.socialService}`;
/** Category systems that carry the service task. */
export const SERVICE_TASK_SYSTEMS = [SERVICE_TASK_SYSTEM, PROVISIONAL_SERVICE_TASK_SYSTEM] as const;
export const SOCIAL_SERVICE_SYSTEMS = [SOCIAL_SERVICE_SYSTEM, PROVISIONAL_SOCIAL_SERVICE_SYSTEM] as const;
/** No national code system for process phases was found (codes/process-phases.json is provisional). */
export const PROCESS_PHASE_SYSTEM = `${ARKKI_BASE}/CodeSystem/process-phases`;
/**
 * Professional identifiers: Valvira's register number (Terhikki), the system the Finnish base profiles
 * give FiBasePractitioner's Terhikki slice. Provisional for social-welfare professionals (Suosikki
 * register; no separate national OID found) and for the test PKI's DEMO-… ids, which are no register numbers.
 */
export const PROFESSIONAL_SYSTEM = 'urn:oid:1.2.246.537.26';
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const FORMAT_SYSTEM = `${ARKKI_BASE}/CodeSystem/storage-format`;

export const ext = (name: string) => `${EXT}/${name}`;
export const oidUrn = (oid: string) => `urn:oid:${oid}`;

// Finnish base profiles (HL7 Finland, hl7.fhir.fi.base): canonical URLs of the profiles arkki claims in
// meta.profile and lists in the CapabilityStatement, and the systems those profiles fix.
export const FI_BASE = 'https://hl7.fi/fhir/finnish-base-profiles';
export const FI_BASE_IG = `${FI_BASE}/ImplementationGuide/hl7.fhir.fi.base`;
export const FI_BASE_PROFILES = {
  patient: `${FI_BASE}/StructureDefinition/fi-base-patient`,
  organization: `${FI_BASE}/StructureDefinition/fi-base-organization`,
  practitioner: `${FI_BASE}/StructureDefinition/fi-base-practitioner`,
  provenance: `${FI_BASE}/StructureDefinition/fi-base-provenance`,
  custodianPublic: `${FI_BASE}/StructureDefinition/fi-base-information-custodian-public`,
  custodianPrivate: `${FI_BASE}/StructureDefinition/fi-base-information-custodian-private`,
} as const;
export const SECURITY_LABEL_SYSTEM = `${FI_BASE}/CodeSystem/fi-base-security-label-cs`;
export const MUNICIPALITY_EXTENSION = `${FI_BASE}/StructureDefinition/municipality-code`;
/** Kotikunta: Statistics Finland's municipality codes, as THL publishes them. */
export const MUNICIPALITY_SYSTEM = 'urn:oid:1.2.246.537.6.21';
export const V2_IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const PARTICIPATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
/** Y-tunnus (business id). */
export const BUSINESS_ID_SYSTEM = 'urn:oid:1.2.246.10';
/** eArkisto – Rekisterinpitäjän laji: 1 public, 2 private register keeper. */
export const REGISTER_KEEPER_TYPE_SYSTEM = 'urn:oid:1.2.246.537.5.40172';
/** eArkisto – Rekisterinpitäjärekisteri: how the base profiles identify a PUBLIC register keeper. */
export const REGISTER_KEEPER_REGISTRY_SYSTEM = 'urn:oid:1.2.246.537.6.40174';
/** OperationOutcome.issue.details: the arkki rule an issue broke (served as CodeSystem/validation-rule). */
export const VALIDATION_RULE_SYSTEM = `${ARKKI_BASE}/CodeSystem/validation-rule`;
/** AuditEvent.subtype: the usage-log action (served as CodeSystem/usage-action). */
export const USAGE_ACTION_SYSTEM = `${ARKKI_BASE}/CodeSystem/usage-action`;
/** AuditEvent.entity.type (R4 audit-entity-type: 1 Person, 2 System Object). */
export const AUDIT_ENTITY_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
/** The user id an identity carries (card login, system user, demo user): arkki's own identifier namespace. */
export const USER_ID_SYSTEM = `${ARKKI_BASE}/sid/user-id`;
