// Reference data every caller needs and any authenticated caller may read: the organisation register,
// the code server and the CapabilityStatement; and the usage log (archivists of the register keeper).
import type { Core, Query } from './fhir-call.ts';
import { sendJson } from './fhir-call.ts';
import type { AuditEvent, CapabilityStatement, CodeSystem, Organization, Parameters, ValueSet } from './fhir-types.ts';
import { type SearchPage, searchPage } from './search.ts';

export interface OrganisationSearch {
  /** An OID (`1.2.246.…`) or a business id (y-tunnus), optionally as `system|value`. */
  identifier?: string;
  /** Name starts with. */
  name?: string;
  nameContains?: string;
  /** Parent organisation OID. */
  partOf?: string;
  active?: boolean;
}

export interface ReferenceDataApi {
  capabilities(): Promise<CapabilityStatement>;
  organisation(oid: string): Promise<Organization>;
  organisations(search: OrganisationSearch): Promise<SearchPage<Organization>>;
  codeSystem(id: string): Promise<CodeSystem>;
  /** `CodeSystem/$lookup`: the display and properties of a code. */
  lookup(system: string, code: string, options?: { version?: string; displayLanguage?: string }): Promise<Parameters>;
  /** `ValueSet/<id>/$expand`. */
  expand(valueSetId: string, options?: { filter?: string; displayLanguage?: string }): Promise<ValueSet>;
  /** The usage log (käyttöloki) as AuditEvents: `patient.identifier`, `agent`, `action`, `date`, `_count`, `_offset`. */
  usageLog(query: Query): Promise<SearchPage<AuditEvent>>;
}

const enc = encodeURIComponent;

export function referenceDataApi(core: Core): ReferenceDataApi {
  const get = async <T>(operation: string, path: string, resourceType: string, query?: Query) =>
    (await sendJson<T>(core, { operation, method: 'GET', path, ...(query ? { query } : {}), retry: 'idempotent' }, resourceType as never))
      .json;
  return {
    capabilities: () => get<CapabilityStatement>('metadata', 'metadata', 'CapabilityStatement'),
    organisation: (oid) => get<Organization>('Organization read', `Organization/${enc(oid)}`, 'Organization'),
    organisations: (s) =>
      searchPage<Organization>(core, 'Organization', 'Organization', {
        identifier: s.identifier,
        name: s.name,
        'name:contains': s.nameContains,
        partof: s.partOf,
        active: s.active,
      }),
    codeSystem: (id) => get<CodeSystem>('CodeSystem read', `CodeSystem/${enc(id)}`, 'CodeSystem'),
    lookup: (system, code, o = {}) =>
      get<Parameters>('CodeSystem $lookup', 'CodeSystem/$lookup', 'Parameters', {
        system,
        code,
        version: o.version,
        displayLanguage: o.displayLanguage,
      }),
    expand: (id, o = {}) =>
      get<ValueSet>('ValueSet $expand', `ValueSet/${enc(id)}/$expand`, 'ValueSet', {
        filter: o.filter,
        displayLanguage: o.displayLanguage,
      }),
    usageLog: (query) => searchPage<AuditEvent>(core, 'AuditEvent', 'AuditEvent', query),
  };
}
