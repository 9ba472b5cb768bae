// The archive as a client system, the migration tool or the deployment toolkit sees it: one object per
// archive and identity, sharing one connection pool. Nothing here knows how the archive is built.
import { type ArchivingApi, archivingApi } from './archiving-state.ts';
import { type DocumentsApi, documentsApi } from './documents.ts';
import type { Core } from './fhir-call.ts';
import { httpTransport, type Transport } from './http-transport.ts';
import { type ArchiveApiOptions, resolveOptions } from './options.ts';
import { type PatientsApi, patientsApi } from './patients.ts';
import { type ReferenceDataApi, referenceDataApi } from './reference-data.ts';
import { type RefusalsPage, refusals } from './refusals.ts';

export interface ArchiveApi {
  documents: DocumentsApi;
  patients: PatientsApi;
  referenceData: ReferenceDataApi;
  /** Archiving per organisation: its state, `$open-archiving`, `$close-archiving`. */
  archiving: ArchivingApi;
  /** `Organization/<OID>/$refusals`: what the archive refused for or from the organisation in [from, to). */
  refusals(organisationOid: string, from: string, to: string): Promise<RefusalsPage>;
  /** Demo mode: the same archive and pool as another demo user (e.g. the professional a client system acts for). */
  asDemoUser(userId: string): ArchiveApi;
  /** Closes the connection pool (of every asDemoUser view too). */
  close(): Promise<void>;
}

export function createArchiveApi(options: ArchiveApiOptions): ArchiveApi {
  const resolved = resolveOptions(options);
  const build = (transport: Transport): ArchiveApi => {
    const core: Core = { transport, policy: resolved.retry, hooks: resolved.retryHooks };
    return {
      documents: documentsApi(core),
      patients: patientsApi(core),
      referenceData: referenceDataApi(core),
      archiving: archivingApi(core),
      refusals: (oid, from, to) => refusals(core, oid, from, to),
      asDemoUser: (userId) => build(transport.as(userId)),
      close: () => transport.close(),
    };
  };
  return build(httpTransport(resolved));
}
