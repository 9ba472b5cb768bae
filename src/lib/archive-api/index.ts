// Typed client of the archive's public FHIR R4 API (docs/archive-api.md). The client system, the migration
// tool and the deployment toolkit reach the archive only through this; it speaks only HTTP(S).
export { createArchiveApi, type ArchiveApi } from './client.ts';
export { DEMO_USER_HEADER, type ArchiveApiOptions, type ArchiveApiTimeouts, type ArchiveIdentity } from './options.ts';
export { ArchiveApiError, isArchiveApiError, type ArchiveApiErrorKind } from './errors.ts';
export type { ArchiveIssue } from './outcome-issues.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
export type { Archived, BatchEntryResult, DocumentBody, DocumentsApi } from './documents.ts';
export { patientIdOf, type PatientsApi, type SpecialReasonRequest } from './patients.ts';
export type { OrganisationSearch, ReferenceDataApi } from './reference-data.ts';
export { ARCHIVING_EXTENSION, archivingStateOf, type ArchivingApi, type ArchivingState } from './archiving-state.ts';
export type { Refusal, RefusalsPage } from './refusals.ts';
export { HETU_SYSTEM, SERVICE_TASK_SYSTEM, type DocumentSearch, type SearchPage } from './search.ts';
export { attachmentOf, CDA_CONTENT_TYPE, signedCdaDocumentReference } from './attachment.ts';
export type * from './fhir-types.ts';
