import type { Queryable } from '../../lib/db/db.ts';
import type { ArchivingChange } from '../domain/archiving-state.ts';

// Archiving per organisation: the append-only change rows of organisation_archiving_event (migration 017).

const iso = (v: unknown): string => new Date(v as string).toISOString();

interface Row {
  organisation_oid: string;
  state: 'open' | 'closed';
  at: string;
  by_user_id: string;
  by_name: string;
  reason: string;
}

const changeOf = (r: Row): ArchivingChange => ({
  state: r.state,
  at: iso(r.at),
  byUserId: r.by_user_id,
  byName: r.by_name,
  reason: r.reason,
});

/** The newest change per organisation asked for (absent: never opened). */
export async function lastChanges(q: Queryable, organisationOids: readonly string[]): Promise<Map<string, ArchivingChange>> {
  if (organisationOids.length === 0) return new Map();
  const { rows } = await q.query<Row>(
    `SELECT DISTINCT ON (organisation_oid) organisation_oid, state, at, by_user_id, by_name, reason
       FROM organisation_archiving_event WHERE organisation_oid = ANY($1)
      ORDER BY organisation_oid, seq DESC`,
    [[...organisationOids]],
  );
  return new Map(rows.map((r) => [r.organisation_oid, changeOf(r)]));
}

/** Every change of one organisation, oldest first. */
export async function changesOf(q: Queryable, organisationOid: string): Promise<ArchivingChange[]> {
  const { rows } = await q.query<Row>(
    `SELECT organisation_oid, state, at, by_user_id, by_name, reason FROM organisation_archiving_event
      WHERE organisation_oid = $1 ORDER BY seq`,
    [organisationOid],
  );
  return rows.map(changeOf);
}

/** Takes the organisation's change lock for the rest of the transaction (two archivists at once: one wins). */
export async function lockOrganisation(tx: Queryable, organisationOid: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('organisation_archiving:' || $1))`, [organisationOid]);
}

export async function appendChange(tx: Queryable, organisationOid: string, c: ArchivingChange): Promise<void> {
  await tx.query(
    `INSERT INTO organisation_archiving_event (organisation_oid, seq, state, at, by_user_id, by_name, reason)
     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM organisation_archiving_event WHERE organisation_oid = $1`,
    [organisationOid, c.state, c.at, c.byUserId, c.byName, c.reason],
  );
}
