import type { Queryable } from '../../lib/db/db.ts';
import { toBuffer } from '../../lib/db/db.ts';
import { insertRows } from '../../lib/db/insert-rows.ts';
import { fastReads, hot } from '../../lib/db/pg-statements.ts';
import type { ArchivedDocument, DocumentBody } from '../domain/archived-document.ts';
import { DOCUMENT_COLUMNS, DOCUMENT_SELECT, documentToValues, rowToDocument, type DocumentRow } from './document-row.ts';

export interface NewDocumentRow {
  doc: ArchivedDocument;
  body: DocumentBody;
  submissionHash: string;
}
export interface Locator {
  documentId: string;
  setId: string;
  version: number;
  registerKeeperOid: string;
  clientKey: string;
}
export interface StoredSubmission {
  doc: ArchivedDocument;
  submissionHash: string;
}

/** Writes documents, their bodies (once per content), locators and 'archived' events. */
export async function insertDocuments(tx: Queryable, rows: NewDocumentRow[]): Promise<void> {
  if (rows.length === 0) return;
  const seen = new Set<string>();
  const bodies: unknown[][] = [];
  for (const { doc, body } of rows) {
    const key = `${doc.registerKeeper}|${doc.clientKey}|${doc.body.sha256}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bodies.push([doc.registerKeeper, doc.clientKey, doc.body.sha256, body.data.length, doc.body.contentType, body.data]);
  }
  await insertRows(
    tx,
    'document_body',
    ['register_keeper_oid', 'client_key', 'sha256', 'size_bytes', 'content_type', 'data'],
    bodies,
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    tx,
    'document',
    DOCUMENT_COLUMNS,
    rows.map((r) => documentToValues(r.doc, r.submissionHash)),
  );
  await insertRows(
    tx,
    'document_locator',
    ['document_id', 'set_id', 'version', 'register_keeper_oid', 'client_key'],
    rows.map(({ doc }) => [doc.documentId, doc.setId, doc.version, doc.registerKeeper, doc.clientKey]),
  );
  await insertRows(
    tx,
    'document_event',
    ['register_keeper_oid', 'client_key', 'document_id', 'seq', 'event', 'reason', 'by_user', 'at'],
    rows.map(({ doc }) => [doc.registerKeeper, doc.clientKey, doc.documentId, 1, 'archived', null, doc.archivedBy, doc.archivedAt]),
  );
  // The social-service search index (migration 004): one row per document and social service.
  await insertRows(
    tx,
    'document_social_service',
    ['register_keeper_oid', 'client_key', 'document_id', 'social_service', 'completed_at'],
    rows.flatMap(({ doc }) =>
      [...new Set(doc.socialServices)].map((s) => [doc.registerKeeper, doc.clientKey, doc.documentId, s, doc.completed]),
    ),
  );
}

export async function locate(q: Queryable, documentIds: string[]): Promise<Map<string, Locator>> {
  const out = new Map<string, Locator>();
  if (documentIds.length === 0) return out;
  const r = await q.query<{ document_id: string; set_id: string; version: number; register_keeper_oid: string; client_key: string }>(
    hot('SELECT document_id, set_id, version, register_keeper_oid, client_key FROM document_locator WHERE document_id = ANY($1)'),
    [documentIds],
  );
  for (const row of r.rows) {
    out.set(row.document_id, {
      documentId: row.document_id,
      setId: row.set_id,
      version: row.version,
      registerKeeperOid: row.register_keeper_oid,
      clientKey: row.client_key,
    });
  }
  return out;
}

/** The newest version's locator of a set (FHIR logical id = set id). */
export async function locateSet(q: Queryable, setId: string): Promise<Locator | undefined> {
  const r = await q.query<{ document_id: string; set_id: string; version: number; register_keeper_oid: string; client_key: string }>(
    'SELECT document_id, set_id, version, register_keeper_oid, client_key FROM document_locator WHERE set_id = $1 ORDER BY version DESC LIMIT 1',
    [setId],
  );
  const row = r.rows[0];
  return (
    row && {
      documentId: row.document_id,
      setId: row.set_id,
      version: row.version,
      registerKeeperOid: row.register_keeper_oid,
      clientKey: row.client_key,
    }
  );
}

/** Documents by id within their partitions, with the submission hash for idempotency checks. */
export async function getDocuments(q: Queryable, locators: Locator[], forUpdate = false): Promise<Map<string, StoredSubmission>> {
  const out = new Map<string, StoredSubmission>();
  if (locators.length === 0) return out;
  const r = await q.query<DocumentRow & { submission_hash: string }>(
    hot(`SELECT ${DOCUMENT_SELECT}, d.submission_hash FROM document d
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(rk, ck, id)
       ON d.register_keeper_oid = k.rk AND d.client_key = k.ck AND d.document_id = k.id
     ${forUpdate ? 'FOR UPDATE OF d' : ''}`),
    [locators.map((l) => l.registerKeeperOid), locators.map((l) => l.clientKey), locators.map((l) => l.documentId)],
  );
  for (const row of r.rows) out.set(row.document_id, { doc: rowToDocument(row), submissionHash: row.submission_hash });
  return out;
}

export async function getDocument(q: Queryable, loc: Locator): Promise<ArchivedDocument | undefined> {
  return (await getDocuments(q, [loc])).get(loc.documentId)?.doc;
}

/** All versions of a set, newest first. */
export async function getSetHistory(
  q: Queryable,
  registerKeeperOid: string,
  clientKey: string,
  setId: string,
): Promise<ArchivedDocument[]> {
  const r = await q.query<DocumentRow>(
    `SELECT ${DOCUMENT_SELECT} FROM document d WHERE d.register_keeper_oid = $1 AND d.client_key = $2 AND d.set_id = $3 ORDER BY d.version DESC`,
    [registerKeeperOid, clientKey, setId],
  );
  return r.rows.map(rowToDocument);
}

const SET_VERSIONS_SQL = hot(`SELECT ${DOCUMENT_SELECT} FROM document d
  JOIN (SELECT register_keeper_oid, client_key FROM document_locator WHERE set_id = $1 ORDER BY version DESC LIMIT 1) l
    ON d.register_keeper_oid = l.register_keeper_oid AND d.client_key = l.client_key
  WHERE d.set_id = $1 ORDER BY d.version DESC`);

/**
 * All versions of a set by its id, newest first; empty when there is no such set. One statement (the
 * locator finds the set's partition, the partition's index its versions) instead of locateSet + getSetHistory.
 */
export async function getSetVersions(q: Queryable, setId: string): Promise<ArchivedDocument[]> {
  if (!fastReads()) {
    const head = await locateSet(q, setId);
    return head ? getSetHistory(q, head.registerKeeperOid, head.clientKey, setId) : [];
  }
  return (await q.query<DocumentRow>(SET_VERSIONS_SQL, [setId])).rows.map(rowToDocument);
}

export async function getBody(q: Queryable, doc: ArchivedDocument): Promise<DocumentBody> {
  const r = await q.query<{ data: unknown; content_type: string }>(
    hot('SELECT data, content_type FROM document_body WHERE register_keeper_oid = $1 AND client_key = $2 AND sha256 = $3'),
    [doc.registerKeeper, doc.clientKey, doc.body.sha256],
  );
  const row = r.rows[0];
  if (!row) throw new Error(`body ${doc.body.sha256} of document ${doc.documentId} is missing`);
  return { contentType: doc.body.contentType, data: toBuffer(row.data) };
}

/** Records a status change: the event row is the truth, the status column its projection. */
export async function recordStatusChange(
  tx: Queryable,
  doc: ArchivedDocument,
  event: 'superseded' | 'invalidated',
  by: string,
  at: string,
  reason: string | null,
): Promise<void> {
  const seq = await tx.query<{ next: number }>(
    'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM document_event WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3',
    [doc.registerKeeper, doc.clientKey, doc.documentId],
  );
  await tx.query(
    'INSERT INTO document_event (register_keeper_oid, client_key, document_id, seq, event, reason, by_user, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
    [doc.registerKeeper, doc.clientKey, doc.documentId, seq.rows[0]!.next, event, reason, by, at],
  );
  // The time goes into the row too, so a read can say when the version last changed (meta.lastUpdated, ETag).
  const extra = JSON.stringify(event === 'invalidated' ? { invalidation: { reason, at, by } } : { superseded: { at } });
  await tx.query(
    `UPDATE document SET status = $4, extra = extra || $5::jsonb
     WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3`,
    [doc.registerKeeper, doc.clientKey, doc.documentId, event, extra],
  );
}
