// `npm test`: runs every *.test.ts with node:test through tsx. Node 20's runner does not find .ts files
// by itself, so they are listed here. A throwaway PostgreSQL is started for the storage suite when the
// server is installed; without it (and outside CI) those variants are skipped with a hint.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startTempPostgres } from './pg-temp.mjs';

const root = new URL('..', import.meta.url).pathname;
function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}
const filter = process.argv.slice(2);
const files = [...find(join(root, 'src')), ...find(join(root, 'test'))]
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const env = { ...process.env };
let pg = null;
if (!env.ARKKI_TEST_DATABASE_URL) {
  pg = await startTempPostgres();
  if (pg) env.ARKKI_TEST_DATABASE_URL = pg.url;
  else if (env.CI === 'true') {
    console.error('PostgreSQL server is missing in CI: .ci/run must run scripts/install-system-deps.sh');
    process.exit(1);
  } else console.log('# skipped: PostgreSQL server not installed — storage tests run on PGlite only; run scripts/install-system-deps.sh');
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
pg?.stop();
process.exit(code);
