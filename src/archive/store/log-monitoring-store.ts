import type { Queryable } from '../../lib/db/db.ts';
import { Conditions } from '../../lib/db/conditions.ts';
import { staffKey, type AlertDraft, type MonitorFacts, type MonitorRule } from '../domain/log-monitoring.ts';
import type { AlertStatus, ReviewOutcome, StoredAlert, AlertEvent, AlertFilter } from '../domain/log-alert.ts';

// Tables of migration 008: the monitor's cursor, alerts and their events, staff members' own client keys
// and households.

export interface MonitorCursor {
  registerKeeperOid: string;
  lastId: number;
  lastLoggedAt: string | null;
}

/** The cursor of a register keeper, locked to the end of the transaction: one run at a time per register keeper. */
export async function lockCursor(tx: Queryable, registerKeeperOid: string): Promise<MonitorCursor> {
  await tx.query('INSERT INTO log_monitor_cursor (register_keeper_oid) VALUES ($1) ON CONFLICT (register_keeper_oid) DO NOTHING', [
    registerKeeperOid,
  ]);
  const r = await tx.query<{ last_id: number | string; last_logged_at: string | null }>(
    `SELECT last_id, to_char(last_logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_logged_at
     FROM log_monitor_cursor WHERE register_keeper_oid = $1 FOR UPDATE`,
    [registerKeeperOid],
  );
  return { registerKeeperOid, lastId: Number(r.rows[0]!.last_id), lastLoggedAt: r.rows[0]!.last_logged_at };
}

export async function saveCursor(tx: Queryable, c: MonitorCursor, runAt: Date): Promise<void> {
  await tx.query('UPDATE log_monitor_cursor SET last_id = $2, last_logged_at = $3, last_run_at = $4 WHERE register_keeper_oid = $1', [
    c.registerKeeperOid,
    c.lastId,
    c.lastLoggedAt,
    runAt.toISOString(),
  ]);
}

/** Register keepers that have a usage log (one chain head per partition: far fewer rows than the log). */
export async function registerKeepersWithLog(q: Queryable): Promise<string[]> {
  const r = await q.query<{ register_keeper_oid: string }>('SELECT DISTINCT register_keeper_oid FROM usage_log_chain_head ORDER BY 1');
  return r.rows.map((x) => x.register_keeper_oid);
}

/** Staff members' own client keys, households and turvakielto marks for the users and clients of a batch. */
export async function monitorFacts(
  q: Queryable,
  staff: Array<{ organisationOid: string; staffId: string }>,
  clientKeys: string[],
): Promise<MonitorFacts> {
  const staffClients = new Map<string, string>();
  if (staff.length > 0) {
    const r = await q.query<{ organisation_oid: string; staff_id: string; client_key: string }>(
      `SELECT s.organisation_oid, s.staff_id, s.client_key FROM staff_person s
       JOIN unnest($1::text[], $2::text[]) AS k(org, id) ON s.organisation_oid = k.org AND s.staff_id = k.id`,
      [staff.map((s) => s.organisationOid), staff.map((s) => s.staffId)],
    );
    for (const x of r.rows) staffClients.set(staffKey(x.organisation_oid, x.staff_id), x.client_key);
  }
  const keys = [...new Set([...clientKeys, ...staffClients.values()])].filter((k) => k !== '');
  const households = new Map<string, string>();
  const turvakielto = new Set<string>();
  if (keys.length > 0) {
    for (const x of (
      await q.query<{ client_key: string; household_id: string }>(
        'SELECT client_key, household_id FROM household_member WHERE client_key = ANY($1::text[])',
        [keys],
      )
    ).rows) {
      households.set(x.client_key, x.household_id);
    }
    for (const x of (
      await q.query<{ client_key: string }>('SELECT client_key FROM person WHERE turvakielto AND client_key = ANY($1::text[])', [keys])
    ).rows) {
      turvakielto.add(x.client_key);
    }
  }
  return { staffClients, households, turvakielto };
}

export async function addStaffPerson(q: Queryable, organisationOid: string, staffId: string, clientKey: string): Promise<void> {
  await q.query(
    `INSERT INTO staff_person (organisation_oid, staff_id, client_key) VALUES ($1, $2, $3)
    ON CONFLICT (organisation_oid, staff_id) DO UPDATE SET client_key = EXCLUDED.client_key`,
    [organisationOid, staffId, clientKey],
  );
}

export async function addHouseholdMember(q: Queryable, householdId: string, clientKey: string): Promise<void> {
  await q.query('INSERT INTO household_member (household_id, client_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [householdId, clientKey]);
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${col}`;
const ALERT_COLUMNS = `register_keeper_oid, alert_id, alert_key, rule, user_id, user_name, organisation_oid, client_keys, usage_ids, detail, status, outcome,
  ${ts('window_start')}, ${ts('window_end')}, ${ts('raised_at')}, ${ts('updated_at')}`;

function toAlert(x: Record<string, unknown>): StoredAlert {
  return {
    alertId: Number(x.alert_id),
    key: x.alert_key as string,
    rule: x.rule as MonitorRule,
    registerKeeperOid: x.register_keeper_oid as string,
    userId: x.user_id as string,
    userName: x.user_name as string,
    organisationOid: x.organisation_oid as string,
    clientKeys: x.client_keys as string[],
    usageIds: (x.usage_ids as Array<number | string>).map(Number),
    windowStart: x.window_start as string,
    windowEnd: x.window_end as string,
    detail: ((typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail) ?? {}) as Record<string, unknown>,
    status: x.status as AlertStatus,
    outcome: (x.outcome as ReviewOutcome | null) ?? null,
    raisedAt: x.raised_at as string,
    updatedAt: x.updated_at as string,
  };
}

export async function alertsByKey(q: Queryable, registerKeeperOid: string, keys: string[]): Promise<Map<string, StoredAlert>> {
  if (keys.length === 0) return new Map();
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${ALERT_COLUMNS} FROM log_alert WHERE register_keeper_oid = $1 AND alert_key = ANY($2::text[])`,
    [registerKeeperOid, keys],
  );
  return new Map(r.rows.map(toAlert).map((a) => [a.key, a]));
}

/** PostgreSQL array text, so arrays of arrays can travel inside one JSON parameter. */
const pgArray = (xs: ReadonlyArray<string | number>) =>
  `{${xs.map((x) => (typeof x === 'number' ? String(x) : `"${x.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;

/** New alerts, one statement; returns alert ids by key. */
export async function insertAlerts(q: Queryable, drafts: AlertDraft[], at: Date): Promise<Map<string, number>> {
  if (drafts.length === 0) return new Map();
  const rows = drafts.map((d) => ({
    rk: d.registerKeeperOid,
    k: d.key,
    rule: d.rule,
    uid: d.userId,
    uname: d.userName,
    org: d.organisationOid,
    clients: pgArray(d.clientKeys),
    ws: d.windowStart,
    we: d.windowEnd,
    ids: pgArray(d.usageIds),
    detail: d.detail,
  }));
  const r = await q.query<{ alert_id: number | string; alert_key: string }>(
    `INSERT INTO log_alert (register_keeper_oid, alert_key, rule, user_id, user_name, organisation_oid, client_keys, window_start, window_end, usage_ids, detail, raised_at, updated_at)
     SELECT v.rk, v.k, v.rule, v.uid, v.uname, v.org, v.clients::text[], v.ws, v.we, v.ids::bigint[], v.detail, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS v(rk text, k text, rule text, uid text, uname text, org text, clients text, ws timestamptz, we timestamptz, ids text, detail jsonb)
     RETURNING alert_id, alert_key`,
    [JSON.stringify(rows), at.toISOString()],
  );
  return new Map(r.rows.map((x) => [x.alert_key, Number(x.alert_id)]));
}

/** New rows for alerts, one statement; a handled alert that gets new rows is open again. */
export async function extendAlerts(
  q: Queryable,
  items: Array<{ alertId: number; draft: AlertDraft; reopen: boolean }>,
  at: Date,
): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map(({ alertId, draft: d, reopen }) => ({
    rk: d.registerKeeperOid,
    id: alertId,
    clients: pgArray(d.clientKeys),
    ids: pgArray(d.usageIds),
    ws: d.windowStart,
    we: d.windowEnd,
    detail: d.detail,
    reopen,
  }));
  await q.query(
    `UPDATE log_alert AS a SET client_keys = v.clients::text[], usage_ids = v.ids::bigint[], window_start = v.ws, window_end = v.we, detail = v.detail, updated_at = $2,
       status = CASE WHEN v.reopen THEN 'open' ELSE a.status END, outcome = CASE WHEN v.reopen THEN NULL ELSE a.outcome END
     FROM jsonb_to_recordset($1::jsonb) AS v(rk text, id bigint, clients text, ids text, ws timestamptz, we timestamptz, detail jsonb, reopen boolean)
     WHERE a.register_keeper_oid = v.rk AND a.alert_id = v.id`,
    [JSON.stringify(rows), at.toISOString()],
  );
}

export async function setAlertStatus(
  q: Queryable,
  registerKeeperOid: string,
  alertId: number,
  status: AlertStatus,
  outcome: ReviewOutcome | null,
  at: Date,
): Promise<void> {
  await q.query('UPDATE log_alert SET status = $3, outcome = $4, updated_at = $5 WHERE register_keeper_oid = $1 AND alert_id = $2', [
    registerKeeperOid,
    alertId,
    status,
    outcome,
    at.toISOString(),
  ]);
}

export async function appendAlertEvent(
  q: Queryable,
  registerKeeperOid: string,
  alertId: number,
  e: Omit<AlertEvent, 'seq'>,
): Promise<void> {
  await appendAlertEvents(q, registerKeeperOid, [{ alertId, ...e }]);
}

/** Events for several alerts (at most one per alert), one statement; each gets its alert's next seq. */
export async function appendAlertEvents(
  q: Queryable,
  registerKeeperOid: string,
  events: Array<Omit<AlertEvent, 'seq'> & { alertId: number }>,
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: e.alertId,
    at: e.at,
    kind: e.kind,
    uid: e.userId,
    uname: e.userName,
    note: e.note,
    outcome: e.outcome,
    ids: pgArray(e.usageIds),
  }));
  await q.query(
    `INSERT INTO log_alert_event (register_keeper_oid, alert_id, seq, at, kind, user_id, user_name, note, outcome, usage_ids)
     SELECT $1, v.id, COALESCE((SELECT MAX(e.seq) FROM log_alert_event e WHERE e.register_keeper_oid = $1 AND e.alert_id = v.id), 0) + 1,
       v.at, v.kind, v.uid, v.uname, v.note, v.outcome, v.ids::bigint[]
     FROM jsonb_to_recordset($2::jsonb) AS v(id bigint, at timestamptz, kind text, uid text, uname text, note text, outcome text, ids text)`,
    [registerKeeperOid, JSON.stringify(rows)],
  );
}

export async function alertEvents(q: Queryable, registerKeeperOid: string, alertId: number): Promise<AlertEvent[]> {
  const r = await q.query<Record<string, unknown>>(
    `SELECT seq, ${ts('at')}, kind, user_id, user_name, note, outcome, usage_ids FROM log_alert_event
     WHERE register_keeper_oid = $1 AND alert_id = $2 ORDER BY seq`,
    [registerKeeperOid, alertId],
  );
  return r.rows.map((x) => ({
    seq: Number(x.seq),
    at: x.at as string,
    kind: x.kind as AlertEvent['kind'],
    userId: x.user_id as string,
    userName: x.user_name as string,
    note: (x.note as string | null) ?? null,
    outcome: (x.outcome as ReviewOutcome | null) ?? null,
    usageIds: (x.usage_ids as Array<number | string>).map(Number),
  }));
}

/** Alerts of a register keeper whose window starts in [from, to), newest first. */
export async function listAlerts(
  q: Queryable,
  registerKeeperOid: string,
  f: AlertFilter,
): Promise<{ alerts: StoredAlert[]; total: number }> {
  const c = new Conditions().add('register_keeper_oid = ?', registerKeeperOid);
  if (f.status) c.add('status = ?', f.status);
  if (f.rule) c.add('rule = ?', f.rule);
  if (f.from) c.add('window_start >= ?', f.from);
  if (f.to) c.add('window_start < ?', f.to);
  const total = Number((await q.query<{ n: number }>(`SELECT count(*) AS n FROM log_alert ${c.where()}`, c.params)).rows[0]!.n);
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${ALERT_COLUMNS} FROM log_alert ${c.where()} ORDER BY window_start DESC, alert_id DESC LIMIT ${Math.trunc(f.limit)} OFFSET ${Math.trunc(f.offset)}`,
    c.params,
  );
  return { alerts: r.rows.map(toAlert), total };
}

export async function getAlert(
  q: Queryable,
  registerKeeperOid: string,
  alertId: number,
  forUpdate = false,
): Promise<StoredAlert | undefined> {
  const r = await q.query<Record<string, unknown>>(
    `SELECT ${ALERT_COLUMNS} FROM log_alert WHERE register_keeper_oid = $1 AND alert_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [registerKeeperOid, alertId],
  );
  return r.rows[0] ? toAlert(r.rows[0]) : undefined;
}
