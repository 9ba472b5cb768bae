// Identifier and code systems of the FHIR facade. National ones follow the Finnish base profiles
// (domain README §12); arkki's own extensions live under one base URL until national ones exist.

export const ARKKI_BASE = 'https://arkki.example/fhir';
export const EXT = `${ARKKI_BASE}/StructureDefinition`;
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const HETU_SYSTEM = 'urn:oid:1.2.246.21';
export const ORGANISATION_REGISTER_SYSTEM = 'urn:oid:1.2.246.537.6.202';
export const SERVICE_TASK_SYSTEM = 'urn:oid:1.2.246.537.6.1221';
export const SOCIAL_SERVICE_SYSTEM = 'urn:oid:1.2.246.537.6.1222';
/** No national code system for process phases was found (codes/process-phases.json is provisional). */
export const PROCESS_PHASE_SYSTEM = `${ARKKI_BASE}/CodeSystem/process-phases`;
/** Professional identifiers (Valvira / SOTE card); provisional until the national system is confirmed. */
export const PROFESSIONAL_SYSTEM = 'urn:oid:1.2.246.537.26';
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const FORMAT_SYSTEM = `${ARKKI_BASE}/CodeSystem/storage-format`;

export const ext = (name: string) => `${EXT}/${name}`;
export const oidUrn = (oid: string) => `urn:oid:${oid}`;
