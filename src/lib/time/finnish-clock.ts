// The Finnish clock: people, registers and regulations count in Finnish calendar days and local time
// (Europe/Helsinki, UTC+2, summer UTC+3), while arkki keeps instants in UTC. Every conversion goes through here.

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface FinnishTime {
  /** YYYY-MM-DD in Finland. */
  day: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

function parts(t: number): Record<string, string> {
  return Object.fromEntries(CLOCK.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
}

/** Finnish wall-clock time of an instant. */
export function finnishTime(instant: string | Date): FinnishTime {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) throw new TypeError(`finnishTime: invalid instant ${JSON.stringify(instant)}`);
  const p = parts(t);
  return { day: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAY[p.weekday!]!, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

/** The calendar day (YYYY-MM-DD) in Finland of an ISO 8601 timestamp; a plain date is returned as it is. */
export function finnishDay(timestamp: string | Date): string {
  if (typeof timestamp === 'string' && ISO_DAY.test(timestamp)) return timestamp;
  return finnishTime(timestamp).day;
}

/** Helsinki wall-clock time of an instant, read as if it were UTC (so a difference gives the offset). */
function wallClockAsUtc(t: number): number {
  const p = parts(t);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The instant when it is `hour`:00 in Helsinki on the Finnish calendar day `day` (hour 24 = the next midnight). */
export function helsinkiInstant(day: string, hour = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, hour);
  let t = wanted - 2 * 3_600_000;
  // Two corrections settle the offset even across a daylight-saving change.
  for (let i = 0; i < 2; i++) t += wanted - wallClockAsUtc(t);
  return new Date(t);
}

/** The start of a Finnish calendar day (YYYY-MM-DD) as a UTC instant (ISO string). */
export function finnishDayStart(day: string): string {
  return helsinkiInstant(day, 0).toISOString();
}

/** A calendar day n days after (or before, n < 0) the given one. */
export function plusDays(day: string, n: number): string {
  const t = new Date(`${day}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday of a calendar day. */
export function weekdayOf(day: string): number {
  return ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}
