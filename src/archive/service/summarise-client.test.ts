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
  submission,
  UNIT_LS,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu, logLine, rejectsWith, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import type { SummaryDocument } from '../domain/summary.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { storeDocuments } from './store-documents.ts';
import { SUMMARY_LATEST_PER_PHASE, summariseClient } from './summarise-client.ts';

// The client data summary (kooste): per service task the clienthoods, the cases with their document counts
// and the latest documents of each process phase in the national phase order — within the caller's rights.

const DIS_UNIT = '1.2.246.10.9990001.10.200';
const line = (d: ArchivedDocument): SummaryDocument => ({
  documentId: d.documentId,
  setId: d.setId,
  version: d.version,
  documentType: d.documentType,
  title: d.title,
  completed: d.completed,
  caseId: d.case?.id ?? null,
  author: d.author.name,
});
const newestFirst = (docs: ArchivedDocument[]) =>
  [...docs].sort((x, y) => y.completed.localeCompare(x.completed) || (y.documentId < x.documentId ? -1 : 1));

for (const database of testDatabases()) {
  describe(`client summary on ${database.name}`, () => {
    let f: ArchiveFixture;
    let hetu: string;
    const ids = { open: newOid(3), closed: newOid(3), dis: newOid(3) };
    const docs: Record<string, ArchivedDocument[]> = {};
    const records: Record<string, ArchivedDocument> = {};
    const user = (id: string): Identity => f.users[id]!;

    async function store(metas: DocumentMetadata[]): Promise<ArchivedDocument[]> {
      const r = await storeDocuments(
        f.deps,
        user('system-vaasa'),
        metas.map((m) => submission(m, pdf(m.documentId))),
      );
      return r.map((x) => accepted(x));
    }

    before(async () => {
      f = await archiveFixture(await database.open());
      hetu = freshHetu();
      const client = { kind: 'hetu' as const, value: hetu };
      const dis = { client, serviceTask: DISABILITY, serviceUnit: DIS_UNIT };
      const [welfare, task10, unit10, task20, openCase, closedCase, disCase] = await store([
        clienthoodDocument('social-welfare', { client }),
        clienthoodDocument('service-task', { client }),
        clienthoodDocument('service-unit', {
          client,
          clienthood: { level: 'service-unit', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-01-01', end: '2026-05-31' },
        }),
        clienthoodDocument('service-task', dis),
        caseDocument(ids.open, { client, case: { id: ids.open, name: 'Lastensuojelun asia' }, caseRecord: { opened: '2026-03-01' } }),
        caseDocument(ids.closed, { client, case: { id: ids.closed, name: 'Aiempi lastensuojelun asia' } }),
        caseDocument(ids.dis, { ...dis, case: { id: ids.dis, name: 'Vammaispalvelujen asia' } }),
      ]);
      Object.assign(records, { welfare, task10, unit10, task20, openCase, closedCase, disCase });
      // The older case is closed by a new version of its case document.
      await store([
        caseDocument(ids.closed, {
          client,
          setId: closedCase!.setId,
          version: 2,
          replaces: closedCase!.documentId,
          case: closedCase!.case,
          caseRecord: { opened: '2026-02-01', closed: '2026-06-30' },
        }),
      ]);
      const at = (day: number, phase: string, caseId = ids.open, o: Partial<DocumentMetadata> = {}) =>
        clientDocument(caseId, {
          client,
          processPhase: phase,
          created: '2026-01-01T08:00:00Z',
          completed: `2026-10-${String(day).padStart(2, '0')}T10:00:00Z`,
          ...o,
        });
      docs.toteutus = await store([1, 2, 3, 4, 5, 6].map((d) => at(d, 'toteutus')));
      docs.arviointi = await store([at(7, 'arviointi'), at(8, 'arviointi', ids.closed)]);
      docs.vireilletulo = await store([at(9, 'vireilletulo')]);
      docs.dis = await store([
        at(10, 'arviointi', ids.dis, { serviceTask: DISABILITY, serviceUnit: DIS_UNIT, documentType: '1000', socialServices: ['55'] }),
      ]);
      // Neither a replaced nor an invalidated document counts.
      const [gone, replaced] = await store([at(11, 'suunnittelu'), at(12, 'vireilletulo')]);
      await invalidateDocument(f.deps, user('archivist-vaasa'), gone!.documentId, 'Väärä asiakas, poistetaan käytöstä');
      docs.vireilletulo.push(
        ...(await store([at(13, 'vireilletulo', ids.open, { setId: replaced!.setId, version: 2, replaces: replaced!.documentId })])),
      );
    });
    after(() => f.db.close());

    it('shows both service tasks with clienthoods, cases and phases in the national order (archivist)', async () => {
      const s = await summariseClient(f.deps, user('archivist-vaasa'), hetu);
      assert.equal(s.clientKey, hetu);
      assert.deepEqual(
        s.socialWelfareClienthoods.map((c) => [c.level, c.start, c.end, c.active, c.documentId]),
        [['social-welfare', '2026-01-01', null, true, records.welfare!.documentId]],
      );
      assert.deepEqual(
        s.serviceTasks.map((t) => t.serviceTask),
        ['10', DISABILITY],
      );
      const [cw, dis] = s.serviceTasks;
      // A service-task clienthood carries the unit of the document that recorded it (the register view shows it).
      assert.deepEqual(cw!.clienthoods.map((c) => [c.level, c.serviceUnit, c.end, c.active]).sort(), [
        ['service-task', UNIT_LS, null, true],
        ['service-unit', UNIT_LS, '2026-05-31', false],
      ]);
      // Open cases first; the count is the case's current documents, its case document included.
      assert.deepEqual(cw!.cases, [
        { caseId: ids.open, name: 'Lastensuojelun asia', opened: '2026-03-01', closed: null, open: true, documentCount: 1 + 6 + 1 + 2 },
        {
          caseId: ids.closed,
          name: 'Aiempi lastensuojelun asia',
          opened: '2026-02-01',
          closed: '2026-06-30',
          open: false,
          documentCount: 2,
        },
      ]);
      assert.deepEqual(
        cw!.phases.map((p) => [p.phase, p.documentCount]),
        [
          ['vireilletulo', 2],
          ['arviointi', 2],
          ['toteutus', 6],
        ],
      );
      assert.deepEqual(
        dis!.cases.map((c) => [c.caseId, c.documentCount]),
        [[ids.dis, 2]],
      );
      assert.deepEqual(
        dis!.phases.map((p) => [p.phase, p.documentCount, p.latest.map((d) => d.documentId)]),
        [['arviointi', 1, [docs.dis![0]!.documentId]]],
      );
    });

    it('lists the latest documents of each phase, newest first, at most a handful', async () => {
      const s = await summariseClient(f.deps, user('archivist-vaasa'), hetu);
      const phases = new Map(s.serviceTasks[0]!.phases.map((p) => [p.phase, p.latest]));
      assert.equal(SUMMARY_LATEST_PER_PHASE, 5);
      assert.deepEqual(phases.get('toteutus'), newestFirst(docs.toteutus!).slice(0, 5).map(line));
      assert.deepEqual(phases.get('arviointi'), newestFirst(docs.arviointi!).map(line));
      assert.deepEqual(
        phases.get('vireilletulo')!.map((d) => [d.version, d.completed]),
        [
          [2, '2026-10-13T10:00:00.000Z'],
          [1, '2026-10-09T10:00:00.000Z'],
        ],
      );
    });

    it('shows a social worker only the role’s service tasks', async () => {
      const cw = await summariseClient(f.deps, user('sw-vaasa-ls'), hetu);
      assert.deepEqual(
        cw.serviceTasks.map((t) => t.serviceTask),
        ['10'],
      );
      assert.equal(cw.socialWelfareClienthoods.length, 1);
      const dis = await summariseClient(f.deps, user('sw-vaasa-vammais'), hetu);
      assert.deepEqual(
        dis.serviceTasks.map((t) => t.serviceTask),
        [DISABILITY],
      );
      assert.deepEqual(
        dis.serviceTasks[0]!.cases.map((c) => c.caseId),
        [ids.dis],
      );
      // No relation in any of the role's service tasks: nothing to show, and the refusal says why.
      await rejectsWith(summariseClient(f.deps, user('sw-vaasa-aikuiset'), hetu), 'forbidden', 'no-client-relation');
    });

    it('narrows to one service task on request, and refuses one outside the role', async () => {
      const s = await summariseClient(f.deps, user('archivist-vaasa'), hetu, DISABILITY);
      assert.deepEqual(
        s.serviceTasks.map((t) => t.serviceTask),
        [DISABILITY],
      );
      await rejectsWith(summariseClient(f.deps, user('sw-vaasa-ls'), hetu, DISABILITY), 'forbidden', 'service-task-not-in-role');
    });

    it('shows another register keeper nothing of this register', async () => {
      // The client has no relation in the other register keeper's own register, so there is nothing to summarise.
      await rejectsWith(summariseClient(f.deps, user('sw-eksote-ls'), hetu), 'forbidden', 'no-client-relation');
      const s = await summariseClient(f.deps, user('archivist-eksote'), hetu);
      assert.deepEqual({ socialWelfare: s.socialWelfareClienthoods, tasks: s.serviceTasks }, { socialWelfare: [], tasks: [] });
    });

    it('logs one row naming the documents the summary showed', async () => {
      const mark = await usageMark(f.db);
      const s = await summariseClient(f.deps, user('sw-vaasa-ls'), hetu);
      const shown = s.serviceTasks.flatMap((t) => t.phases.flatMap((p) => p.latest.map((d) => d.documentId)));
      assert.equal(shown.length, 5 + 2 + 2);
      assert.deepEqual((await usageSince(f.db, mark)).map(logLine), [
        {
          userId: 'sw-vaasa-ls',
          role: 'social-worker',
          action: 'summary',
          clientKey: hetu,
          outcome: 'success',
          rule: 'client-relation',
          documentIds: [...shown].sort(),
        },
      ]);
    });
  });
}
