// Dates as people in Finland type them: 1.12.2026 (Finnish and Swedish, with or without leading zeros and a
// trailing dot) as well as 2026-12-01. The forms keep what was typed; the services get ISO days.

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DOTTED_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$/;
const ISO_MONTH = /^(\d{4})-(\d{1,2})$/;
const DOTTED_MONTH = /^(\d{1,2})[./](\d{4})$/;

const pad = (n: number) => String(n).padStart(2, '0');

function realDay(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The ISO day (YYYY-MM-DD) of a typed date, or undefined when it is no real date in a known form. */
export function parseDay(text: string): string | undefined {
  const s = text.trim();
  const iso = ISO_DAY.exec(s);
  if (iso) return realDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dotted = DOTTED_DAY.exec(s);
  if (dotted) return realDay(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
  return undefined;
}

/** The ISO month (YYYY-MM) of a typed month: 2026-12, 12.2026 or 12/2026. */
export function parseMonth(text: string): string | undefined {
  const s = text.trim();
  const iso = ISO_MONTH.exec(s);
  const dotted = DOTTED_MONTH.exec(s);
  const [y, m] = iso ? [Number(iso[1]), Number(iso[2])] : dotted ? [Number(dotted[2]), Number(dotted[1])] : [0, 0];
  return y >= 1900 && m >= 1 && m <= 12 ? `${y}-${pad(m)}` : undefined;
}
