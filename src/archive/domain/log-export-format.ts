// Rows of an export as CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line
// break) or as JSON. JSON carries the values exactly as logged (the evidence). CSV is opened in
// spreadsheets, and names, purposes and comments come from users: a text a spreadsheet would run as a
// formula gets a leading apostrophe there (OWASP's CSV-injection advice), so reading an export never runs
// what a logged user typed.

export interface ExportColumn<T> {
  name: string;
  value: (row: T) => unknown;
}

/** Characters that make a spreadsheet cell a formula (or a DDE call) when they start it. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: unknown): string {
  const text = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const s = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvHeader<T>(columns: readonly ExportColumn<T>[]): string {
  return `${columns.map((c) => csvField(c.name)).join(',')}\r\n`;
}

export function csvLines<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): string {
  return rows.map((r) => `${columns.map((c) => csvField(c.value(r))).join(',')}\r\n`).join('');
}

export function jsonRecord<T>(columns: readonly ExportColumn<T>[], row: T): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c.name, c.value(row) ?? null]));
}
