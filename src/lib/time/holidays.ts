import { plusDays, weekdayOf } from './finnish-clock.ts';

// Finnish public holidays, the fixed ones and the moving ones (Easter, Ascension, Whitsun, Midsummer, All
// Saints') — and the two customary days off (Midsummer Eve, Christmas Eve): not statutory, but days off in
// practically every collective agreement and in public administration, so no working day either.

export type HolidayKind = 'statutory' | 'customary';

export interface Holiday {
  day: string;
  name_fi: string;
  name_sv: string;
  kind: HolidayKind;
}

/** Easter Sunday (Gregorian, anonymous algorithm) as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first day with the given weekday (1 = Monday … 7 = Sunday) on or after y-m-d. */
function weekdayOnOrAfter(y: number, m: number, d: number, weekday: number): string {
  const start = iso(y, m, d);
  return plusDays(start, (weekday - weekdayOf(start) + 7) % 7);
}

const cache = new Map<number, ReadonlyMap<string, Holiday>>();

/** The holidays of a year by day. Midsummer is the Saturday of 20–26 June; All Saints' the Saturday of 31 Oct – 6 Nov. */
export function finnishHolidays(year: number): ReadonlyMap<string, Holiday> {
  const hit = cache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const rows: Array<[string, string, string, HolidayKind]> = [
    [iso(year, 1, 1), 'uudenvuodenpäivä', 'nyårsdagen', 'statutory'],
    [iso(year, 1, 6), 'loppiainen', 'trettondagen', 'statutory'],
    [plusDays(easter, -2), 'pitkäperjantai', 'långfredagen', 'statutory'],
    [easter, 'pääsiäispäivä', 'påskdagen', 'statutory'],
    [plusDays(easter, 1), '2. pääsiäispäivä', 'annandag påsk', 'statutory'],
    [iso(year, 5, 1), 'vappu', 'första maj', 'statutory'],
    [plusDays(easter, 39), 'helatorstai', 'Kristi himmelsfärdsdag', 'statutory'],
    [plusDays(easter, 49), 'helluntaipäivä', 'pingstdagen', 'statutory'],
    [weekdayOnOrAfter(year, 6, 19, 5), 'juhannusaatto', 'midsommarafton', 'customary'],
    [weekdayOnOrAfter(year, 6, 20, 6), 'juhannuspäivä', 'midsommardagen', 'statutory'],
    [weekdayOnOrAfter(year, 10, 31, 6), 'pyhäinpäivä', 'alla helgons dag', 'statutory'],
    [iso(year, 12, 6), 'itsenäisyyspäivä', 'självständighetsdagen', 'statutory'],
    [iso(year, 12, 24), 'jouluaatto', 'julafton', 'customary'],
    [iso(year, 12, 25), 'joulupäivä', 'juldagen', 'statutory'],
    [iso(year, 12, 26), 'tapaninpäivä', 'annandag jul', 'statutory'],
  ];
  const days = new Map(rows.map(([day, name_fi, name_sv, kind]) => [day, { day, name_fi, name_sv, kind }]));
  cache.set(year, days);
  return days;
}

export function holidayOn(day: string): Holiday | undefined {
  return finnishHolidays(Number(day.slice(0, 4))).get(day);
}

/** Monday to Friday and neither a public holiday nor a customary day off. */
export function isWorkingDay(day: string): boolean {
  return weekdayOf(day) <= 5 && !holidayOn(day);
}

/**
 * The n-th working day after `day` (n ≥ 1): "within two working days" of a Friday test is the Tuesday after.
 * The day itself never counts, whether or not it is a working day.
 */
export function addWorkingDays(day: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  let d = day;
  for (let left = n; left > 0; ) {
    d = plusDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
