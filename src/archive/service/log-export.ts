import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { csvHeader, csvLines, jsonRecord, type ExportColumn } from '../domain/log-export-format.ts';
import { disclosureIdBefore, disclosurePage, maxDisclosureId, type DisclosureRow } from '../store/disclosure-read-store.ts';
import type { UsageRow } from '../domain/usage-row.ts';
import { maxUsageId, usageIdBefore, usagePage, type UsagePageFilter } from '../store/usage-read-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { finnishDayStart, finnishMonth } from '../../lib/time/index.ts';
import { authoriseLogControl } from './log-alerts.ts';
import { inLoggedTransaction } from './read-documents.ts';

// Exports of a register keeper's usage log or disclosure log for its log controller (issue 5 item 5), for a
// period, a client and/or a user, as CSV or JSON. Opening an export checks access and logs it (with the
// filter) in one transaction; the rows then stream a page at a time in id order, cut at the highest id that
// existed when the export was opened, so a month of log never sits in memory and the file is one consistent cut.

export type LogKind = 'usage' | 'disclosure';
export type ExportFormat = 'csv' | 'json';

export interface LogExportQuery {
  log?: string;
  format?: string;
  /** YYYY-MM (Finnish month); or from/to. */
  month?: string;
  /** Inclusive; YYYY-MM-DD (Finnish day start) or an ISO instant. */
  from?: string;
  /** Exclusive. */
  to?: string;
  clientKey?: string;
  userId?: string;
}

export interface LogExport {
  log: LogKind;
  format: ExportFormat;
  contentType: string;
  fileName: string;
  /** Rows logged after opening are not included. */
  chunks: AsyncIterable<string>;
}

export const USAGE_EXPORT_COLUMNS: readonly ExportColumn<UsageRow>[] = [
  { name: 'id', value: (r) => r.id },
  { name: 'logged_at', value: (r) => r.at },
  { name: 'register_keeper_oid', value: (r) => r.registerKeeperOid },
  { name: 'client_key', value: (r) => r.clientKey },
  { name: 'user_id', value: (r) => r.userId },
  { name: 'user_name', value: (r) => r.userName },
  { name: 'professional_id', value: (r) => r.professionalId },
  { name: 'organisation_oid', value: (r) => r.organisationOid },
  { name: 'system_id', value: (r) => r.systemId },
  { name: 'role', value: (r) => r.role },
  { name: 'action', value: (r) => r.action },
  { name: 'outcome', value: (r) => r.outcome },
  { name: 'rule', value: (r) => r.rule },
  { name: 'flags', value: (r) => (Array.isArray(r.detail.flags) ? r.detail.flags : []) },
  { name: 'document_ids', value: (r) => r.documentIds },
  { name: 'purpose', value: (r) => r.purpose },
  { name: 'detail', value: (r) => r.detail },
];

export const DISCLOSURE_EXPORT_COLUMNS: readonly ExportColumn<DisclosureRow>[] = [
  { name: 'id', value: (r) => r.id },
  { name: 'disclosed_at', value: (r) => r.disclosedAt },
  { name: 'register_keeper_oid', value: (r) => r.registerKeeperOid },
  { name: 'client_key', value: (r) => r.clientKey },
  { name: 'recipient_organisation_oid', value: (r) => r.recipientOrganisationOid },
  { name: 'recipient_register_keeper_oid', value: (r) => r.recipientRegisterKeeperOid },
  { name: 'user_id', value: (r) => r.userId },
  { name: 'user_name', value: (r) => r.userName },
  { name: 'professional_id', value: (r) => r.professionalId },
  { name: 'system_id', value: (r) => r.systemId },
  { name: 'action', value: (r) => r.action },
  { name: 'document_ids', value: (r) => r.documentIds },
  { name: 'basis_kind', value: (r) => r.basisKind },
  { name: 'basis_id', value: (r) => r.basisId },
];

function instant(field: string, v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v);
  if (!(day || /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(v)) || Number.isNaN(Date.parse(day ? `${v}T12:00:00Z` : v))) {
    throw new ArkkiError('invalid', [
      { field, rule: 'date', message: `${field} '${v}' must be YYYY-MM-DD (a Finnish day) or an ISO 8601 instant with a zone` },
    ]);
  }
  return day ? finnishDayStart(v) : new Date(v).toISOString();
}

function oneOf<T extends string>(field: string, v: string | undefined, allowed: readonly T[], dflt: T): T {
  if (v === undefined || v === '') return dflt;
  if (!allowed.includes(v as T))
    throw new ArkkiError('invalid', [{ field, rule: 'code', message: `${field} '${v}' must be one of ${allowed.join(', ')}` }]);
  return v as T;
}

export async function openLogExport(
  deps: ArchiveDeps,
  identity: Identity,
  query: LogExportQuery,
  options: { pageSize?: number } = {},
): Promise<LogExport> {
  const log = oneOf<LogKind>('log', query.log, ['usage', 'disclosure'], 'usage');
  const format = oneOf<ExportFormat>('format', query.format, ['csv', 'json'], 'csv');
  if (query.month && (query.from || query.to))
    throw new ArkkiError('invalid', [{ field: 'month', rule: 'exclusive', message: 'give either month or from/to, not both' }]);
  const period = query.month ? finnishMonth(query.month) : { from: instant('from', query.from), to: instant('to', query.to) };
  const filter: Omit<UsagePageFilter, 'registerKeeperOid'> = {
    ...(period.from ? { from: period.from } : {}),
    ...(period.to ? { to: period.to } : {}),
    ...(query.clientKey ? { clientKey: query.clientKey } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
  };
  const pageSize = options.pageSize ?? 1000;
  const { registerKeeperOid, maxId, startAfter } = await inLoggedTransaction(deps, async (tx) => {
    const rk = await authoriseLogControl(tx, deps, identity, 'export', { log, format, ...filter });
    const maxId = log === 'usage' ? await maxUsageId(tx) : await maxDisclosureId(tx);
    // Ids follow time closely but not exactly, so the start is the first id of the period, not a guess.
    const startAfter = !filter.from
      ? 0
      : log === 'usage'
        ? await usageIdBefore(tx, rk, filter.from)
        : await disclosureIdBefore(tx, rk, filter.from);
    return { registerKeeperOid: rk, maxId, startAfter };
  });
  const f: UsagePageFilter = { registerKeeperOid, ...filter };
  const exportedAt = deps.now().toISOString();
  async function* pages<T extends { id: number }>(read: (after: number) => Promise<T[]>): AsyncGenerator<T[]> {
    let after = startAfter;
    for (;;) {
      const page = await read(after);
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.id;
    }
  }
  async function* render<T extends { id: number }>(
    columns: readonly ExportColumn<T>[],
    read: (after: number) => Promise<T[]>,
  ): AsyncGenerator<string> {
    if (format === 'csv') {
      yield csvHeader(columns);
      for await (const page of pages(read)) yield csvLines(columns, page);
      return;
    }
    yield `{"log":${JSON.stringify(log)},"registerKeeperOid":${JSON.stringify(registerKeeperOid)},"exportedAt":${JSON.stringify(exportedAt)},"filter":${JSON.stringify(filter)},"rows":[`;
    let first = true;
    for await (const page of pages(read)) {
      yield page
        .map((r) => {
          const s = `${first ? '' : ','}\n${JSON.stringify(jsonRecord(columns, r))}`;
          first = false;
          return s;
        })
        .join('');
    }
    yield '\n]}\n';
  }
  const chunks =
    log === 'usage'
      ? render(USAGE_EXPORT_COLUMNS, (after) => usagePage(deps.db, f, after, maxId, pageSize))
      : render(DISCLOSURE_EXPORT_COLUMNS, (after) => disclosurePage(deps.db, f, after, maxId, pageSize));
  const stamp = (filter.from ?? 'start').slice(0, 10);
  return {
    log,
    format,
    chunks,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    fileName: `${log}-log-${registerKeeperOid}-${query.month ?? stamp}.${format}`,
  };
}
