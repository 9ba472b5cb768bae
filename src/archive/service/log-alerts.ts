import type { Queryable } from '../../lib/db/db.ts';
import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess, type Decision } from '../domain/access-policy.ts';
import { MONITOR_RULES, type MonitorRule } from '../domain/log-monitoring.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { alertEvents, appendAlertEvent, getAlert, listAlerts, setAlertStatus } from '../store/log-monitoring-store.ts';
import { REVIEW_OUTCOMES, type AlertEvent, type AlertStatus, type ReviewOutcome, type StoredAlert } from '../domain/log-alert.ts';
import { commentsOf, getGrant, type GrantComment, type StoredGrant } from '../store/special-reason-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import type { UsageRow } from '../domain/usage-row.ts';
import { USAGE_COLUMNS, toUsageRow } from '../store/usage-read-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { finnishMonth } from '../../lib/time/index.ts';
import { inLoggedTransaction } from './read-documents.ts';

// The alerts workflow of log monitoring: the register keeper's log controllers (archivists, through the
// access policy's read-usage-log rule) list alerts, open one with the log rows it rests on, acknowledge it
// and review it with a note and an outcome. Every one of these is a use of the log and is logged itself;
// each step of the workflow is an append-only event.

export type { AlertEvent, AlertStatus, ReviewOutcome, StoredAlert } from '../domain/log-alert.ts';

export interface AlertListQuery {
  status?: string;
  rule?: string;
  /** YYYY-MM: alerts whose window starts in that Finnish month. */
  month?: string;
  limit?: number;
  offset?: number;
}
/** For a special-reason alert: the grant as stated and every comment on its log entry, for the reviewer. */
export interface AlertSpecialReason {
  grant: Omit<StoredGrant, 'registerKeeperOid'>;
  comments: GrantComment[];
}
export interface AlertDetail {
  alert: StoredAlert;
  events: AlertEvent[];
  uses: UsageRow[];
  specialReason: AlertSpecialReason | null;
}

const STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'reviewed'];

/**
 * Authorises a log controller's step and logs it in the same transaction (denials too). With `deferLog` an
 * allowed step is not logged yet: the caller logs it with what it showed (`logShown`), still in the transaction.
 */
export async function authoriseLogControl(
  tx: Queryable,
  deps: ArchiveDeps,
  identity: Identity,
  operation: string,
  detail: Record<string, unknown> = {},
  deferLog = false,
): Promise<string> {
  const registerKeeperOid = identity.registerKeeperOid;
  const decision = decideAccess(identity, 'read-usage-log', { registerKeeperOid });
  if (!decision.allow || !deferLog) await logShown(tx, deps, identity, operation, decision, detail);
  if (!decision.allow)
    throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
  return registerKeeperOid;
}

async function logShown(
  tx: Queryable,
  deps: ArchiveDeps,
  identity: Identity,
  operation: string,
  decision: Decision,
  detail: Record<string, unknown>,
): Promise<void> {
  await appendUsage(tx, [
    usageEntry(identity, 'read-usage-log', decision, {
      registerKeeperOid: identity.registerKeeperOid,
      at: deps.now(),
      outcome: decision.allow ? 'success' : 'denied',
      detail: { operation, ...detail },
    }),
  ]);
}

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!allowed.includes(value as T))
    throw new ArkkiError('invalid', [{ field, rule: 'code', message: `${field} '${value}' must be one of ${allowed.join(', ')}` }]);
  return value as T;
}

export async function listLogAlerts(
  deps: ArchiveDeps,
  identity: Identity,
  query: AlertListQuery = {},
): Promise<{ alerts: StoredAlert[]; total: number }> {
  const status = oneOf('status', query.status, STATUSES);
  const rule = oneOf<MonitorRule>('rule', query.rule, MONITOR_RULES);
  const period = query.month ? finnishMonth(query.month) : undefined;
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new ArkkiError('invalid', [{ field: 'limit', rule: 'range', message: 'limit must be a whole number 1–500' }]);
  if (!Number.isInteger(offset) || offset < 0)
    throw new ArkkiError('invalid', [{ field: 'offset', rule: 'range', message: 'offset must be a whole number ≥ 0' }]);
  return inLoggedTransaction(deps, async (tx) => {
    // The listing shows users and client keys: it is logged with its filter and the ids of the alerts shown.
    const filter = { status: status ?? null, rule: rule ?? null, month: query.month ?? null };
    const rk = await authoriseLogControl(tx, deps, identity, 'list-alerts', filter, true);
    const page = await listAlerts(tx, rk, { status, rule, from: period?.from, to: period?.to, limit, offset });
    await logShown(tx, deps, identity, 'list-alerts', decideAccess(identity, 'read-usage-log', { registerKeeperOid: rk }), {
      ...filter,
      alertIds: page.alerts.map((a) => a.alertId),
    });
    return page;
  });
}

async function alertOf(tx: Queryable, registerKeeperOid: string, alertId: number, forUpdate = false): Promise<StoredAlert> {
  if (!Number.isSafeInteger(alertId) || alertId < 1)
    throw new ArkkiError('invalid', [{ field: 'alertId', rule: 'integer', message: 'alertId must be a positive whole number' }]);
  const a = await getAlert(tx, registerKeeperOid, alertId, forUpdate);
  // Another register keeper's alert is "not found": its existence is not the caller's business.
  if (!a)
    throw new ArkkiError('not-found', [
      { field: 'alertId', rule: 'not-found', message: `alert ${alertId} is not in register keeper ${registerKeeperOid}'s log monitoring` },
    ]);
  return a;
}

/** One alert with its events and the usage-log rows it rests on; the read is logged with the alert id. */
export async function getLogAlert(deps: ArchiveDeps, identity: Identity, alertId: number): Promise<AlertDetail> {
  return inLoggedTransaction(deps, async (tx) => {
    const rk = await authoriseLogControl(tx, deps, identity, 'read-alert', { alertId });
    const alert = await alertOf(tx, rk, alertId);
    const uses = (
      await tx.query<Record<string, unknown>>(
        `SELECT ${USAGE_COLUMNS} FROM usage_log WHERE register_keeper_oid = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
        [rk, alert.usageIds],
      )
    ).rows.map(toUsageRow);
    const grantId = alert.rule === 'special-reason' && typeof alert.detail.grantId === 'string' ? alert.detail.grantId : null;
    const grant = grantId ? await getGrant(tx, grantId) : undefined;
    const specialReason =
      grant && grant.registerKeeperOid === rk
        ? { grant: (({ registerKeeperOid: _rk, ...g }) => g)(grant), comments: (await commentsOf(tx, [grant])).get(grant.grantId) ?? [] }
        : null;
    return { alert, events: await alertEvents(tx, rk, alertId), uses, specialReason };
  });
}

export async function acknowledgeLogAlert(deps: ArchiveDeps, identity: Identity, alertId: number, note?: string): Promise<StoredAlert> {
  return inLoggedTransaction(deps, async (tx) => {
    const rk = await authoriseLogControl(tx, deps, identity, 'acknowledge-alert', { alertId });
    const alert = await alertOf(tx, rk, alertId, true);
    if (alert.status !== 'open')
      throw new ArkkiError('conflict', [
        { field: 'alertId', rule: 'alert-status', message: `alert ${alertId} is ${alert.status}; only an open alert is acknowledged` },
      ]);
    const at = deps.now();
    await setAlertStatus(tx, rk, alertId, 'acknowledged', null, at);
    await appendAlertEvent(tx, rk, alertId, {
      at: at.toISOString(),
      kind: 'acknowledged',
      userId: identity.userId,
      userName: identity.name,
      note: note?.trim() || null,
      outcome: null,
      usageIds: [],
    });
    return (await getAlert(tx, rk, alertId))!;
  });
}

/** Review with an outcome and a note (both required); an alert may be reviewed again, each review is kept. */
export async function reviewLogAlert(
  deps: ArchiveDeps,
  identity: Identity,
  alertId: number,
  review: { outcome: string; note: string },
): Promise<StoredAlert> {
  const outcome = oneOf<ReviewOutcome>('outcome', review.outcome, REVIEW_OUTCOMES);
  if (!outcome)
    throw new ArkkiError('required', [
      { field: 'outcome', rule: 'required', message: `outcome is required: ${REVIEW_OUTCOMES.join(', ')}` },
    ]);
  const note = (review.note ?? '').trim();
  if (note === '')
    throw new ArkkiError('required', [{ field: 'note', rule: 'required', message: 'a review needs a note saying what was checked' }]);
  if (note.length > 4000)
    throw new ArkkiError('invalid', [{ field: 'note', rule: 'max-length', message: 'note may be at most 4000 characters' }]);
  return inLoggedTransaction(deps, async (tx) => {
    const rk = await authoriseLogControl(tx, deps, identity, 'review-alert', { alertId, outcome });
    await alertOf(tx, rk, alertId, true);
    const at = deps.now();
    await setAlertStatus(tx, rk, alertId, 'reviewed', outcome, at);
    await appendAlertEvent(tx, rk, alertId, {
      at: at.toISOString(),
      kind: 'reviewed',
      userId: identity.userId,
      userName: identity.name,
      note,
      outcome,
      usageIds: [],
    });
    return (await getAlert(tx, rk, alertId))!;
  });
}
