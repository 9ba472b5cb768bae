import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  newOid,
  pdf,
  prepareClient,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import {
  accepted,
  countRows,
  freshHetu,
  logLine,
  rejection,
  rejectsWith,
  usageMark,
  usageSince,
} from '../../../test/support/archive-rows.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { DEFAULT_PAGE } from '../domain/search.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { documentHistory, readDocument, readSetVersion } from './read-documents.ts';
import { searchArchive } from './search-documents.ts';
import { storeDocuments } from './store-documents.ts';

// New version (versiointi) and invalidation (mitätöinti): nothing archived is ever lost. A replaced version
// stays readable as superseded; an invalidated document leaves normal use but stays in history with its reason.

const REASON = 'Arkistoitu väärälle asiakkaalle';

for (const database of testDatabases()) {
  describe(`new versions and invalidation on ${database.name}`, () => {
    let f: ArchiveFixture;
    let worker: Identity;
    let archivist: Identity;
    const events = async (documentId: string) =>
      (
        await f.db.query<{ event: string; reason: string | null }>(
          'SELECT event, reason FROM document_event WHERE document_id = $1 ORDER BY seq',
          [documentId],
        )
      ).rows.map((r) => (r.reason ? `${r.event}: ${r.reason}` : r.event));
    const store = async (m: DocumentMetadata, identity = worker) =>
      (await storeDocuments(f.deps, identity, [submission(m, pdf(m.documentId))]))[0];
    const search = (identity: Identity, criteria: Partial<Parameters<typeof searchArchive>[2]>) =>
      searchArchive(f.deps, identity, { status: ['current'], count: DEFAULT_PAGE, ...criteria });
    /** A fresh client with a stored version 1, and a builder for the next version. */
    async function version1(): Promise<{
      v1: ArchivedDocument;
      next: (o?: Partial<DocumentMetadata>) => DocumentMetadata;
      doc: (o?: Partial<DocumentMetadata>) => DocumentMetadata;
    }> {
      const hetu = freshHetu();
      const caseId = await prepareClient(f, { hetu });
      const doc = (o: Partial<DocumentMetadata> = {}) => clientDocument(caseId, { client: { kind: 'hetu', value: hetu }, ...o });
      const v1 = accepted(await store(doc()));
      return {
        v1,
        doc,
        next: (o = {}) => doc({ setId: v1.setId, version: 2, replaces: v1.documentId, title: 'Korjattu yhteenveto', ...o }),
      };
    }
    async function refusedVersion(m: DocumentMetadata, rule: string) {
      const before = await countRows(f.db);
      const err = rejection(await store(m));
      assert.equal(err.code, 'conflict', err.message);
      assert.ok(
        err.issues.some((i) => i.rule === rule),
        `expected rule ${rule}: ${err.message}`,
      );
      assert.deepEqual(await countRows(f.db), before);
      return err;
    }

    before(async () => {
      f = await archiveFixture(await database.open());
      worker = f.users['sw-vaasa-ls']!;
      archivist = f.users['archivist-vaasa']!;
    });
    after(() => f.db.close());

    it('version 2 supersedes version 1, which stays readable by its id and in the history', async () => {
      const { v1, next } = await version1();
      const mark = await usageMark(f.db);
      const v2 = accepted(await store(next()));
      assert.equal(v2.status, 'current');
      const old = await readDocument(f.deps, worker, v1.documentId);
      assert.deepEqual(old, { ...v1, status: 'superseded' });
      assert.deepEqual(
        (await documentHistory(f.deps, worker, v1.setId)).map((d) => [d.version, d.status]),
        [
          [2, 'current'],
          [1, 'superseded'],
        ],
      );
      assert.equal((await readSetVersion(f.deps, worker, v1.setId)).documentId, v2.documentId);
      assert.equal((await readSetVersion(f.deps, worker, v1.setId, 1)).documentId, v1.documentId);
      assert.deepEqual(await events(v1.documentId), ['archived', 'superseded']);
      assert.deepEqual(
        (await search(worker, { setId: v1.setId })).docs.map((d) => d.documentId),
        [v2.documentId],
      );
      assert.deepEqual(
        (await search(worker, { setId: v1.setId, status: ['current', 'superseded'] })).docs.map((d) => d.version).sort(),
        [1, 2],
      );
      const [write] = await usageSince(f.db, mark);
      assert.deepEqual(logLine(write!), {
        userId: worker.userId,
        role: 'social-worker',
        action: 'new-version',
        clientKey: v1.clientKey,
        outcome: 'success',
        rule: 'role-service-task',
        documentIds: [v1.documentId, v2.documentId].sort(),
      });
    });

    it('refuses a wrong version number', async () => {
      const { next } = await version1();
      await refusedVersion(next({ version: 3 }), 'next-version');
    });

    it('refuses a new version with another set id', async () => {
      const { next } = await version1();
      await refusedVersion(next({ setId: newOid(2) }), 'same-set');
    });

    it('refuses replacing a superseded version', async () => {
      const { v1, next } = await version1();
      accepted(await store(next()));
      const err = await refusedVersion(next({ documentId: newOid(1) }), 'not-current');
      assert.ok(err.message.includes(v1.documentId));
    });

    it('refuses replacing an invalidated document', async () => {
      const { v1, next } = await version1();
      await invalidateDocument(f.deps, archivist, v1.documentId, REASON);
      await refusedVersion(next(), 'invalidated');
    });

    it('refuses replacing a document of another client, as if it did not exist', async () => {
      const { v1 } = await version1();
      const other = await version1();
      const err = await refusedVersion(other.doc({ setId: v1.setId, version: 2, replaces: v1.documentId }), 'not-found');
      assert.match(err.message, /not in the archive for this client/);
      assert.equal((await readDocument(f.deps, worker, v1.documentId)).status, 'current');
    });

    it('refuses replacing a document that is not in the archive', async () => {
      const { doc } = await version1();
      await refusedVersion(doc({ setId: newOid(2), version: 2, replaces: newOid(1) }), 'not-found');
    });

    it('of two corrections of one version in a batch, the second is refused', async () => {
      const { next } = await version1();
      const [a, b] = await storeDocuments(f.deps, worker, [
        submission(next()),
        submission(next({ documentId: newOid(1), title: 'Toinen korjaus' })),
      ]);
      accepted(a);
      assert.equal(rejection(b).issues[0]!.rule, 'not-current');
    });

    it('of two corrections of one version sent at once, one wins and the other is refused', async () => {
      const { v1, next } = await version1();
      const results = await Promise.all([store(next()), store(next({ documentId: newOid(1), title: 'Samaan aikaan' }))]);
      assert.deepEqual(results.map((r) => r!.outcome).sort(), ['created', 'rejected']);
      const history = await documentHistory(f.deps, worker, v1.setId);
      assert.deepEqual(
        history.map((d) => [d.version, d.status]),
        [
          [2, 'current'],
          [1, 'superseded'],
        ],
      );
      assert.deepEqual(await events(v1.documentId), ['archived', 'superseded']);
    });

    it('an invalidated document keeps its reason, leaves normal search and stays in the archivist’s view and history', async () => {
      const { v1 } = await version1();
      const done = await invalidateDocument(f.deps, worker, v1.documentId, REASON);
      assert.equal(done.status, 'invalidated');
      const invalidation = { reason: REASON, at: f.ctx.now().toISOString(), by: worker.userId };
      assert.deepEqual(done.invalidation, invalidation);
      assert.deepEqual(await events(v1.documentId), ['archived', `invalidated: ${REASON}`]);
      for (const who of [worker, f.users['system-vaasa']!, archivist]) {
        const ids = (await search(who, { client: v1.clientKey })).docs.map((d) => d.documentId);
        assert.ok(ids.length > 0 && !ids.includes(v1.documentId), who.userId);
      }
      const found = await search(archivist, { client: v1.clientKey, status: ['invalidated'] });
      assert.deepEqual(
        found.docs.map((d) => [d.documentId, d.invalidation?.reason]),
        [[v1.documentId, REASON]],
      );
      assert.deepEqual((await readDocument(f.deps, archivist, v1.documentId)).invalidation, invalidation);
      assert.deepEqual(
        (await documentHistory(f.deps, archivist, v1.setId)).map((d) => [d.status, d.invalidation?.reason]),
        [['invalidated', REASON]],
      );
      await rejectsWith(readDocument(f.deps, worker, v1.documentId), 'forbidden', 'invalidated-archivist-only');
    });

    it('a social worker may not search invalidated documents', async () => {
      const { v1 } = await version1();
      await rejectsWith(search(worker, { client: v1.clientKey, status: ['invalidated'] }), 'forbidden', 'invalidated-archivist-only');
      await rejectsWith(
        search(worker, { client: v1.clientKey, status: ['current', 'invalidated'] }),
        'forbidden',
        'invalidated-archivist-only',
      );
    });

    it('invalidating twice is a conflict and changes nothing', async () => {
      const { v1 } = await version1();
      await invalidateDocument(f.deps, archivist, v1.documentId, REASON);
      const before = await countRows(f.db);
      await rejectsWith(
        invalidateDocument(f.deps, archivist, v1.documentId, 'Toinen syy mitätöinnille'),
        'conflict',
        'already-invalidated',
      );
      assert.deepEqual(await countRows(f.db), before);
      assert.equal((await readDocument(f.deps, archivist, v1.documentId)).invalidation?.reason, REASON);
    });

    it('two archivists invalidating at once: one succeeds, the other gets a conflict, one event', async () => {
      const { v1 } = await version1();
      const results = await Promise.allSettled([
        invalidateDocument(f.deps, archivist, v1.documentId, REASON),
        invalidateDocument(f.deps, archivist, v1.documentId, 'Samaan aikaan toinen syy'),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal((failed.reason as { code?: string }).code, 'conflict');
      assert.equal((await events(v1.documentId)).filter((e) => e.startsWith('invalidated')).length, 1);
    });

    it('invalidating a superseded version is refused: invalidate the current one', async () => {
      const { v1, next } = await version1();
      accepted(await store(next()));
      await rejectsWith(invalidateDocument(f.deps, archivist, v1.documentId, REASON), 'conflict', 'not-current');
    });

    it('an invalidation without a real reason is refused and changes nothing', async () => {
      const { v1 } = await version1();
      const before = await countRows(f.db);
      for (const reason of ['', 'vir', '    ']) {
        await rejectsWith(invalidateDocument(f.deps, archivist, v1.documentId, reason), 'required', 'required', /at least 5 characters/);
      }
      assert.deepEqual(await countRows(f.db), before);
      assert.equal((await readDocument(f.deps, worker, v1.documentId)).status, 'current');
    });

    it('an unknown document cannot be invalidated', async () => {
      await rejectsWith(invalidateDocument(f.deps, archivist, newOid(1), REASON), 'not-found');
    });

    it('another register keeper’s social worker cannot invalidate, and the attempt is logged', async () => {
      const { v1 } = await version1();
      const mark = await usageMark(f.db);
      await rejectsWith(invalidateDocument(f.deps, f.users['sw-eksote-ls']!, v1.documentId, REASON), 'forbidden', 'other-register-keeper');
      assert.equal((await readDocument(f.deps, worker, v1.documentId)).status, 'current');
      const rows = (await usageSince(f.db, mark)).filter((r) => r.action === 'invalidate');
      assert.deepEqual(
        rows.map((r) => [r.userId, r.outcome, r.rule, r.purpose]),
        [['sw-eksote-ls', 'denied', 'other-register-keeper', REASON]],
      );
    });

    it('another register keeper learns nothing of a document’s state: forbidden before conflict or a bad reason', async () => {
      const { v1 } = await version1();
      await invalidateDocument(f.deps, archivist, v1.documentId, REASON);
      const outsider = f.users['sw-eksote-ls']!;
      const mark = await usageMark(f.db);
      await rejectsWith(
        invalidateDocument(f.deps, outsider, v1.documentId, 'Toinen syy mitätöinnille'),
        'forbidden',
        'other-register-keeper',
      );
      await rejectsWith(invalidateDocument(f.deps, outsider, v1.documentId, 'x'), 'forbidden', 'other-register-keeper');
      assert.deepEqual(
        (await usageSince(f.db, mark)).map((r) => [r.userId, r.action, r.outcome]),
        [
          [outsider.userId, 'invalidate', 'denied'],
          [outsider.userId, 'invalidate', 'denied'],
        ],
      );
    });
  });
}
