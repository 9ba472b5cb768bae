import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../lib/db/open.ts';
import { migrateArchive } from '../store/migrate-archive.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';
import { formatVerifyReport } from './log.ts';

// `arkki log verify` on the embedded database of ARKKI_DATA_DIR: exit code 0 and a count when the chain is
// whole, exit code 1 and the broken row when a DBA changed the log.

const root = new URL('../../..', import.meta.url).pathname;
const RK = '1.2.246.10.9990001.10.1';
const entry = (clientKey: string, n: number): UsageEntry => ({
  registerKeeperOid: RK,
  clientKey,
  at: '2026-11-20T10:00:00.000Z',
  userId: `u${n}`,
  userName: 'U',
  professionalId: null,
  organisationOid: RK,
  systemId: 's',
  role: 'r',
  action: 'read',
  outcome: 'success',
  rule: 'x',
  documentIds: [],
  purpose: null,
  detail: {},
});

function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'log', 'verify', ...args], {
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

describe('arkki log verify', () => {
  let dataDir: string;
  const open = () => openDatabase({ pgliteDir: join(dataDir, 'db', 'archive') });
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'arkki-log-'));
    const db = await open();
    await migrateArchive(db);
    await db.transaction((tx) => appendUsage(tx, [entry('010516A901V', 1), entry('010516A901V', 2), entry('', 3)]));
    await db.transaction((tx) => appendUsage(tx, [entry('010516A901V', 4)]));
    await db.close();
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('exits 0 with the number of verified rows when the log is whole', async () => {
    const r = await cli(dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'usage log OK: 4 rows verified in 2 partitions\n');
    const one = await cli(dataDir, '--register-keeper', RK, '--client', '');
    assert.equal(one.stdout, 'usage log OK: 1 rows verified in 1 partitions\n');
  });

  it('exits 1 and names the first broken row when a row was changed', async () => {
    const db = await open();
    const id = (await db.query<{ id: number }>(`SELECT id FROM usage_log WHERE client_key = '010516A901V' AND seq = 2`)).rows[0]!.id;
    await db.exec(`ALTER TABLE usage_log DISABLE TRIGGER usage_log_append_only;
      UPDATE usage_log SET user_id = 'someone-else' WHERE id = ${Number(id)};
      ALTER TABLE usage_log ENABLE TRIGGER usage_log_append_only;`);
    await db.close();
    const r = await cli(dataDir);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `BROKEN ${RK} 010516A901V: changed at row id ${Number(id)} (seq 2): the row’s content does not match its hash\n`,
    );
    assert.equal(r.stdout, 'usage log BROKEN: 1 break(s) found; 2 rows verified in 2 partitions\n');
    assert.equal((await cli(dataDir, '--client', '')).code, 0);
  });

  it('formats register-wide partitions, missing rows and pre-chain rows', () => {
    assert.deepEqual(
      formatVerifyReport({
        verifiedRows: 5,
        partitions: 2,
        preChainRows: 3,
        breaks: [
          {
            registerKeeperOid: RK,
            clientKey: '',
            id: null,
            seq: 4,
            kind: 'deleted',
            message: 'rows seq 4–5 at the end of the chain are missing (the head counts 5)',
          },
          { registerKeeperOid: null, clientKey: null, id: null, seq: null, kind: 'deleted', message: '1 pre-chain rows are missing' },
        ],
      }),
      [
        `BROKEN ${RK} (register-wide): deleted (seq 4): rows seq 4–5 at the end of the chain are missing (the head counts 5)`,
        'BROKEN usage log: deleted: 1 pre-chain rows are missing',
        'usage log BROKEN: 2 break(s) found; 5 rows verified in 2 partitions, 3 pre-chain rows not verified',
      ],
    );
  });
});
