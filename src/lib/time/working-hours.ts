import { finnishTime } from './finnish-clock.ts';
import { holidayOn } from './holidays.ts';

export interface WorkingHours {
  /** Local start and end, 'HH:MM'; a moment at start counts as inside, at end as outside. */
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
  const holiday = holidayOn(t.day);
  if (holiday) return { kind: 'holiday', name: holiday.name_fi };
  if (!hours.weekdays.includes(t.weekday)) return { kind: 'weekend' };
  if (t.minutes < minutesOf('start', hours.start) || t.minutes >= minutesOf('end', hours.end)) return { kind: 'evening-or-night' };
  return null;
}
