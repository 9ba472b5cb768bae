import type { Queryable } from '../../lib/db/db.ts';
import type { ClienthoodLevel } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import type { Clienthood, ClientCase } from '../domain/register.ts';

// Clienthoods and cases as the archived clienthood and case documents record them (domain README §3).

type PartitionKey = { registerKeeperOid: string; clientKey: string };

export async function clienthoodsOf(q: Queryable, keys: PartitionKey[]): Promise<Clienthood[]> {
  if (keys.length === 0) return [];
  const r = await q.query<{
    register_keeper_oid: string;
    client_key: string;
    set_id: string;
    document_id: string;
    level: ClienthoodLevel;
    service_task: string | null;
    service_unit_oid: string | null;
    start_date: string;
    end_date: string | null;
  }>(
    `SELECT c.register_keeper_oid, c.client_key, c.set_id, c.document_id, c.level, c.service_task, c.service_unit_oid,
            c.start_date::text AS start_date, c.end_date::text AS end_date
     FROM clienthood c JOIN unnest($1::text[], $2::text[]) AS k(rk, ck) ON c.register_keeper_oid = k.rk AND c.client_key = k.ck
     ORDER BY c.start_date`,
    [keys.map((k) => k.registerKeeperOid), keys.map((k) => k.clientKey)],
  );
  return r.rows.map((x) => ({
    registerKeeperOid: x.register_keeper_oid,
    clientKey: x.client_key,
    setId: x.set_id,
    documentId: x.document_id,
    level: x.level,
    serviceTask: x.service_task,
    serviceUnit: x.service_unit_oid,
    start: x.start_date,
    end: x.end_date,
  }));
}

export async function casesOf(q: Queryable, keys: PartitionKey[]): Promise<ClientCase[]> {
  if (keys.length === 0) return [];
  const r = await q.query<{
    register_keeper_oid: string;
    client_key: string;
    case_id: string;
    name: string;
    service_task: string;
    opened_date: string;
    closed_date: string | null;
    document_id: string;
  }>(
    `SELECT c.register_keeper_oid, c.client_key, c.case_id, c.name, c.service_task, c.opened_date::text AS opened_date,
            c.closed_date::text AS closed_date, c.document_id
     FROM client_case c JOIN unnest($1::text[], $2::text[]) AS k(rk, ck) ON c.register_keeper_oid = k.rk AND c.client_key = k.ck
     ORDER BY c.opened_date`,
    [keys.map((k) => k.registerKeeperOid), keys.map((k) => k.clientKey)],
  );
  return r.rows.map((x) => ({
    registerKeeperOid: x.register_keeper_oid,
    clientKey: x.client_key,
    caseId: x.case_id,
    name: x.name,
    serviceTask: x.service_task,
    opened: x.opened_date,
    closed: x.closed_date,
    documentId: x.document_id,
  }));
}

/** A clienthood document (or its new version) sets the clienthood it records. */
export async function saveClienthood(tx: Queryable, doc: ArchivedDocument): Promise<void> {
  const c = doc.clienthood!;
  await tx.query(
    `INSERT INTO clienthood (register_keeper_oid, client_key, set_id, document_id, level, service_task, service_unit_oid, start_date, end_date)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
     ON CONFLICT (register_keeper_oid, client_key, set_id) DO UPDATE SET document_id = EXCLUDED.document_id,
       level = EXCLUDED.level, service_task = EXCLUDED.service_task, service_unit_oid = EXCLUDED.service_unit_oid,
       start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date`,
    [
      doc.registerKeeper,
      doc.clientKey,
      doc.setId,
      doc.documentId,
      c.level,
      c.level === 'social-welfare' ? null : doc.serviceTask,
      c.level === 'service-unit' ? (c.serviceUnit ?? doc.serviceUnit) : null,
      c.start,
      c.end ?? null,
    ],
  );
}

/** A case document (or its new version) opens or closes the case it records. */
export async function saveCase(tx: Queryable, doc: ArchivedDocument): Promise<void> {
  const r = doc.caseRecord!;
  await tx.query(
    `INSERT INTO client_case (register_keeper_oid, client_key, case_id, name, service_task, opened_date, closed_date, document_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
     ON CONFLICT (register_keeper_oid, client_key, case_id) DO UPDATE SET name = EXCLUDED.name,
       service_task = EXCLUDED.service_task, opened_date = EXCLUDED.opened_date, closed_date = EXCLUDED.closed_date,
       document_id = EXCLUDED.document_id`,
    [doc.registerKeeper, doc.clientKey, doc.case!.id, doc.case!.name, doc.serviceTask, r.opened, r.closed ?? null, doc.documentId],
  );
}

/** When a clienthood or case document is invalidated, the record it made is withdrawn with it. */
export async function withdrawRecord(tx: Queryable, doc: ArchivedDocument): Promise<void> {
  if (doc.clienthood) {
    await tx.query('DELETE FROM clienthood WHERE register_keeper_oid = $1 AND client_key = $2 AND set_id = $3 AND document_id = $4', [
      doc.registerKeeper,
      doc.clientKey,
      doc.setId,
      doc.documentId,
    ]);
  }
  if (doc.caseRecord && doc.case) {
    await tx.query('DELETE FROM client_case WHERE register_keeper_oid = $1 AND client_key = $2 AND case_id = $3 AND document_id = $4', [
      doc.registerKeeper,
      doc.clientKey,
      doc.case.id,
      doc.documentId,
    ]);
  }
}
