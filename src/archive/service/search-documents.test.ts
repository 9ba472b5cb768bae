import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  DISABILITY,
  newOid,
  pdf,
  RK_OTHER,
  submission,
  UNIT_OTHER,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu, rejectsWith } from '../../../test/support/archive-rows.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import type { SearchCriteria } from '../domain/search.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { searchArchive } from './search-documents.ts';
import { storeDocuments } from './store-documents.ts';

// Metadata search (domain README §7): every filter, keyset paging in a stable order (completed desc, then
// document id desc) and register keeper isolation. Expected answers come from a model of what was stored.

const TIE = '2026-05-05T12:00:00.000Z';
const byOrder = (a: ArchivedDocument, b: ArchivedDocument) =>
  b.completed.localeCompare(a.completed) || (b.documentId < a.documentId ? -1 : b.documentId > a.documentId ? 1 : 0);
const ids = (docs: ArchivedDocument[]) => docs.map((d) => d.documentId);

for (const database of testDatabases()) {
  describe(`searching documents on ${database.name}`, () => {
    let f: ArchiveFixture;
    let archivist: Identity;
    /** Everything stored in this test's database, with its current status. */
    const model: ArchivedDocument[] = [];
    let a: string; // client with child welfare and disability services
    let b: string; // client with child welfare only
    let caseA: string;
    let caseDis: string;
    let superseded: ArchivedDocument;
    let invalidated: ArchivedDocument;

    async function store(identity: Identity, metas: DocumentMetadata[]): Promise<ArchivedDocument[]> {
      const docs = (
        await storeDocuments(
          f.deps,
          identity,
          metas.map((m) => submission(m, pdf(m.documentId))),
        )
      ).map((r) => accepted(r));
      model.push(...docs);
      return docs;
    }
    const search = (identity: Identity, c: Partial<SearchCriteria>) =>
      searchArchive(f.deps, identity, { status: ['current'], count: 500, ...c });
    const expected = (keep: (d: ArchivedDocument) => boolean, rk = f.users['archivist-vaasa']!.registerKeeperOid) =>
      ids(model.filter((d) => d.registerKeeper === rk && keep(d)).sort(byOrder));

    before(async () => {
      f = await archiveFixture(await database.open());
      archivist = f.users['archivist-vaasa']!;
      const system = f.users['system-vaasa']!;
      [a, b, caseA, caseDis] = [freshHetu(), freshHetu(), newOid(3), newOid(3)];
      const of = (hetu: string) => ({ client: { kind: 'hetu' as const, value: hetu } });
      const dis = { serviceTask: DISABILITY, serviceUnit: '1.2.246.10.9990001.10.200' };
      const caseB = newOid(3);
      await store(system, [
        clienthoodDocument('social-welfare', of(a)),
        clienthoodDocument('service-task', of(a)),
        caseDocument(caseA, of(a)),
        clienthoodDocument('service-task', { ...of(a), ...dis }),
        caseDocument(caseDis, { ...of(a), ...dis, case: { id: caseDis, name: 'Vammaispalvelujen asia' } }),
        clienthoodDocument('social-welfare', of(b)),
        clienthoodDocument('service-task', of(b)),
        caseDocument(caseB, of(b)),
      ]);
      const doc = (hetu: string, completed: string, o: Partial<DocumentMetadata> = {}) =>
        clientDocument(hetu === a ? caseA : caseB, { ...of(hetu), created: '2025-01-01T08:00:00Z', completed, ...o });
      const stored = await store(system, [
        doc(a, '2026-03-01T10:00:00Z'),
        doc(a, '2026-04-01T00:00:00Z', { processPhase: 'suunnittelu', documentType: '10002', socialServices: ['94', '2'] }),
        ...Array.from({ length: 6 }, () => doc(a, '2026-05-05T15:00:00+03:00', { processPhase: 'toteutus' })),
        doc(a, '2026-06-01T10:00:00Z', {
          ...dis,
          case: { id: caseDis, name: 'Vammaispalvelujen asia' },
          processPhase: 'vireilletulo',
          documentType: '1000',
          socialServices: ['55'],
        }),
        doc(a, '2026-07-01T10:00:00Z', { title: 'Väärälle asiakkaalle' }),
        doc(b, TIE),
        doc(b, '2025-12-31T23:59:59.999Z', { socialServices: ['2'] }),
      ]);
      // A correction of the April document, and one invalidated by mistake.
      superseded = stored[1]!;
      const [v2] = await store(system, [
        doc(a, '2026-04-02T09:00:00Z', {
          ...superseded,
          documentId: newOid(1),
          version: 2,
          replaces: superseded.documentId,
          client: superseded.client,
          completed: '2026-04-02T09:00:00Z',
          created: superseded.created,
        }),
      ]);
      superseded.status = 'superseded';
      assert.ok(v2);
      invalidated = stored[9]!;
      await invalidateDocument(f.deps, archivist, invalidated.documentId, 'Kirjattu väärälle asiakkaalle');
      invalidated.status = 'invalidated';
      // The same client in another register keeper's register.
      const other = { ...of(a), registerKeeper: RK_OTHER, serviceProvider: RK_OTHER, serviceUnit: UNIT_OTHER };
      const otherCase = newOid(3);
      await store(f.users['system-eksote']!, [
        clienthoodDocument('social-welfare', other),
        clienthoodDocument('service-task', other),
        caseDocument(otherCase, other),
        clientDocument(otherCase, { ...other, created: '2026-01-01T08:00:00Z', completed: TIE }),
      ]);
    });
    after(() => f.db.close());

    const filters: Array<[string, () => Partial<SearchCriteria>, (d: ArchivedDocument) => boolean]> = [
      ['client', () => ({ client: a }), (d) => d.clientKey === a],
      ['service task', () => ({ serviceTask: DISABILITY }), (d) => d.serviceTask === DISABILITY],
      ['social service', () => ({ socialService: '2' }), (d) => d.socialServices.includes('2')],
      ['case', () => ({ caseId: caseA }), (d) => d.case?.id === caseA],
      ['process phase', () => ({ processPhase: 'toteutus' }), (d) => d.processPhase === 'toteutus'],
      ['document type', () => ({ documentType: '10002' }), (d) => d.documentType === '10002'],
      [
        'completed from (inclusive) and before (exclusive)',
        () => ({ completedFrom: '2026-04-01T00:00:00Z', completedBefore: TIE }),
        (d) => d.completed >= '2026-04-01T00:00:00.000Z' && d.completed < TIE,
      ],
      [
        'completed range in another time zone',
        () => ({ completedFrom: '2026-05-05T15:00:00+03:00', completedBefore: '2026-05-05T12:00:00.001Z' }),
        (d) => d.completed === TIE,
      ],
      [
        'client and process phase together',
        () => ({ client: a, processPhase: 'arviointi' }),
        (d) => d.clientKey === a && d.processPhase === 'arviointi',
      ],
      ['status superseded', () => ({ status: ['superseded'] }), (d) => d.status === 'superseded'],
      ['status invalidated', () => ({ status: ['invalidated'] }), (d) => d.status === 'invalidated'],
      ['every status of a client', () => ({ client: a, status: ['current', 'superseded', 'invalidated'] }), (d) => d.clientKey === a],
    ];
    for (const [name, criteria, keep] of filters) {
      it(`filters by ${name}`, async () => {
        const want = expected((d) => (criteria().status ? true : d.status === 'current') && keep(d));
        assert.ok(want.length > 0, 'the filter selects something');
        const got = await search(archivist, criteria());
        assert.deepEqual(ids(got.docs), want);
        assert.equal(got.more, false);
      });
    }

    it('by default finds current documents only', async () => {
      const got = ids((await search(archivist, { client: a })).docs);
      assert.ok(!got.includes(superseded.documentId) && !got.includes(invalidated.documentId));
    });

    for (const [who, count, criteria] of [
      ['a client', 2, () => ({ client: a })],
      ['the whole register', 4, () => ({})],
      ['a tie group one by one', 1, () => ({ completedFrom: TIE, completedBefore: '2026-05-05T12:00:00.001Z' })],
    ] as const) {
      it(`pages through ${who}, ${count} at a time, without duplicates or gaps`, async () => {
        const seen: ArchivedDocument[] = [];
        let after: SearchCriteria['after'];
        for (let page = 0; page < 100; page++) {
          const got = await search(archivist, { ...criteria(), count, after });
          assert.ok(got.docs.length <= count);
          seen.push(...got.docs);
          if (!got.more) break;
          const last = got.docs.at(-1)!;
          after = { completed: last.completed, documentId: last.documentId };
        }
        const all = (await search(archivist, criteria())).docs;
        assert.deepEqual(ids(seen), ids(all));
        assert.deepEqual(ids(seen), ids([...seen].sort(byOrder)), 'completed desc, then document id desc');
        assert.equal(new Set(ids(seen)).size, seen.length);
        assert.ok(seen.filter((d) => d.completed === TIE).length >= 6, 'the tie group is in the pages');
      });
    }

    it('a social worker sees only the role’s service tasks and may not ask for others', async () => {
      const worker = f.users['sw-vaasa-ls']!;
      assert.deepEqual(
        ids((await search(worker, { client: a })).docs),
        expected((d) => d.status === 'current' && d.clientKey === a && worker.serviceTasks.includes(d.serviceTask)),
      );
      await rejectsWith(search(worker, { serviceTask: DISABILITY }), 'forbidden', 'service-task-not-in-role');
      assert.deepEqual(
        ids((await search(f.users['sw-vaasa-vammais']!, { client: a })).docs),
        expected((d) => d.status === 'current' && d.clientKey === a && d.serviceTask === DISABILITY),
      );
    });

    it('keeps each register keeper’s documents apart, even for the same client', async () => {
      const eksote = f.users['archivist-eksote']!;
      const theirs = await search(eksote, { client: a });
      assert.deepEqual(
        ids(theirs.docs),
        expected((d) => d.clientKey === a && d.status === 'current', RK_OTHER),
      );
      assert.equal(theirs.docs.length, 4);
      const ours = await search(archivist, {});
      assert.ok(ours.docs.every((d) => d.registerKeeper === archivist.registerKeeperOid));
      assert.deepEqual(ids((await search(archivist, { documentId: theirs.docs[0]!.documentId })).docs), []);
      assert.deepEqual(ids((await search(f.users['sw-eksote-ls']!, { client: b })).docs), []);
    });
  });
}
