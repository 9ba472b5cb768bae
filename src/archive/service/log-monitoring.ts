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
  alertHeads,
  appendAlertEvents,
  extendAlerts,
  insertAlerts,
  lockCursor,
  monitorFacts,
  readCursor,
  registerKeepersWithLog,
  saveCursor,
} from '../store/log-monitoring-store.ts';
import { usageAfter, usageStragglers, windowRuleUses } from '../store/usage-read-store.ts';
import type { ArchiveDeps } from './deps.ts';

// The monitoring run (lokivalvonta): reads each register keeper's usage log after its cursor in bounded
// batches (alerts and the advanced cursor commit together in one short transaction, so a crash resumes at
// the last committed batch), evaluates the rules and merges the drafts into alerts by key. Merging is a union, so rows seen
// twice change nothing: that makes runs idempotent, and lets each run re-read the last `overlapMinutes` of
// already-seen ids to pick up rows whose transaction committed after a higher id had been read.

export const MONITOR_USER = { userId: 'arkki-log-monitor', userName: 'arkki lokivalvonta' };

export interface MonitorRunOptions {
  /** Only this register keeper; default: every register keeper with a usage log. */
  registerKeeperOid?: string;
  settings?: MonitorSettings;
  /** Rows per batch (default 500): one short write transaction each. */
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
  const existing = await alertHeads(tx, registerKeeperOid, drafts);
  const who = { ...MONITOR_USER, note: null, outcome: null, at: at.toISOString() };
  const fresh = drafts.filter((d) => !existing.has(d.key));
  const grown: Array<{ alertId: number; draft: AlertDraft; reopen: boolean; newIds: number[] }> = [];
  for (const d of drafts) {
    const old = existing.get(d.key);
    if (!old || old.newIds.length === 0) continue;
    // Client keys, window and detail merge here; the usage ids are added to the stored ones in the database.
    const merged = mergeDrafts({ ...old, usageIds: [] }, { ...d, usageIds: [] });
    grown.push({ alertId: old.alertId, draft: merged, reopen: old.status !== 'open', newIds: old.newIds });
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

/** Lets requests queued behind a batch run before the next one: the monitor shares the server's event loop. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
/** After each batch the run pauses as long as the batch took (at most a second): it never takes more than about half of the time. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(1000, Math.max(0, ms))));

/**
 * One batch: the reads (new rows, stragglers, the look-back, facts) outside any transaction, the rules in
 * memory, then one short transaction that locks the cursor, checks it has not moved (another run, e.g. the
 * CLI beside the server's timer, got there first: this batch is dropped and that run carries on), merges
 * the alerts and advances the cursor. No transaction stays open while rows are read or rules evaluated,
 * so no connection sits "idle in transaction" and PGlite, which runs one transaction at a time, is held
 * only for the writes. Returns whether more rows are waiting.
 */
async function runBatch(
  deps: ArchiveDeps,
  registerKeeperOid: string,
  settings: MonitorSettings,
  batchSize: number,
  overlapMinutes: number | null,
  result: MonitorRunResult,
): Promise<boolean> {
  const q = deps.db;
  const started = performance.now();
  const cursor = await readCursor(q, registerKeeperOid);
  const fresh = await usageAfter(q, registerKeeperOid, cursor.lastId, batchSize);
  const again =
    overlapMinutes !== null && cursor.lastLoggedAt !== null && cursor.lastId > 0
      ? await usageStragglers(q, registerKeeperOid, cursor.lastId, minus(cursor.lastLoggedAt, overlapMinutes))
      : [];
  const batch: MonitoredUse[] = [...again, ...fresh];
  if (batch.length === 0) return false;
  let first = batch[0]!.at;
  let last = first;
  for (const u of batch) {
    if (u.at < first) first = u.at;
    if (u.at > last) last = u.at;
  }
  const lookback = await windowRuleUses(
    q,
    registerKeeperOid,
    [...new Set(batch.map((u) => u.userId))],
    minus(first, lookbackMinutes(settings)),
    last,
  );
  const staff = new Map<string, { organisationOid: string; staffId: string }>();
  for (const u of batch) {
    for (const id of [u.professionalId, u.userId])
      if (id) staff.set(`${u.organisationOid}|${id}`, { organisationOid: u.organisationOid, staffId: id });
  }
  const facts = await monitorFacts(q, [...staff.values()], [...new Set(batch.map((u) => u.clientKey))]);
  await yieldToRequests();
  const drafts = evaluateUses(batch, lookback, facts, settings);
  await yieldToRequests();
  const committed = await deps.db.transaction(async (tx) => {
    const locked = await lockCursor(tx, registerKeeperOid);
    if (locked.lastId !== cursor.lastId) return false;
    const at = deps.now();
    await mergeAlerts(tx, registerKeeperOid, drafts, at, result);
    if (fresh.length > 0) {
      locked.lastId = fresh[fresh.length - 1]!.id;
      locked.lastLoggedAt = fresh.reduce((m, u) => (u.at > m ? u.at : m), locked.lastLoggedAt ?? fresh[0]!.at);
    }
    await saveCursor(tx, locked, at);
    result.cursor = locked.lastId;
    return true;
  });
  if (!committed) return false;
  result.rowsEvaluated += batch.length;
  result.batches += 1;
  if (fresh.length === batchSize) await pause(performance.now() - started);
  return fresh.length === batchSize;
}

/** Runs the monitor over what is new in the log; callable from tests, the CLI and the server's timer. */
export async function runLogMonitor(deps: ArchiveDeps, options: MonitorRunOptions = {}): Promise<MonitorRunResult[]> {
  const settings = options.settings ?? DEFAULT_MONITOR_SETTINGS;
  const batchSize = options.batchSize ?? 500;
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
