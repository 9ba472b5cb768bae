import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../lib/db/db.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';
import { verifyUsageLog } from '../service/verify-usage-log.ts';
import { ARCHIVE_MIGRATIONS, migrateArchive } from './migrate-archive.ts';
import { appendUsage } from './usage-log-store.ts';

// appendUsage chains rows per partition under a lock on the partition's chain head: concurrent appends,
// also batches over several partitions in opposite orders, give unbroken chains and no deadlock.
// Migration 006 leaves rows that were already there as pre-chain rows.

const RK = '1.2.246.10.9990001.10.1';
const entry = (clientKey: string, n: number, registerKeeperOid = RK): UsageEntry => ({
  registerKeeperOid,
  clientKey,
  at: new Date(Date.UTC(2026, 10, 20, 10, 0, 0, n)).toISOString(),
  userId: `user-${n}`,
  userName: 'Testi Käyttäjä',
  professionalId: n % 2 ? null : 'DEMO-1',
  organisationOid: RK,
  systemId: 'test',
  role: 'sosiaalityontekija',
  action: 'read',
  outcome: 'success',
  rule: 'role-service-task',
  documentIds: [`1.2.3.${n}`],
  purpose: n % 3 ? null : 'asiakastyö',
  detail: { n, z: { b: [n], a: 'ä' } },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const counts = async (db: Db) =>
  (
    await db.query<{ client_key: string; n: number; max: number }>(
      'SELECT client_key, count(*) AS n, max(seq) AS max FROM usage_log GROUP BY client_key ORDER BY client_key',
    )
  ).rows.map((r) => [r.client_key, Number(r.n), Number(r.max)]);

for (const database of testDatabases()) {
  describe(`usage-log chain under concurrent appends on ${database.name}`, () => {
    let db: Db;
    before(async () => {
      db = await database.open();
    });
    after(() => db.close());

    it('parallel appends to one partition, and batches over several partitions in any order, make unbroken chains', async () => {
      const keys = ['A', 'B', 'C', ''];
      const jobs = Array.from({ length: 40 }, (_, i) =>
        db.transaction(async (tx) => {
          // Odd jobs write their partitions in reverse order, some in several rows each; every job writes 'A'.
          const mine = i % 4 === 0 ? ['A'] : i % 2 ? [...keys].reverse() : keys;
          await appendUsage(
            tx,
            mine.flatMap((k) => [entry(k, i), ...(i % 3 === 0 ? [entry(k, i + 100)] : [])]),
          );
          await sleep(i % 5); // hold the head locks for a moment
        }),
      );
      await Promise.all(jobs);
      const expected = (k: string) =>
        Array.from({ length: 40 }, (_, i) => (k === 'A' || i % 4 !== 0 ? (i % 3 === 0 ? 2 : 1) : 0)).reduce((a: number, b) => a + b, 0);
      assert.deepEqual(
        await counts(db),
        [...keys].sort().map((k) => [k, expected(k), expected(k)]),
      );
      const r = await verifyUsageLog(db);
      assert.deepEqual(r, { verifiedRows: keys.reduce((a, k) => a + expected(k), 0), partitions: 4, preChainRows: 0, breaks: [] });
    });

    it('a failed transaction leaves neither rows nor a moved head', async () => {
      const before = await verifyUsageLog(db);
      await assert.rejects(
        db.transaction(async (tx) => {
          await appendUsage(tx, [entry('A', 1), entry('D', 2)]);
          throw new Error('use failed');
        }),
        /use failed/,
      );
      await db.transaction((tx) => appendUsage(tx, [entry('A', 3)]));
      const after = await verifyUsageLog(db);
      assert.deepEqual(after, { ...before, verifiedRows: before.verifiedRows + 1 });
      const heads = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM usage_log_chain_head WHERE client_key = 'D'`)).rows[0]!;
      assert.equal(Number(heads.n), 0);
    });

    it('one register keeper’s partitions are apart from another’s', async () => {
      const other = '1.2.246.10.9990002.10.1';
      await db.transaction((tx) => appendUsage(tx, [entry('A', 7, other), entry('A', 8, other), entry('A', 9)]));
      const r = await verifyUsageLog(db, { registerKeeperOid: other });
      assert.deepEqual(r, { verifiedRows: 2, partitions: 1, preChainRows: 0, breaks: [] });
      assert.deepEqual((await verifyUsageLog(db, { registerKeeperOid: other, clientKey: 'B' })).partitions, 0);
    });
  });

  describe(`migration 006 on a log with rows on ${database.name}`, () => {
    let db: Db;
    let dir: string;
    before(async () => {
      db = await database.open({ migrated: false });
      dir = await mkdtemp(join(tmpdir(), 'arkki-mig-'));
      for (const f of (await readdir(ARCHIVE_MIGRATIONS)).filter((n) => /^00[1-5]_.*\.sql$/.test(n)))
        await copyFile(join(ARCHIVE_MIGRATIONS, f), join(dir, f));
      await migrate(db, dir);
      for (const k of ['A', 'A', 'B']) {
        await db.query(
          `INSERT INTO usage_log (register_keeper_oid, client_key, logged_at, user_id, user_name, organisation_oid, system_id, role, action, outcome, rule)
          VALUES ($1, $2, now(), 'u', 'U', $1, 's', 'r', 'read', 'success', 'x')`,
          [RK, k],
        );
      }
      // 006 first; the later migrations follow it.
      assert.equal((await migrateArchive(db))[0], '006_usage_log_chain.sql');
    });
    after(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps earlier rows as pre-chain rows: counted, not verified; new rows chain from the genesis hash', async () => {
      await db.transaction((tx) => appendUsage(tx, [entry('A', 1), entry('A', 2), entry('C', 3)]));
      assert.deepEqual(await verifyUsageLog(db), { verifiedRows: 3, partitions: 2, preChainRows: 3, breaks: [] });
      assert.deepEqual(await verifyUsageLog(db, { clientKey: 'B' }), { verifiedRows: 0, partitions: 0, preChainRows: 1, breaks: [] });
    });

    it('reports pre-chain rows that were deleted', async () => {
      await db
        .transaction(async (tx) => {
          await tx.query('ALTER TABLE usage_log DISABLE TRIGGER usage_log_append_only');
          await tx.query(`DELETE FROM usage_log WHERE client_key = 'B'`);
          const r = await verifyUsageLog(tx);
          assert.deepEqual(r.breaks, [
            { registerKeeperOid: null, clientKey: null, id: null, seq: null, kind: 'deleted', message: '1 pre-chain rows are missing' },
          ]);
          throw new Error('rollback');
        })
        .catch((e: Error) => assert.equal(e.message, 'rollback'));
      assert.deepEqual((await verifyUsageLog(db)).breaks, []);
    });
  });
}
