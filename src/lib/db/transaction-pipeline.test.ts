import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databasesMigratedBy } from '../../../test/support/test-databases.ts';
import type { Db } from './db.ts';
import { hot, setFastReads } from './pg-statements.ts';

// A transaction whose BEGIN goes with its first statement and whose queued statements go with COMMIT
// behaves as one with separate round trips: all or nothing, errors where they happened, the connection
// usable afterwards — with hot (named) statements too, also when one fails on its first use.

const schema = async (db: Db) => {
  await db.exec('CREATE TABLE t (k int PRIMARY KEY, v text NOT NULL)');
};
const INSERT = hot('INSERT INTO t (k, v) VALUES ($1, $2)');
const COUNT = hot('SELECT count(*) AS n FROM t WHERE k >= $1');
const count = async (db: Db, from = 0) => Number((await db.query<{ n: number }>(COUNT, [from])).rows[0]!.n);

for (const database of databasesMigratedBy(schema)) {
  for (const fast of [true, false]) {
    describe(`transactions ${fast ? 'pipelined' : 'one statement at a time'} on ${database.name}`, () => {
      let db: Db;
      const base = fast ? 0 : 1000;
      before(async () => {
        setFastReads(fast);
        db = await database.open();
      });
      after(async () => {
        setFastReads(true);
        await db.close();
      });

      it('commits the first statement, the rest and the queued statements together', async () => {
        const n = await db.transaction(async (tx) => {
          await tx.query(INSERT, [base + 1, 'a']);
          tx.atCommit?.(INSERT, () => [base + 3, 'c']);
          await tx.query(INSERT, [base + 2, 'b']);
          // On PostgreSQL the hot statements are prepared on this connection under their names (fast path only).
          const prepared = await tx.query<{ n: number }>("SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'arkki\\_%'");
          assert.equal(Number(prepared.rows[0]!.n) > 0, fast && db.kind === 'postgres');
          return count(tx as Db, base);
        });
        assert.equal(n, 2);
        assert.equal(await count(db, base), 3);
      });

      it('a failing first statement, a failing queued statement and a thrown error each leave nothing', async () => {
        await assert.rejects(
          db.transaction((tx) => tx.query(INSERT, [base + 1, 'dup'])),
          /duplicate key/,
        );
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.query(INSERT, [base + 10, 'x']);
            tx.atCommit?.(INSERT, () => [base + 1, 'dup']);
          }),
          /duplicate key/,
        );
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.query(INSERT, [base + 11, 'y']);
            throw new Error('use failed');
          }),
          /use failed/,
        );
        // A hot statement that fails the first time it is prepared, then a good one on the same pool.
        const bad = hot('SELECT no_such_column FROM t');
        await assert.rejects(
          db.transaction((tx) => tx.query(bad)),
          /no_such_column/,
        );
        await assert.rejects(
          db.transaction((tx) => tx.query(bad)),
          /no_such_column/,
        );
        assert.equal(await count(db, base), 3);
        await db.transaction((tx) => tx.query(INSERT, [base + 4, 'd']));
        assert.equal(await count(db, base), 4);
      });

      it('a transaction with only queued statements commits them; one with none sends nothing', async () => {
        await db.transaction(async (tx) => {
          tx.atCommit?.(INSERT, () => [base + 5, 'e']);
        });
        assert.equal(await db.transaction(async () => 'nothing'), 'nothing');
        assert.equal(await count(db, base), 5);
      });
    });
  }
}
