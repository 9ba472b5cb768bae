// Reads of the load queue for people: the display state of items (a waiting item behind a refused one is
// "blocked"), the refused items of the error work list, the fix that puts a refused item back in line,
// and the history counts the archiving monitoring page draws.
import type { Queryable } from '../../lib/db/db.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { QueueStatus } from '../domain/load-queue.ts';
import type { DisplayState } from '../domain/refusal.ts';
import type { ClientRef } from './record-store.ts';

export interface ItemDisplay extends ClientRef {
  documentId: string;
  kind: string;
  status: QueueStatus;
  display: DisplayState;
  attempts: number;
  title: string;
  documentType: string;
  serviceUnit: string;
  author: string;
  enqueuedAt: Date;
  archivedAt?: Date;
  refusal?: { rule: string; field?: string; metadataField?: string; message: string; status?: number };
  /** The refused item that holds this one back (for "blocked"). */
  blockedBy?: string;
}

// Every item that depends, directly or through others, on a refused item; with the refused one's id.
const BLOCKED = `
  WITH RECURSIVE blocked(register_keeper_oid, client_key, document_id, refused_id) AS (
    SELECT p.register_keeper_oid, p.client_key, p.document_id, p.prerequisite_document_id
    FROM load_queue_prerequisite p
    JOIN load_queue_item d ON d.register_keeper_oid = p.register_keeper_oid AND d.client_key = p.client_key
      AND d.document_id = p.prerequisite_document_id
    WHERE d.status = 'refused'
    UNION
    SELECT p.register_keeper_oid, p.client_key, p.document_id, b.refused_id
    FROM load_queue_prerequisite p
    JOIN blocked b ON b.register_keeper_oid = p.register_keeper_oid AND b.client_key = p.client_key
      AND b.document_id = p.prerequisite_document_id
  )`;

function displayOf(status: QueueStatus, blocked: boolean): DisplayState {
  if (status === 'waiting' && blocked) return 'blocked';
  if (status === 'retry-wait') return 'retrying';
  return status;
}

type Row = Record<string, unknown>;

function rowOf(r: Row): ItemDisplay {
  const m = r.metadata as DocumentMetadata;
  return {
    registerKeeperOid: String(r.register_keeper_oid),
    clientKey: String(r.client_key),
    documentId: String(r.document_id),
    kind: String(r.kind),
    status: r.status as QueueStatus,
    display: displayOf(r.status as QueueStatus, r.refused_id !== null && r.refused_id !== undefined),
    attempts: Number(r.attempts),
    title: m.title,
    documentType: m.documentType,
    serviceUnit: m.serviceUnit,
    author: m.author?.name ?? '',
    enqueuedAt: new Date(r.enqueued_at as string),
    ...(r.archived_at ? { archivedAt: new Date(r.archived_at as string) } : {}),
    ...(r.refusal ? { refusal: r.refusal as NonNullable<ItemDisplay['refusal']> } : {}),
    ...(r.refused_id ? { blockedBy: String(r.refused_id) } : {}),
  };
}

/** The items (of one client, or all) with their display state, in send order. */
export async function itemsForDisplay(
  q: Queryable,
  filter: { client?: ClientRef; display?: DisplayState; limit?: number } = {},
): Promise<ItemDisplay[]> {
  const r = await q.query(
    `${BLOCKED}
     SELECT i.register_keeper_oid, i.client_key, i.document_id, i.kind, i.status, i.attempts, i.metadata,
            i.enqueued_at, i.archived_at, i.refusal, b.refused_id
     FROM load_queue_item i
     LEFT JOIN LATERAL (SELECT min(refused_id) AS refused_id FROM blocked b
       WHERE b.register_keeper_oid = i.register_keeper_oid AND b.client_key = i.client_key AND b.document_id = i.document_id) b ON true
     WHERE ($1::text IS NULL OR (i.register_keeper_oid = $1 AND i.client_key = $2))
       AND ($3::text IS NULL OR i.status = $3)
     ORDER BY i.send_rank, i.enqueued_at, i.document_id
     LIMIT $4`,
    [
      filter.client?.registerKeeperOid ?? null,
      filter.client?.clientKey ?? null,
      filter.display === 'blocked' ? 'waiting' : filter.display === 'retrying' ? 'retry-wait' : (filter.display ?? null),
      filter.limit ?? 10_000,
    ],
  );
  const items = r.rows.map(rowOf);
  return filter.display ? items.filter((i) => i.display === filter.display) : items;
}

/** The refused item back to `waiting` with its (changed) metadata; the signed CDA is built again on the next claim. */
export async function requeueFixed(
  q: Queryable,
  ref: ClientRef,
  documentId: string,
  metadata: DocumentMetadata,
  now: Date,
  detail: Record<string, unknown>,
): Promise<void> {
  await q.query(
    `UPDATE load_queue_item SET status = 'waiting', attempts = 0, next_attempt_at = NULL, lease_until = NULL,
       refusal = NULL, payload = NULL, metadata = $4::jsonb
     WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3 AND status = 'refused'`,
    [ref.registerKeeperOid, ref.clientKey, documentId, JSON.stringify(metadata)],
  );
  await q.query(
    `INSERT INTO load_queue_history (register_keeper_oid, client_key, document_id, at, from_status, to_status, attempt, detail)
     VALUES ($1, $2, $3, $4, 'refused', 'waiting', 0, $5::jsonb)`,
    [ref.registerKeeperOid, ref.clientKey, documentId, now, JSON.stringify({ event: 'fixed', ...detail })],
  );
}

/** When the item was last refused, and its prerequisites' archiving times (to tell a changed situation). */
export async function refusalContext(
  q: Queryable,
  ref: ClientRef,
  documentId: string,
): Promise<{ refusedAt?: Date; prerequisitesArchivedAt: Array<Date | undefined> }> {
  const refused = await q.query<{ at: string }>(
    `SELECT max(at) AS at FROM load_queue_history
     WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3 AND to_status = 'refused'`,
    [ref.registerKeeperOid, ref.clientKey, documentId],
  );
  const pre = await q.query<{ archived_at: string | null }>(
    `SELECT d.archived_at FROM load_queue_prerequisite p
     JOIN load_queue_item d ON d.register_keeper_oid = p.register_keeper_oid AND d.client_key = p.client_key
       AND d.document_id = p.prerequisite_document_id
     WHERE p.register_keeper_oid = $1 AND p.client_key = $2 AND p.document_id = $3`,
    [ref.registerKeeperOid, ref.clientKey, documentId],
  );
  const at = refused.rows[0]?.at;
  return {
    ...(at ? { refusedAt: new Date(at) } : {}),
    prerequisitesArchivedAt: pre.rows.map((x) => (x.archived_at ? new Date(x.archived_at) : undefined)),
  };
}

/** One row per hour, status reached and the item's document type, service unit and author. */
export interface HistoryCount {
  hour: Date;
  to: QueueStatus;
  event?: string;
  documentType: string;
  serviceUnit: string;
  author: string;
  count: number;
}

export async function historyCounts(q: Queryable, from: Date, to: Date): Promise<HistoryCount[]> {
  const r = await q.query<Row>(
    `SELECT date_trunc('hour', h.at) AS hour, h.to_status, h.detail->>'event' AS event,
            i.metadata->>'documentType' AS document_type, i.metadata->>'serviceUnit' AS service_unit,
            i.metadata->'author'->>'name' AS author, count(*) AS n
     FROM load_queue_history h
     JOIN load_queue_item i ON i.register_keeper_oid = h.register_keeper_oid AND i.client_key = h.client_key
       AND i.document_id = h.document_id
     WHERE h.at >= $1 AND h.at < $2
     GROUP BY 1, 2, 3, 4, 5, 6`,
    [from, to],
  );
  return r.rows.map((x) => ({
    hour: new Date(x.hour as string),
    to: x.to_status as QueueStatus,
    ...(x.event ? { event: String(x.event) } : {}),
    documentType: String(x.document_type ?? ''),
    serviceUnit: String(x.service_unit ?? ''),
    author: String(x.author ?? ''),
    count: Number(x.n),
  }));
}

/** The items not yet archived nor refused, by document type, service unit and author (now). */
export async function waitingNow(q: Queryable): Promise<Array<Omit<HistoryCount, 'hour' | 'to' | 'event'>>> {
  const r = await q.query<Row>(
    `SELECT metadata->>'documentType' AS document_type, metadata->>'serviceUnit' AS service_unit,
            metadata->'author'->>'name' AS author, count(*) AS n
     FROM load_queue_item WHERE status IN ('waiting', 'sending', 'retry-wait') GROUP BY 1, 2, 3`,
  );
  return r.rows.map((x) => ({
    documentType: String(x.document_type ?? ''),
    serviceUnit: String(x.service_unit ?? ''),
    author: String(x.author ?? ''),
    count: Number(x.n),
  }));
}
