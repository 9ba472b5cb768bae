// Client documents in the client system's database. A locked row is guarded by a trigger too
// (migration 001): no UPDATE or DELETE reaches it.
import type { Queryable } from '../../lib/db/db.ts';
import type { ClientDocument } from '../domain/client-document.ts';
import type { ClientRef } from './record-store.ts';
import { documentOf } from './rows.ts';

export async function insertDocument(q: Queryable, ref: ClientRef, d: ClientDocument): Promise<void> {
  await q.query(
    `INSERT INTO client_document (register_keeper_oid, client_key, document_id, set_id, version, replaces, case_id,
       process_phase, document_type, title, content, language, author, state, created, completed, locked_at, choices)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $15, $16, $17, $18::jsonb)`,
    [
      ref.registerKeeperOid,
      ref.clientKey,
      d.documentId,
      d.setId,
      d.version,
      d.replaces ?? null,
      d.caseId,
      d.processPhase,
      d.documentType,
      d.title,
      JSON.stringify(d.content),
      d.language,
      JSON.stringify(d.author),
      d.state,
      d.created,
      d.completed ?? null,
      d.lockedAt ?? null,
      d.choices ? JSON.stringify(d.choices) : null,
    ],
  );
}

/** Writes the mutable part of a document (content, title, state, dates, choices). */
export async function updateDocument(q: Queryable, ref: ClientRef, d: ClientDocument): Promise<void> {
  await q.query(
    `UPDATE client_document SET title = $4, content = $5::jsonb, process_phase = $6, state = $7, completed = $8,
       locked_at = $9, choices = $10::jsonb
     WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3`,
    [
      ref.registerKeeperOid,
      ref.clientKey,
      d.documentId,
      d.title,
      JSON.stringify(d.content),
      d.processPhase,
      d.state,
      d.completed ?? null,
      d.lockedAt ?? null,
      d.choices ? JSON.stringify(d.choices) : null,
    ],
  );
}

export async function getDocument(
  q: Queryable,
  ref: ClientRef,
  documentId: string,
  forUpdate = false,
): Promise<ClientDocument | undefined> {
  const r = await q.query(
    `SELECT * FROM client_document WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [ref.registerKeeperOid, ref.clientKey, documentId],
  );
  return r.rows[0] ? documentOf(r.rows[0]) : undefined;
}

export async function listDocuments(q: Queryable, ref: ClientRef): Promise<ClientDocument[]> {
  const r = await q.query(
    `SELECT * FROM client_document WHERE register_keeper_oid = $1 AND client_key = $2 ORDER BY created, set_id, version`,
    [ref.registerKeeperOid, ref.clientKey],
  );
  return r.rows.map(documentOf);
}

/** Several documents at once, locked for this transaction (the nightly batch locks them in chunks). */
export async function getDocumentsForUpdate(
  q: Queryable,
  keys: ReadonlyArray<ClientRef & { documentId: string }>,
): Promise<Array<{ ref: ClientRef; document: ClientDocument }>> {
  if (keys.length === 0) return [];
  const r = await q.query(
    `SELECT d.* FROM client_document d
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(rk, ck, doc)
       ON d.register_keeper_oid = k.rk AND d.client_key = k.ck AND d.document_id = k.doc
     ORDER BY d.register_keeper_oid, d.client_key, d.document_id
     FOR UPDATE OF d`,
    [keys.map((k) => k.registerKeeperOid), keys.map((k) => k.clientKey), keys.map((k) => k.documentId)],
  );
  return r.rows.map((row) => ({
    ref: { registerKeeperOid: String(row.register_keeper_oid), clientKey: String(row.client_key) },
    document: documentOf(row),
  }));
}

/** Marks documents locked (nothing else of a document changes when it is locked). */
export async function markLocked(q: Queryable, docs: ReadonlyArray<ClientRef & { documentId: string }>, lockedAt: string): Promise<void> {
  if (docs.length === 0) return;
  await q.query(
    `UPDATE client_document d SET state = 'locked', locked_at = $1
     FROM unnest($2::text[], $3::text[], $4::text[]) AS k(rk, ck, doc)
     WHERE d.register_keeper_oid = k.rk AND d.client_key = k.ck AND d.document_id = k.doc`,
    [lockedAt, docs.map((k) => k.registerKeeperOid), docs.map((k) => k.clientKey), docs.map((k) => k.documentId)],
  );
}

/** Finished (not yet locked) documents whose completion time has passed: the nightly batch's work. */
export async function finishedDue(q: Queryable, now: Date, limit: number): Promise<Array<ClientRef & { documentId: string }>> {
  const r = await q.query<{ register_keeper_oid: string; client_key: string; document_id: string }>(
    `SELECT register_keeper_oid, client_key, document_id FROM client_document
     WHERE state = 'finished' AND completed::timestamptz <= $1 ORDER BY completed LIMIT $2`,
    [now, limit],
  );
  return r.rows.map((x) => ({ registerKeeperOid: x.register_keeper_oid, clientKey: x.client_key, documentId: x.document_id }));
}
