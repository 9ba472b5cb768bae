import { issue, type Issue } from '../../lib/errors.ts';
import { finnishDay, helsinkiInstant } from '../../lib/time/finnish-clock.ts';

// Special reason (asiayhteys, domain README §6): how long a stated reason gives access, how long its log
// entry takes comments (one week in the Vaasa pilot, seed 000), and what a statement must contain.

/** Default end of the working day for a stated reason (config ARKKI_SPECIAL_REASON_END_HOUR). */
export const DEFAULT_SPECIAL_REASON_END_HOUR = 16;
export const COMMENT_DAYS = 7;
export const MAX_COMMENT_LENGTH = 2000;

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
