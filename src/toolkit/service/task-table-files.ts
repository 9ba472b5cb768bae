// The task table as a file: CSV (semicolon, UTF-8 with BOM, as Finnish Excel opens it) and XLSX (exceljs),
// the same columns both ways, so an exported table can be edited offline and imported back. An import is
// all or nothing: every bad cell is reported with its row and column, and nothing is written.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { openDependencies } from '../domain/dependencies.ts';
import { applyEdit, type EditableField } from '../domain/task-edit.ts';
import { type ProjectTask, sectionOf } from '../domain/task.ts';

interface Column {
  header: string;
  get: (t: ProjectTask) => string | number;
  /** Editable columns are read back through the same rules as an inline edit. */
  field?: EditableField;
}

export const COLUMNS: Column[] = [
  { header: 'Osio', get: (t) => t.sectionNumber },
  { header: 'Osion nimi', get: (t) => t.sectionTitle },
  { header: 'Tehtävä nro', get: (t) => t.taskId },
  { header: 'Tehtävä', get: (t) => t.title },
  { header: 'Työpaketti', get: (t) => t.workPackage ?? '' },
  { header: 'Kuvaus', get: (t) => t.description },
  { header: 'Riippuvuudet', get: (t) => t.dependsOn.join(', ') },
  { header: 'Riippuvuuden kuvaus', get: (t) => t.dependencyText ?? '' },
  { header: 'Alkaa', get: (t) => t.startDay ?? '', field: 'startDay' },
  { header: 'Päättyy', get: (t) => t.endDay ?? '', field: 'endDay' },
  { header: 'Vastuuhenkilö', get: (t) => t.responsible, field: 'responsible' },
  { header: 'Osallistujat', get: (t) => t.participants, field: 'participants' },
  { header: 'Arvioitu työmäärä (pv)', get: (t) => t.workDays, field: 'workDays' },
  { header: 'Valmiusaste %', get: (t) => t.readiness, field: 'readiness' },
  { header: 'Tila', get: (t) => t.status, field: 'status' },
  { header: 'Huomiot', get: (t) => t.notes, field: 'notes' },
];

export function tasksToCsv(tasks: readonly ProjectTask[]): Buffer {
  const text = stringify([COLUMNS.map((c) => c.header), ...tasks.map((t) => COLUMNS.map((c) => String(c.get(t))))], {
    delimiter: ';',
    record_delimiter: '\r\n',
  });
  return Buffer.concat([Buffer.from('\ufeff'), Buffer.from(text, 'utf8')]);
}

export async function tasksToXlsx(tasks: readonly ProjectTask[], sheetName = 'Tehtävät'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'arkki deployment toolkit';
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(COLUMNS.map((c) => c.header)).font = { bold: true };
  for (const t of tasks) sheet.addRow(COLUMNS.map((c) => c.get(t)));
  sheet.columns.forEach((col, i) => {
    col.width = [6, 30, 10, 40, 10, 60, 14, 30, 12, 12, 20, 20, 12, 10, 14, 30][i] ?? 14;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

export interface ImportProblem {
  /** 1-based, counting the header row as 1. */
  row: number;
  column: string;
  message: string;
}

export type ImportResult = { ok: true; tasks: ProjectTask[] } | { ok: false; problems: ImportProblem[] };

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && v && 'text' in v) return String((v as { text: unknown }).text);
  if (typeof v === 'object' && v && 'result' in v) return cellText((v as { result: unknown }).result);
  return String(v);
}

async function rowsOf(file: Buffer, kind: 'csv' | 'xlsx'): Promise<string[][]> {
  if (kind === 'csv') {
    return parse(file, { bom: true, delimiter: [';', ','], relax_column_count: true, skip_empty_lines: true }) as string[][];
  }
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map(cellText));
  });
  return rows;
}

/** Reads a task table file over the project's current rows (`base`, may be empty: then the file is the table). */
export async function importTasks(file: Buffer, kind: 'csv' | 'xlsx', base: readonly ProjectTask[]): Promise<ImportResult> {
  let rows: string[][];
  try {
    rows = await rowsOf(file, kind);
  } catch (err) {
    return {
      ok: false,
      problems: [{ row: 1, column: '', message: `the file is not a readable ${kind.toUpperCase()} file: ${(err as Error).message}` }],
    };
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const index = new Map(COLUMNS.map((c) => [c.header, header.indexOf(c.header)]));
  const missing = ['Tehtävä nro', 'Tehtävä'].filter((h) => (index.get(h) ?? -1) < 0);
  if (missing.length > 0)
    return { ok: false, problems: missing.map((column) => ({ row: 1, column, message: 'column missing from the header row' })) };
  const problems: ImportProblem[] = [];
  const byId = new Map(base.map((t) => [t.taskId, t]));
  const out: ProjectTask[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((cells, i) => {
    const rowNo = i + 2;
    const cell = (h: string) => {
      const at = index.get(h) ?? -1;
      return at >= 0 ? (cells[at] ?? '').trim() : undefined;
    };
    const id = cell('Tehtävä nro') ?? '';
    if (!/^\d+(\.\d+)*$/.test(id)) {
      problems.push({ row: rowNo, column: 'Tehtävä nro', message: `'${id}' is not a task number like 1.4 or 1.4.1` });
      return;
    }
    if (seen.has(id)) {
      problems.push({ row: rowNo, column: 'Tehtävä nro', message: `task ${id} appears twice` });
      return;
    }
    seen.add(id);
    const parts = id.split('.');
    let task: ProjectTask = byId.get(id) ?? {
      taskId: id,
      position: 0,
      sectionNumber: sectionOf(id),
      sectionTitle: cell('Osion nimi') ?? '',
      parentId: parts.length > 2 ? parts.slice(0, -1).join('.') : null,
      title: '',
      workPackage: null,
      description: '',
      dependsOn: [],
      dependencyText: null,
      startDay: null,
      endDay: null,
      responsible: '',
      participants: '',
      workDays: 1,
      readiness: 0,
      status: 'Aloittamatta',
      notes: '',
    };
    const title = cell('Tehtävä');
    const deps = cell('Riippuvuudet');
    task = {
      ...task,
      position: out.length,
      ...(title ? { title } : {}),
      ...(cell('Osion nimi') ? { sectionTitle: cell('Osion nimi')! } : {}),
      ...(cell('Kuvaus') !== undefined ? { description: cell('Kuvaus')! } : {}),
      ...(cell('Työpaketti') !== undefined ? { workPackage: cell('Työpaketti') || null } : {}),
      ...(cell('Riippuvuuden kuvaus') !== undefined ? { dependencyText: cell('Riippuvuuden kuvaus') || null } : {}),
      ...(deps !== undefined
        ? {
            dependsOn: deps
              .split(/[,\s]+/)
              .map((d) => d.trim())
              .filter(Boolean),
          }
        : {}),
    };
    if (!task.title) problems.push({ row: rowNo, column: 'Tehtävä', message: 'a task needs its name' });
    // Status last: "Valmis" is judged on the whole imported table below.
    for (const c of COLUMNS.filter((x) => x.field && x.field !== 'status')) {
      const v = cell(c.header);
      if (v === undefined) continue;
      const r = applyEdit(task, c.field!, v, []);
      if (r.ok) task = r.task;
      else problems.push({ row: rowNo, column: c.header, message: r.refusal.message });
    }
    const status = cell('Tila');
    if (status !== undefined && status !== '') {
      if (!['Aloittamatta', 'Toteutuksessa', 'Valmis'].includes(status))
        problems.push({ row: rowNo, column: 'Tila', message: `'${status}' must be Aloittamatta, Toteutuksessa or Valmis` });
      else task = { ...task, status: status as ProjectTask['status'], ...(status === 'Valmis' ? { readiness: 100 } : {}) };
    }
    out.push(task);
  });
  const all = [...out, ...base.filter((t) => !seen.has(t.taskId)).map((t, i) => ({ ...t, position: out.length + i }))];
  out.forEach((t, i) => {
    if (t.status !== 'Valmis') return;
    const open = openDependencies(t, all);
    if (open.length > 0)
      problems.push({
        row: i + 2,
        column: 'Tila',
        message: `${t.taskId} cannot be Valmis while ${open.flatMap((o) => o.openTasks.map((x) => x.taskId)).join(', ')} is open`,
      });
  });
  if (rows.length < 2) problems.push({ row: 1, column: '', message: 'the file has no task rows' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tasks: all };
}
