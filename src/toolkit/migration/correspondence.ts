// The correspondence table (vastaavuustaulukko): parsed, checked against the national code sets, and
// indexed so a document row finds the national codes valid on its completion date. Pure: text in, table out.
import { parse } from 'csv-parse/sync';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import { validateOid } from '../../lib/identifiers/oid.ts';
import { CORRESPONDENCE_COLUMNS, type CorrespondenceRow } from './export-format.ts';

export interface NationalCodes {
  documentType: string;
  serviceTask: string;
  socialServices: string[];
  processPhase?: string;
  retentionRule: string;
  serviceUnit: string;
  citizenVisible: boolean;
}

interface Entry extends NationalCodes {
  validFrom: string;
  validTo: string;
  line: number;
}

export type Lookup =
  | { ok: true; codes: NationalCodes; line: number }
  | { ok: false; reason: 'unmappable' | 'not-valid-on-date'; detail: string };

export interface CorrespondenceTable {
  rows: number;
  lookup(kind: string, service: string, unit: string, onDay: string): Lookup;
}

export class CorrespondenceError extends Error {
  constructor(readonly problems: string[]) {
    super(`the correspondence table has ${problems.length} problem(s):\n  ${problems.slice(0, 30).join('\n  ')}`);
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CLIENT_RECORD_TYPES = new Set(['1', '2', '8', '9']);

export function keyOf(kind: string, service: string, unit: string): string {
  return `${kind}\u0000${service}\u0000${unit}`;
}

/**
 * Reads the table; every broken row is named with its line, column and rule, all at once, so the
 * records manager fixes the table in one round. Overlapping validity periods of one key are refused:
 * a document must map to exactly one row.
 */
export function parseCorrespondence(text: string, codeSets: CodeSets, retentionRules: ReadonlySet<string>): CorrespondenceTable {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const problems: string[] = [];
  const missingColumns = CORRESPONDENCE_COLUMNS.filter((c) => c !== 'note' && records.length > 0 && !(c in records[0]!));
  if (missingColumns.length > 0) throw new CorrespondenceError([`missing column(s): ${missingColumns.join(', ')}`]);
  const byKey = new Map<string, Entry[]>();
  records.forEach((r, i) => {
    const line = i + 2;
    const row = r as unknown as CorrespondenceRow;
    const at = (column: string, rule: string) => problems.push(`line ${line}, ${column}: ${rule}`);
    for (const c of [
      'local_kind',
      'local_service',
      'local_unit',
      'document_type',
      'service_task',
      'retention_rule',
      'service_unit',
    ] as const)
      if (!row[c]) at(c, 'is mandatory');
    for (const c of ['valid_from', 'valid_to'] as const) if (row[c] && !DAY.test(row[c])) at(c, `'${row[c]}' must be YYYY-MM-DD or empty`);
    if (row.valid_from && row.valid_to && row.valid_from > row.valid_to)
      at('valid_to', `${row.valid_to} is before valid_from ${row.valid_from}`);
    if (row.document_type && !codeSets.has('document-types', row.document_type))
      at('document_type', `'${row.document_type}' is not a national document type (code set document-types)`);
    if (CLIENT_RECORD_TYPES.has(row.document_type))
      at(
        'document_type',
        `'${row.document_type}' is a clienthood, case, consent or denial record; the tool derives clienthoods and cases itself`,
      );
    if (row.service_task && !codeSets.has('service-tasks', row.service_task))
      at('service_task', `'${row.service_task}' is not in code set service-tasks`);
    const socialServices = (row.social_services ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const s of socialServices)
      if (!codeSets.has('social-services', s)) at('social_services', `'${s}' is not in code set social-services`);
    if (!row.process_phase) at('process_phase', 'is mandatory for client documents');
    else if (!codeSets.has('process-phases', row.process_phase))
      at('process_phase', `'${row.process_phase}' is not in code set process-phases`);
    if (row.retention_rule && !retentionRules.has(row.retention_rule))
      at('retention_rule', `'${row.retention_rule}' is not a retention rule (data/retention-rules.json)`);
    if (row.service_unit) {
      const oidError = validateOid(row.service_unit);
      if (oidError) at('service_unit', oidError);
    }
    const visible = (row.citizen_visible ?? '').toLowerCase();
    if (visible && !['yes', 'no', 'kyllä', 'ei'].includes(visible)) at('citizen_visible', `'${row.citizen_visible}' must be yes or no`);
    const key = keyOf(row.local_kind, row.local_service, row.local_unit);
    const entry: Entry = {
      documentType: row.document_type,
      serviceTask: row.service_task,
      socialServices,
      ...(row.process_phase ? { processPhase: row.process_phase } : {}),
      retentionRule: row.retention_rule,
      serviceUnit: row.service_unit,
      citizenVisible: visible === 'yes' || visible === 'kyllä',
      validFrom: row.valid_from || '0000-01-01',
      validTo: row.valid_to || '9999-12-31',
      line,
    };
    const same = byKey.get(key) ?? [];
    for (const other of same)
      if (entry.validFrom <= other.validTo && other.validFrom <= entry.validTo)
        at('valid_from', `overlaps line ${other.line} for the same local kind, service and unit (a document must map to one row)`);
    same.push(entry);
    byKey.set(key, same);
  });
  if (problems.length > 0) throw new CorrespondenceError(problems);
  return {
    rows: records.length,
    lookup(kind, service, unit, onDay) {
      const entries = byKey.get(keyOf(kind, service, unit));
      if (!entries)
        return { ok: false, reason: 'unmappable', detail: `no row for local kind '${kind}', service '${service}', unit '${unit}'` };
      const entry = entries.find((e) => e.validFrom <= onDay && onDay <= e.validTo);
      if (!entry) {
        const periods = entries.map((e) => `line ${e.line}: ${e.validFrom} … ${e.validTo}`).join('; ');
        return {
          ok: false,
          reason: 'not-valid-on-date',
          detail: `local kind '${kind}' (${service}, ${unit}) is not valid on ${onDay} (${periods})`,
        };
      }
      const { validFrom: _f, validTo: _t, line, ...codes } = entry;
      return { ok: true, codes, line };
    },
  };
}
