// Dates in the national registers (organisation validity, retention periods) are Finnish calendar days,
// while archived timestamps are instants kept in UTC: 00:30 in Helsinki on 1 January is still 31 December in UTC.

const HELSINKI = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) in Finland of an ISO 8601 timestamp; a plain date is returned as is. */
export function finnishDay(timestamp: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(timestamp)) return timestamp;
  const parts = Object.fromEntries(HELSINKI.formatToParts(new Date(timestamp)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
