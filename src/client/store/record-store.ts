// Clients, clienthoods and cases in the client system's own database. Every query names the client by
// (register_keeper_oid, client_key).
import type { Queryable } from '../../lib/db/db.ts';
import type { ClientCase } from '../domain/case.ts';
import type { ClientRecord } from '../domain/client.ts';
import type { Clienthood } from '../domain/clienthood.ts';
import { caseOf, clienthoodOf, clientOf } from './rows.ts';

export interface ClientRef {
  registerKeeperOid: string;
  clientKey: string;
}

export async function upsertClient(q: Queryable, c: ClientRecord, now: Date): Promise<void> {
  const p = c.population;
  await q.query(
    `INSERT INTO client (register_keeper_oid, client_key, client_id, family_name, given_names, address, municipality,
       turvakielto, recorded_at, updated_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (register_keeper_oid, client_key) DO UPDATE SET family_name = EXCLUDED.family_name,
       given_names = EXCLUDED.given_names, address = EXCLUDED.address, municipality = EXCLUDED.municipality,
       turvakielto = EXCLUDED.turvakielto, updated_at = EXCLUDED.updated_at`,
    [
      c.registerKeeperOid,
      c.clientKey,
      JSON.stringify(c.clientId),
      p.familyName,
      p.givenNames,
      p.address ?? null,
      p.municipality ?? null,
      p.turvakielto,
      now,
    ],
  );
}

export async function getClient(q: Queryable, ref: ClientRef): Promise<ClientRecord | undefined> {
  const r = await q.query(`SELECT * FROM client WHERE register_keeper_oid = $1 AND client_key = $2`, [
    ref.registerKeeperOid,
    ref.clientKey,
  ]);
  return r.rows[0] ? clientOf(r.rows[0]) : undefined;
}

export async function insertClienthood(q: Queryable, ref: ClientRef, c: Clienthood): Promise<void> {
  await q.query(
    `INSERT INTO clienthood (register_keeper_oid, client_key, clienthood_id, level, service_task, service_unit,
       start_date, end_date, set_id, document_id, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      ref.registerKeeperOid,
      ref.clientKey,
      c.clienthoodId,
      c.level,
      c.serviceTask,
      c.serviceUnit,
      c.start,
      c.end ?? null,
      c.setId,
      c.documentId,
      c.version,
    ],
  );
}

/** Closing: the end date and the clienthood document's new version. */
export async function updateClienthood(q: Queryable, ref: ClientRef, c: Clienthood): Promise<void> {
  await q.query(
    `UPDATE clienthood SET end_date = $4, document_id = $5, version = $6
     WHERE register_keeper_oid = $1 AND client_key = $2 AND clienthood_id = $3`,
    [ref.registerKeeperOid, ref.clientKey, c.clienthoodId, c.end ?? null, c.documentId, c.version],
  );
}

export async function listClienthoods(q: Queryable, ref: ClientRef, forUpdate = false): Promise<Clienthood[]> {
  const r = await q.query(
    `SELECT * FROM clienthood WHERE register_keeper_oid = $1 AND client_key = $2 ORDER BY start_date, clienthood_id
     ${forUpdate ? 'FOR UPDATE' : ''}`,
    [ref.registerKeeperOid, ref.clientKey],
  );
  return r.rows.map(clienthoodOf);
}

export async function insertCase(q: Queryable, ref: ClientRef, c: ClientCase): Promise<void> {
  await q.query(
    `INSERT INTO client_case (register_keeper_oid, client_key, case_id, name, service_task, service_unit, opened, closed,
       set_id, document_id, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      ref.registerKeeperOid,
      ref.clientKey,
      c.caseId,
      c.name,
      c.serviceTask,
      c.serviceUnit,
      c.opened,
      c.closed ?? null,
      c.setId,
      c.documentId,
      c.version,
    ],
  );
}

export async function updateCase(q: Queryable, ref: ClientRef, c: ClientCase): Promise<void> {
  await q.query(
    `UPDATE client_case SET closed = $4, document_id = $5, version = $6
     WHERE register_keeper_oid = $1 AND client_key = $2 AND case_id = $3`,
    [ref.registerKeeperOid, ref.clientKey, c.caseId, c.closed ?? null, c.documentId, c.version],
  );
}

export async function getCase(q: Queryable, ref: ClientRef, caseId: string, forUpdate = false): Promise<ClientCase | undefined> {
  const r = await q.query(
    `SELECT * FROM client_case WHERE register_keeper_oid = $1 AND client_key = $2 AND case_id = $3 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [ref.registerKeeperOid, ref.clientKey, caseId],
  );
  return r.rows[0] ? caseOf(r.rows[0]) : undefined;
}

export async function listCases(q: Queryable, ref: ClientRef): Promise<ClientCase[]> {
  const r = await q.query(`SELECT * FROM client_case WHERE register_keeper_oid = $1 AND client_key = $2 ORDER BY opened, case_id`, [
    ref.registerKeeperOid,
    ref.clientKey,
  ]);
  return r.rows.map(caseOf);
}
