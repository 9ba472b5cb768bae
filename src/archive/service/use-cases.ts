import type { Identity } from '../../lib/identity/identity.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { pdfOfCda } from './cda-renderings.ts';
import { jsonOfCda, xhtmlOfCda } from './structured-renderings.ts';
import { citizenUsageLog } from './citizen-log.ts';
import { citizenDisclosures, citizenDocument, citizenDocuments, citizenRegister } from './citizen-view.ts';
import { listDisclosureRules, recordDisclosureRule } from './consents.ts';
import type { ArchiveDeps } from './deps.ts';
import { ingestCda, ingestCdaDocuments } from './ingest-cda.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { invalidateSet } from './invalidate-set.ts';
import { acknowledgeLogAlert, getLogAlert, listLogAlerts, reviewLogAlert } from './log-alerts.ts';
import { openLogExport } from './log-export.ts';
import { monthlyReport } from './monthly-report.ts';
import { closeArchiving, listRefusals, openArchiving } from './organisation-archiving.ts';
import { checkProfessionalSignature, readDocumentProvenance, readVersionProvenance } from './professional-signatures.ts';
import type { ProfessionalSignatureInput } from './professional-signatures.ts';
import { documentHistory, readBody, readDocument, readSetVersion } from './read-documents.ts';
import { readPerson } from './read-person.ts';
import { searchArchive } from './search-documents.ts';
import { addSpecialReasonComment, listOwnSpecialReasons, specialReasonOptions, stateSpecialReason } from './special-reason.ts';
import { summariseClient } from './summarise-client.ts';
import { readUsageLog, readUsageLogEntry } from './usage-log-query.ts';
import { namesOfClients, namesOfUsers } from './display-names.ts';

// The access seam (design.md, "in the manner of Medplum's getRepoForLogin"): adapters never hold the
// database; they get these use cases already bound to the caller's identity. Each one decides access,
// writes its usage-log row and refuses or proceeds inside its own transaction, so no route can read
// client data without the decision and the log row.

/** Every use case that acts for a caller: (deps, identity, ...args). */
const FOR_IDENTITY = {
  readDocument,
  readSetVersion,
  readBody,
  documentHistory,
  readDocumentProvenance,
  readVersionProvenance,
  // Documents come in only as signed CDA (ingestCda verifies the system signature, then stores): the
  // unsigned store step of store-documents.ts is no use case, so no adapter can archive an unsigned document.
  ingestCda,
  ingestCdaDocuments,
  invalidateDocument,
  invalidateSet,
  searchArchive,
  summariseClient,
  readPerson,
  stateSpecialReason,
  specialReasonOptions,
  namesOfClients,
  namesOfUsers,
  addSpecialReasonComment,
  listOwnSpecialReasons,
  recordDisclosureRule,
  listDisclosureRules,
  readUsageLog,
  readUsageLogEntry,
  openLogExport,
  monthlyReport,
  listLogAlerts,
  getLogAlert,
  acknowledgeLogAlert,
  reviewLogAlert,
  citizenUsageLog,
  citizenDocuments,
  citizenDocument,
  citizenRegister,
  citizenDisclosures,
  openArchiving,
  closeArchiving,
  listRefusals,
} as const;

type Bound<F> = F extends (deps: ArchiveDeps, identity: Identity, ...args: infer A) => infer R ? (...args: A) => R : never;

export type ArchiveUseCases = { readonly [K in keyof typeof FOR_IDENTITY]: Bound<(typeof FOR_IDENTITY)[K]> } & {
  readonly identity: Identity;
  /** The PDF rendering of a signed CDA document the caller has already been allowed to read (readBody). */
  pdfOfCda(doc: ArchivedDocument, cda: Buffer): Promise<Buffer>;
  /** The structured content as JSON and its XHTML rendering, likewise (phase 2 only; structured-renderings.ts). */
  jsonOfCda(doc: ArchivedDocument, cda: Buffer): Promise<Buffer>;
  xhtmlOfCda(doc: ArchivedDocument, cda: Buffer): Promise<Buffer>;
  /** Checks a professional e-signature on a submission before it is stored. */
  checkProfessionalSignature(input: ProfessionalSignatureInput): ReturnType<typeof checkProfessionalSignature>;
};

/** The use cases bound to `identity`; `deps` is read at each call, so a moved clock or reloaded trust applies. */
export function useCasesFor(deps: () => ArchiveDeps, identity: Identity): ArchiveUseCases {
  const bound: Record<string, unknown> = {
    identity,
    pdfOfCda: (doc: ArchivedDocument, cda: Buffer) => pdfOfCda(deps(), doc, cda),
    jsonOfCda: (doc: ArchivedDocument, cda: Buffer) => jsonOfCda(doc, cda),
    xhtmlOfCda: (doc: ArchivedDocument, cda: Buffer) => xhtmlOfCda(deps(), doc, cda),
    checkProfessionalSignature: (input: ProfessionalSignatureInput) => checkProfessionalSignature(deps(), input),
  };
  for (const [name, fn] of Object.entries(FOR_IDENTITY)) {
    bound[name] = (...args: unknown[]) => (fn as (d: ArchiveDeps, i: Identity, ...a: unknown[]) => unknown)(deps(), identity, ...args);
  }
  return Object.freeze(bound) as ArchiveUseCases;
}
