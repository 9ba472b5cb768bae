import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// Results: one JSON file per run in bench/results/, and the table of latest figures in bench/README.md
// (one row per measure and data size, so the default and the 1 M runs stand side by side).

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const README = fileURLToPath(new URL('./README.md', import.meta.url));
const START = '<!-- latest-results:start -->';
const END = '<!-- latest-results:end -->';

export interface TargetOutcome {
  measure: string;
  target: string;
  measured: number;
  unit: string;
  pass: boolean;
  note?: string;
}

export async function writeResults(name: string, results: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${name}.json`;
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

const MEASURE_ORDER = ['Ingest, service', 'Ingest, HTTP', 'Search', 'Summary'];
const HEADER = ['Measure', 'Documents', 'Target', 'Measured', 'Pass', 'Database', 'Run'];

/** Replaces this run's rows in the README table, keeping rows of other measures and sizes. */
export async function updateReadme(
  outcomes: TargetOutcome[],
  run: { documents: number; database: string; file: string; date: string },
): Promise<void> {
  const text = await readFile(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`bench/README.md lacks the ${START} … ${END} markers`);
  const rows = new Map<string, string[]>();
  for (const line of text.slice(start + START.length, end).split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== HEADER.length || cells[0] === HEADER[0] || /^-+$/.test(cells[0]!)) continue;
    rows.set(`${cells[0]}|${cells[1]}`, cells);
  }
  const docs = run.documents.toLocaleString('en-US');
  for (const o of outcomes) {
    rows.set(`${o.measure}|${docs}`, [
      o.measure,
      docs,
      o.target,
      `${o.measured.toLocaleString('en-US')} ${o.unit}`,
      o.pass ? 'yes' : '**no**',
      run.database,
      `[${run.date}](results/${run.file})`,
    ]);
  }
  const order = (k: string) => {
    const [measure, n] = k.split('|');
    const rank = MEASURE_ORDER.findIndex((prefix) => measure!.startsWith(prefix));
    return `${rank < 0 ? 9 : rank}|${measure}|${String(Number(n!.replaceAll(',', ''))).padStart(9, '0')}`;
  };
  const body = [...rows.entries()].sort(([a], [b]) => (order(a) < order(b) ? -1 : 1)).map(([, c]) => `| ${c.join(' | ')} |`);
  const table = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...body].join('\n');
  await writeFile(README, `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`);
}
