import type { Queryable } from '../../lib/db/db.ts';

// Special-reason grants (asiayhteys) and the comments on their log entry. Both tables are append-only.

export interface StoredGrant {
  grantId: string;
  registerKeeperOid: string;
  clientKey: string;
  userId: string;
  professionalId: string | null;
  organisationOid: string;
  serviceTask: string;
  reasonCode: string;
  grantedAt: string;
  validUntil: string;
  commentableUntil: string;
}

export interface GrantComment {
  seq: number;
  comment: string;
  addedAt: string;
  userId: string;
}

const iso = (v: unknown): string => new Date(v as string).toISOString();

export async function insertGrant(tx: Queryable, g: StoredGrant, comment: string): Promise<void> {
  await tx.query(
    `INSERT INTO special_reason_grant (register_keeper_oid, client_key, grant_id, user_id, professional_id, organisation_oid, service_task, reason_code, granted_at, valid_until, commentable_until)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      g.registerKeeperOid,
      g.clientKey,
      g.grantId,
      g.userId,
      g.professionalId,
      g.organisationOid,
      g.serviceTask,
      g.reasonCode,
      g.grantedAt,
      g.validUntil,
      g.commentableUntil,
    ],
  );
  await insertComment(tx, g, 1, comment, g.grantedAt, g.userId);
}

export async function insertComment(
  tx: Queryable,
  g: Pick<StoredGrant, 'registerKeeperOid' | 'clientKey' | 'grantId'>,
  seq: number,
  comment: string,
  at: string,
  userId: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO special_reason_comment (register_keeper_oid, client_key, grant_id, seq, comment, added_at, user_id) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [g.registerKeeperOid, g.clientKey, g.grantId, seq, comment, at, userId],
  );
}

type GrantRow = {
  grant_id: string;
  register_keeper_oid: string;
  client_key: string;
  user_id: string;
  professional_id: string | null;
  organisation_oid: string;
  service_task: string;
  reason_code: string;
  granted_at: string;
  valid_until: string;
  commentable_until: string;
};
const GRANT_COLUMNS =
  'grant_id, register_keeper_oid, client_key, user_id, professional_id, organisation_oid, service_task, reason_code, granted_at, valid_until, commentable_until';
const toGrant = (x: GrantRow): StoredGrant => ({
  grantId: x.grant_id,
  registerKeeperOid: x.register_keeper_oid,
  clientKey: x.client_key,
  userId: x.user_id,
  professionalId: x.professional_id,
  organisationOid: x.organisation_oid,
  serviceTask: x.service_task,
  reasonCode: x.reason_code,
  grantedAt: iso(x.granted_at),
  validUntil: iso(x.valid_until),
  commentableUntil: iso(x.commentable_until),
});

export async function getGrant(q: Queryable, grantId: string): Promise<StoredGrant | undefined> {
  const r = await q.query<GrantRow>(`SELECT ${GRANT_COLUMNS} FROM special_reason_grant WHERE grant_id = $1`, [grantId]);
  return r.rows[0] && toGrant(r.rows[0]);
}

export async function commentsOf(
  q: Queryable,
  grants: Array<Pick<StoredGrant, 'registerKeeperOid' | 'clientKey' | 'grantId'>>,
): Promise<Map<string, GrantComment[]>> {
  const out = new Map<string, GrantComment[]>();
  if (grants.length === 0) return out;
  const r = await q.query<{ grant_id: string; seq: number; comment: string; added_at: string; user_id: string }>(
    `SELECT c.grant_id, c.seq, c.comment, c.added_at, c.user_id FROM special_reason_comment c
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(rk, ck, g) ON c.register_keeper_oid = k.rk AND c.client_key = k.ck AND c.grant_id = k.g
      ORDER BY c.grant_id, c.seq`,
    [grants.map((g) => g.registerKeeperOid), grants.map((g) => g.clientKey), grants.map((g) => g.grantId)],
  );
  for (const x of r.rows)
    (out.get(x.grant_id) ?? out.set(x.grant_id, []).get(x.grant_id)!).push({
      seq: Number(x.seq),
      comment: x.comment,
      addedAt: iso(x.added_at),
      userId: x.user_id,
    });
  return out;
}

/** The user's grants, newest first (own register keeper). */
export async function grantsOfUser(
  q: Queryable,
  userId: string,
  registerKeeperOid: string,
  since: string,
  limit = 200,
): Promise<StoredGrant[]> {
  const r = await q.query<GrantRow>(
    `SELECT ${GRANT_COLUMNS} FROM special_reason_grant WHERE user_id = $1 AND register_keeper_oid = $2 AND granted_at >= $3
      ORDER BY granted_at DESC, grant_id LIMIT ${Math.max(1, Math.min(limit, 1000))}`,
    [userId, registerKeeperOid, since],
  );
  return r.rows.map(toGrant);
}
