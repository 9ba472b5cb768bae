import { ArkkiError } from '../../lib/errors.ts';
import { finnishTime } from '../domain/log-monitoring-calendar.ts';

// A calendar month in Finland as UTC instants [from, to): November 2026 starts at 2026-10-31T22:00Z.

/** The start of a Finnish calendar day (YYYY-MM-DD) as a UTC instant. */
export function finnishDayStart(day: string): string {
  for (const offset of [2, 3]) {
    const candidate = new Date(Date.parse(`${day}T00:00:00Z`) - offset * 3_600_000).toISOString();
    const t = finnishTime(candidate);
    if (t.day === day && t.minutes === 0) return candidate;
  }
  throw new Error(`no local midnight found for ${day}`);
}

export function finnishMonth(month: string, field = 'month'): { month: string; from: string; to: string } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new ArkkiError('invalid', [{ field, rule: 'month', message: `${field} '${month}' must be YYYY-MM` }]);
  const y = Number(m[1]);
  const n = Number(m[2]);
  const next = n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
  return { month, from: finnishDayStart(`${month}-01`), to: finnishDayStart(`${next}-01`) };
}
