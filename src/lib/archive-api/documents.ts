// DocumentReference interactions (docs/fhir-mapping.md §3, §5, §10). Every create is idempotent in the
// archive — the same document id with the same content answers 200 with the stored resource, never a
// second copy (§7) — so creates, new versions and batches are retried like reads. $invalidate is not:
// a resend after a lost answer would be refused as "invalidated twice", so it is sent again only when it
// never reached the archive.
import { createHash } from 'node:crypto';
import { ArchiveApiError, kindOfStatus } from './errors.ts';
import { answerHeader, type Core, FHIR_JSON, send, sendJson } from './fhir-call.ts';
import type { Bundle, BundleEntry, DocumentReference, OperationOutcome, Provenance } from './fhir-types.ts';
import type { HttpAnswer } from './http-transport.ts';
import { CDA_CONTENT_TYPE } from './attachment.ts';
import { issuesOf } from './outcome-issues.ts';
import { type DocumentSearch, type SearchPage, allPages, searchDocuments, searchPage } from './search.ts';

export interface Archived {
  /** 201: archived now; 200: the archive already had this very submission (a resend). */
  created: boolean;
  resource: DocumentReference;
  /** `DocumentReference/<set id>/_history/<version>`. */
  location?: string;
}

export type BatchEntryResult = ({ ok: true } & Archived) | { ok: false; error: ArchiveApiError };

/** A document body as stored: the exact bytes, its content type and the SHA-256 the archive vouches for. */
export interface DocumentBody {
  contentType: string;
  data: Buffer;
  sha256: string;
}

const json = (resource: unknown) => ({ contentType: FHIR_JSON, data: JSON.stringify(resource) });
const enc = encodeURIComponent;

function archived(answer: HttpAnswer, resource: DocumentReference): Archived {
  const location = answerHeader(answer, 'location');
  return { created: answer.status === 201, resource, ...(location ? { location } : {}) };
}

export interface DocumentsApi {
  /** Archives a DocumentReference: JSON metadata with the body as attachment, or a CDA DocumentReference (§10). */
  create(resource: DocumentReference): Promise<Archived>;
  /** Archives a signed CDA as itself (`application/hl7-v3+xml`); the metadata is its signed header. */
  createSignedCda(cda: string | Buffer): Promise<Archived>;
  /**
   * A corrected document: the same create with the same set id, version + 1, a new document id and
   * `relatesTo replaces` the replaced version's document id. The replaced version becomes `superseded`.
   */
  newVersion(resource: DocumentReference): Promise<Archived>;
  /** Up to 1000 creates in one request and one transaction; one result per resource, in order (§5). */
  batch(resources: DocumentReference[]): Promise<BatchEntryResult[]>;
  read(setId: string): Promise<DocumentReference>;
  vread(setId: string, version: number | string): Promise<DocumentReference>;
  /** Every version, newest first, invalidated ones included. */
  history(setId: string): Promise<DocumentReference[]>;
  search(criteria: DocumentSearch): Promise<SearchPage<DocumentReference>>;
  /** All matches, page by page as the caller iterates. */
  searchAll(criteria: DocumentSearch): AsyncGenerator<DocumentReference>;
  /** Invalidation (mitätöinti) of the set's current version, with the reason (≥ 5 characters). */
  invalidate(setId: string, reason: string): Promise<DocumentReference>;
  /** A body: `Binary/<document id>` or an attachment url the archive gave (the `-pdf` rendering too). */
  body(binary: string): Promise<DocumentBody>;
  /** The Provenance of a version (register keeper, author, professional e-signature). */
  provenance(setId: string, version?: number | string): Promise<Provenance[]>;
}

export function documentsApi(core: Core): DocumentsApi {
  const create = async (operation: string, body: { contentType: string; data: string | Buffer }) => {
    const { answer, json: resource } = await sendJson<DocumentReference>(
      core,
      { operation, method: 'POST', path: 'DocumentReference', body, retry: 'idempotent' },
      'DocumentReference',
    );
    return archived(answer, resource);
  };
  const readOne = async (operation: string, path: string) =>
    (await sendJson<DocumentReference>(core, { operation, method: 'GET', path, retry: 'idempotent' }, 'DocumentReference')).json;

  return {
    create: (resource) => create('DocumentReference create', json(resource)),
    createSignedCda: (cda) => create('DocumentReference create (signed CDA)', { contentType: CDA_CONTENT_TYPE, data: cda }),
    newVersion: (resource) => create('DocumentReference new version', json(resource)),

    async batch(resources) {
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'batch',
        entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: 'DocumentReference' } })),
      };
      const operation = 'DocumentReference batch';
      const { json: answer } = await sendJson<Bundle>(
        core,
        { operation, method: 'POST', path: '', body: json(bundle), retry: 'idempotent' },
        'Bundle',
      );
      const entries = answer.entry ?? [];
      if (entries.length !== resources.length) {
        throw new ArchiveApiError({
          kind: 'protocol',
          operation,
          issues: [{ severity: 'error', code: 'processing', message: `${resources.length} entries sent, ${entries.length} answered` }],
        });
      }
      return entries.map((e, i) => batchEntry(e, `${operation} entry ${i}`));
    },

    read: (setId) => readOne('DocumentReference read', `DocumentReference/${enc(setId)}`),
    vread: (setId, version) => readOne('DocumentReference vread', `DocumentReference/${enc(setId)}/_history/${enc(String(version))}`),
    async history(setId) {
      const operation = 'DocumentReference history';
      const { json: bundle } = await sendJson<Bundle<DocumentReference>>(
        core,
        { operation, method: 'GET', path: `DocumentReference/${enc(setId)}/_history`, retry: 'idempotent' },
        'Bundle',
      );
      return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    },
    search: (criteria) => searchDocuments(core, criteria),
    searchAll: (criteria) => allPages(searchDocuments(core, criteria)),

    async invalidate(setId, reason) {
      const parameters = { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: reason }] };
      return (
        await sendJson<DocumentReference>(
          core,
          {
            operation: 'DocumentReference $invalidate',
            method: 'POST',
            path: `DocumentReference/${enc(setId)}/$invalidate`,
            body: json(parameters),
            retry: 'unsafe',
          },
          'DocumentReference',
        )
      ).json;
    },

    async body(binary) {
      const operation = 'Binary read';
      const answer = await send(core, { operation, method: 'GET', path: binary, accept: '*/*', retry: 'idempotent' });
      const sha256 = createHash('sha256').update(answer.body).digest('hex');
      const vouched = answerHeader(answer, 'x-content-sha256');
      // The archive names the body's hash; bytes that do not match it were damaged on the way.
      if (vouched && vouched !== sha256) {
        throw new ArchiveApiError({
          kind: 'protocol',
          operation,
          status: answer.status,
          issues: [
            { severity: 'error', code: 'integrity', rule: 'hash-mismatch', message: 'the body does not match its X-Content-SHA256' },
          ],
        });
      }
      return { contentType: answerHeader(answer, 'content-type') ?? 'application/octet-stream', data: answer.body, sha256 };
    },

    async provenance(setId, version) {
      const target = `DocumentReference/${setId}${version === undefined ? '' : `/_history/${version}`}`;
      return (await searchPage<Provenance>(core, 'Provenance', 'Provenance', { target })).resources;
    },
  };
}

/** One batch-response entry: the archived resource, or the entry's own refusal with its issues. */
function batchEntry(e: BundleEntry, operation: string): BatchEntryResult {
  const status = Number.parseInt(e.response?.status ?? '', 10);
  if ((status === 200 || status === 201) && e.resource?.resourceType === 'DocumentReference') {
    const location = e.response?.location;
    return { ok: true, created: status === 201, resource: e.resource as DocumentReference, ...(location ? { location } : {}) };
  }
  const outcome = e.response?.outcome as OperationOutcome | undefined;
  return {
    ok: false,
    error: new ArchiveApiError({
      kind: Number.isNaN(status) ? 'protocol' : kindOfStatus(status),
      operation,
      ...(Number.isNaN(status) ? {} : { status }),
      issues: outcome?.resourceType === 'OperationOutcome' ? issuesOf(outcome) : [],
    }),
  };
}
