// `arkki migrate reconcile`: what the source says should be in the archive against what the archive
// counts (its search with _summary=count), by completion year, document type and service task. The source
// side is every row of the export minus the rows in the run's error file, plus the clienthood and case
// documents derived from the rest; the archive side is the register keeper's register in the export's
// period, counted with an identity that may search (a storing system may not).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ArchiveApi } from '../../lib/archive-api/index.ts';
import { checkRow } from './check-row.ts';
import type { OpenedExport } from './export-folder.ts';
import { readLegacyRows } from './legacy-rows.ts';
import { recordMetadata } from './national-metadata.ts';
import { needKeys, RecordCollector } from './records.ts';

export type Dimension = 'year' | 'documentType' | 'serviceTask';

export interface ReconcileLine {
  dimension: Dimension;
  value: string;
  expected: number;
  archived: number;
}

export interface Reconciliation {
  sourceRows: number;
  rejected: number;
  expectedDocuments: number;
  expectedRecords: number;
  expectedTotal: number;
  archivedTotal: number;
  lost: number;
  extra: number;
  lines: ReconcileLine[];
  matches: boolean;
  summary: string;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export async function reconcile(
  exp: OpenedExport,
  outDir: string,
  archive: ArchiveApi,
  options: { repairLatin1: boolean },
): Promise<Reconciliation> {
  const errorFile = join(outDir, 'errors.csv');
  const errorRows = parse(await readFile(errorFile), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const rejectedLines = new Set(errorRows.filter((r) => Number(r.line) > 0).map((r) => Number(r.line)));

  const expected: Record<Dimension, Map<string, number>> = { year: new Map(), documentType: new Map(), serviceTask: new Map() };
  // The records as the run derived them: from every row that passed the row checks (pass 1), sent when a
  // document that reached the archive needed them.
  const collector = new RecordCollector();
  const needed = new Set<string>();
  const seen = new Set<string>();
  let sourceRows = 0;
  let documents = 0;
  for await (const source of readLegacyRows(exp.documentsFile)) {
    sourceRows++;
    const c = checkRow(source, { manifest: exp.manifest, table: exp.table, repairLatin1: options.repairLatin1 }, seen);
    if (!c.ok) continue;
    collector.add(c.mapped);
    if (rejectedLines.has(source.line)) continue;
    documents++;
    for (const k of needKeys(c.mapped)) needed.add(k);
    bump(expected.year, c.mapped.completedDay.slice(0, 4));
    bump(expected.documentType, c.mapped.codes.documentType);
    bump(expected.serviceTask, c.mapped.codes.serviceTask);
  }
  const records = collector
    .keyed()
    .filter(([k]) => needed.has(k))
    .map(([, need]) => need);
  for (const need of records) {
    const m = recordMetadata(exp.manifest, need);
    bump(expected.year, m.completed.slice(0, 4));
    bump(expected.documentType, m.documentType);
    bump(expected.serviceTask, m.serviceTask);
  }

  const period = { from: exp.manifest.periodStart, to: nextDay(exp.manifest.exportedAt) };
  const count = async (extra: Record<string, string>, completed = period) => {
    const page = await archive.documents.search({ completed, count: 1, extra: { _summary: 'count', ...extra } });
    return page.total ?? 0;
  };
  const lines: ReconcileLine[] = [];
  const firstYear = Number(exp.manifest.periodStart.slice(0, 4));
  const lastYear = Number(exp.manifest.exportedAt.slice(0, 4));
  for (let y = firstYear; y <= lastYear; y++) {
    const from = y === firstYear ? exp.manifest.periodStart : `${y}-01-01`;
    const to = y === lastYear ? period.to : `${y + 1}-01-01`;
    lines.push({
      dimension: 'year',
      value: String(y),
      expected: expected.year.get(String(y)) ?? 0,
      archived: await count({}, { from, to }),
    });
  }
  for (const [type, n] of [...expected.documentType].sort())
    lines.push({ dimension: 'documentType', value: type, expected: n, archived: await count({ type }) });
  for (const [task, n] of [...expected.serviceTask].sort())
    lines.push({ dimension: 'serviceTask', value: task, expected: n, archived: await count({ 'service-task': task }) });

  const expectedTotal = documents + records.length;
  const archivedTotal = lines.filter((l) => l.dimension === 'year').reduce((a, l) => a + l.archived, 0);
  const lost = lines.filter((l) => l.dimension === 'year').reduce((a, l) => a + Math.max(0, l.expected - l.archived), 0);
  const extra = lines.filter((l) => l.dimension === 'year').reduce((a, l) => a + Math.max(0, l.archived - l.expected), 0);
  const matches = lines.every((l) => l.expected === l.archived);
  const rejected = sourceRows - documents;
  const summary = matches
    ? `reconcile: totals match — source ${sourceRows} rows − ${rejected} rejected = ${documents} documents + ${records.length} clienthood and case documents = ${expectedTotal}; archive ${archivedTotal}; 0 lost, 0 duplicated`
    : `reconcile: MISMATCH — expected ${expectedTotal} (${sourceRows} rows − ${rejected} rejected = ${documents} documents + ${records.length} records), archive ${archivedTotal}: ${lost} lost, ${extra} extra (duplicated or not from this export); see reconcile.csv`;
  return {
    sourceRows,
    rejected,
    expectedDocuments: documents,
    expectedRecords: records.length,
    expectedTotal,
    archivedTotal,
    lost,
    extra,
    lines,
    matches,
    summary,
  };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
