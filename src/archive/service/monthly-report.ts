import type { Identity } from '../../lib/identity/identity.ts';
import type { Queryable } from '../../lib/db/db.ts';
import { MONITOR_RULES, type MonitorRule } from '../domain/log-monitoring.ts';
import type { ReviewOutcome } from '../domain/log-alert.ts';
import type { ArchiveDeps } from './deps.ts';
import { finnishMonth } from '../../lib/time/index.ts';
import { authoriseLogControl } from './log-alerts.ts';
import { inLoggedTransaction } from './read-documents.ts';
import { verifyUsageLog } from './verify-usage-log.ts';

// The monthly self-monitoring (omavalvonta, THL 2/2015) summary of one register keeper's log monitoring:
// what the monitor found per rule and how much of it was handled, special-reason use and its comments,
// denied attempts, how many users and clients the month's log covers, and whether the log's hash chain holds.

export interface RuleCount {
  total: number;
  open: number;
  acknowledged: number;
  reviewed: number;
  outcomes: Record<ReviewOutcome, number>;
}

export interface MonthlyReport {
  registerKeeperOid: string;
  month: string;
  period: { from: string; to: string };
  generatedAt: string;
  alerts: { total: number; open: number; acknowledged: number; reviewed: number; byRule: Record<MonitorRule, RuleCount> };
  /** uses: uses of client data under a special reason (not the statement or its comments). */
  specialReason: { uses: number; grants: number; grantsWithLaterComments: number; alertsReviewed: number; alertsOpen: number };
  deniedAttempts: number;
  uses: { total: number; users: number; clients: number };
  /** How far the monitor has read: rows after this id were logged but not yet evaluated. */
  monitor: { cursor: number; lastRunAt: string | null; unevaluatedRows: number };
  usageLogChain: { ok: boolean; verifiedRows: number; partitions: number; preChainRows: number; breaks: number; firstBreaks: string[] };
}

const emptyRule = (): RuleCount => ({
  total: 0,
  open: 0,
  acknowledged: 0,
  reviewed: 0,
  outcomes: { justified: 0, 'misuse-suspected': 0, 'false-positive': 0 },
});

async function tableExists(q: Queryable, name: string): Promise<boolean> {
  return (await q.query<{ t: unknown }>('SELECT to_regclass($1) AS t', [name])).rows[0]?.t != null;
}

export async function monthlyReport(deps: ArchiveDeps, identity: Identity, month: string): Promise<MonthlyReport> {
  const period = finnishMonth(month);
  return inLoggedTransaction(deps, async (tx) => {
    const rk = await authoriseLogControl(tx, deps, identity, 'monthly-report', { month });
    const byRule = Object.fromEntries(MONITOR_RULES.map((r) => [r, emptyRule()])) as Record<MonitorRule, RuleCount>;
    const alerts = { total: 0, open: 0, acknowledged: 0, reviewed: 0, byRule };
    const counts = await tx.query<{
      rule: MonitorRule;
      status: 'open' | 'acknowledged' | 'reviewed';
      outcome: ReviewOutcome | null;
      n: number;
    }>(
      `SELECT rule, status, outcome, count(*) AS n FROM log_alert WHERE register_keeper_oid = $1 AND window_start >= $2 AND window_start < $3
       GROUP BY rule, status, outcome`,
      [rk, period.from, period.to],
    );
    for (const c of counts.rows) {
      const n = Number(c.n);
      const r = byRule[c.rule] ?? (byRule[c.rule] = emptyRule());
      r.total += n;
      r[c.status] += n;
      if (c.outcome) r.outcomes[c.outcome] += n;
      alerts.total += n;
      alerts[c.status] += n;
    }

    const inMonth = `register_keeper_oid = $1 AND logged_at >= $2 AND logged_at < $3`;
    const params = [rk, period.from, period.to];
    const u = (
      await tx.query<{ total: number; users: number; clients: number; denied: number; sr_uses: number }>(
        `SELECT count(*) AS total,
         count(DISTINCT user_id) FILTER (WHERE client_key <> '' AND action <> 'read-usage-log') AS users,
         count(DISTINCT client_key) FILTER (WHERE client_key <> '' AND action <> 'read-usage-log' AND outcome = 'success') AS clients,
         count(*) FILTER (WHERE outcome = 'denied') AS denied,
         count(*) FILTER (WHERE outcome = 'success' AND (detail->'flags' ? 'special-reason' OR rule LIKE 'special-reason%')
           AND action NOT IN ('state-special-reason', 'special-reason-comment', 'read-usage-log')) AS sr_uses
       FROM usage_log WHERE ${inMonth}`,
        params,
      )
    ).rows[0]!;
    const grants = (
      await tx.query<{ grant_id: string }>(
        `SELECT DISTINCT detail->>'grantId' AS grant_id FROM usage_log WHERE ${inMonth} AND outcome = 'success' AND detail ? 'grantId'`,
        params,
      )
    ).rows.map((r) => r.grant_id);
    // The stated comment is the grant's first comment (migration 007); later ones were added afterwards.
    const commented =
      grants.length > 0 && (await tableExists(tx, 'special_reason_comment'))
        ? Number(
            (
              await tx.query<{ n: number }>(
                `SELECT count(DISTINCT grant_id) AS n FROM special_reason_comment WHERE register_keeper_oid = $1 AND grant_id = ANY($2::text[]) AND seq > 1`,
                [rk, grants],
              )
            ).rows[0]!.n,
          )
        : 0;
    const cursor = (
      await tx.query<{ last_id: number; last_run_at: string | null }>(
        `SELECT last_id, to_char(last_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_run_at FROM log_monitor_cursor WHERE register_keeper_oid = $1`,
        [rk],
      )
    ).rows[0];
    const lastId = Number(cursor?.last_id ?? 0);
    const unevaluated = Number(
      (await tx.query<{ n: number }>(`SELECT count(*) AS n FROM usage_log WHERE ${inMonth} AND id > $4`, [...params, lastId])).rows[0]!.n,
    );
    const chain = await verifyUsageLog(tx, { registerKeeperOid: rk });
    const sr = byRule['special-reason'];
    return {
      registerKeeperOid: rk,
      month,
      period: { from: period.from, to: period.to },
      generatedAt: deps.now().toISOString(),
      alerts,
      specialReason: {
        uses: Number(u.sr_uses),
        grants: grants.length,
        grantsWithLaterComments: commented,
        alertsReviewed: sr.reviewed,
        alertsOpen: sr.open + sr.acknowledged,
      },
      deniedAttempts: Number(u.denied),
      uses: { total: Number(u.total), users: Number(u.users), clients: Number(u.clients) },
      monitor: { cursor: lastId, lastRunAt: cursor?.last_run_at ?? null, unevaluatedRows: unevaluated },
      usageLogChain: {
        ok: chain.breaks.length === 0,
        verifiedRows: chain.verifiedRows,
        partitions: chain.partitions,
        preChainRows: chain.preChainRows,
        breaks: chain.breaks.length,
        firstBreaks: chain.breaks
          .slice(0, 10)
          .map((b) => `${b.clientKey ?? ''} ${b.kind}${b.id !== null ? ` at row ${b.id}` : ''}: ${b.message}`),
      },
    };
  });
}
