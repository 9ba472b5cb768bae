// Import files for the organisation register: JSON or CSV → Organisation rows. Only the file's shape is
// checked here; the register rules are checked by validateOrganisations when the rows are imported.
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ArkkiError, type Issue } from '../../lib/errors.ts';
import type { Organisation } from './organisation.ts';

export type OrganisationFileFormat = 'json' | 'csv';

export interface ParsedOrganisationFile {
  organisations: Organisation[];
  /** Turns a field such as `organisations[3].parentOid` into the file's terms (`line 5, column parent_oid` for CSV). */
  locate(field: string): string;
}

export function formatFromPath(path: string): OrganisationFileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  throw new ArkkiError('not-supported', [
    { field: 'file', rule: 'file-type', message: `cannot tell the format of '${path}': use a .json or .csv file` },
  ]);
}

export function parseOrganisationFile(text: string, format: OrganisationFileFormat): ParsedOrganisationFile {
  return format === 'json' ? parseOrganisationJson(text) : parseOrganisationCsv(text);
}

const ROW_FIELDS = ['oid', 'name', 'kind', 'businessId', 'parentOid', 'registerKeeper', 'municipalityCode', 'validFrom', 'validTo'];
const NAME_FIELDS = ['fi', 'sv', 'en'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An array of organisations, or `{ "organisations": [...], "note": "..." }`. */
export function parseOrganisationJson(text: string): ParsedOrganisationFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ArkkiError('invalid', [{ field: 'file', rule: 'json', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const issues: Issue[] = [];
  let rows: unknown[] = [];
  if (Array.isArray(data)) rows = data;
  else if (isObject(data) && Array.isArray(data.organisations)) {
    rows = data.organisations;
    for (const key of Object.keys(data).filter((k) => k !== 'organisations' && k !== 'note')) {
      issues.push({
        field: key,
        rule: 'unknown-field',
        message: `unknown top-level field '${key}'; expected organisations and optionally note`,
      });
    }
  } else {
    throw new ArkkiError('invalid', [
      { field: 'file', rule: 'shape', message: 'expected an array of organisations or an object with an "organisations" array' },
    ]);
  }
  const organisations = rows.map((row, i) => jsonRow(row, `organisations[${i}]`, issues));
  if (issues.length > 0) throw new ArkkiError('invalid', issues);
  return { organisations, locate: (field) => field };
}

/** Catches misspelt keys and wrong JSON types; JSON null means "not given". */
function jsonRow(row: unknown, at: string, issues: Issue[]): Organisation {
  if (!isObject(row)) {
    issues.push({ field: at, rule: 'shape', message: 'each organisation must be a JSON object' });
    return row as Organisation;
  }
  const unknownKeys = (obj: Record<string, unknown>, known: string[], prefix: string) => {
    for (const key of Object.keys(obj).filter((k) => !known.includes(k))) {
      issues.push({
        field: `${prefix}.${key}`,
        rule: 'unknown-field',
        message: `unknown field '${key}'; known fields: ${known.join(', ')}`,
      });
    }
  };
  unknownKeys(row, ROW_FIELDS, at);
  const out: Record<string, unknown> = {};
  for (const key of ROW_FIELDS.filter((k) => k !== 'name')) {
    const value = row[key];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') issues.push({ field: `${at}.${key}`, rule: 'type', message: `${key} must be text` });
    out[key] = value;
  }
  out.registerKeeper ??= null;
  if (isObject(row.name)) {
    unknownKeys(row.name, NAME_FIELDS, `${at}.name`);
    out.name = Object.fromEntries(Object.entries(row.name).filter(([, v]) => v !== null && v !== undefined));
  } else if (row.name !== undefined && row.name !== null) {
    issues.push({ field: `${at}.name`, rule: 'type', message: 'name must be an object such as {"fi": "…", "sv": "…"}' });
  }
  return out as unknown as Organisation;
}

/** CSV column → Organisation field (dotted). */
const CSV_COLUMNS: Record<string, string> = {
  oid: 'oid',
  name_fi: 'name.fi',
  name_sv: 'name.sv',
  name_en: 'name.en',
  kind: 'kind',
  business_id: 'businessId',
  parent_oid: 'parentOid',
  register_keeper: 'registerKeeper',
  municipality_code: 'municipalityCode',
  valid_from: 'validFrom',
  valid_to: 'validTo',
};
const REQUIRED_COLUMNS = ['oid', 'name_fi', 'kind', 'valid_from'];

/**
 * Header row: oid,name_fi,name_sv,kind,business_id,parent_oid,register_keeper,municipality_code,valid_from,valid_to
 * (any order; name_en optional). Semicolons are accepted too, as spreadsheets in Finnish locale write them.
 */
export function parseOrganisationCsv(text: string): ParsedOrganisationFile {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, delimiter, info: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ArkkiError('invalid', [{ field: line ? `line ${line}` : 'file', rule: 'csv', message: (e as Error).message }]);
  }
  const [header, ...body] = records;
  if (!header) throw new ArkkiError('invalid', [{ field: 'file', rule: 'csv', message: 'the file is empty; expected a header row' }]);

  const columns = header.record.map((c) => c.toLowerCase());
  const issues: Issue[] = [];
  columns.forEach((c, i) => {
    if (!(c in CSV_COLUMNS))
      issues.push({
        field: `line 1, column ${i + 1}`,
        rule: 'unknown-column',
        message: `unknown column '${c}'; known: ${Object.keys(CSV_COLUMNS).join(', ')}`,
      });
    else if (columns.indexOf(c) !== i)
      issues.push({ field: `line 1, column ${c}`, rule: 'duplicate-column', message: `column '${c}' appears twice` });
  });
  for (const c of REQUIRED_COLUMNS.filter((r) => !columns.includes(r))) {
    issues.push({ field: 'line 1', rule: 'missing-column', message: `the header has no '${c}' column` });
  }
  if (issues.length > 0) throw new ArkkiError('invalid', issues);

  const lines = body.map((r) => r.info.lines);
  const organisations = body.map(({ record }) => {
    const org: Record<string, unknown> = { name: {}, registerKeeper: null };
    columns.forEach((c, i) => {
      const value = record[i];
      if (value === undefined || value === '') return;
      const [key, sub] = CSV_COLUMNS[c]!.split('.') as [string, string | undefined];
      if (sub) (org[key] as Record<string, string>)[sub] = value;
      else org[key] = value;
    });
    return org as unknown as Organisation;
  });
  const byField = Object.fromEntries(Object.entries(CSV_COLUMNS).map(([column, field]) => [field, column]));
  const locate = (field: string): string => {
    const m = /^organisations\[(\d+)\](?:\.(.+))?$/.exec(field);
    const line = m ? lines[Number(m[1])] : undefined;
    if (!m || line === undefined) return field;
    const column = m[2] === undefined ? undefined : (byField[m[2]] ?? byField[m[2].split('.')[0]!]);
    return column ? `line ${line}, column ${column}` : `line ${line}`;
  };
  return { organisations, locate };
}
