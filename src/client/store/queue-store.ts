// The durable load queue: items, their prerequisites and every status change as a history row.
// Claiming locks rows with FOR UPDATE SKIP LOCKED, so two workers never send the same item at once,
// and a lease: an item left `sending` by a crashed worker is claimed again when its lease runs out.
import type { Queryable } from '../../lib/db/db.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { type ItemKind, type ItemState, type QueueEvent, type QueueStatus, SEND_RANK } from '../domain/load-queue.ts';
import type { ClientRef } from './record-store.ts';

export interface QueueItem extends ClientRef, ItemState {
  documentId: string;
  kind: ItemKind;
  metadata: DocumentMetadata;
  /** A client document's locked content, for its PDF rendering. */
  content?: Record<string, unknown>;
  payload?: string;
  refusal?: { rule: string; field?: string; metadataField?: string; message: string; status?: number };
  enqueuedAt: Date;
  archivedAt?: Date;
  /** While sending: until when the claim holds; also the claim's token (see recordStates' `held`). */
  leaseUntil?: Date;
}

export interface NewItem extends ClientRef {
  documentId: string;
  kind: ItemKind;
  metadata: DocumentMetadata;
  content?: Record<string, unknown>;
  /** Document ids that must be archived before this one is sent. */
  prerequisites: string[];
}

export interface HistoryRow {
  at: Date;
  from?: QueueStatus;
  to: QueueStatus;
  attempt: number;
  detail?: Record<string, unknown>;
}

type Row = Record<string, unknown>;
const dateOrUndefined = (v: unknown) => (v === null || v === undefined ? undefined : new Date(v as string));

function itemOf(r: Row): QueueItem {
  const next = dateOrUndefined(r.next_attempt_at);
  const archivedAt = dateOrUndefined(r.archived_at);
  const leaseUntil = dateOrUndefined(r.lease_until);
  return {
    registerKeeperOid: String(r.register_keeper_oid),
    clientKey: String(r.client_key),
    documentId: String(r.document_id),
    kind: r.kind as ItemKind,
    metadata: r.metadata as DocumentMetadata,
    ...(r.content ? { content: r.content as Record<string, unknown> } : {}),
    ...(r.payload ? { payload: String(r.payload) } : {}),
    status: r.status as QueueStatus,
    attempts: Number(r.attempts),
    ...(next ? { nextAttemptAt: next } : {}),
    ...(r.refusal ? { refusal: r.refusal as NonNullable<QueueItem['refusal']> } : {}),
    enqueuedAt: new Date(r.enqueued_at as string),
    ...(archivedAt ? { archivedAt } : {}),
    ...(leaseUntil ? { leaseUntil } : {}),
  };
}

async function historyRow(q: Queryable, i: ClientRef & { documentId: string }, h: HistoryRow): Promise<void> {
  await q.query(
    `INSERT INTO load_queue_history (register_keeper_oid, client_key, document_id, at, from_status, to_status, attempt, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [i.registerKeeperOid, i.clientKey, i.documentId, h.at, h.from ?? null, h.to, h.attempt, h.detail ? JSON.stringify(h.detail) : null],
  );
}

/** Queues a document once: a second enqueue of the same document id changes nothing (returns false). */
export async function enqueue(q: Queryable, item: NewItem, now: Date): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO load_queue_item (register_keeper_oid, client_key, document_id, kind, send_rank, metadata, content, status, enqueued_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $8::jsonb, 'waiting', $7)
     ON CONFLICT DO NOTHING RETURNING document_id`,
    [
      item.registerKeeperOid,
      item.clientKey,
      item.documentId,
      item.kind,
      SEND_RANK[item.kind],
      JSON.stringify(item.metadata),
      now,
      item.content ? JSON.stringify(item.content) : null,
    ],
  );
  if (r.rows.length === 0) return false;
  for (const p of item.prerequisites) {
    await q.query(
      `INSERT INTO load_queue_prerequisite (register_keeper_oid, client_key, document_id, prerequisite_document_id)
       VALUES ($1, $2, $3, $4)`,
      [item.registerKeeperOid, item.clientKey, item.documentId, p],
    );
  }
  await historyRow(q, item, { at: now, to: 'waiting', attempt: 0, detail: { kind: item.kind } });
  return true;
}

/**
 * enqueue for many items in three statements (items, prerequisites, history) instead of three or more
 * each: the nightly batch queues thousands at once. Items already queued are left as they are; returns
 * how many were new.
 */
export async function enqueueMany(q: Queryable, items: readonly NewItem[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const at = now.toISOString();
  const inserted = await q.query<{ register_keeper_oid: string; client_key: string; document_id: string }>(
    `INSERT INTO load_queue_item (register_keeper_oid, client_key, document_id, kind, send_rank, metadata, content, status, enqueued_at)
     SELECT rk, ck, doc, kind, rank, metadata::jsonb, content::jsonb, 'waiting', $1::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[]) AS x(rk, ck, doc, kind, rank, metadata, content)
     ON CONFLICT DO NOTHING RETURNING register_keeper_oid, client_key, document_id`,
    [
      at,
      items.map((i) => i.registerKeeperOid),
      items.map((i) => i.clientKey),
      items.map((i) => i.documentId),
      items.map((i) => i.kind),
      items.map((i) => SEND_RANK[i.kind]),
      items.map((i) => JSON.stringify(i.metadata)),
      items.map((i) => (i.content ? JSON.stringify(i.content) : null)),
    ],
  );
  const fresh = new Set(
    inserted.rows.map((r) => itemKey({ registerKeeperOid: r.register_keeper_oid, clientKey: r.client_key, documentId: r.document_id })),
  );
  const added = items.filter((i) => fresh.has(itemKey(i)));
  if (added.length === 0) return 0;
  const prerequisites = added.flatMap((i) => i.prerequisites.map((p) => [i.registerKeeperOid, i.clientKey, i.documentId, p] as const));
  if (prerequisites.length > 0)
    await q.query(
      `INSERT INTO load_queue_prerequisite (register_keeper_oid, client_key, document_id, prerequisite_document_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [0, 1, 2, 3].map((k) => prerequisites.map((p) => p[k])),
    );
  await q.query(
    `INSERT INTO load_queue_history (register_keeper_oid, client_key, document_id, at, from_status, to_status, attempt, detail)
     SELECT rk, ck, doc, $1::timestamptz, NULL, 'waiting', 0, jsonb_build_object('kind', kind)
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS h(rk, ck, doc, kind, ord) ORDER BY ord`,
    [at, added.map((i) => i.registerKeeperOid), added.map((i) => i.clientKey), added.map((i) => i.documentId), added.map((i) => i.kind)],
  );
  return added.length;
}

/**
 * Up to `limit` items that may be sent now — waiting, retry-wait that is due, or sending whose lease ran
 * out — whose prerequisites are all archived, in send order; locked for this transaction only.
 */
export async function sendable(q: Queryable, now: Date, limit: number): Promise<QueueItem[]> {
  const r = await q.query(
    `SELECT i.* FROM load_queue_item i
     WHERE (i.status = 'waiting' OR (i.status = 'retry-wait' AND i.next_attempt_at <= $1)
            OR (i.status = 'sending' AND i.lease_until <= $1))
       AND NOT EXISTS (
         SELECT 1 FROM load_queue_prerequisite p
         JOIN load_queue_item d ON d.register_keeper_oid = p.register_keeper_oid AND d.client_key = p.client_key
           AND d.document_id = p.prerequisite_document_id
         WHERE p.register_keeper_oid = i.register_keeper_oid AND p.client_key = i.client_key
           AND p.document_id = i.document_id AND d.status <> 'archived')
     ORDER BY i.send_rank, i.enqueued_at, i.document_id
     LIMIT $2
     FOR UPDATE OF i SKIP LOCKED`,
    [now, limit],
  );
  return r.rows.map(itemOf);
}

/** Writes an item's new state and its history row; `leaseUntil` only while sending. */
export async function recordState(
  q: Queryable,
  item: QueueItem,
  next: ItemState,
  event: QueueEvent,
  now: Date,
  options: { leaseUntil?: Date; payload?: string } = {},
): Promise<QueueItem> {
  const refusal = event.type === 'refusal' ? { ...event, type: undefined } : undefined;
  await q.query(
    `UPDATE load_queue_item SET status = $4, attempts = $5, next_attempt_at = $6, lease_until = $7,
       refusal = CASE WHEN $4 = 'refused' THEN $8::jsonb WHEN $4 = 'waiting' THEN NULL ELSE refusal END,
       archived_at = CASE WHEN $4 = 'archived' THEN $9 ELSE archived_at END,
       payload = coalesce($10, payload)
     WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3`,
    [
      item.registerKeeperOid,
      item.clientKey,
      item.documentId,
      next.status,
      next.attempts,
      next.nextAttemptAt ?? null,
      options.leaseUntil ?? null,
      refusal ? JSON.stringify(refusal) : null,
      now,
      options.payload ?? null,
    ],
  );
  const { type, ...detail } = event;
  await historyRow(q, item, { at: now, from: item.status, to: next.status, attempt: next.attempts, detail: { event: type, ...detail } });
  const { nextAttemptAt: _n, ...rest } = item;
  return {
    ...rest,
    ...next,
    ...(options.payload ? { payload: options.payload } : {}),
    ...(refusal ? { refusal: refusal as NonNullable<QueueItem['refusal']> } : {}),
  };
}

/** One item's state change for recordStates. */
export interface StateChange {
  item: QueueItem;
  next: ItemState;
  event: QueueEvent;
  /** Only while sending. */
  leaseUntil?: Date;
  /**
   * Applies only while the item is still `sending` under this lease: a claim whose lease ran out (and
   * that another claim took over) records nothing, so one send is recorded once.
   */
  held?: Date;
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/**
 * recordState for a whole batch: one statement (update + history rows) for all of them; per item it was
 * two statements each. Returns the items it applied to, as now stored.
 */
export async function recordStates(q: Queryable, changes: readonly StateChange[], now: Date): Promise<QueueItem[]> {
  if (changes.length === 0) return [];
  const refusalOf = (c: StateChange) => (c.event.type === 'refusal' ? { ...c.event, type: undefined } : undefined);
  const col = <T>(f: (c: StateChange) => T) => changes.map(f);
  const applied = await q.query<{ register_keeper_oid: string; client_key: string; document_id: string }>(
    `WITH u AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[],
         $9::text[], $10::timestamptz[], $11::text[], $12::text[])
         WITH ORDINALITY AS u(rk, ck, doc, status, attempts, next_attempt_at, lease_until, refusal, held, from_status, detail, ord)),
     upd AS (
       UPDATE load_queue_item i SET status = u.status, attempts = u.attempts, next_attempt_at = u.next_attempt_at,
         lease_until = u.lease_until,
         refusal = CASE WHEN u.status = 'refused' THEN u.refusal::jsonb WHEN u.status = 'waiting' THEN NULL ELSE i.refusal END,
         archived_at = CASE WHEN u.status = 'archived' THEN $1::timestamptz ELSE i.archived_at END
       FROM u
       WHERE i.register_keeper_oid = u.rk AND i.client_key = u.ck AND i.document_id = u.doc
         AND (u.held IS NULL OR (i.status = 'sending' AND i.lease_until = u.held))
       RETURNING i.register_keeper_oid, i.client_key, i.document_id)
     INSERT INTO load_queue_history (register_keeper_oid, client_key, document_id, at, from_status, to_status, attempt, detail)
     SELECT u.rk, u.ck, u.doc, $1::timestamptz, u.from_status, u.status, u.attempts, u.detail::jsonb
     FROM u JOIN upd ON upd.register_keeper_oid = u.rk AND upd.client_key = u.ck AND upd.document_id = u.doc
     ORDER BY u.ord
     RETURNING register_keeper_oid, client_key, document_id`,
    [
      now.toISOString(),
      col((c) => c.item.registerKeeperOid),
      col((c) => c.item.clientKey),
      col((c) => c.item.documentId),
      col((c) => c.next.status),
      col((c) => c.next.attempts),
      col((c) => iso(c.next.nextAttemptAt)),
      col((c) => iso(c.leaseUntil)),
      col((c) => {
        const r = refusalOf(c);
        return r ? JSON.stringify(r) : null;
      }),
      col((c) => iso(c.held)),
      col((c) => c.item.status),
      col((c) => {
        const { type, ...detail } = c.event;
        return JSON.stringify({ event: type, ...detail });
      }),
    ],
  );
  const done = new Set(
    applied.rows.map((r) => itemKey({ registerKeeperOid: r.register_keeper_oid, clientKey: r.client_key, documentId: r.document_id })),
  );
  return changes
    .filter((c) => done.has(itemKey(c.item)))
    .map((c) => {
      const refusal = refusalOf(c);
      const { nextAttemptAt: _n, leaseUntil: _l, ...rest } = c.item;
      return {
        ...rest,
        ...c.next,
        ...(c.leaseUntil ? { leaseUntil: c.leaseUntil } : {}),
        ...(refusal ? { refusal: refusal as NonNullable<QueueItem['refusal']> } : {}),
      };
    });
}

/**
 * Extends the lease of claimed items just before they are sent (a batch claimed ahead waited for the one
 * before it); returns those still held — an item whose lease ran out and was claimed again is not ours.
 */
export async function renewLeases(q: Queryable, items: readonly QueueItem[], leaseUntil: Date): Promise<QueueItem[]> {
  if (items.length === 0) return [];
  const r = await q.query<{ register_keeper_oid: string; client_key: string; document_id: string }>(
    `UPDATE load_queue_item i SET lease_until = $1::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS u(rk, ck, doc, held)
     WHERE i.register_keeper_oid = u.rk AND i.client_key = u.ck AND i.document_id = u.doc
       AND i.status = 'sending' AND i.lease_until = u.held
     RETURNING i.register_keeper_oid, i.client_key, i.document_id`,
    [
      leaseUntil.toISOString(),
      items.map((i) => i.registerKeeperOid),
      items.map((i) => i.clientKey),
      items.map((i) => i.documentId),
      items.map((i) => iso(i.leaseUntil)),
    ],
  );
  const held = new Set(
    r.rows.map((x) => itemKey({ registerKeeperOid: x.register_keeper_oid, clientKey: x.client_key, documentId: x.document_id })),
  );
  return items.filter((i) => held.has(itemKey(i))).map((i) => ({ ...i, leaseUntil }));
}

/**
 * Stores the signed CDA of items that have none yet, before their first send: a resend after a crash is
 * then the very same bytes. An item that got one meanwhile keeps its own: the answer is what each item
 * now carries (its document id → payload), which is what to send.
 */
export async function storePayloads(
  q: Queryable,
  items: ReadonlyArray<{ item: QueueItem; payload: string }>,
): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const r = await q.query<{ register_keeper_oid: string; client_key: string; document_id: string; payload: string }>(
    `UPDATE load_queue_item i SET payload = coalesce(i.payload, u.payload)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(rk, ck, doc, payload)
     WHERE i.register_keeper_oid = u.rk AND i.client_key = u.ck AND i.document_id = u.doc
     RETURNING i.register_keeper_oid, i.client_key, i.document_id, i.payload`,
    [
      items.map((x) => x.item.registerKeeperOid),
      items.map((x) => x.item.clientKey),
      items.map((x) => x.item.documentId),
      items.map((x) => x.payload),
    ],
  );
  return new Map(
    r.rows.map((x) => [
      itemKey({ registerKeeperOid: x.register_keeper_oid, clientKey: x.client_key, documentId: x.document_id }),
      x.payload,
    ]),
  );
}

/** An item's key as one string (register keeper, client, document id). */
export const itemKey = (i: ClientRef & { documentId: string }) => `${i.registerKeeperOid}\u0000${i.clientKey}\u0000${i.documentId}`;

export async function getItem(q: Queryable, ref: ClientRef, documentId: string): Promise<QueueItem | undefined> {
  const r = await q.query(`SELECT * FROM load_queue_item WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3`, [
    ref.registerKeeperOid,
    ref.clientKey,
    documentId,
  ]);
  return r.rows[0] ? itemOf(r.rows[0]) : undefined;
}

export async function listItems(q: Queryable, filter: { status?: QueueStatus; client?: ClientRef } = {}): Promise<QueueItem[]> {
  const r = await q.query(
    `SELECT * FROM load_queue_item
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR (register_keeper_oid = $2 AND client_key = $3))
     ORDER BY send_rank, enqueued_at, document_id`,
    [filter.status ?? null, filter.client?.registerKeeperOid ?? null, filter.client?.clientKey ?? null],
  );
  return r.rows.map(itemOf);
}

export async function itemHistory(q: Queryable, ref: ClientRef, documentId: string): Promise<HistoryRow[]> {
  const r = await q.query(
    `SELECT at, from_status, to_status, attempt, detail FROM load_queue_history
     WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3 ORDER BY seq`,
    [ref.registerKeeperOid, ref.clientKey, documentId],
  );
  return r.rows.map((x) => ({
    at: new Date(x.at as string),
    ...(x.from_status ? { from: x.from_status as QueueStatus } : {}),
    to: x.to_status as QueueStatus,
    attempt: Number(x.attempt),
    ...(x.detail ? { detail: x.detail as Record<string, unknown> } : {}),
  }));
}

export async function statusCounts(q: Queryable): Promise<Record<QueueStatus, number>> {
  const r = await q.query<{ status: QueueStatus; n: string }>(`SELECT status, count(*) AS n FROM load_queue_item GROUP BY status`);
  const out: Record<QueueStatus, number> = { waiting: 0, sending: 0, archived: 0, refused: 0, 'retry-wait': 0 };
  for (const row of r.rows) out[row.status] = Number(row.n);
  return out;
}
