import { finnishDay } from '../../domain/finnish-day.ts';

// People using the UIs mean Finnish calendar days and clock times; the archive keeps instants in UTC.

/** The UTC instant at which the Finnish calendar day `day` (YYYY-MM-DD) begins (UTC+2, or +3 in summer). */
export function finnishDayStart(day: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  for (const offsetHours of [2, 3]) {
    const candidate = new Date(midnightUtc - offsetHours * 3_600_000);
    if (finnishDay(candidate.toISOString()) === day && finnishDay(new Date(candidate.getTime() - 1).toISOString()) !== day) return candidate.toISOString();
  }
  return new Date(midnightUtc - 2 * 3_600_000).toISOString();
}

const LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

/** A timestamp as a Finnish-time date and clock time in the reader's language. */
export function formatDateTime(iso: string | null | undefined, lang: keyof typeof LOCALES): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'short' }).format(d);
}

/** A calendar day (YYYY-MM-DD) or the Finnish day of a timestamp, in the reader's date format. */
export function formatDay(value: string | null | undefined, lang: keyof typeof LOCALES): string {
  if (!value) return '';
  const day = finnishDay(value);
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', dateStyle: 'short' }).format(d);
}
