import type { Queryable } from '../../lib/db/db.ts';
import { hot } from '../../lib/db/pg-statements.ts';
import type { AccessContext, DisclosureDenial, DisclosurePermission, SpecialReasonGrant } from '../domain/access-context.ts';

// The facts the access policy judges, read for one (register keeper, client) partition in one round trip.

const iso = (v: unknown): string => new Date(v as string).toISOString();
const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * Active relation = a service-task or service-unit clienthood running on `today`, or a case opened and not
 * closed before `today` (dates are Finnish calendar days; an end or close date is the last day that counts).
 * The same condition is used by the relation-scoped search (search-store.ts).
 */
export const RELATION_TASKS_SQL = `
  SELECT c.service_task FROM clienthood c
   WHERE c.register_keeper_oid = $1 AND c.client_key = $2 AND c.level IN ('service-task', 'service-unit')
     AND c.service_task IS NOT NULL AND c.start_date <= $3::date AND (c.end_date IS NULL OR c.end_date >= $3::date)
  UNION
  SELECT k.service_task FROM client_case k
   WHERE k.register_keeper_oid = $1 AND k.client_key = $2 AND k.opened_date <= $3::date AND (k.closed_date IS NULL OR k.closed_date >= $3::date)`;

export async function accessFacts(
  q: Queryable,
  p: { registerKeeperOid: string; clientKey: string; userId: string; today: string; now: string },
): Promise<AccessContext> {
  const r = await q.query<FactsRow>(ACCESS_FACTS_SQL, [p.registerKeeperOid, p.clientKey, p.today, p.userId]);
  return toContext(p.now, r.rows[0]!);
}

const ACCESS_FACTS_SQL = hot(`SELECT
       (SELECT array_agg(DISTINCT t.service_task) FROM (${RELATION_TASKS_SQL}) t) AS relation_tasks,
       (SELECT array_agg(DISTINCT c.service_task) FROM clienthood c
         WHERE c.register_keeper_oid = $1 AND c.client_key = $2 AND c.service_task IS NOT NULL) AS data_tasks,
       (SELECT p.turvakielto FROM person p WHERE p.client_key = $2) AS turvakielto,
       (SELECT coalesce(json_agg(json_build_object('grantId', g.grant_id, 'serviceTask', g.service_task, 'reasonCode', g.reason_code, 'validUntil', g.valid_until)), '[]'::json)
          FROM special_reason_grant g WHERE g.register_keeper_oid = $1 AND g.client_key = $2 AND g.user_id = $4) AS grants,
       (SELECT coalesce(json_agg(json_build_object('id', d.rule_id, 'kind', d.kind, 'recipientOid', d.recipient_oid, 'serviceTasks', d.service_tasks,
                 'documentIds', d.document_ids, 'validFrom', d.valid_from, 'validUntil', d.valid_until)), '[]'::json)
          FROM client_disclosure_rule d WHERE d.register_keeper_oid = $1 AND d.client_key = $2) AS rules`);

interface FactsRow {
  relation_tasks: string[] | null;
  data_tasks: string[] | null;
  turvakielto: boolean | null;
  grants: unknown;
  rules: unknown;
}

function toContext(now: string, row: FactsRow): AccessContext {
  const grants = parsed<SpecialReasonGrant[]>(row.grants).map((g) => ({ ...g, validUntil: iso(g.validUntil) }));
  type RuleRow = Omit<DisclosurePermission, 'kind' | 'recipientOid'> & {
    kind: DisclosurePermission['kind'] | 'denial';
    recipientOid: string | null;
  };
  const rules = parsed<RuleRow[]>(row.rules).map((x) => ({
    ...x,
    validFrom: iso(x.validFrom),
    validUntil: x.validUntil === null ? null : iso(x.validUntil),
  }));
  return {
    now,
    relationTasks: row.relation_tasks ?? [],
    dataTasks: row.data_tasks ?? [],
    specialReasons: grants,
    turvakielto: row.turvakielto === true,
    permissions: rules.filter((x) => x.kind !== 'denial') as DisclosurePermission[],
    denials: rules.filter((x) => x.kind === 'denial').map(({ kind: _k, ...d }) => d as DisclosureDenial),
  };
}

/** Which of these clients have turvakielto. */
export async function turvakieltoClients(q: Queryable, clientKeys: string[]): Promise<Set<string>> {
  if (clientKeys.length === 0) return new Set();
  const r = await q.query<{ client_key: string }>(hot('SELECT client_key FROM person WHERE client_key = ANY($1::text[]) AND turvakielto'), [
    clientKeys,
  ]);
  return new Set(r.rows.map((x) => x.client_key));
}

/** The caller's special reasons for these clients that are valid at `now` (for rows a search admitted by one). */
export async function validGrantsFor(
  q: Queryable,
  p: { registerKeeperOid: string; userId: string; clientKeys: string[]; now: string },
): Promise<Array<{ clientKey: string; serviceTask: string; grantId: string; reasonCode: string }>> {
  if (p.clientKeys.length === 0) return [];
  const r = await q.query<{ client_key: string; service_task: string; grant_id: string; reason_code: string }>(
    `SELECT client_key, service_task, grant_id, reason_code FROM special_reason_grant
      WHERE register_keeper_oid = $1 AND client_key = ANY($2::text[]) AND user_id = $3 AND valid_until > $4::timestamptz
      ORDER BY valid_until DESC`,
    [p.registerKeeperOid, p.clientKeys, p.userId, p.now],
  );
  return r.rows.map((x) => ({ clientKey: x.client_key, serviceTask: x.service_task, grantId: x.grant_id, reasonCode: x.reason_code }));
}
