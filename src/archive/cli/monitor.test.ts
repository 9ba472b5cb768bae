import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../lib/db/open.ts';
import { migrateArchive } from '../store/migrate-archive.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';

// The log controller's command line on the embedded database of ARKKI_DATA_DIR: a monitoring run (twice:
// nothing new the second time), the month's report as JSON, the alerts list and a CSV export to a file.

const root = new URL('../../..', import.meta.url).pathname;
const RK = '1.2.246.10.9990001.10.1';
const read = (clientKey: string, at: string): UsageEntry => ({
  registerKeeperOid: RK,
  clientKey,
  at,
  userId: 'sw-vaasa-ls',
  userName: 'Sanna',
  professionalId: 'DEMO-1001',
  organisationOid: RK,
  systemId: 'arkki-client',
  role: 'social-worker',
  action: 'read',
  outcome: 'success',
  rule: 'role-service-task',
  documentIds: [],
  purpose: null,
  detail: {},
});

function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
    cwd: root,
    env: { ...process.env, ARKKI_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => {
    stdout += d;
  });
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => proc.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

describe('arkki monitor and arkki log export', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'arkki-monitor-'));
    const db = await openDatabase({ pgliteDir: join(dataDir, 'db', 'archive') });
    await migrateArchive(db);
    // 22:00 and 22:10 Finnish time on a Wednesday; the first client is the worker's own (migration 008 demo data).
    await db.transaction((tx) =>
      appendUsage(tx, [read('140380-9015', '2026-11-25T20:00:00.000Z'), read('010516A901V', '2026-11-25T20:10:00.000Z')]),
    );
    await db.close();
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('monitor run raises alerts once; alerts lists them; report counts them', async () => {
    const settings = join(dataDir, 'settings.json');
    await writeFile(settings, JSON.stringify({ massAccess: { maxClients: 1 } }));
    const first = await cli(dataDir, 'monitor', 'run', '--settings', settings);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `${RK}: 2 rows evaluated, 3 alerts raised, 0 extended, 0 reopened (cursor 2)\n`);
    const again = await cli(dataDir, 'monitor', 'run', '--settings', settings);
    assert.match(again.stdout, /0 alerts raised, 0 extended, 0 reopened/);

    const alerts = await cli(dataDir, 'monitor', 'alerts', '--register-keeper', RK, '--month', '2026-11');
    assert.equal(alerts.code, 0, alerts.stderr);
    assert.deepEqual(
      alerts.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[2])
        .slice(0, -1)
        .sort(),
      ['mass-access', 'outside-hours', 'own-data'],
    );

    const report = await cli(dataDir, 'monitor', 'report', '--month', '2026-11', '--register-keeper', RK);
    assert.equal(report.code, 0, report.stderr);
    const json = JSON.parse(report.stdout) as { alerts: { total: number; open: number }; usageLogChain: { ok: boolean } };
    assert.deepEqual([json.alerts.total, json.alerts.open, json.usageLogChain.ok], [3, 3, true]);

    const bad = await cli(dataDir, 'monitor', 'report', '--month', 'marraskuu', '--register-keeper', RK);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /month 'marraskuu' must be YYYY-MM/);
  });

  it('log export writes the month as CSV, and the export and the CLI reads are in the log', async () => {
    const out = join(dataDir, 'export.csv');
    const r = await cli(dataDir, 'log', 'export', '--register-keeper', RK, '--month', '2026-11', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\r\n');
    assert.equal(lines[0]!.split(',')[0], 'id');
    assert.equal(lines.filter((l) => l.includes(',sw-vaasa-ls,')).length, 2);
    const json = await cli(dataDir, 'log', 'export', '--register-keeper', RK, '--format', 'json', '--user', `cli:${userInfo().username}`);
    const rows = (JSON.parse(json.stdout) as { rows: Array<{ detail: { operation: string } }> }).rows.map((x) => x.detail.operation);
    assert.deepEqual(rows, ['list-alerts', 'monthly-report', 'export', 'export']);
  });
});
