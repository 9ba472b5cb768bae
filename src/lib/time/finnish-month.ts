import { ArkkiError } from '../errors.ts';
import { finnishDayStart } from './finnish-clock.ts';

// A calendar month in Finland as UTC instants [from, to): November 2026 starts at 2026-10-31T22:00Z.

export interface FinnishMonth {
  month: string;
  from: string;
  to: string;
}

export function finnishMonth(month: string, field = 'month'): FinnishMonth {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new ArkkiError('invalid', [{ field, rule: 'month', message: `${field} '${month}' must be YYYY-MM` }]);
  const y = Number(m[1]);
  const n = Number(m[2]);
  const next = n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
  return { month, from: finnishDayStart(`${month}-01`), to: finnishDayStart(`${next}-01`) };
}
