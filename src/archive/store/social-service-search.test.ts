import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  pdf,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu } from '../../../test/support/archive-rows.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import type { SearchCriteria } from '../domain/search.ts';
import { storeDocuments } from '../service/store-documents.ts';
import { searchDocuments } from './search-store.ts';

// Search by social service walks document_social_service (migration 004) instead of the document table:
// the rows are written with every document, and pages come out in the same order, with the same cursors.

const byOrder = (a: ArchivedDocument, b: ArchivedDocument) =>
  b.completed.localeCompare(a.completed) || (b.documentId < a.documentId ? -1 : 1);

for (const database of testDatabases()) {
  describe(`search by social service on ${database.name}`, () => {
    let f: ArchiveFixture;
    let stored: ArchivedDocument[];
    const scope = { registerKeeperOid: '1.2.246.10.9990001.10.1', serviceTasks: ['*'] };

    before(async () => {
      f = await archiveFixture(await database.open());
      const hetu = freshHetu();
      const of = { client: { kind: 'hetu' as const, value: hetu } };
      const caseId = newOid(3);
      const services = [['94'], ['94', '2'], ['2'], [], ['94'], ['94', '31'], ['94']];
      const metas = [
        clienthoodDocument('social-welfare', of),
        clienthoodDocument('service-task', of),
        caseDocument(caseId, of),
        // Two documents completed at the same instant: the document id breaks the tie.
        ...services.map((socialServices, i) =>
          clientDocument(caseId, {
            ...of,
            socialServices,
            completed: `2026-0${1 + (i % 5)}-10T10:00:00Z`,
            created: '2025-12-01T10:00:00Z',
          }),
        ),
      ];
      stored = (
        await storeDocuments(
          f.deps,
          f.users['system-vaasa']!,
          metas.map((m) => submission(m, pdf(m.documentId))),
        )
      ).map((r) => accepted(r));
    });
    after(() => f.db.close());

    it('writes one row per document and social service, with the completion time', async () => {
      const rows = await f.db.query<{ document_id: string; social_service: string; completed: string }>(
        `SELECT s.document_id, s.social_service, to_char(s.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS completed
         FROM document_social_service s ORDER BY 1, 2`,
      );
      const want = stored
        .flatMap((d) => d.socialServices.map((s) => ({ document_id: d.documentId, social_service: s, completed: d.completed })))
        .sort((a, b) => (a.document_id + a.social_service < b.document_id + b.social_service ? -1 : 1));
      assert.deepEqual(rows.rows, want);
    });

    it('pages through a social service one at a time in search order, without gaps or duplicates', async () => {
      const want = stored
        .filter((d) => d.socialServices.includes('94'))
        .sort(byOrder)
        .map((d) => d.documentId);
      assert.ok(want.length >= 5, 'several pages');
      const seen: string[] = [];
      let cursor: SearchCriteria['after'];
      for (let page = 0; page < 10; page++) {
        const got = await searchDocuments(f.db, scope, { socialService: '94', status: ['current'], count: 1, after: cursor });
        seen.push(...got.docs.map((d) => d.documentId));
        if (!got.more) break;
        cursor = { completed: got.docs[0]!.completed, documentId: got.docs[0]!.documentId };
      }
      assert.deepEqual(seen, want);
    });

    it('combines the social service with a completion range and the other filters', async () => {
      const got = await searchDocuments(f.db, scope, {
        socialService: '94',
        completedFrom: '2026-02-01T00:00:00Z',
        completedBefore: '2026-05-01T00:00:00Z',
        documentType: '1001',
        status: ['current'],
        count: 50,
      });
      const want = stored
        .filter((d) => d.socialServices.includes('94') && d.completed >= '2026-02-01' && d.completed < '2026-05-01')
        .sort(byOrder);
      assert.deepEqual(
        got.docs.map((d) => d.documentId),
        want.map((d) => d.documentId),
      );
      assert.ok(want.length > 0);
    });
  });
}
