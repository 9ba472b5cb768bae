// Working time for log monitoring: Finnish local time (Europe/Helsinki, with summer time), weekends and
// Finnish public holidays. Midsummer Eve and Christmas Eve are not statutory holidays but are days off in
// practically every collective agreement, so access on them is treated as outside working hours as well.

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface FinnishTime {
  /** YYYY-MM-DD in Finland. */
  day: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

// Formatting in a time zone costs tens of microseconds, and the monitor asks for every row of a busy log
// (several times): the answer depends only on the UTC minute (Finnish offsets are whole hours), so it is
// remembered per minute.
const byMinute = new Map<number, FinnishTime>();

export function finnishTime(instant: string): FinnishTime {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new TypeError(`finnishTime: invalid instant ${JSON.stringify(instant)}`);
  const minute = Math.floor(ms / 60_000);
  const hit = byMinute.get(minute);
  if (hit) return hit;
  const p = Object.fromEntries(PARTS.formatToParts(new Date(minute * 60_000)).map((x) => [x.type, x.value]));
  const t = { day: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAY[p.weekday!]!, minutes: Number(p.hour) * 60 + Number(p.minute) };
  if (byMinute.size >= 100_000) byMinute.clear();
  byMinute.set(minute, t);
  return t;
}

/** Easter Sunday (Gregorian, anonymous algorithm) as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19,
    b = Math.floor(year / 100),
    c = year % 100,
    d = Math.floor(b / 4),
    e = b % 4;
  const f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4),
    k = c % 4,
    l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function plusDays(day: string, n: number): string {
  const t = new Date(`${day}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
/** The first given weekday (0 = Sunday … 6 = Saturday, as Date.getUTCDay) on or after y-m-d. */
function weekdayOnOrAfter(y: number, m: number, d: number, weekday: number): string {
  const t = new Date(Date.UTC(y, m - 1, d, 12));
  while (t.getUTCDay() !== weekday) t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

const cache = new Map<number, Map<string, string>>();

/** Finnish public holidays (and the two customary days off) of a year: day → Finnish name. */
export function finnishHolidays(year: number): ReadonlyMap<string, string> {
  const hit = cache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const days = new Map<string, string>([
    [iso(year, 1, 1), 'uudenvuodenpäivä'],
    [iso(year, 1, 6), 'loppiainen'],
    [plusDays(easter, -2), 'pitkäperjantai'],
    [easter, 'pääsiäispäivä'],
    [plusDays(easter, 1), '2. pääsiäispäivä'],
    [iso(year, 5, 1), 'vappu'],
    [plusDays(easter, 39), 'helatorstai'],
    [plusDays(easter, 49), 'helluntaipäivä'],
    [weekdayOnOrAfter(year, 6, 19, 5), 'juhannusaatto'],
    [weekdayOnOrAfter(year, 6, 20, 6), 'juhannuspäivä'],
    [weekdayOnOrAfter(year, 10, 31, 6), 'pyhäinpäivä'],
    [iso(year, 12, 6), 'itsenäisyyspäivä'],
    [iso(year, 12, 24), 'jouluaatto'],
    [iso(year, 12, 25), 'joulupäivä'],
    [iso(year, 12, 26), 'tapaninpäivä'],
  ]);
  cache.set(year, days);
  return days;
}

export interface WorkingHours {
  /** Local start and end, 'HH:MM'; a use at start counts as inside, at end as outside. */
  start: string;
  end: string;
  /** Working weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
}

export type OffHours = { kind: 'holiday'; name: string } | { kind: 'weekend' } | { kind: 'evening-or-night' };

function minutesOf(field: string, hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new TypeError(`working hours: ${field} must be HH:MM, got ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Why the instant is outside working hours in Finland, or null when it is inside them. */
export function offHours(instant: string, hours: WorkingHours): OffHours | null {
  const t = finnishTime(instant);
  const holiday = finnishHolidays(Number(t.day.slice(0, 4))).get(t.day);
  if (holiday) return { kind: 'holiday', name: holiday };
  if (!hours.weekdays.includes(t.weekday)) return { kind: 'weekend' };
  if (t.minutes < minutesOf('start', hours.start) || t.minutes >= minutesOf('end', hours.end)) return { kind: 'evening-or-night' };
  return null;
}
