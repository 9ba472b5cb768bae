import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  pdf,
  prepareClient,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, countRows, freshHetu, rejection } from '../../../test/support/archive-rows.ts';
import { sha256Hex } from '../domain/body.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { readBody, readDocument } from './read-documents.ts';
import { storeDocument, storeDocuments } from './store-documents.ts';

// Storing (arkistointi): what goes in comes back unchanged, bodies are content-addressed and stored once
// per client, and re-sending is safe (same id + same content = the same answer, no second copy).

/** What the archive keeps of submitted metadata: timestamps in UTC at millisecond precision. */
const asStored = (m: DocumentMetadata) => ({
  ...m,
  created: new Date(m.created).toISOString(),
  completed: new Date(m.completed).toISOString(),
});

async function bodyRows(f: ArchiveFixture, sha256: string) {
  const r = await f.db.query<{ client_key: string; size_bytes: number }>(
    'SELECT client_key, size_bytes FROM document_body WHERE sha256 = $1 ORDER BY client_key',
    [sha256],
  );
  return r.rows;
}

for (const database of testDatabases()) {
  describe(`storing documents on ${database.name}`, () => {
    let f: ArchiveFixture;
    let worker: Identity;
    let system: Identity;
    const client = (hetu: string, m: DocumentMetadata) => ({ ...m, client: { kind: 'hetu' as const, value: hetu } });
    /** A client with clienthoods and a case, and a valid document in that case. */
    async function newClient(): Promise<{ hetu: string; doc: (o?: Partial<DocumentMetadata>) => DocumentMetadata }> {
      const hetu = freshHetu();
      const caseId = await prepareClient(f, { hetu });
      return { hetu, doc: (o = {}) => client(hetu, clientDocument(caseId, o)) };
    }

    before(async () => {
      f = await archiveFixture(await database.open());
      worker = f.users['sw-vaasa-ls']!;
      system = f.users['system-vaasa']!;
    });
    after(() => f.db.close());

    it('reads back exactly the metadata that was stored, plus what the archive computed', async () => {
      const { hetu, doc } = await newClient();
      const m = doc({ socialServices: ['94', '2'], citizenVisible: { visible: false, from: '2027-01-01' }, language: 'sv' });
      const { created, document } = await storeDocument(f.deps, worker, submission(m));
      assert.equal(created, true);
      const back = await readDocument(f.deps, worker, m.documentId);
      assert.deepEqual(back, document);
      const { clientKey, status, destructionDate, body, archivedAt, archivedBy, ...metadata } = back;
      assert.deepEqual(metadata, asStored(m));
      assert.deepEqual(
        { clientKey, status, destructionDate, archivedAt, archivedBy },
        {
          clientKey: hetu,
          status: 'current',
          destructionDate: '2038-11-10',
          archivedAt: f.ctx.now().toISOString(),
          archivedBy: worker.userId,
        },
      );
      assert.equal(body.contentType, 'application/pdf');
    });

    it('counts the retention period from the Finnish completion day', async () => {
      const { doc } = await newClient();
      const early = doc({ created: '2026-01-01T00:10:00+02:00', completed: '2026-01-01T00:30:00+02:00' });
      const { document } = await storeDocument(f.deps, worker, submission(early));
      assert.deepEqual([document.retentionRule, document.destructionDate], ['sh-12y', '2038-01-01']);
      assert.equal((await readDocument(f.deps, worker, early.documentId)).destructionDate, '2038-01-01');
    });

    it('stores the body once with its SHA-256 and size, and gives back the same bytes', async () => {
      const { doc } = await newClient();
      const b = pdf(`Runko ${doc().documentId}`);
      const { document } = await storeDocument(f.deps, worker, submission(doc(), b));
      const sha = sha256Hex(b.data);
      assert.deepEqual(document.body, { sha256: sha, size: b.data.length, contentType: 'application/pdf' });
      assert.deepEqual(
        (await bodyRows(f, sha)).map((r) => r.size_bytes),
        [b.data.length],
      );
      const read = await readBody(f.deps, worker, document.documentId);
      assert.ok(read.body.data.equals(b.data));
      assert.equal(read.body.contentType, 'application/pdf');
    });

    it('keeps one body per client partition when documents share their content', async () => {
      const a = await newClient();
      const b = await newClient();
      const same = pdf(`Sama sisältö ${a.hetu}`);
      const results = await storeDocuments(f.deps, system, [
        submission(a.doc(), same),
        submission(a.doc(), same),
        submission(b.doc(), same),
      ]);
      const docs = results.map((r) => accepted(r));
      assert.equal(new Set(docs.map((d) => d.documentId)).size, 3);
      assert.deepEqual(
        (await bodyRows(f, sha256Hex(same.data))).map((r) => r.client_key),
        [a.hetu, b.hetu].sort(),
      );
      const again = await storeDocument(f.deps, system, submission(a.doc(), same));
      assert.equal(again.created, true);
      assert.equal((await bodyRows(f, sha256Hex(same.data))).length, 2);
      for (const d of [...docs, again.document]) assert.ok((await readBody(f.deps, system, d.documentId)).body.data.equals(same.data));
    });

    it('answers a re-sent document as a duplicate with the same document and keeps one copy', async () => {
      const { doc } = await newClient();
      const m = doc();
      const first = await storeDocument(f.deps, worker, submission(m));
      const before = await countRows(f.db);
      // The same content, written differently: the completed time in UTC instead of +02:00.
      const resent = { ...m, completed: new Date(m.completed).toISOString() };
      const [second] = await storeDocuments(f.deps, worker, [submission(resent)]);
      assert.deepEqual(accepted(second, 'duplicate'), first.document);
      const afterwards = await countRows(f.db);
      for (const t of ['document', 'document_body', 'document_locator', 'document_event'] as const)
        assert.equal(afterwards[t], before[t], t);
    });

    it('refuses the same document id with different content as a conflict naming the document id', async () => {
      const { doc } = await newClient();
      const m = doc();
      await storeDocument(f.deps, worker, submission(m));
      const before = await countRows(f.db);
      const changes: Array<[string, ReturnType<typeof submission>]> = [
        ['title', submission({ ...m, title: 'Muutettu otsikko' })],
        ['body', submission(m, pdf('Toinen runko'))],
      ];
      for (const [what, s] of changes) {
        const err = rejection((await storeDocuments(f.deps, worker, [s]))[0]);
        assert.equal(err.code, 'conflict', what);
        assert.equal(err.issues[0]!.field, 'documentId');
        assert.ok(err.message.includes(m.documentId), err.message);
      }
      assert.deepEqual(await countRows(f.db), before);
      assert.equal((await readDocument(f.deps, worker, m.documentId)).title, m.title);
    });

    it('stores a document sent twice in one batch once', async () => {
      const { doc } = await newClient();
      const m = doc();
      const b = pdf(`Kahdesti ${m.documentId}`);
      const before = await countRows(f.db);
      const [one, two] = await storeDocuments(f.deps, worker, [submission(m, b), submission(m, b)]);
      assert.deepEqual(accepted(two, 'duplicate'), accepted(one));
      const afterwards = await countRows(f.db);
      assert.equal(afterwards.document - before.document, 1);
      assert.equal(afterwards.document_body - before.document_body, 1);
      assert.equal(afterwards.usage_log - before.usage_log, 1);
    });

    it('refuses the second of two different documents with one id in a batch', async () => {
      const { doc } = await newClient();
      const m = doc();
      const [one, two] = await storeDocuments(f.deps, worker, [submission(m), submission({ ...m, title: 'Toinen' })]);
      accepted(one);
      assert.equal(rejection(two).code, 'conflict');
      assert.equal((await readDocument(f.deps, worker, m.documentId)).title, m.title);
    });

    it('stores the good items of a batch and refuses the bad ones, answering in order', async () => {
      const { doc } = await newClient();
      const good = [doc(), doc()];
      const results = await storeDocuments(f.deps, worker, [
        submission(good[0]!),
        submission(doc({ serviceTask: '99' })),
        submission(good[1]!),
      ]);
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['created', 'rejected', 'created'],
      );
      assert.equal(rejection(results[1]).code, 'code-unknown');
      for (const m of good) assert.equal((await readDocument(f.deps, worker, m.documentId)).documentId, m.documentId);
    });

    it('two senders racing with the same document get one copy: one created, one duplicate', async () => {
      const { doc } = await newClient();
      const m = doc();
      const before = await countRows(f.db);
      const results = await Promise.all([storeDocuments(f.deps, system, [submission(m)]), storeDocuments(f.deps, system, [submission(m)])]);
      assert.deepEqual(results.map(([r]) => r!.outcome).sort(), ['created', 'duplicate']);
      const afterwards = await countRows(f.db);
      assert.equal(afterwards.document - before.document, 1);
      assert.equal(afterwards.usage_log - before.usage_log, 1);
    });
  });
}
