import { finnishTime, offHours, type WorkingHours } from '../../lib/time/index.ts';
import type { UsageEntry } from './usage-entry.ts';
import { flagsOf } from './citizen-use.ts';

// Log monitoring (lokivalvonta) rules over usage-log rows: pure functions, thresholds as data. The
// monitoring run (service/log-monitoring.ts) feeds them new rows plus the look-back the window rules
// need, and merges the drafts into stored alerts by key. A key is chosen so that evaluating the same rows
// again, in any batching, yields the same key: union-merging by key makes runs idempotent.

export type MonitorRule = 'special-reason' | 'own-data' | 'mass-access' | 'outside-hours' | 'turvakielto' | 'denied-attempts';
export const MONITOR_RULES: readonly MonitorRule[] = [
  'special-reason',
  'own-data',
  'mass-access',
  'outside-hours',
  'turvakielto',
  'denied-attempts',
];

export interface MonitorSettings {
  rules: readonly MonitorRule[];
  /** Alert when a user accesses more than maxClients distinct clients within windowMinutes. */
  massAccess: { maxClients: number; windowMinutes: number };
  /** Alert when a user is denied at least minCount times within windowMinutes. */
  deniedAttempts: { minCount: number; windowMinutes: number };
  workingHours: WorkingHours;
}

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
  rules: MONITOR_RULES,
  massAccess: { maxClients: 20, windowMinutes: 60 },
  deniedAttempts: { minCount: 5, windowMinutes: 10 },
  workingHours: { start: '07:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] },
};

/** Checks settings read from a file or the command line; names the field that is wrong. */
export function validateMonitorSettings(s: MonitorSettings): string[] {
  const errors: string[] = [];
  const positive = (field: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) errors.push(`${field} must be a whole number ≥ 1, got ${v}`);
  };
  positive('massAccess.maxClients', s.massAccess.maxClients);
  positive('massAccess.windowMinutes', s.massAccess.windowMinutes);
  positive('deniedAttempts.minCount', s.deniedAttempts.minCount);
  positive('deniedAttempts.windowMinutes', s.deniedAttempts.windowMinutes);
  for (const r of s.rules)
    if (!MONITOR_RULES.includes(r)) errors.push(`rules: unknown rule ${JSON.stringify(r)}; known: ${MONITOR_RULES.join(', ')}`);
  for (const f of ['start', 'end'] as const)
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.workingHours[f])) errors.push(`workingHours.${f} must be HH:MM`);
  if (s.workingHours.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    errors.push('workingHours.weekdays must be numbers 1 (Monday) … 7 (Sunday)');
  return errors;
}

export interface MonitoredUse extends UsageEntry {
  id: number;
}

/** What the rules know besides the log: staff members' own client keys, households and turvakielto. */
export interface MonitorFacts {
  /** `${organisationOid}|${professional id or user id}` → the staff member's own client key. */
  staffClients: ReadonlyMap<string, string>;
  /** Client key → household id (population data). */
  households: ReadonlyMap<string, string>;
  /** Clients with turvakielto in the population register now (the row's own flag counts as well). */
  turvakielto: ReadonlySet<string>;
}

export interface AlertDraft {
  key: string;
  rule: MonitorRule;
  registerKeeperOid: string;
  userId: string;
  userName: string;
  organisationOid: string;
  clientKeys: string[];
  windowStart: string;
  windowEnd: string;
  usageIds: number[];
  detail: Record<string, unknown>;
}

/** Uses of log or access administration, not of a client's data. */
const NOT_CLIENT_DATA = new Set(['read-usage-log', 'state-special-reason', 'special-reason-comment']);
const clientData = (u: MonitoredUse) => u.clientKey !== '' && !NOT_CLIENT_DATA.has(u.action);
/** A person at a keyboard: client systems' batches and citizens' own views are not monitored for these rules. */
const human = (u: MonitoredUse) => u.role !== 'system' && u.role !== 'citizen';

export function staffKey(organisationOid: string, staffId: string): string {
  return `${organisationOid}|${staffId}`;
}

function ownClientKey(u: MonitoredUse, facts: MonitorFacts): string | undefined {
  return (
    (u.professionalId ? facts.staffClients.get(staffKey(u.organisationOid, u.professionalId)) : undefined) ??
    facts.staffClients.get(staffKey(u.organisationOid, u.userId))
  );
}

function bucket(at: string, minutes: number): string {
  const ms = minutes * 60_000;
  return new Date(Math.floor(Date.parse(at) / ms) * ms).toISOString();
}

function draft(rule: MonitorRule, key: string, uses: MonitoredUse[], detail: Record<string, unknown> = {}): AlertDraft {
  const u = uses[0]!;
  const times = uses.map((x) => x.at).sort();
  return {
    key: `${rule}:${key}`,
    rule,
    registerKeeperOid: u.registerKeeperOid,
    userId: u.userId,
    userName: u.userName,
    organisationOid: u.organisationOid,
    clientKeys: [...new Set(uses.map((x) => x.clientKey).filter((c) => c !== ''))].sort(),
    windowStart: times[0]!,
    windowEnd: times[times.length - 1]!,
    usageIds: [...new Set(uses.map((x) => x.id))].sort((a, b) => a - b),
    detail,
  };
}

/** Union of two drafts with the same key (and of a stored alert with a new draft). */
export function mergeDrafts(a: AlertDraft, b: AlertDraft): AlertDraft {
  return {
    ...a,
    clientKeys: [...new Set([...a.clientKeys, ...b.clientKeys])].sort(),
    usageIds: [...new Set([...a.usageIds, ...b.usageIds])].sort((x, y) => x - y),
    windowStart: a.windowStart < b.windowStart ? a.windowStart : b.windowStart,
    windowEnd: a.windowEnd > b.windowEnd ? a.windowEnd : b.windowEnd,
    detail: mergeDetail(a.detail, b.detail),
  };
}

/** Detail that accumulates (the kinds of off-hours time, the largest counts) rather than keeping one side. */
function mergeDetail(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const d: Record<string, unknown> = { ...a, ...b };
  if (Array.isArray(a.kinds) && Array.isArray(b.kinds)) d.kinds = [...new Set([...a.kinds, ...b.kinds] as string[])].sort();
  for (const k of ['distinctClients', 'denied']) if (typeof a[k] === 'number' && typeof b[k] === 'number') d[k] = Math.max(a[k], b[k]);
  return d;
}

/**
 * Sliding window per user: for each candidate in `batch`, the qualifying uses of the same user in
 * (at − window, at]; `fires` says whether they make an alert. The key is the window-sized time bucket of
 * the triggering use, so one burst gives one alert (two when it straddles a bucket boundary).
 */
function windowRule(
  rule: MonitorRule,
  batch: MonitoredUse[],
  all: MonitoredUse[],
  qualifies: (u: MonitoredUse) => boolean,
  windowMinutes: number,
  fires: (inWindow: MonitoredUse[]) => boolean,
  detail: (inWindow: MonitoredUse[]) => Record<string, unknown>,
): AlertDraft[] {
  const byUser = new Map<string, MonitoredUse[]>();
  for (const u of all) if (qualifies(u)) (byUser.get(u.userId) ?? byUser.set(u.userId, []).get(u.userId)!).push(u);
  for (const list of byUser.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  const out: AlertDraft[] = [];
  const span = windowMinutes * 60_000;
  for (const c of batch) {
    if (!qualifies(c)) continue;
    const t = Date.parse(c.at);
    const inWindow = byUser.get(c.userId)!.filter((u) => {
      const x = Date.parse(u.at);
      return x > t - span && x <= t;
    });
    if (fires(inWindow)) out.push(draft(rule, `${c.userId}:${bucket(c.at, windowMinutes)}`, inWindow, detail(inWindow)));
  }
  return out;
}

/**
 * Evaluates the rules for `batch` (rows not yet evaluated or re-checked), using `lookback` (earlier rows of
 * the same users, at least the longest window back) for the window rules. Returns one draft per key.
 */
export function evaluateUses(
  batch: MonitoredUse[],
  lookback: MonitoredUse[],
  facts: MonitorFacts,
  settings: MonitorSettings = DEFAULT_MONITOR_SETTINGS,
): AlertDraft[] {
  const on = new Set(settings.rules);
  const drafts: AlertDraft[] = [];
  for (const u of batch) {
    if (u.role === 'citizen' || u.clientKey === '') continue;
    const flags = flagsOf(u.detail);
    const day = () => finnishTime(u.at).day;
    // The statement of a special reason and every use under it are one review item (per grant).
    const underReason = clientData(u) || u.action === 'state-special-reason';
    if (
      on.has('special-reason') &&
      underReason &&
      u.outcome === 'success' &&
      (flags.includes('special-reason') || u.rule.startsWith('special-reason'))
    ) {
      const grantId = typeof u.detail.grantId === 'string' ? u.detail.grantId : null;
      drafts.push(
        draft('special-reason', grantId ? `grant:${grantId}` : `row:${u.id}`, [u], { grantId, reasonCode: u.detail.reasonCode ?? null }),
      );
    }
    if (!clientData(u) || !human(u)) continue;
    if (on.has('own-data')) {
      const own = ownClientKey(u, facts);
      const household = own ? facts.households.get(own) : undefined;
      const relation =
        own === u.clientKey ? 'self' : household !== undefined && facts.households.get(u.clientKey) === household ? 'household' : null;
      if (relation) drafts.push(draft('own-data', `${u.userId}:${u.clientKey}:${day()}`, [u], { relation }));
    }
    if (u.outcome !== 'success') continue;
    if (on.has('outside-hours')) {
      const off = offHours(u.at, settings.workingHours);
      if (off)
        drafts.push(
          draft('outside-hours', `${u.userId}:${day()}`, [u], { kinds: [off.kind === 'holiday' ? `holiday ${off.name}` : off.kind] }),
        );
    }
    if (on.has('turvakielto') && (flags.includes('turvakielto') || facts.turvakielto.has(u.clientKey))) {
      drafts.push(draft('turvakielto', `${u.userId}:${u.clientKey}:${day()}`, [u]));
    }
  }
  const all = [...new Map([...lookback, ...batch].map((u) => [u.id, u])).values()];
  if (on.has('mass-access')) {
    const { maxClients, windowMinutes } = settings.massAccess;
    drafts.push(
      ...windowRule(
        'mass-access',
        batch,
        all,
        (u) => clientData(u) && human(u) && u.outcome === 'success',
        windowMinutes,
        (w) => new Set(w.map((u) => u.clientKey)).size > maxClients,
        (w) => ({ distinctClients: new Set(w.map((u) => u.clientKey)).size, maxClients, windowMinutes }),
      ),
    );
  }
  if (on.has('denied-attempts')) {
    const { minCount, windowMinutes } = settings.deniedAttempts;
    drafts.push(
      ...windowRule(
        'denied-attempts',
        batch,
        all,
        (u) => u.outcome === 'denied' && u.role !== 'citizen',
        windowMinutes,
        (w) => w.length >= minCount,
        (w) => ({ denied: w.length, minCount, windowMinutes, rules: [...new Set(w.map((u) => u.rule))].sort() }),
      ),
    );
  }
  const byKey = new Map<string, AlertDraft>();
  for (const d of drafts) {
    const prev = byKey.get(d.key);
    byKey.set(d.key, prev ? mergeDrafts(prev, d) : d);
  }
  return [...byKey.values()];
}

/** The longest look-back the window rules need, in minutes. */
export function lookbackMinutes(settings: MonitorSettings): number {
  return Math.max(settings.massAccess.windowMinutes, settings.deniedAttempts.windowMinutes);
}
