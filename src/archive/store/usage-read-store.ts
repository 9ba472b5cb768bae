import type { Queryable } from '../../lib/db/db.ts';
import { Conditions } from '../../lib/db/conditions.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';
import type { UsageRow } from '../domain/usage-row.ts';

// Reads of the usage log for log monitoring, exports and the citizen's own view. Every query names the
// register keeper or the client, the keys the log is distributed by.

export const USAGE_COLUMNS = `id, register_keeper_oid, client_key, to_char(logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS logged_at,
  user_id, user_name, professional_id, organisation_oid, system_id, role, action, outcome, rule, document_ids, purpose, detail`;

export function toUsageRow(x: Record<string, unknown>): UsageRow {
  return {
    id: Number(x.id),
    registerKeeperOid: x.register_keeper_oid as string,
    clientKey: x.client_key as string,
    at: x.logged_at as string,
    userId: x.user_id as string,
    userName: x.user_name as string,
    professionalId: (x.professional_id as string | null) ?? null,
    organisationOid: x.organisation_oid as string,
    systemId: x.system_id as string,
    role: x.role as string,
    action: x.action as UsageEntry['action'],
    outcome: x.outcome as UsageEntry['outcome'],
    rule: x.rule as string,
    documentIds: (x.document_ids as string[] | null) ?? [],
    purpose: (x.purpose as string | null) ?? null,
    detail: ((typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail) ?? {}) as Record<string, unknown>,
  };
}

/** Successful uses of one client's data by anyone but the client, across register keepers, newest first. */
export async function usesOfClient(
  q: Queryable,
  clientKey: string,
  range: { from?: string; to?: string; limit: number; offset: number },
): Promise<{ rows: UsageRow[]; total: number }> {
  const c = new Conditions().add('client_key = ?', clientKey).raw(`outcome = 'success'`).raw(`role <> 'citizen'`);
  if (range.from) c.add('logged_at >= ?', range.from);
  if (range.to) c.add('logged_at < ?', range.to);
  const total = Number((await q.query<{ n: number }>(`SELECT count(*) AS n FROM usage_log ${c.where()}`, c.params)).rows[0]!.n);
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${USAGE_COLUMNS} FROM usage_log ${c.where()} ORDER BY logged_at DESC, id DESC LIMIT ${Math.trunc(range.limit)} OFFSET ${Math.trunc(range.offset)}`,
    c.params,
  );
  return { rows: r.rows.map(toUsageRow), total };
}

/** Rows of a register keeper after `afterId`, in id order: the monitoring run's next batch. */
export async function usageAfter(q: Queryable, registerKeeperOid: string, afterId: number, limit: number): Promise<UsageRow[]> {
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${USAGE_COLUMNS} FROM usage_log WHERE register_keeper_oid = $1 AND id > $2 ORDER BY id LIMIT ${Math.trunc(limit)}`,
    [registerKeeperOid, afterId],
  );
  return r.rows.map(toUsageRow);
}

/** Rows up to `upToId` logged from `since` on: rows whose transaction committed after a later id was seen. */
export async function usageStragglers(q: Queryable, registerKeeperOid: string, upToId: number, since: string): Promise<UsageRow[]> {
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${USAGE_COLUMNS} FROM usage_log WHERE register_keeper_oid = $1 AND id <= $2 AND logged_at >= $3 ORDER BY id`,
    [registerKeeperOid, upToId, since],
  );
  return r.rows.map(toUsageRow);
}

/** The given users' rows in [from, to]: the look-back the window rules need. */
export async function usageOfUsers(
  q: Queryable,
  registerKeeperOid: string,
  userIds: string[],
  from: string,
  to: string,
): Promise<UsageRow[]> {
  if (userIds.length === 0) return [];
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${USAGE_COLUMNS} FROM usage_log WHERE register_keeper_oid = $1 AND user_id = ANY($2::text[]) AND logged_at >= $3 AND logged_at <= $4 ORDER BY id`,
    [registerKeeperOid, userIds, from, to],
  );
  return r.rows.map(toUsageRow);
}

export interface UsagePageFilter {
  registerKeeperOid: string;
  clientKey?: string;
  userId?: string;
  from?: string;
  to?: string;
}

/** One page of an export in id order (keyset), never past `maxId` so a long export is one consistent cut. */
export async function usagePage(q: Queryable, f: UsagePageFilter, afterId: number, maxId: number, limit: number): Promise<UsageRow[]> {
  const c = new Conditions().add('register_keeper_oid = ?', f.registerKeeperOid).add('id > ?', afterId).add('id <= ?', maxId);
  if (f.clientKey !== undefined) c.add('client_key = ?', f.clientKey);
  if (f.userId !== undefined) c.add('user_id = ?', f.userId);
  if (f.from) c.add('logged_at >= ?', f.from);
  if (f.to) c.add('logged_at < ?', f.to);
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${USAGE_COLUMNS} FROM usage_log ${c.where()} ORDER BY id LIMIT ${Math.trunc(limit)}`,
    c.params,
  );
  return r.rows.map(toUsageRow);
}

export async function maxUsageId(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS n FROM usage_log')).rows[0]!.n);
}

/** The id just before the register keeper's first row logged at or after `from`: where a period's export starts. */
export async function usageIdBefore(q: Queryable, registerKeeperOid: string, from: string): Promise<number> {
  const r = await q.query<{ n: number | null }>('SELECT MIN(id) AS n FROM usage_log WHERE register_keeper_oid = $1 AND logged_at >= $2', [
    registerKeeperOid,
    from,
  ]);
  return r.rows[0]?.n == null ? Number.MAX_SAFE_INTEGER : Number(r.rows[0].n) - 1;
}
