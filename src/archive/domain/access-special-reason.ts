import { issue, type Issue } from '../../lib/errors.ts';
import { finnishDay } from './finnish-day.ts';

// Special reason (asiayhteys, domain README §6): how long a stated reason gives access, how long its log
// entry takes comments (one week in the Vaasa pilot, seed 000), and what a statement must contain.

export const COMMENT_DAYS = 7;
export const MAX_COMMENT_LENGTH = 2000;

const HELSINKI_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Helsinki wall-clock time of an instant, read as if it were UTC (so differences give the offset). */
function wallClockAsUtc(t: number): number {
  const p = Object.fromEntries(HELSINKI_CLOCK.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The instant when it is `hour`:00 in Helsinki on the Finnish calendar day `day` (hour 24 = next midnight). */
export function helsinkiInstant(day: string, hour: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, hour);
  let t = wanted - 2 * 3_600_000;
  // Two corrections settle the offset even across a daylight-saving change.
  for (let i = 0; i < 2; i++) t += wanted - wallClockAsUtc(t);
  return new Date(t);
}

/**
 * Until the end of the working day (endHour, Finnish time) of the day the reason was stated; a reason stated
 * at or after that hour lasts until the end of the calendar day, so evening on-call work is not cut off at once.
 */
export function specialReasonValidUntil(now: Date, endHour: number): Date {
  const day = finnishDay(now.toISOString());
  const end = helsinkiInstant(day, endHour);
  return end.getTime() > now.getTime() ? end : helsinkiInstant(day, 24);
}

export function commentableUntil(grantedAt: Date): Date {
  return new Date(grantedAt.getTime() + COMMENT_DAYS * 86_400_000);
}

export function checkComment(field: string, comment: unknown): Issue[] {
  if (typeof comment !== 'string' || comment.trim() === '')
    return [issue(field, 'required', 'a special reason needs a free-text comment saying why the data is needed')];
  if (comment.length > MAX_COMMENT_LENGTH)
    return [issue(field, 'max-length', `the comment may be at most ${MAX_COMMENT_LENGTH} characters, got ${comment.length}`)];
  return [];
}
