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
  prepareClient,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, countRows, freshHetu, rejection } from '../../../test/support/archive-rows.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { clienthoodsOf, casesOf } from '../store/register-store.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { readDocument } from './read-documents.ts';
import { storeDocuments } from './store-documents.ts';

// Archiving order (domain README §3): clienthoods and cases first, then client documents. The archive
// refuses a document that skips a step with an error saying what to archive first, and writes nothing.

for (const database of testDatabases()) {
  describe(`register order on ${database.name}`, () => {
    let f: ArchiveFixture;
    let system: Identity;
    const forClient = (hetu: string) => ({ client: { kind: 'hetu' as const, value: hetu } });
    async function refused(m: DocumentMetadata) {
      const before = await countRows(f.db);
      const err = rejection((await storeDocuments(f.deps, system, [submission(m)]))[0]);
      assert.deepEqual(await countRows(f.db), before, 'a refused document writes nothing');
      return err;
    }

    before(async () => {
      f = await archiveFixture(await database.open());
      system = f.users['system-vaasa']!;
    });
    after(() => f.db.close());

    it('refuses a client document without a service-task clienthood: archive the clienthood document first', async () => {
      const err = await refused(clientDocument(newOid(3), forClient(freshHetu())));
      assert.equal(err.code, 'precondition');
      assert.equal(err.issues[0]!.field, 'serviceTask');
      assert.match(err.message, /archive the clienthood document \(asiakkuusasiakirja\) first/);
    });

    it('refuses a client document whose clienthood is in another service task', async () => {
      const hetu = freshHetu();
      const caseId = await prepareClient(f, { hetu, serviceTask: '20' });
      const err = await refused(clientDocument(caseId, forClient(hetu)));
      assert.equal(err.code, 'precondition');
      assert.match(err.message, /no service-task clienthood in service task 10/);
    });

    it('refuses a client document in an unknown case: archive the case document first', async () => {
      const hetu = freshHetu();
      await prepareClient(f, { hetu });
      const unknown = newOid(3);
      const err = await refused(clientDocument(unknown, forClient(hetu)));
      assert.equal(err.code, 'precondition');
      assert.equal(err.issues[0]!.field, 'case.id');
      assert.ok(err.message.includes(unknown), err.message);
      assert.match(err.message, /archive its case document \(asia-asiakirja\) first/);
    });

    it('refuses a client document in a case of another service task', async () => {
      const hetu = freshHetu();
      await prepareClient(f, { hetu });
      const disabilityCase = await prepareClient(f, { hetu, serviceTask: '20' });
      const err = await refused(clientDocument(disabilityCase, forClient(hetu)));
      assert.equal(err.issues[0]!.rule, 'case-service-task');
    });

    it('refuses a service-task clienthood without the social-welfare clienthood', async () => {
      const err = await refused(clienthoodDocument('service-task', forClient(freshHetu())));
      assert.equal(err.code, 'precondition');
      assert.match(err.message, /archive the social-welfare clienthood/);
    });

    it('refuses a case document without the service-task clienthood', async () => {
      const hetu = freshHetu();
      accepted((await storeDocuments(f.deps, system, [submission(clienthoodDocument('social-welfare', forClient(hetu)))]))[0]);
      const err = await refused(caseDocument(newOid(3), forClient(hetu)));
      assert.equal(err.code, 'precondition');
      assert.match(err.message, /archive the clienthood document/);
    });

    it('accepts a notification-register document without any clienthood', async () => {
      const hetu = freshHetu();
      const m = clientDocument(newOid(3), {
        ...forClient(hetu),
        register: 'notification',
        processPhase: 'vireilletulo',
        title: 'Lastensuojeluilmoitus',
      });
      const doc = accepted((await storeDocuments(f.deps, system, [submission(m)]))[0]);
      assert.equal(doc.register, 'notification');
      assert.equal((await readDocument(f.deps, f.users['sw-vaasa-ls']!, m.documentId)).documentId, m.documentId);
    });

    it('accepts clienthoods, case and document in one batch in the right order, and records them', async () => {
      const hetu = freshHetu();
      const caseId = newOid(3);
      const batch = [
        clienthoodDocument('social-welfare', forClient(hetu)),
        clienthoodDocument('service-task', forClient(hetu)),
        clienthoodDocument('service-unit', forClient(hetu)),
        caseDocument(caseId, { ...forClient(hetu), case: { id: caseId, name: 'Lastensuojelun asia' } }),
        clientDocument(caseId, forClient(hetu)),
      ];
      const results = await storeDocuments(
        f.deps,
        system,
        batch.map((m) => submission(m)),
      );
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['created', 'created', 'created', 'created', 'created'],
      );
      const key = [{ registerKeeperOid: batch[0]!.registerKeeper, clientKey: hetu }];
      assert.deepEqual((await clienthoodsOf(f.db, key)).map((c) => `${c.level}:${c.serviceTask ?? '-'}`).sort(), [
        'service-task:10',
        'service-unit:10',
        'social-welfare:-',
      ]);
      assert.deepEqual(
        (await casesOf(f.db, key)).map((c) => [c.caseId, c.name, c.serviceTask, c.opened, c.closed]),
        [[caseId, 'Lastensuojelun asia', '10', '2026-02-01', null]],
      );
    });

    it('in the wrong order within one batch, only the document that comes too early is refused', async () => {
      const hetu = freshHetu();
      const caseId = newOid(3);
      const early = clientDocument(caseId, forClient(hetu));
      const results = await storeDocuments(f.deps, system, [
        submission(early),
        submission(clienthoodDocument('social-welfare', forClient(hetu))),
        submission(clienthoodDocument('service-task', forClient(hetu))),
        submission(caseDocument(caseId, forClient(hetu))),
      ]);
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['rejected', 'created', 'created', 'created'],
      );
      assert.equal(rejection(results[0]).code, 'precondition');
      accepted((await storeDocuments(f.deps, system, [submission(early)]))[0]);
    });

    it('an invalidated clienthood no longer admits documents', async () => {
      const hetu = freshHetu();
      const [, serviceTask] = await storeDocuments(f.deps, system, [
        submission(clienthoodDocument('social-welfare', forClient(hetu))),
        submission(clienthoodDocument('service-task', forClient(hetu))),
      ]);
      await invalidateDocument(
        f.deps,
        f.users['archivist-vaasa']!,
        accepted(serviceTask).documentId,
        'Väärä asiakas, kirjattu virheellisesti',
      );
      const err = await refused(caseDocument(newOid(3), forClient(hetu)));
      assert.equal(err.code, 'precondition');
    });
  });
}
