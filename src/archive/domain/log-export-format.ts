// Rows of an export as CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line
// break) or as JSON. Values are written as they are in the log: an export is evidence, not a report, so
// nothing is rewritten (spreadsheet users: see docs/log-monitoring.md on formulas).

export interface ExportColumn<T> { name: string; value: (row: T) => unknown }

export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
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
