import type { MonthlyReport } from '../service/monthly-report.ts';
import type { IssuedEntry } from '../../lib/pki/index.ts';

// What `arkki pki list` and `arkki monitor report` print for a person at a terminal: a header and aligned
// columns, names beside OIDs. Scripts take `monitor report --json`.

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const commonName = (subject: string) => /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1] ?? subject;

/**
 * The issued certificates. Client systems of different organisations may share a name (the demo's two are
 * both arkki-client): the organisation, by name where the organisation register knows it, tells them apart.
 */
export function pkiListTable(entries: IssuedEntry[], organisationName: (oid: string) => string | undefined): string {
  const rows = entries.map((e) => {
    const org = e.organisationOid ? [organisationName(e.organisationOid), `(${e.organisationOid})`].filter(Boolean).join(' ') : '';
    return [e.serial, e.kind, e.revokedAt ? 'REVOKED' : 'valid', e.notAfter.slice(0, 10), commonName(e.subject), e.profile ?? '', org];
  });
  return table(['SERIAL', 'KIND', 'STATUS', 'VALID UNTIL', 'NAME', 'PROFILE', 'ORGANISATION'], rows);
}

/** The monthly self-monitoring report as a person reads it on a terminal. */
export function monthlyReportText(r: MonthlyReport): string {
  const rules = Object.entries(r.alerts.byRule).map(([rule, c]) => [rule, String(c.total), String(c.open), String(c.reviewed)]);
  return [
    `Self-monitoring report ${r.month} — register keeper ${r.registerKeeperOid}`,
    `period ${r.period.from} – ${r.period.to}, generated ${r.generatedAt}`,
    '',
    'Alerts',
    table(
      ['RULE', 'TOTAL', 'OPEN', 'REVIEWED'],
      [...rules, ['all', String(r.alerts.total), String(r.alerts.open), String(r.alerts.reviewed)]],
    ),
    '',
    `Uses of client data   ${r.uses.total} by ${r.uses.users} users, ${r.uses.clients} clients`,
    `Denied attempts       ${r.deniedAttempts}`,
    `Special reasons       ${r.specialReason.grants} stated, ${r.specialReason.uses} uses, ${r.specialReason.grantsWithLaterComments} commented later`,
    `Usage-log hash chain  ${r.usageLogChain.ok ? 'intact' : `BROKEN (${r.usageLogChain.breaks} breaks: ${r.usageLogChain.firstBreaks.join(', ')})`}, ${r.usageLogChain.verifiedRows} rows verified`,
    `Monitor               read up to row ${r.monitor.cursor}${r.monitor.lastRunAt ? ` (last run ${r.monitor.lastRunAt})` : ''}, ${r.monitor.unevaluatedRows} rows not yet evaluated`,
  ].join('\n');
}
