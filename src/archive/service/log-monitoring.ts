import type { Queryable } from '../../lib/db/db.ts';
import {
  DEFAULT_MONITOR_SETTINGS,
  evaluateUses,
  lookbackMinutes,
  mergeDrafts,
  type AlertDraft,
  type MonitorSettings,
  type MonitoredUse,
} from '../domain/log-monitoring.ts';
import {
  alertsByKey,
  appendAlertEvents,
  extendAlerts,
  insertAlerts,
  lockCursor,
  monitorFacts,
  registerKeepersWithLog,
  saveCursor,
} from '../store/log-monitoring-store.ts';
import { usageAfter, usageOfUsers, usageStragglers } from '../store/usage-read-store.ts';
import type { ArchiveDeps } from './deps.ts';

// The monitoring run (lokivalvonta): reads each register keeper's usage log after its cursor, a batch per
// transaction (alerts and the advanced cursor commit together, so a crash resumes at the last committed
// batch), evaluates the rules and merges the drafts into alerts by key. Merging is a union, so rows seen
// twice change nothing: that makes runs idempotent, and lets each run re-read the last `overlapMinutes` of
// already-seen ids to pick up rows whose transaction committed after a higher id had been read.

export const MONITOR_USER = { userId: 'arkki-log-monitor', userName: 'arkki lokivalvonta' };

export interface MonitorRunOptions {
  /** Only this register keeper; default: every register keeper with a usage log. */
  registerKeeperOid?: string;
  settings?: MonitorSettings;
  /** Rows per transaction (default 2000). */
  batchSize?: number;
  /** How far back (minutes of log time) each run re-reads rows below its cursor (default 2). */
  overlapMinutes?: number;
}

export interface MonitorRunResult {
  registerKeeperOid: string;
  rowsEvaluated: number;
  batches: number;
  raised: number;
  extended: number;
  reopened: number;
  cursor: number;
}

const minus = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();

async function mergeAlerts(
  tx: Queryable,
  registerKeeperOid: string,
  drafts: AlertDraft[],
  at: Date,
  result: MonitorRunResult,
): Promise<void> {
  const existing = await alertsByKey(
    tx,
    registerKeeperOid,
    drafts.map((d) => d.key),
  );
  const who = { ...MONITOR_USER, note: null, outcome: null, at: at.toISOString() };
  const fresh = drafts.filter((d) => !existing.has(d.key));
  const grown: Array<{ alertId: number; draft: AlertDraft; reopen: boolean; newIds: number[] }> = [];
  for (const d of drafts) {
    const old = existing.get(d.key);
    if (!old) continue;
    const known = new Set(old.usageIds);
    const newIds = d.usageIds.filter((id) => !known.has(id));
    if (newIds.length > 0) grown.push({ alertId: old.alertId, draft: mergeDrafts(old, d), reopen: old.status !== 'open', newIds });
  }
  const ids = await insertAlerts(tx, fresh, at);
  await extendAlerts(tx, grown, at);
  await appendAlertEvents(tx, registerKeeperOid, [
    ...fresh.map((d) => ({ ...who, alertId: ids.get(d.key)!, kind: 'raised' as const, usageIds: d.usageIds })),
    ...grown.map((g) => ({
      ...who,
      alertId: g.alertId,
      kind: g.reopen ? ('reopened' as const) : ('extended' as const),
      usageIds: g.newIds,
    })),
  ]);
  result.raised += fresh.length;
  result.reopened += grown.filter((g) => g.reopen).length;
  result.extended += grown.filter((g) => !g.reopen).length;
}

/** One batch in one transaction; returns false when there was nothing new. */
async function runBatch(
  deps: ArchiveDeps,
  registerKeeperOid: string,
  settings: MonitorSettings,
  batchSize: number,
  overlapMinutes: number | null,
  result: MonitorRunResult,
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const cursor = await lockCursor(tx, registerKeeperOid);
    const fresh = await usageAfter(tx, registerKeeperOid, cursor.lastId, batchSize);
    const again =
      overlapMinutes !== null && cursor.lastLoggedAt !== null && cursor.lastId > 0
        ? await usageStragglers(tx, registerKeeperOid, cursor.lastId, minus(cursor.lastLoggedAt, overlapMinutes))
        : [];
    const batch: MonitoredUse[] = [...again, ...fresh];
    if (batch.length === 0) return false;
    const times = batch.map((u) => u.at).sort();
    const lookback = await usageOfUsers(
      tx,
      registerKeeperOid,
      [...new Set(batch.map((u) => u.userId))],
      minus(times[0]!, lookbackMinutes(settings)),
      times[times.length - 1]!,
    );
    const staff = new Map<string, { organisationOid: string; staffId: string }>();
    for (const u of batch) {
      for (const id of [u.professionalId, u.userId])
        if (id) staff.set(`${u.organisationOid}|${id}`, { organisationOid: u.organisationOid, staffId: id });
    }
    const facts = await monitorFacts(tx, [...staff.values()], [...new Set(batch.map((u) => u.clientKey))]);
    const at = deps.now();
    await mergeAlerts(tx, registerKeeperOid, evaluateUses(batch, lookback, facts, settings), at, result);
    if (fresh.length > 0) {
      const last = fresh[fresh.length - 1]!;
      cursor.lastId = last.id;
      const newest = fresh.reduce((m, u) => (u.at > m ? u.at : m), cursor.lastLoggedAt ?? fresh[0]!.at);
      cursor.lastLoggedAt = newest;
    }
    await saveCursor(tx, cursor, at);
    result.rowsEvaluated += batch.length;
    result.batches += 1;
    result.cursor = cursor.lastId;
    return fresh.length === batchSize;
  });
}

/** Runs the monitor over what is new in the log; callable from tests, the CLI and the server's timer. */
export async function runLogMonitor(deps: ArchiveDeps, options: MonitorRunOptions = {}): Promise<MonitorRunResult[]> {
  const settings = options.settings ?? DEFAULT_MONITOR_SETTINGS;
  const batchSize = options.batchSize ?? 2000;
  const overlap = options.overlapMinutes ?? 2;
  const keepers = options.registerKeeperOid ? [options.registerKeeperOid] : await registerKeepersWithLog(deps.db);
  const results: MonitorRunResult[] = [];
  for (const registerKeeperOid of keepers) {
    const result: MonitorRunResult = { registerKeeperOid, rowsEvaluated: 0, batches: 0, raised: 0, extended: 0, reopened: 0, cursor: 0 };
    // The overlap is re-read by the first batch only; later batches of the same run continue from the cursor.
    let more = await runBatch(deps, registerKeeperOid, settings, batchSize, overlap, result);
    while (more) more = await runBatch(deps, registerKeeperOid, settings, batchSize, null, result);
    results.push(result);
  }
  return results;
}

export interface MonitorTimer {
  stop(): Promise<void>;
}

/**
 * Runs the monitor every `intervalSeconds` inside the server; a run never overlaps the previous one, and a
 * failed run is reported and retried at the next tick.
 */
export function startLogMonitorTimer(
  deps: ArchiveDeps,
  intervalSeconds: number,
  onError: (err: unknown) => void,
  options: MonitorRunOptions = {},
): MonitorTimer {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runLogMonitor(deps, options)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  const handle = setInterval(tick, intervalSeconds * 1000);
  handle.unref();
  return {
    async stop() {
      clearInterval(handle);
      await running;
    },
  };
}
