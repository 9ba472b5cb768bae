import type { Queryable } from '../../lib/db/db.ts';
import { Conditions } from '../../lib/db/conditions.ts';
import { insertRows } from '../../lib/db/insert-rows.ts';
import { fastReads, hot } from '../../lib/db/pg-statements.ts';
import { chainEntries, GENESIS_HASH, isoInstant, usageColumns, usageRowTextAround } from '../domain/usage-chain.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';
import type { UsageQuery, UsageRow } from '../domain/usage-row.ts';

const COLUMNS = [
  'register_keeper_oid',
  'client_key',
  'logged_at',
  'user_id',
  'user_name',
  'professional_id',
  'organisation_oid',
  'system_id',
  'role',
  'action',
  'outcome',
  'rule',
  'document_ids',
  'purpose',
  'detail',
  'seq',
  'prev_hash',
  'row_hash',
] as const;

/** Above this many parameters the rows go in with insertRows (chunked) and the heads move in a second statement. */
const MAX_ONE_STATEMENT_PARAMS = 60_000;

/** Up to this many rows go in through arkki_append_usage (migration 016); larger batches chain in Node. */
const SQL_APPEND_MAX_ROWS = 100;
const APPEND_SQL = hot('SELECT arkki_append_usage($1::jsonb)');

/** Exactly what the database will give back, so the hash verifies later: ms-precision UTC time, JSON detail. */
function normalised(entries: UsageEntry[]): UsageEntry[] {
  return entries.map((e) => ({
    ...e,
    at: isoInstant(e.at),
    documentIds: [...e.documentIds],
    detail: JSON.parse(JSON.stringify(e.detail ?? {})) as Record<string, unknown>,
  }));
}

/** The argument of arkki_append_usage: the columns, and the hashed text around the seq the database assigns. */
function appendArgument(entries: UsageEntry[]): string {
  return JSON.stringify(
    normalised(entries).map((e) => ({
      ...usageColumns(e),
      ...usageRowTextAround(e),
    })),
  );
}

/**
 * Appends rows, chained by hash per partition (register keeper, client): called inside the transaction of the
 * use it records. Partition heads are locked in sorted order (so concurrent batches cannot deadlock; the lock
 * is held to commit, so appends to one partition queue up). Up to SQL_APPEND_MAX_ROWS rows: one statement,
 * arkki_append_usage, hashing in the database; larger batches: one statement creates missing chain heads and
 * locks them, the hashes are computed here, then one statement inserts the rows and moves the heads. Call it
 * once per transaction, with all its rows: two calls could take head locks out of order against another
 * transaction.
 */
export async function appendUsage(tx: Queryable, entries: UsageEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (fastReads() && entries.length <= SQL_APPEND_MAX_ROWS) {
    await tx.query(APPEND_SQL, [appendArgument(entries)]);
    return;
  }
  await appendUsageInNode(tx, normalised(entries));
}

const deferred = new WeakMap<Queryable, UsageEntry[]>();

/**
 * appendUsage sent with the transaction's COMMIT (one round trip for usage row and commit): for a use whose
 * transaction writes nothing else after its log row and does not read the log back. Rows of several calls
 * in one transaction go in one statement. A failure to append fails the commit, so the use is never done
 * without its row.
 */
export async function appendUsageAtCommit(tx: Queryable, entries: UsageEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (!tx.atCommit || !fastReads() || entries.length > SQL_APPEND_MAX_ROWS) return appendUsage(tx, entries);
  const queued = deferred.get(tx);
  if (queued) {
    queued.push(...entries);
    return;
  }
  const rows = [...entries];
  deferred.set(tx, rows);
  tx.atCommit(APPEND_SQL, () => [appendArgument(rows)]);
}

async function appendUsageInNode(tx: Queryable, rows: UsageEntry[]): Promise<void> {
  const byPartition = new Map<string, { rk: string; ck: string; items: UsageEntry[] }>();
  for (const e of rows) {
    const k = JSON.stringify([e.registerKeeperOid, e.clientKey]);
    const p = byPartition.get(k) ?? byPartition.set(k, { rk: e.registerKeeperOid, ck: e.clientKey, items: [] }).get(k)!;
    p.items.push(e);
  }
  const partitions = [...byPartition.values()].sort((a, b) =>
    a.rk < b.rk ? -1 : a.rk > b.rk ? 1 : a.ck < b.ck ? -1 : a.ck > b.ck ? 1 : 0,
  );
  const heads = await tx.query<{ register_keeper_oid: string; client_key: string; last_seq: number | string; last_hash: string }>(
    `INSERT INTO usage_log_chain_head AS h (register_keeper_oid, client_key, last_seq, last_hash)
       SELECT rk, ck, 0, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(rk, ck, n) ORDER BY n
     ON CONFLICT (register_keeper_oid, client_key) DO UPDATE SET last_seq = h.last_seq
     RETURNING register_keeper_oid, client_key, last_seq, last_hash`,
    [partitions.map((p) => p.rk), partitions.map((p) => p.ck), GENESIS_HASH],
  );
  const head = new Map(
    heads.rows.map((h) => [JSON.stringify([h.register_keeper_oid, h.client_key]), { seq: Number(h.last_seq), hash: h.last_hash }]),
  );
  const chain = new Map<UsageEntry, { seq: number; prevHash: string; rowHash: string }>();
  for (const p of partitions) {
    const k = JSON.stringify([p.rk, p.ck]);
    const chained = chainEntries(head.get(k)!, p.items);
    p.items.forEach((e, i) => chain.set(e, chained.rows[i]!));
    head.set(k, chained.head);
  }
  const values = rows.map((e) => {
    const c = chain.get(e)!;
    return [
      e.registerKeeperOid,
      e.clientKey,
      e.at,
      e.userId,
      e.userName,
      e.professionalId,
      e.organisationOid,
      e.systemId,
      e.role,
      e.action,
      e.outcome,
      e.rule,
      e.documentIds,
      e.purpose,
      JSON.stringify(e.detail),
      c.seq,
      c.prevHash,
      c.rowHash,
    ];
  });
  const next = partitions.map((p) => head.get(JSON.stringify([p.rk, p.ck]))!);
  const headParams = [partitions.map((p) => p.rk), partitions.map((p) => p.ck), next.map((h) => h.seq), next.map((h) => h.hash)];
  const moveHeads = (first: number) => `UPDATE usage_log_chain_head AS h SET last_seq = v.seq, last_hash = v.hash
     FROM unnest($${first}::text[], $${first + 1}::text[], $${first + 2}::bigint[], $${first + 3}::text[]) AS v(rk, ck, seq, hash)
     WHERE h.register_keeper_oid = v.rk AND h.client_key = v.ck`;
  if (values.length * COLUMNS.length + headParams.length > MAX_ONE_STATEMENT_PARAMS) {
    await insertRows(tx, 'usage_log', COLUMNS, values);
    await tx.query(moveHeads(1), headParams);
    return;
  }
  // The rows and the moved heads in one statement (a data-modifying WITH runs to completion even though the
  // UPDATE does not read it): one round trip less on every logged read, in the same transaction as before.
  const params: unknown[] = [];
  const tuples = values.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(',')})`);
  await tx.query(
    `WITH appended AS (INSERT INTO usage_log (${COLUMNS.join(',')}) VALUES ${tuples.join(',')})
     ${moveHeads(params.length + 1)}`,
    [...params, ...headParams],
  );
}

export async function queryUsage(q: Queryable, query: UsageQuery): Promise<{ rows: UsageRow[]; total?: number }> {
  const c = new Conditions();
  const add = (sql: string, v: unknown) => c.add(sql, v);
  if (query.registerKeeperOid) add('register_keeper_oid = ?', query.registerKeeperOid);
  if (query.clientKey) add('client_key = ?', query.clientKey);
  if (query.userId) add('user_id = ?', query.userId);
  if (query.from) add('logged_at >= ?', query.from);
  if (query.to) add('logged_at < ?', query.to);
  if (query.action) add('action = ?', query.action);
  if (query.id !== undefined) add('id = ?', query.id);
  const countWhere = c.where();
  const countParams = [...c.params];
  const order = query.ascending ? 'ASC' : 'DESC';
  if (query.after) {
    c.raw(`(logged_at, id) ${query.ascending ? '>' : '<'} (${c.param(query.after.at)}::timestamptz, ${c.param(query.after.id)}::bigint)`);
  }
  const w = c.where();
  const params = c.params;
  const limit = Math.min(Math.max(Math.trunc(Number(query.limit)) || 1, 1), 1001);
  const offset = Math.max(Math.trunc(Number(query.offset)) || 0, 0);
  const total = query.noTotal ? undefined : await q.query<{ n: number }>(`SELECT count(*) AS n FROM usage_log ${countWhere}`, countParams);
  const r = await q.query<Record<string, unknown>>(
    `SELECT id, register_keeper_oid, client_key, to_char(logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS logged_at,
       user_id, user_name, professional_id, organisation_oid, system_id, role, action, outcome, rule, document_ids, purpose, detail
     FROM usage_log ${w} ORDER BY logged_at ${order}, id ${order} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return {
    ...(total ? { total: Number(total.rows[0]!.n) } : {}),
    rows: r.rows.map((x) => ({
      id: Number(x.id),
      registerKeeperOid: x.register_keeper_oid as string,
      clientKey: x.client_key as string,
      at: x.logged_at as string,
      userId: x.user_id as string,
      userName: x.user_name as string,
      professionalId: x.professional_id as string | null,
      organisationOid: x.organisation_oid as string,
      systemId: x.system_id as string,
      role: x.role as string,
      action: x.action as UsageEntry['action'],
      outcome: x.outcome as UsageEntry['outcome'],
      rule: x.rule as string,
      documentIds: x.document_ids as string[],
      purpose: x.purpose as string | null,
      detail: (typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail) as Record<string, unknown>,
    })),
  };
}
