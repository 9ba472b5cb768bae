import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  pdf,
  prepareClient,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, countRows, freshHetu } from '../../../test/support/archive-rows.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { readDocument } from './read-documents.ts';
import { storeDocuments } from './store-documents.ts';

// One use case = one transaction that writes the data AND its usage-log row, or nothing (design.md).
// A trigger in the test database makes a write fail midway inside that transaction, as a crash would.

const CRASH = 'simulated crash inside the transaction';

for (const database of testDatabases()) {
  describe(`crash safety on ${database.name}`, () => {
    let f: ArchiveFixture;
    let worker: Identity;
    let archivist: Identity;

    /** Runs `step` while every INSERT (or UPDATE) into `table` raises an exception; the trigger is gone afterwards. */
    async function failingOn<T>(table: string, step: () => Promise<T>, on = 'INSERT'): Promise<void> {
      await f.db.exec(`
        CREATE FUNCTION crash_now() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${CRASH}'; END $$;
        CREATE TRIGGER crash_now BEFORE ${on} ON ${table} FOR EACH ROW EXECUTE FUNCTION crash_now();`);
      try {
        await assert.rejects(step(), (err: Error) => err.message.includes(CRASH));
      } finally {
        await f.db.exec(`DROP TRIGGER crash_now ON ${table}; DROP FUNCTION crash_now();`);
      }
    }

    /** Documents without the usage-log row of their write, and write rows without their document. */
    async function orphans(): Promise<{
      unlogged: string[];
      phantom: number[];
      unloggedInvalidations: string[];
      phantomInvalidations: number[];
    }> {
      const q = async <T>(sql: string) => (await f.db.query<Record<string, T>>(sql)).rows.map((r) => Object.values(r)[0]!);
      return {
        unlogged: await q<string>(`SELECT d.document_id FROM document d WHERE NOT EXISTS (
          SELECT 1 FROM usage_log u WHERE u.register_keeper_oid = d.register_keeper_oid AND u.client_key = d.client_key
            AND u.action IN ('create', 'new-version') AND u.outcome = 'success' AND d.document_id = ANY(u.document_ids))`),
        phantom: await q<number>(`SELECT u.id FROM usage_log u WHERE u.action IN ('create', 'new-version') AND u.outcome = 'success'
          AND NOT EXISTS (SELECT 1 FROM document d WHERE d.register_keeper_oid = u.register_keeper_oid AND d.client_key = u.client_key AND d.document_id = u.document_ids[1])`),
        unloggedInvalidations: await q<string>(`SELECT e.document_id FROM document_event e WHERE e.event = 'invalidated' AND NOT EXISTS (
          SELECT 1 FROM usage_log u WHERE u.action = 'invalidate' AND u.outcome = 'success' AND e.document_id = ANY(u.document_ids))`),
        phantomInvalidations:
          await q<number>(`SELECT u.id FROM usage_log u WHERE u.action = 'invalidate' AND u.outcome = 'success' AND NOT EXISTS (
          SELECT 1 FROM document_event e WHERE e.event = 'invalidated' AND e.document_id = u.document_ids[1])`),
      };
    }
    const clean = { unlogged: [], phantom: [], unloggedInvalidations: [], phantomInvalidations: [] };

    async function client(): Promise<(o?: Partial<DocumentMetadata>) => DocumentMetadata> {
      const hetu = freshHetu();
      const caseId = await prepareClient(f, { hetu });
      return (o = {}) => clientDocument(caseId, { client: { kind: 'hetu', value: hetu }, ...o });
    }

    before(async () => {
      f = await archiveFixture(await database.open());
      [worker, archivist] = [f.users['sw-vaasa-ls']!, f.users['archivist-vaasa']!];
    });
    after(async () => {
      assert.deepEqual(await orphans(), clean, 'after everything, every write has its log row and every log row its write');
      await f.db.close();
    });

    for (const table of ['usage_log', 'document_event', 'document_locator']) {
      it(`a write failing on ${table} leaves nothing; once the fault is gone the same submission is stored`, async () => {
        const doc = await client();
        const m = doc();
        const body = pdf(m.documentId);
        const before = await countRows(f.db);
        await failingOn(table, () => storeDocuments(f.deps, worker, [submission(m, body), submission(doc(), pdf(`${m.documentId}-2`))]));
        assert.deepEqual(await countRows(f.db), before);
        assert.deepEqual(await orphans(), clean);
        const [r] = await storeDocuments(f.deps, worker, [submission(m, body)]);
        assert.equal(accepted(r).documentId, m.documentId, 'created, not a duplicate of a half-written copy');
        assert.deepEqual(await orphans(), clean);
      });
    }

    it('a new client’s first batch (clienthoods, case, document) failing on client_case leaves no trace of the client', async () => {
      const hetu = freshHetu();
      const caseId = newOid(3);
      const c = { client: { kind: 'hetu' as const, value: hetu } };
      const batch = [
        clienthoodDocument('social-welfare', c),
        clienthoodDocument('service-task', c),
        caseDocument(caseId, c),
        clientDocument(caseId, c),
      ];
      const before = await countRows(f.db);
      await failingOn('client_case', () =>
        storeDocuments(
          f.deps,
          f.users['system-vaasa']!,
          batch.map((m) => submission(m)),
        ),
      );
      assert.deepEqual(await countRows(f.db), before);
      assert.equal((await f.db.query('SELECT 1 FROM person WHERE client_key = $1', [hetu])).rows.length, 0);
      const results = await storeDocuments(
        f.deps,
        f.users['system-vaasa']!,
        batch.map((m) => submission(m)),
      );
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['created', 'created', 'created', 'created'],
      );
    });

    it('a new version failing while superseding the old one stores no new version and leaves the old one current', async () => {
      const doc = await client();
      const v1 = accepted((await storeDocuments(f.deps, worker, [submission(doc())]))[0]);
      const v2 = doc({ setId: v1.setId, version: 2, replaces: v1.documentId });
      const before = await countRows(f.db);
      await failingOn('document', () => storeDocuments(f.deps, worker, [submission(v2)]), 'UPDATE');
      assert.deepEqual(await countRows(f.db), before);
      assert.equal((await readDocument(f.deps, worker, v1.documentId)).status, 'current');
      accepted((await storeDocuments(f.deps, worker, [submission(v2)]))[0]);
      assert.equal((await readDocument(f.deps, worker, v1.documentId)).status, 'superseded');
    });

    for (const [table, on] of [
      ['document_event', 'INSERT'],
      ['document', 'UPDATE'],
      ['usage_log', 'INSERT'],
    ] as const) {
      it(`an invalidation failing on ${table} (${on}) leaves the document current and logs no invalidation`, async () => {
        const doc = await client();
        const m = accepted((await storeDocuments(f.deps, worker, [submission(doc())]))[0]);
        const before = await countRows(f.db);
        await failingOn(table, () => invalidateDocument(f.deps, archivist, m.documentId, 'Kirjattu väärälle asiakkaalle'), on);
        assert.deepEqual(await countRows(f.db), before);
        assert.equal((await readDocument(f.deps, archivist, m.documentId)).status, 'current');
        assert.deepEqual(await orphans(), clean);
        assert.equal((await invalidateDocument(f.deps, archivist, m.documentId, 'Kirjattu väärälle asiakkaalle')).status, 'invalidated');
      });
    }

    it('a read whose usage-log row cannot be written is not served', async () => {
      const doc = await client();
      const m = accepted((await storeDocuments(f.deps, worker, [submission(doc())]))[0]);
      const before = await countRows(f.db);
      await failingOn('usage_log', () => readDocument(f.deps, worker, m.documentId));
      assert.deepEqual(await countRows(f.db), before);
    });
  });
}
