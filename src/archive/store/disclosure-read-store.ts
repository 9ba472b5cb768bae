import type { Queryable } from '../../lib/db/db.ts';
import { Conditions } from '../../lib/db/conditions.ts';
import type { UsagePageFilter } from './usage-read-store.ts';

// Reads of the disclosure log (luovutusloki, table of migration 007) for the log controller's exports.

export interface DisclosureRow {
  id: number;
  registerKeeperOid: string;
  clientKey: string;
  disclosedAt: string;
  recipientOrganisationOid: string;
  recipientRegisterKeeperOid: string;
  userId: string;
  userName: string;
  professionalId: string | null;
  systemId: string;
  action: string;
  documentIds: string[];
  basisKind: string;
  basisId: string;
}

export async function maxDisclosureId(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS n FROM disclosure_log')).rows[0]!.n);
}

/** One page of disclosures by the register keeper, in id order (keyset), never past `maxId`. */
export async function disclosurePage(
  q: Queryable,
  f: UsagePageFilter,
  afterId: number,
  maxId: number,
  limit: number,
): Promise<DisclosureRow[]> {
  const c = new Conditions().add('register_keeper_oid = ?', f.registerKeeperOid).add('id > ?', afterId).add('id <= ?', maxId);
  if (f.clientKey !== undefined) c.add('client_key = ?', f.clientKey);
  if (f.userId !== undefined) c.add('user_id = ?', f.userId);
  if (f.from) c.add('disclosed_at >= ?', f.from);
  if (f.to) c.add('disclosed_at < ?', f.to);
  const r = await q.query<Record<string, unknown>>(
    `SELECT id, register_keeper_oid, client_key, to_char(disclosed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS disclosed_at,
       recipient_organisation_oid, recipient_register_keeper_oid, user_id, user_name, professional_id, system_id, action, document_ids, basis_kind, basis_id
     FROM disclosure_log ${c.where()} ORDER BY id LIMIT ${Math.trunc(limit)}`,
    c.params,
  );
  return r.rows.map((x) => ({
    id: Number(x.id),
    registerKeeperOid: x.register_keeper_oid as string,
    clientKey: x.client_key as string,
    disclosedAt: x.disclosed_at as string,
    recipientOrganisationOid: x.recipient_organisation_oid as string,
    recipientRegisterKeeperOid: x.recipient_register_keeper_oid as string,
    userId: x.user_id as string,
    userName: x.user_name as string,
    professionalId: (x.professional_id as string | null) ?? null,
    systemId: x.system_id as string,
    action: x.action as string,
    documentIds: (x.document_ids as string[] | null) ?? [],
    basisKind: x.basis_kind as string,
    basisId: x.basis_id as string,
  }));
}

/** The id just before the register keeper's first disclosure at or after `from`. */
export async function disclosureIdBefore(q: Queryable, registerKeeperOid: string, from: string): Promise<number> {
  const r = await q.query<{ n: number | null }>(
    'SELECT MIN(id) AS n FROM disclosure_log WHERE register_keeper_oid = $1 AND disclosed_at >= $2',
    [registerKeeperOid, from],
  );
  return r.rows[0]?.n == null ? Number.MAX_SAFE_INTEGER : Number(r.rows[0].n) - 1;
}
