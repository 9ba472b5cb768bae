import type { Queryable } from '../../lib/db/db.ts';
import type { ArchivedDocument } from '../domain/metadata.ts';
import type { SearchCriteria } from '../domain/search.ts';
import { DOCUMENT_SELECT, rowToDocument, type DocumentRow } from './document-row.ts';

export interface SearchScope { registerKeeperOid: string; serviceTasks: string[] }

/** Returns one page plus whether there is a next one (fetches count + 1 rows). */
export async function searchDocuments(q: Queryable, scope: SearchScope, c: SearchCriteria): Promise<{ docs: ArchivedDocument[]; more: boolean }> {
  const params: unknown[] = [scope.registerKeeperOid];
  const where = ['d.register_keeper_oid = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (!scope.serviceTasks.includes('*')) add('d.service_task = ANY(?::text[])', scope.serviceTasks);
  if (c.client) add('d.client_key = ?', c.client);
  if (c.serviceTask) add('d.service_task = ?', c.serviceTask);
  if (c.socialService) add('d.social_services @> ARRAY[?]::text[]', c.socialService);
  if (c.caseId) add('d.case_id = ?', c.caseId);
  if (c.processPhase) add('d.process_phase = ?', c.processPhase);
  if (c.documentType) add('d.document_type = ?', c.documentType);
  if (c.setId) add('d.set_id = ?', c.setId);
  if (c.documentId) add('d.document_id = ?', c.documentId);
  if (c.completedFrom) add('d.completed_at >= ?::timestamptz', c.completedFrom);
  if (c.completedBefore) add('d.completed_at < ?::timestamptz', c.completedBefore);
  add('d.status = ANY(?::text[])', c.status);
  if (c.after) {
    params.push(c.after.completed, c.after.documentId);
    where.push(`(d.completed_at, d.document_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(c.count + 1);
  const r = await q.query<DocumentRow>(
    `SELECT ${DOCUMENT_SELECT} FROM document d WHERE ${where.join(' AND ')}
     ORDER BY d.completed_at DESC, d.document_id DESC LIMIT $${params.length}`, params);
  const more = r.rows.length > c.count;
  return { docs: r.rows.slice(0, c.count).map(rowToDocument), more };
}
