// Joining projects: one per organisation.
import type { Queryable } from '../../lib/db/db.ts';

export interface JoiningProject {
  id: number;
  organisationOid: string;
  organisationName: string;
  wave: string | null;
}

interface Row {
  id: number;
  organisation_oid: string;
  organisation_name: string;
  wave: string | null;
}
const toProject = (r: Row): JoiningProject => ({
  id: r.id,
  organisationOid: r.organisation_oid,
  organisationName: r.organisation_name,
  wave: r.wave,
});

export async function listProjects(db: Queryable): Promise<JoiningProject[]> {
  return (
    await db.query<Row>('SELECT id, organisation_oid, organisation_name, wave FROM joining_project ORDER BY organisation_name')
  ).rows.map(toProject);
}

export async function getProject(db: Queryable, id: number): Promise<JoiningProject | undefined> {
  const r = await db.query<Row>('SELECT id, organisation_oid, organisation_name, wave FROM joining_project WHERE id = $1', [id]);
  return r.rows[0] && toProject(r.rows[0]);
}

/** The project of the organisation: created if new, the existing one otherwise. */
export async function ensureProject(db: Queryable, organisationOid: string, organisationName: string): Promise<JoiningProject> {
  await db.query(
    'INSERT INTO joining_project (organisation_oid, organisation_name) VALUES ($1, $2) ON CONFLICT (organisation_oid) DO NOTHING',
    [organisationOid, organisationName],
  );
  const r = await db.query<Row>('SELECT id, organisation_oid, organisation_name, wave FROM joining_project WHERE organisation_oid = $1', [
    organisationOid,
  ]);
  return toProject(r.rows[0]!);
}

export async function setWave(db: Queryable, id: number, wave: string | null): Promise<void> {
  await db.query('UPDATE joining_project SET wave = $2 WHERE id = $1', [id, wave]);
}
