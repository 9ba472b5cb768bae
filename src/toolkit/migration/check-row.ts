// The rules a legacy row must pass before anything of it goes to the archive. Pure: the row, the table and
// what was seen before in; the national values or the one reason for refusing it out. Files are checked
// by check-file.ts (I/O).
import { type ClientId, clientKey } from '../../lib/identifiers/client-id.ts';
import { parseHetu } from '../../lib/identifiers/hetu.ts';
import { validateTempId } from '../../lib/identifiers/temp-id.ts';
import { LANGUAGES, type Language } from '../../lib/metadata/metadata.ts';
import type { CorrespondenceTable, NationalCodes } from './correspondence.ts';
import type { ExportManifest, LegacyRow } from './export-format.ts';
import type { SourceRow } from './legacy-rows.ts';
import type { Rejection } from './reject-classes.ts';

export interface MappedRow {
  source: SourceRow;
  client: ClientId;
  clientKey: string;
  codes: NationalCodes;
  /** ISO timestamps. */
  created: string;
  completed: string;
  /** YYYY-MM-DD of completion. */
  completedDay: string;
  language: Language;
}

export type RowCheck = { ok: true; mapped: MappedRow } | { ok: false; rejection: Rejection };

export interface CheckOptions {
  manifest: Pick<ExportManifest, 'periodStart' | 'exportedAt'>;
  table: CorrespondenceTable;
  /** Read values that were not UTF-8 as Latin-1 instead of refusing the row. */
  repairLatin1: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A legacy date or local time → ISO timestamp (Finnish winter offset for local times), or why not. */
export function legacyTimestamp(value: string): { iso: string; day: string } | string {
  const m = DATE.exec(value);
  if (!m) return `'${value}' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM`;
  const [, y, mo, d, h = '12', mi = '00', s = '00'] = m;
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) return `'${value}' is not a calendar date`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return `'${value}' is not a time of day`;
  return { iso: `${y}-${mo}-${d}T${h}:${mi}:${s}+02:00`, day: `${y}-${mo}-${d}` };
}

const reject = (c: Rejection['class'], field: string, detail: string): RowCheck => ({ ok: false, rejection: { class: c, field, detail } });

function clientOf(row: LegacyRow): { client: ClientId } | RowCheck {
  if (row.client_hetu) {
    const parsed = parseHetu(row.client_hetu);
    // The message names the value: the error file says only which rule failed, never the henkilötunnus.
    if (!parsed.ok) return reject('invalid-hetu', 'client_hetu', parsed.message.replace(row.client_hetu, '(hidden)'));
    return { client: { kind: 'hetu', value: row.client_hetu } };
  }
  if (row.client_temp_id || row.client_temp_issuer) {
    const client: ClientId = { kind: 'temporary', issuerOid: row.client_temp_issuer, value: row.client_temp_id };
    const problems = validateTempId({ issuerOid: row.client_temp_issuer, value: row.client_temp_id });
    if (problems.length > 0)
      return reject('invalid-temporary-id', 'client_temp_id', problems.map((p) => p.replace(row.client_temp_id, '(hidden)')).join('; '));
    return { client };
  }
  return reject('no-client-id', 'client_hetu', 'client_hetu, client_temp_id and client_temp_issuer are all empty');
}

/**
 * Checks one row. `seen` holds the row ids met so far (the first of duplicates is migrated); it is
 * updated here so the caller only keeps it.
 */
export function checkRow(source: SourceRow, options: CheckOptions, seen: Set<string>): RowCheck {
  const { row } = source;
  if (!row.row_id) return reject('missing-field', 'row_id', 'row_id is empty: the row cannot be identified');
  if (seen.has(row.row_id)) return reject('duplicate-row', 'row_id', `row_id ${row.row_id} appears earlier in the export`);
  seen.add(row.row_id);
  if (source.latin1Fields.length > 0 && !options.repairLatin1)
    return reject('wrong-encoding', source.latin1Fields[0]!, `not UTF-8 in ${source.latin1Fields.join(', ')}`);
  for (const field of ['local_kind', 'local_service', 'local_unit', 'title', 'author_name', 'case_id', 'file'] as const)
    if (!row[field]) return reject('missing-field', field, `${field} is empty`);
  if (!row.case_name) return reject('case-without-name', 'case_name', `case ${row.case_id} has no name`);
  const who = clientOf(row);
  if ('ok' in who) return who;
  const completed = legacyTimestamp(row.completed);
  if (typeof completed === 'string') return reject('date-out-of-range', 'completed', completed);
  const created = row.created ? legacyTimestamp(row.created) : completed;
  if (typeof created === 'string') return reject('date-out-of-range', 'created', created);
  const { periodStart, exportedAt } = options.manifest;
  if (completed.day < periodStart || completed.day > exportedAt)
    return reject('date-out-of-range', 'completed', `${completed.day} is outside the export period ${periodStart} … ${exportedAt}`);
  if (created.day > completed.day)
    return reject('date-out-of-range', 'created', `created ${created.day} is after completed ${completed.day}`);
  const language = (row.language || 'fi') as Language;
  if (!LANGUAGES.includes(language)) return reject('missing-field', 'language', `'${row.language}' is not fi, sv, en or other`);
  const found = options.table.lookup(row.local_kind, row.local_service, row.local_unit, completed.day);
  if (!found.ok) return reject(found.reason === 'unmappable' ? 'unmappable-code' : 'code-not-valid-on-date', 'local_kind', found.detail);
  return {
    ok: true,
    mapped: {
      source,
      client: who.client,
      clientKey: clientKey(who.client),
      codes: found.codes,
      created: created.iso,
      completed: completed.iso,
      completedDay: completed.day,
      language,
    },
  };
}
