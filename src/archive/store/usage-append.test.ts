import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../lib/db/db.ts';
import { setFastReads } from '../../lib/db/pg-statements.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { usageRowText, usageRowTextAround } from '../domain/usage-chain.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';
import { verifyUsageLog } from '../service/verify-usage-log.ts';
import { appendUsage, appendUsageAtCommit } from './usage-log-store.ts';

// Usage rows chained in the database (arkki_append_usage, migration 016) make exactly the chain the Node
// path makes: rows of both paths, with awkward text and numbers in them, verify as one unbroken chain.
// Rows queued for COMMIT go in with it, in order, and a failed append fails the whole transaction.

const RK = '1.2.246.10.9990001.10.1';
const entry = (clientKey: string, n: number, detail: Record<string, unknown> = {}): UsageEntry => ({
  registerKeeperOid: RK,
  clientKey,
  at: new Date(Date.UTC(2026, 11, 2, 18, 0, 0, n)).toISOString(),
  userId: `user-${n}`,
  userName: n % 2 ? 'Åsa "Testi" Käyttäjä \\ 😀' : 'Testi\tKäyttäjä\u0001',
  professionalId: n % 2 ? null : 'DEMO-1',
  organisationOid: RK,
  systemId: 'test',
  role: 'sosiaalityontekija',
  action: 'read',
  outcome: 'success',
  rule: 'role-service-task',
  documentIds: [`1.2.3.${n}`, 'ä"b'],
  purpose: n % 3 ? null : 'asiakastyö',
  detail: { n, seq: 0, '"seq":1,': 'x', nested: { seq: [1.5, 1e21, -0.001], b: null, a: '\u2028</script>' }, ...detail },
});
const rowsOf = async (db: Db, clientKey: string) =>
  (await db.query<{ user_id: string; seq: number }>('SELECT user_id, seq FROM usage_log WHERE client_key = $1 ORDER BY seq', [clientKey]))
    .rows;

describe('usageRowTextAround', () => {
  it('puts any seq where usageRowText has it', () => {
    for (const seq of [1, 9, 10, 12345678901]) {
      const e = entry('A', 3);
      const { before, after } = usageRowTextAround(e);
      assert.equal(`arkki-usage-v1\n${'a'.repeat(64)}\n${before}${seq}${after}`, usageRowText('a'.repeat(64), { ...e, seq }));
    }
  });
});

for (const database of testDatabases()) {
  describe(`usage rows appended in SQL on ${database.name}`, () => {
    let db: Db;
    before(async () => {
      db = await database.open();
    });
    after(() => db.close());
    afterEach(() => setFastReads(true));

    it('rows of the SQL and the Node path in one partition verify as one chain', async () => {
      await db.transaction((tx) => appendUsage(tx, [entry('A', 1), entry('B', 2), entry('A', 3)]));
      setFastReads(false);
      await db.transaction((tx) => appendUsage(tx, [entry('A', 4)]));
      setFastReads(true);
      await db.transaction((tx) => appendUsage(tx, [entry('B', 5), entry('A', 6, { more: 'ö' })]));
      // More than 100 rows chain in Node, after rows chained in SQL.
      await db.transaction((tx) =>
        appendUsage(
          tx,
          Array.from({ length: 101 }, (_, i) => entry('B', 100 + i)),
        ),
      );
      assert.deepEqual(
        (await rowsOf(db, 'A')).map((r) => [r.user_id, Number(r.seq)]),
        [
          ['user-1', 1],
          ['user-3', 2],
          ['user-4', 3],
          ['user-6', 4],
        ],
      );
      assert.deepEqual(await verifyUsageLog(db), { verifiedRows: 107, partitions: 2, preChainRows: 0, breaks: [] });
    });

    it('rows queued for COMMIT go in with it, in the order queued, in one partition chain', async () => {
      const before = await verifyUsageLog(db);
      await db.transaction(async (tx) => {
        await appendUsageAtCommit(tx, [entry('C', 1)]);
        await tx.query('SELECT 1');
        await appendUsageAtCommit(tx, [entry('C', 2), entry('D', 3)]);
        // Not in yet: the rows go with COMMIT.
        assert.equal((await rowsOf(tx as Db, 'C')).length, 0);
      });
      assert.deepEqual(
        (await rowsOf(db, 'C')).map((r) => r.user_id),
        ['user-1', 'user-2'],
      );
      assert.deepEqual(await verifyUsageLog(db), { ...before, verifiedRows: before.verifiedRows + 3, partitions: before.partitions + 2 });
    });

    it('a transaction that fails before COMMIT leaves no queued row; a failed append undoes the transaction', async () => {
      const before = await verifyUsageLog(db);
      await assert.rejects(
        db.transaction(async (tx) => {
          await appendUsageAtCommit(tx, [entry('E', 1)]);
          throw new Error('use failed');
        }),
        /use failed/,
      );
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO usage_log_chain_head (register_keeper_oid, client_key, last_seq, last_hash) VALUES ($1, 'F', 0, repeat('0', 64))`,
            [RK],
          );
          await appendUsageAtCommit(tx, [{ ...entry('E', 2), outcome: 'nonsense' as UsageEntry['outcome'] }]);
        }),
        /usage_log_outcome_check|check constraint/,
      );
      assert.equal((await rowsOf(db, 'E')).length, 0);
      const heads = await db.query<{ n: number }>(`SELECT count(*) AS n FROM usage_log_chain_head WHERE client_key IN ('E', 'F')`);
      assert.equal(Number(heads.rows[0]!.n), 0);
      assert.deepEqual(await verifyUsageLog(db), before);
      // The connection is usable afterwards.
      await db.transaction((tx) => appendUsageAtCommit(tx, [entry('E', 3)]));
      assert.equal((await rowsOf(db, 'E')).length, 1);
    });
  });
}
