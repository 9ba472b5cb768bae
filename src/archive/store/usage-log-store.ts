import type { Queryable } from '../../lib/db/db.ts';
import { insertRows } from '../../lib/db/insert-rows.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';

const COLUMNS = ['register_keeper_oid', 'client_key', 'logged_at', 'user_id', 'user_name', 'professional_id', 'organisation_oid',
  'system_id', 'role', 'action', 'outcome', 'rule', 'document_ids', 'purpose', 'detail'] as const;

/** Appends rows; called inside the transaction of the use it records. */
export async function appendUsage(tx: Queryable, entries: UsageEntry[]): Promise<void> {
  await insertRows(tx, 'usage_log', COLUMNS, entries.map((e) => [e.registerKeeperOid, e.clientKey, e.at, e.userId, e.userName,
    e.professionalId, e.organisationOid, e.systemId, e.role, e.action, e.outcome, e.rule, e.documentIds, e.purpose, JSON.stringify(e.detail)]));
}

export interface UsageQuery { registerKeeperOid?: string; clientKey?: string; userId?: string; from?: string; to?: string; action?: string; limit: number; offset: number }
export interface UsageRow extends UsageEntry { id: number }

export async function queryUsage(q: Queryable, query: UsageQuery): Promise<{ rows: UsageRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (query.registerKeeperOid) add('register_keeper_oid = ?', query.registerKeeperOid);
  if (query.clientKey) add('client_key = ?', query.clientKey);
  if (query.userId) add('user_id = ?', query.userId);
  if (query.from) add('logged_at >= ?', query.from);
  if (query.to) add('logged_at < ?', query.to);
  if (query.action) add('action = ?', query.action);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const limit = Math.min(Math.max(Math.trunc(Number(query.limit)) || 1, 1), 1000);
  const offset = Math.max(Math.trunc(Number(query.offset)) || 0, 0);
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM usage_log ${w}`, params);
  const r = await q.query<Record<string, unknown>>(
    `SELECT id, register_keeper_oid, client_key, to_char(logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS logged_at,
       user_id, user_name, professional_id, organisation_oid, system_id, role, action, outcome, rule, document_ids, purpose, detail
     FROM usage_log ${w} ORDER BY logged_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`, params);
  return {
    total: total.rows[0]!.n,
    rows: r.rows.map((x) => ({
      id: Number(x.id), registerKeeperOid: x.register_keeper_oid as string, clientKey: x.client_key as string, at: x.logged_at as string,
      userId: x.user_id as string, userName: x.user_name as string, professionalId: x.professional_id as string | null,
      organisationOid: x.organisation_oid as string, systemId: x.system_id as string, role: x.role as string,
      action: x.action as UsageEntry['action'], outcome: x.outcome as UsageEntry['outcome'], rule: x.rule as string,
      documentIds: x.document_ids as string[], purpose: x.purpose as string | null,
      detail: (typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail) as Record<string, unknown>,
    })),
  };
}
