import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Queryable } from '../../lib/db/db.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  pdf,
  prepareClient,
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { freshHetu } from '../../../test/support/archive-rows.ts';
import { GENESIS_HASH, usageRowHash } from '../domain/usage-chain.ts';
import { readDocument } from './read-documents.ts';
import { searchArchive } from './search-documents.ts';
import { storeDocuments } from './store-documents.ts';
import { summariseClient } from './summarise-client.ts';
import { readUsageLog } from './usage-log-query.ts';
import { verifyUsageLog, type ChainBreak, type VerifyReport } from './verify-usage-log.ts';

// The usage log is chained by hash per partition (register keeper, client): rows written through the real
// services verify clean, and a malicious DBA who switches the append-only trigger off and changes, deletes,
// inserts or reorders rows is caught by the verifier, which names the first broken row.

class Rollback extends Error {}
interface Row {
  id: number;
  seq: number;
  row_hash: string;
  prev_hash: string;
}

for (const database of testDatabases()) {
  describe(`usage-log hash chain on ${database.name}`, () => {
    let f: ArchiveFixture;

    /** A client with a usage history of several rows written by the services; returns the partition's rows in seq order. */
    async function history(): Promise<{ hetu: string; rows: Row[] }> {
      const hetu = freshHetu();
      const caseId = await prepareClient(f, { hetu });
      const docs = [0, 1].map(() => clientDocument(caseId, { client: { kind: 'hetu', value: hetu } }));
      await storeDocuments(
        f.deps,
        f.users['system-vaasa']!,
        docs.map((m) => submission(m, pdf(m.documentId))),
      );
      await readDocument(f.deps, f.users['sw-vaasa-ls']!, docs[0]!.documentId, 'asiakastyö');
      await summariseClient(f.deps, f.users['sw-vaasa-ls']!, hetu);
      await readUsageLog(f.deps, f.users['archivist-vaasa']!, { clientKey: hetu, limit: 10, offset: 0 });
      return { hetu, rows: await partition(f.db, hetu) };
    }
    async function partition(q: Queryable, hetu: string): Promise<Row[]> {
      const r = await q.query<Row>(
        'SELECT id, seq, row_hash, prev_hash FROM usage_log WHERE register_keeper_oid = $1 AND client_key = $2 ORDER BY seq',
        [RK, hetu],
      );
      return r.rows.map((x) => ({ ...x, id: Number(x.id), seq: Number(x.seq) }));
    }
    /** Tampers as a DBA would (triggers off), verifies inside the same transaction, then rolls it all back. */
    async function tampered(hetu: string, tamper: (tx: Queryable) => Promise<void>): Promise<VerifyReport> {
      let report: VerifyReport | undefined;
      await f.db
        .transaction(async (tx) => {
          await tx.query('ALTER TABLE usage_log DISABLE TRIGGER usage_log_append_only');
          await tamper(tx);
          report = await verifyUsageLog(tx, { registerKeeperOid: RK, clientKey: hetu });
          throw new Rollback();
        })
        .catch((err: unknown) => {
          if (!(err instanceof Rollback)) throw err;
        });
      return report!;
    }
    function oneBreak(r: VerifyReport, hetu: string, expected: Pick<ChainBreak, 'kind' | 'id' | 'seq'>, message?: RegExp): void {
      assert.equal(r.breaks.length, 1, JSON.stringify(r.breaks));
      const [b] = r.breaks;
      assert.deepEqual(
        { kind: b!.kind, id: b!.id, seq: b!.seq, registerKeeperOid: b!.registerKeeperOid, clientKey: b!.clientKey },
        { ...expected, registerKeeperOid: RK, clientKey: hetu },
      );
      if (message) assert.match(b!.message, message);
    }

    before(async () => {
      f = await archiveFixture(await database.open());
    });
    after(() => f.db.close());

    it('rows written by the services form one chain per partition, from the genesis hash, and verify clean', async () => {
      const { hetu, rows } = await history();
      assert.ok(rows.length >= 7, `only ${rows.length} rows`);
      assert.deepEqual(
        rows.map((r) => r.seq),
        rows.map((_, i) => i + 1),
      );
      assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
      rows.slice(1).forEach((r, i) => assert.equal(r.prev_hash, rows[i]!.row_hash));
      const head = (
        await f.db.query<{ last_seq: number; last_hash: string }>(
          'SELECT last_seq, last_hash FROM usage_log_chain_head WHERE register_keeper_oid = $1 AND client_key = $2',
          [RK, hetu],
        )
      ).rows[0]!;
      assert.deepEqual({ seq: Number(head.last_seq), hash: head.last_hash }, { seq: rows.length, hash: rows.at(-1)!.row_hash });

      await searchArchive(f.deps, f.users['archivist-vaasa']!, { status: ['current'], count: 500 }); // one more row for hetu
      await searchArchive(f.deps, f.users['archivist-vaasa']!, { client: freshHetu(), status: ['current'], count: 5 });
      const all = await verifyUsageLog(f.db);
      const total = Number((await f.db.query<{ n: number }>('SELECT count(*) AS n FROM usage_log')).rows[0]!.n);
      const partitions = Number((await f.db.query<{ n: number }>('SELECT count(*) AS n FROM usage_log_chain_head')).rows[0]!.n);
      assert.deepEqual(all, { verifiedRows: total, partitions, preChainRows: 0, breaks: [] });
      assert.ok(partitions >= 2);
      // Small pages walk the same chain; filters narrow it to one partition.
      assert.deepEqual(await verifyUsageLog(f.db, {}, { pageSize: 3 }), all);
      assert.deepEqual(await verifyUsageLog(f.db, { registerKeeperOid: RK, clientKey: hetu }), {
        verifiedRows: rows.length + 1,
        partitions: 1,
        preChainRows: 0,
        breaks: [],
      });
      assert.deepEqual(await verifyUsageLog(f.db, { registerKeeperOid: '1.2.246.10.1.1' }), {
        verifiedRows: 0,
        partitions: 0,
        preChainRows: 0,
        breaks: [],
      });
    });

    const changes: Array<[string, string]> = [
      ['a user id', `user_id = 'someone-else'`],
      ['the time', `logged_at = logged_at - interval '1 hour'`],
      ['the outcome', `outcome = 'denied'`],
      ['the document ids', `document_ids = '{}'`],
      ['the detail', `detail = detail || '{"x": 1}'`],
      ['the purpose', `purpose = 'muu'`],
    ];
    for (const [what, set] of changes) {
      it(`a changed row is found: ${what}`, async () => {
        const { hetu, rows } = await history();
        const victim = rows[3]!;
        const r = await tampered(hetu, (tx) => tx.query(`UPDATE usage_log SET ${set} WHERE id = $1`, [victim.id]).then(() => undefined));
        oneBreak(r, hetu, { kind: 'changed', id: victim.id, seq: 4 }, /content does not match/);
        assert.equal(r.verifiedRows, 3);
      });
    }

    it('a changed row whose own hash was recomputed is found at the link to its successor', async () => {
      const { hetu, rows } = await history();
      const victim = rows[2]!;
      const r = await tampered(hetu, async (tx) => {
        await tx.query(`UPDATE usage_log SET user_name = 'Joku Muu' WHERE id = $1`, [victim.id]);
        const v = (await verifyUsageLog(tx, { clientKey: hetu })).breaks[0]!;
        assert.equal(v.id, victim.id);
        const row = (
          await tx.query<Record<string, unknown>>(
            `SELECT *, to_char(logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM usage_log WHERE id = $1`,
            [victim.id],
          )
        ).rows[0]!;
        const hash = usageRowHash(victim.prev_hash, {
          seq: 3,
          registerKeeperOid: RK,
          clientKey: hetu,
          at: row.at as string,
          userId: row.user_id as string,
          userName: 'Joku Muu',
          professionalId: row.professional_id as string | null,
          organisationOid: row.organisation_oid as string,
          systemId: row.system_id as string,
          role: row.role as string,
          action: row.action as 'read',
          outcome: row.outcome as 'success',
          rule: row.rule as string,
          documentIds: row.document_ids as string[],
          purpose: row.purpose as string | null,
          detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>,
        });
        await tx.query('UPDATE usage_log SET row_hash = $1 WHERE id = $2', [hash, victim.id]);
      });
      oneBreak(r, hetu, { kind: 'changed', id: victim.id, seq: 3 }, /replaced and re-hashed/);
    });

    it('a deleted row leaves a gap', async () => {
      const { hetu, rows } = await history();
      const r = await tampered(hetu, (tx) => tx.query('DELETE FROM usage_log WHERE id = $1', [rows[2]!.id]).then(() => undefined));
      oneBreak(r, hetu, { kind: 'deleted', id: rows[3]!.id, seq: 4 }, /seq 3 missing/);
    });

    it('deleted rows at the end are found through the chain head', async () => {
      const { hetu, rows } = await history();
      const r = await tampered(hetu, (tx) =>
        tx.query('DELETE FROM usage_log WHERE id = ANY($1::bigint[])', [rows.slice(-2).map((x) => x.id)]).then(() => undefined),
      );
      oneBreak(
        r,
        hetu,
        { kind: 'deleted', id: null, seq: rows.length - 1 },
        new RegExp(`seq ${rows.length - 1}–${rows.length} at the end`),
      );
      const gone = await tampered(hetu, (tx) => tx.query('DELETE FROM usage_log WHERE client_key = $1', [hetu]).then(() => undefined));
      oneBreak(gone, hetu, { kind: 'deleted', id: null, seq: 1 }, new RegExp(`all ${rows.length} rows`));
    });

    it('a forged row is found, whether it carries a made-up hash, a correct one, or none', async () => {
      const { hetu, rows } = await history();
      const last = rows.at(-1)!;
      const forge = (seq: number | null, prev: string | null, hash: string | null) => async (tx: Queryable) => {
        if (seq === null) await tx.query('ALTER TABLE usage_log DROP CONSTRAINT usage_log_chained');
        const r = await tx.query<{ id: number }>(
          `INSERT INTO usage_log (register_keeper_oid, client_key, logged_at, user_id, user_name, organisation_oid, system_id, role, action, outcome, rule, seq, prev_hash, row_hash)
          VALUES ($1, $2, now(), 'sw-vaasa-ls', 'Sanna', $1, 'arkki-ui', 'sosiaalityontekija', 'read', 'success', 'role-service-task', $3, $4, $5) RETURNING id`,
          [RK, hetu, seq, prev, hash],
        );
        forged = Number(r.rows[0]!.id);
      };
      let forged = 0;
      const made = await tampered(hetu, forge(last.seq + 1, last.row_hash, 'f'.repeat(64)));
      oneBreak(made, hetu, { kind: 'inserted', id: forged, seq: last.seq + 1 }, /beyond the chain head/);
      // A correct hash does not help: the head does not count the row.
      const correct = await tampered(hetu, async (tx) => {
        await forge(last.seq + 1, last.row_hash, '0'.repeat(64))(tx);
        const v = await verifyUsageLog(tx, { clientKey: hetu });
        assert.equal(v.breaks[0]!.kind, 'inserted');
      });
      oneBreak(correct, hetu, { kind: 'inserted', id: forged, seq: last.seq + 1 });
      const unchained = await tampered(hetu, forge(null, null, null));
      oneBreak(unchained, hetu, { kind: 'inserted', id: forged, seq: null }, /without a place in the chain/);
      // The database refuses unchained rows while the constraint stands.
      await assert.rejects(
        f.db.query(
          `INSERT INTO usage_log (register_keeper_oid, client_key, logged_at, user_id, user_name, organisation_oid, system_id, role, action, outcome, rule)
        VALUES ($1, $2, now(), 'x', 'x', $1, 'x', 'x', 'read', 'success', 'x')`,
          [RK, hetu],
        ),
        /usage_log_chained/,
      );
    });

    it('reordered rows are found', async () => {
      const { hetu, rows } = await history();
      const [a, b] = [rows[2]!, rows[3]!];
      const r = await tampered(hetu, async (tx) => {
        await tx.query('UPDATE usage_log SET seq = 1000000 WHERE id = $1', [a.id]);
        await tx.query('UPDATE usage_log SET seq = $1 WHERE id = $2', [a.seq, b.id]);
        await tx.query('UPDATE usage_log SET seq = $1 WHERE id = $2', [b.seq, a.id]);
      });
      oneBreak(r, hetu, { kind: 'reordered', id: b.id, seq: a.seq }, new RegExp(`chains to row id ${a.id}`));
    });

    it('a deleted chain head is found, and heads only move forward', async () => {
      const { hetu, rows } = await history();
      const r = await tampered(hetu, async (tx) => {
        await tx.query('ALTER TABLE usage_log_chain_head DISABLE TRIGGER usage_log_chain_head_forward');
        await tx.query('DELETE FROM usage_log_chain_head WHERE client_key = $1', [hetu]);
      });
      oneBreak(r, hetu, { kind: 'head', id: rows.at(-1)!.id, seq: rows.length });
      await assert.rejects(f.db.query('DELETE FROM usage_log_chain_head WHERE client_key = $1', [hetu]), /only move forward/);
      await assert.rejects(
        f.db.query('UPDATE usage_log_chain_head SET last_seq = last_seq - 1 WHERE client_key = $1', [hetu]),
        /only move forward/,
      );
      await assert.rejects(
        f.db.query(`UPDATE usage_log_chain_head SET last_hash = $2 WHERE client_key = $1`, [hetu, 'a'.repeat(64)]),
        /only move forward/,
      );
      await assert.rejects(f.db.query('UPDATE usage_log SET rule = $1 WHERE client_key = $2', ['x', hetu]), /not allowed/);
    });

    it('after all the rolled-back tampering the log still verifies clean', async () => {
      const r = await verifyUsageLog(f.db);
      assert.deepEqual(r.breaks, []);
      assert.equal(r.verifiedRows, Number((await f.db.query<{ n: number }>('SELECT count(*) AS n FROM usage_log')).rows[0]!.n));
    });
  });
}
