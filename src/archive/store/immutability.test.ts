import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../../../test/support/databases.ts';
import { archiveFixture, clientDocument, prepareClient, submission } from '../../../test/support/archive-fixtures.ts';
import { storeDocument } from '../service/store-documents.ts';

for (const tdb of testDatabases()) {
  describe(`immutability guards on ${tdb.name}`, async () => {
    const f = await archiveFixture(await tdb.open());
    const caseId = await prepareClient(f);
    const { document } = await storeDocument(f.deps, f.users['sw-vaasa-ls']!, submission(clientDocument(caseId)));

    const refused = /not allowed|immutable|never deleted/;
    test('usage-log rows cannot be updated or deleted', async () => {
      await assert.rejects(f.db.query(`UPDATE usage_log SET outcome = 'denied'`), refused);
      await assert.rejects(f.db.query('DELETE FROM usage_log'), refused);
    });
    test('lifecycle events and bodies cannot be changed', async () => {
      await assert.rejects(f.db.query(`UPDATE document_event SET reason = 'x'`), refused);
      await assert.rejects(f.db.query(`UPDATE document_body SET size_bytes = 1`), refused);
      await assert.rejects(f.db.query('DELETE FROM document_body'), refused);
    });
    test("a document's metadata cannot be changed or the document deleted; its status can", async () => {
      await assert.rejects(f.db.query('UPDATE document SET title = $1 WHERE document_id = $2', ['muutettu', document.documentId]), refused);
      await assert.rejects(f.db.query('DELETE FROM document WHERE document_id = $1', [document.documentId]), refused);
      const r = await f.db.query(`UPDATE document SET status = 'superseded' WHERE document_id = $1`, [document.documentId]);
      assert.equal(r.rowCount, 1);
    });
  });
}
