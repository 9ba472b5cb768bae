// Dates and times as people in Finland read them: always Finnish local time, whatever offset a value was
// written with. Formatters are built once per language (Intl formatters are costly to create).

export type DisplayLang = 'fi' | 'sv' | 'en';

const LOCALE: Record<DisplayLang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
const dateOnly = new Map<DisplayLang, Intl.DateTimeFormat>();
const dateTime = new Map<DisplayLang, Intl.DateTimeFormat>();

function formatter(cache: Map<DisplayLang, Intl.DateTimeFormat>, lang: DisplayLang, withTime: boolean): Intl.DateTimeFormat {
  let f = cache.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], {
      timeZone: 'Europe/Helsinki',
      dateStyle: 'short',
      ...(withTime ? { timeStyle: 'short' } : {}),
    });
    cache.set(lang, f);
  }
  return f;
}

/** A date (or date and time) in the user's language and Finnish time, e.g. fi `1.12.2026 klo 13.45`. */
export function formatInstant(value: Date | string | null | undefined, lang: DisplayLang, withTime = false): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  return formatter(withTime ? dateTime : dateOnly, lang, withTime).format(d);
}

const numericParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Day, month, year, hour and minute of an instant on the Finnish clock, as numbers and a zero-padded minute. */
export function finnishClockParts(t: number): { day: number; month: number; year: number; hour: number; minute: string } {
  const p = Object.fromEntries(numericParts.formatToParts(t).map((x) => [x.type, x.value]));
  return { day: Number(p.day), month: Number(p.month), year: Number(p.year), hour: Number(p.hour), minute: p.minute! };
}
