import type { Queryable } from '../../lib/db/db.ts';
import { Conditions } from '../../lib/db/conditions.ts';
import { hot } from '../../lib/db/pg-statements.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import type { SearchCriteria } from '../domain/search.ts';
import { DOCUMENT_SELECT, rowToDocument, type DocumentRow } from './document-row.ts';

export interface SearchScope {
  registerKeeperOid: string;
  serviceTasks: string[];
  /**
   * A social worker's search (relation rule, domain README §6): only documents whose client has an active
   * service-task/service-unit clienthood or open case in the document's service task on `today`, or for
   * which the caller has a valid special reason (client, service task); notification-register documents always.
   */
  relation?: { today: string; now: string; userId: string };
  /**
   * Also return, for the rows on the page, what the usage rows need (evaluated for the returned rows only):
   * which clients have turvakielto, and which documents a relation-scoped search admitted only by a grant.
   */
  marks?: boolean;
}

export interface SearchMarks {
  turvakielto: Set<string>;
  byGrantOnly: Set<string>;
}

/** Returns one page plus whether there is a next one (fetches count + 1 rows). */
export async function searchDocuments(
  q: Queryable,
  scope: SearchScope,
  c: SearchCriteria,
): Promise<{ docs: ArchivedDocument[]; more: boolean; total?: number; marks?: SearchMarks }> {
  const w = new Conditions();
  const rk = w.param(scope.registerKeeperOid);
  w.raw(`d.register_keeper_oid = ${rk}`);
  // By social service the scan follows document_social_service's index, which carries the sort columns
  // (migration 004): `o` is the table whose completed_at/document_id order, range and cursor use.
  const o = c.socialService ? 's' : 'd';
  const from = c.socialService
    ? `document_social_service s JOIN document d
         ON d.register_keeper_oid = s.register_keeper_oid AND d.client_key = s.client_key AND d.document_id = s.document_id`
    : 'document d';
  if (c.socialService) w.raw(`s.register_keeper_oid = ${rk}`);
  const add = (sql: string, v: unknown) => w.add(sql, v);
  const scoped = !scope.serviceTasks.includes('*');
  // With one service task asked for, the scope only decides whether it is allowed: a second condition on
  // the column would stop PostgreSQL from reading document_task_completed in order (it sorted every match).
  if (scoped && c.serviceTask) {
    if (!scope.serviceTasks.includes(c.serviceTask)) w.raw('false');
  } else if (scoped) add('d.service_task = ANY(?::text[])', scope.serviceTasks);
  let related = '';
  let granted = '';
  if (scope.relation) {
    const today = w.param(scope.relation.today);
    const now = w.param(scope.relation.now);
    const userId = w.param(scope.relation.userId);
    // EXISTS per candidate row, so LIMIT and the keyset cursor page over exactly what the caller may see.
    // OFFSET 0 keeps each EXISTS a per-row index look-up: without it PostgreSQL may hash every active
    // clienthood of the register for each search (a seq scan that grows with the register).
    // Notifications (ilmoitusrekisteri) come before any relation and are handled by the service task's role.
    related = `(d.register = 'notification'
          OR EXISTS (SELECT 1 FROM clienthood r WHERE r.register_keeper_oid = d.register_keeper_oid AND r.client_key = d.client_key
               AND r.service_task = d.service_task AND r.level IN ('service-task', 'service-unit')
               AND r.start_date <= ${today}::date AND (r.end_date IS NULL OR r.end_date >= ${today}::date) OFFSET 0)
          OR EXISTS (SELECT 1 FROM client_case k WHERE k.register_keeper_oid = d.register_keeper_oid AND k.client_key = d.client_key
               AND k.service_task = d.service_task AND k.opened_date <= ${today}::date AND (k.closed_date IS NULL OR k.closed_date >= ${today}::date) OFFSET 0))`;
    granted = `EXISTS (SELECT 1 FROM special_reason_grant g WHERE g.register_keeper_oid = d.register_keeper_oid AND g.client_key = d.client_key
               AND g.service_task = d.service_task AND g.user_id = ${userId} AND g.valid_until > ${now}::timestamptz OFFSET 0)`;
    w.raw(`(${related} OR ${granted})`);
  }
  if (c.client) add('d.client_key = ?', c.client);
  if (c.serviceTask) add('d.service_task = ?', c.serviceTask);
  if (c.socialService) add('s.social_service = ?', c.socialService);
  if (c.caseId) add('d.case_id = ?', c.caseId);
  if (c.processPhase) add('d.process_phase = ?', c.processPhase);
  if (c.documentType) add('d.document_type = ?', c.documentType);
  if (c.setId) add('d.set_id = ?', c.setId);
  if (c.documentId) add('d.document_id = ?', c.documentId);
  if (c.completedFrom) add(`${o}.completed_at >= ?::timestamptz`, c.completedFrom);
  if (c.completedBefore) add(`${o}.completed_at < ?::timestamptz`, c.completedBefore);
  if (c.archivedFrom) add('d.archived_at >= ?::timestamptz', c.archivedFrom);
  if (c.archivedBefore) add('d.archived_at < ?::timestamptz', c.archivedBefore);
  add('d.status = ANY(?::text[])', c.status);
  // The count is of every match, so it is taken before the keyset condition.
  const total =
    c.total === true
      ? Number((await q.query<{ n: number }>(`SELECT count(*) AS n FROM ${from} ${w.where()}`, w.params)).rows[0]!.n)
      : undefined;
  if (c.after) {
    w.raw(
      `(${o}.completed_at, ${o}.document_id) ${c.ascending ? '>' : '<'} (${w.param(c.after.completed)}::timestamptz, ${w.param(c.after.documentId)})`,
    );
  }
  const dir = c.ascending ? 'ASC' : 'DESC';
  const limit = w.param(c.count + 1);
  // Sub-selects in the select list are costly, so PostgreSQL evaluates them after the LIMIT: page rows only.
  // Whether a row came in by a special reason alone is asked only of rows the caller has a grant for (rare).
  const marks = scope.marks
    ? `, (SELECT p.turvakielto FROM person p WHERE p.client_key = d.client_key) AS mark_turvakielto${related ? `, CASE WHEN ${granted} THEN NOT ${related} ELSE false END AS mark_grant_only` : ''}`
    : '';
  const r = await q.query<DocumentRow & { mark_turvakielto?: boolean | null; mark_grant_only?: boolean }>(
    // The text depends only on which criteria are set: prepared per shape (a bounded set), not per search.
    hot(`SELECT ${DOCUMENT_SELECT}${marks} FROM ${from} ${w.where()}
     ORDER BY ${o}.completed_at ${dir}, ${o}.document_id ${dir} LIMIT ${limit}`),
    w.params,
  );
  const more = r.rows.length > c.count;
  const page = r.rows.slice(0, c.count);
  return {
    docs: page.map(rowToDocument),
    more,
    ...(total !== undefined ? { total } : {}),
    ...(scope.marks
      ? {
          marks: {
            turvakielto: new Set(page.filter((x) => x.mark_turvakielto === true).map((x) => x.client_key)),
            byGrantOnly: new Set(page.filter((x) => x.mark_grant_only === true).map((x) => x.document_id)),
          },
        }
      : {}),
  };
}
