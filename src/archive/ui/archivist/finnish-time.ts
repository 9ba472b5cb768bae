import { finnishDay } from '../../domain/finnish-day.ts';

// People using the UIs mean Finnish calendar days; the archive keeps instants in UTC.

/** The UTC instant at which the Finnish calendar day `day` (YYYY-MM-DD) begins (UTC+2, or +3 in summer). */
export function finnishDayStart(day: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  for (const offsetHours of [2, 3]) {
    const candidate = new Date(midnightUtc - offsetHours * 3_600_000);
    if (finnishDay(candidate.toISOString()) === day && finnishDay(new Date(candidate.getTime() - 1).toISOString()) !== day)
      return candidate.toISOString();
  }
  return new Date(midnightUtc - 2 * 3_600_000).toISOString();
}
