import type { Queryable } from '../../lib/db/db.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { DOCUMENT_SELECT, rowToDocument, type DocumentRow } from './document-row.ts';

/**
 * Counts and the newest `latest` current documents per (service task, phase) for one client, in one
 * round trip: a window function over the client's partition, served by document_client_completed.
 */
export async function phaseDocuments(
  q: Queryable,
  registerKeeperOid: string,
  clientKey: string,
  serviceTasks: string[],
  latest: number,
): Promise<{
  phases: Array<{ serviceTask: string; phase: string; count: number; latest: ArchivedDocument[] }>;
  caseCounts: Map<string, number>;
}> {
  const all = serviceTasks.includes('*');
  const r = await q.query<DocumentRow & { n: number; rn: number }>(
    `SELECT * FROM (
       SELECT ${DOCUMENT_SELECT},
         count(*) OVER (PARTITION BY d.service_task, d.process_phase) AS n,
         row_number() OVER (PARTITION BY d.service_task, d.process_phase ORDER BY d.completed_at DESC, d.document_id DESC) AS rn
       FROM document d
       WHERE d.register_keeper_oid = $1 AND d.client_key = $2 AND d.status = 'current' AND d.process_phase IS NOT NULL
         AND ($3::boolean OR d.service_task = ANY($4::text[]))
     ) x WHERE x.rn <= $5 ORDER BY x.service_task, x.process_phase, x.rn`,
    [registerKeeperOid, clientKey, all, serviceTasks, latest],
  );
  const byKey = new Map<string, { serviceTask: string; phase: string; count: number; latest: ArchivedDocument[] }>();
  for (const row of r.rows) {
    const key = `${row.service_task}|${row.process_phase}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { serviceTask: row.service_task, phase: row.process_phase!, count: Number(row.n), latest: [] }));
    entry.latest.push(rowToDocument(row));
  }
  const cc = await q.query<{ case_id: string; n: number }>(
    `SELECT d.case_id, count(*) AS n FROM document d
     WHERE d.register_keeper_oid = $1 AND d.client_key = $2 AND d.status = 'current' AND d.case_id IS NOT NULL
       AND ($3::boolean OR d.service_task = ANY($4::text[]))
     GROUP BY d.case_id`,
    [registerKeeperOid, clientKey, all, serviceTasks],
  );
  return { phases: [...byKey.values()], caseCounts: new Map(cc.rows.map((x) => [x.case_id, Number(x.n)])) };
}
