// The archiving monitoring figures (seed 001: the 8–12 weeks after go-live): per Finnish day how many
// sends, acceptances, refusals and retries the load queue made and how many items were left waiting, and
// the same by document type, service unit and professional. Pure: the rows come counted from the store.

export interface Counted {
  /** The Finnish calendar day (YYYY-MM-DD) the transitions happened on. */
  day: string;
  to: 'waiting' | 'sending' | 'archived' | 'refused' | 'retry-wait';
  /** `fixed` when a person put a refused item back; absent on enqueue. */
  event?: string;
  documentType: string;
  serviceUnit: string;
  author: string;
  count: number;
}

export interface Figures {
  /** Send attempts (each claim, the first and every retry). */
  sent: number;
  accepted: number;
  refused: number;
  /** Attempts that failed retryably (archive down, 5xx, 429) and were put back to wait. */
  retried: number;
  /** Items newly queued (or fixed and queued again). */
  queued: number;
}

export interface DayFigures extends Figures {
  day: string;
  /** Items left not archived nor refused at the end of the day. */
  waiting: number;
}

export type Dimension = 'documentType' | 'serviceUnit' | 'author';

export interface MonitoringReport {
  days: DayFigures[];
  by: Record<Dimension, Array<Figures & { key: string; waiting: number }>>;
  totals: Figures & { waiting: number };
}

const zero = (): Figures => ({ sent: 0, accepted: 0, refused: 0, retried: 0, queued: 0 });

function add(f: Figures, c: Counted): void {
  if (c.to === 'sending') f.sent += c.count;
  else if (c.to === 'archived') f.accepted += c.count;
  else if (c.to === 'refused') f.refused += c.count;
  else if (c.to === 'retry-wait') f.retried += c.count;
  else if (c.to === 'waiting') f.queued += c.count;
}

/**
 * `days` lists every day of the range in order (days without traffic get zeros); `waitingBefore` is what
 * was waiting when the range began, `waitingNow` the current waiting items per dimension key.
 */
export function monitoringReport(
  rows: Counted[],
  days: string[],
  waitingBefore: number,
  waitingNow: Array<Omit<Counted, 'day' | 'to' | 'event'>>,
): MonitoringReport {
  const perDay = new Map(days.map((d) => [d, zero()]));
  const dims: Dimension[] = ['documentType', 'serviceUnit', 'author'];
  const by = Object.fromEntries(dims.map((d) => [d, new Map<string, Figures & { key: string; waiting: number }>()])) as Record<
    Dimension,
    Map<string, Figures & { key: string; waiting: number }>
  >;
  const entry = (d: Dimension, key: string) => {
    let e = by[d].get(key);
    if (!e) by[d].set(key, (e = { key, ...zero(), waiting: 0 }));
    return e;
  };
  const totals = { ...zero(), waiting: 0 };
  for (const r of rows) {
    const f = perDay.get(r.day);
    if (!f) continue;
    add(f, r);
    add(totals, r);
    for (const d of dims) add(entry(d, r[d]), r);
  }
  for (const w of waitingNow) {
    for (const d of dims) entry(d, w[d]).waiting += w.count;
    totals.waiting += w.count;
  }
  let waiting = waitingBefore;
  const out: DayFigures[] = days.map((day) => {
    const f = perDay.get(day)!;
    waiting = Math.max(0, waiting + f.queued - f.accepted - f.refused);
    return { day, ...f, waiting };
  });
  const sorted = (d: Dimension) =>
    [...by[d].values()].sort((a, b) => b.sent + b.waiting - (a.sent + a.waiting) || a.key.localeCompare(b.key));
  return { days: out, by: { documentType: sorted('documentType'), serviceUnit: sorted('serviceUnit'), author: sorted('author') }, totals };
}
