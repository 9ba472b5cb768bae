// Coverage floor on the pure cores (issue 10): the unit tests of archive/domain and lib/identifiers run
// with node's built-in coverage, and CI fails when a folder's line or branch coverage falls below its floor.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const FLOORS = [
  // Ratchets at the level measured when the floor was set (2026-12): raise them as tests are added, never lower.
  { dir: 'src/archive/domain/', lines: 75, branches: 90 },
  { dir: 'src/lib/identifiers/', lines: 93, branches: 98 },
];
const tests = FLOORS.flatMap(({ dir }) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.test.ts') && !f.endsWith('.int.test.ts'))
    .map((f) => join(dir, f)),
);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--experimental-test-coverage', '--test-reporter=spec', ...tests], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (run.status !== 0) {
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  console.error('coverage: the tests failed');
  process.exit(1);
}
// Rows of the report: "ℹ src/x.ts | 96.55 | 100.00 | 100.00 | …"
const rows = [...run.stdout.matchAll(/^ℹ (\S+\.tsx?)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|/gm)].map((m) => ({
  file: m[1],
  lines: Number(m[2]),
  branches: Number(m[3]),
}));
let failed = false;
for (const floor of FLOORS) {
  const files = rows.filter((r) => r.file.startsWith(floor.dir) && !r.file.endsWith('.test.ts'));
  if (files.length === 0) {
    console.error(`coverage: no report rows for ${floor.dir}`);
    failed = true;
    continue;
  }
  const mean = (k) => files.reduce((s, r) => s + r[k], 0) / files.length;
  const lines = mean('lines');
  const branches = mean('branches');
  const ok = lines >= floor.lines && branches >= floor.branches;
  console.log(
    `coverage ${ok ? 'ok  ' : 'LOW '} ${floor.dir}: lines ${lines.toFixed(1)} % (floor ${floor.lines}), branches ${branches.toFixed(1)} % (floor ${floor.branches}), ${files.length} files`,
  );
  if (!ok) {
    failed = true;
    for (const r of files.filter((r) => r.lines < floor.lines || r.branches < floor.branches))
      console.log(`  ${r.file}: lines ${r.lines} %, branches ${r.branches} %`);
  }
}
process.exit(failed ? 1 : 0);
