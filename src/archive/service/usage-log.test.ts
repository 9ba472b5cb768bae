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
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu, rejectsWith, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { UsageRow } from '../domain/usage-row.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { readBody, readDocument } from './read-documents.ts';
import { searchArchive } from './search-documents.ts';
import { storeDocuments } from './store-documents.ts';
import { summariseClient } from './summarise-client.ts';
import { readUsageLog } from './usage-log-query.ts';

// The usage log (käyttöloki): every use of client data appends exactly the rows that say who (user,
// organisation, system, role) did what to whose data, which documents, by which rule, with what outcome.

type Line = Pick<
  UsageRow,
  | 'registerKeeperOid'
  | 'clientKey'
  | 'userId'
  | 'userName'
  | 'professionalId'
  | 'organisationOid'
  | 'systemId'
  | 'role'
  | 'action'
  | 'outcome'
  | 'rule'
  | 'documentIds'
  | 'purpose'
>;
const line = (r: UsageRow): Line => ({
  registerKeeperOid: r.registerKeeperOid,
  clientKey: r.clientKey,
  userId: r.userId,
  userName: r.userName,
  professionalId: r.professionalId,
  organisationOid: r.organisationOid,
  systemId: r.systemId,
  role: r.role,
  action: r.action,
  outcome: r.outcome,
  rule: r.rule,
  documentIds: [...r.documentIds].sort(),
  purpose: r.purpose,
});
const by = (u: Identity, fields: Pick<Line, 'clientKey' | 'action' | 'rule' | 'documentIds'> & Partial<Line>): Line => ({
  registerKeeperOid: RK,
  userId: u.userId,
  userName: u.name,
  professionalId: u.professionalId ?? null,
  organisationOid: u.organisationOid,
  systemId: u.systemId,
  role: u.role,
  outcome: 'success',
  purpose: null,
  ...fields,
  documentIds: [...fields.documentIds].sort(),
});

for (const database of testDatabases()) {
  describe(`usage log on ${database.name}`, () => {
    let f: ArchiveFixture;
    let worker: Identity;
    let system: Identity;
    let archivist: Identity;
    const clients: Array<{ hetu: string; doc: (o?: Partial<DocumentMetadata>) => DocumentMetadata }> = [];
    /** Runs `step` and returns the usage-log rows it appended, oldest first. */
    async function logged(step: () => Promise<unknown>): Promise<Line[]> {
      const mark = await usageMark(f.db);
      await step();
      return (await usageSince(f.db, mark)).map(line);
    }

    before(async () => {
      f = await archiveFixture(await database.open());
      [worker, system, archivist] = [f.users['sw-vaasa-ls']!, f.users['system-vaasa']!, f.users['archivist-vaasa']!];
      for (let i = 0; i < 2; i++) {
        const hetu = freshHetu();
        const caseId = await prepareClient(f, { hetu });
        clients.push({ hetu, doc: (o = {}) => clientDocument(caseId, { client: { kind: 'hetu', value: hetu }, ...o }) });
      }
    });
    after(() => f.db.close());

    it('a write appends one row per archived document', async () => {
      const [a, b] = clients;
      const metas = [a!.doc(), a!.doc(), b!.doc()];
      const rows = await logged(() =>
        storeDocuments(
          f.deps,
          system,
          metas.map((m) => submission(m, pdf(m.documentId))),
        ),
      );
      assert.deepEqual(
        rows,
        metas.map((m) =>
          by(system, {
            clientKey: m.client.kind === 'hetu' ? m.client.value : '',
            action: 'create',
            rule: 'system-own-register',
            documentIds: [m.documentId],
          }),
        ),
      );
    });

    it('a professional’s write carries the professional id', async () => {
      const m = clients[0]!.doc();
      const rows = await logged(() => storeDocuments(f.deps, worker, [submission(m)]));
      assert.deepEqual(rows, [
        by(worker, { clientKey: clients[0]!.hetu, action: 'create', rule: 'role-service-task', documentIds: [m.documentId] }),
      ]);
      assert.equal(rows[0]!.professionalId, 'DEMO-1001');
    });

    it('a refused or re-sent submission appends nothing for the data it did not write', async () => {
      const m = clients[0]!.doc();
      accepted((await storeDocuments(f.deps, worker, [submission(m)]))[0]);
      assert.deepEqual(
        await logged(() => storeDocuments(f.deps, worker, [submission({ ...m, documentId: newOid(1), serviceTask: '77' })])),
        [],
      );
      assert.deepEqual(await logged(() => storeDocuments(f.deps, worker, [submission({ ...m, title: 'Muutettu' })])), []);
    });

    it('a read, a body read and a new version each append their row', async () => {
      const v1 = clients[0]!.doc();
      await storeDocuments(f.deps, worker, [submission(v1)]);
      const hetu = clients[0]!.hetu;
      assert.deepEqual(await logged(() => readDocument(f.deps, worker, v1.documentId, 'asiakastyö')), [
        by(worker, { clientKey: hetu, action: 'read', rule: 'client-relation', documentIds: [v1.documentId], purpose: 'asiakastyö' }),
      ]);
      assert.deepEqual(await logged(() => readBody(f.deps, worker, v1.documentId)), [
        by(worker, { clientKey: hetu, action: 'read-body', rule: 'client-relation', documentIds: [v1.documentId] }),
      ]);
      const v2 = clients[0]!.doc({ setId: v1.setId, version: 2, replaces: v1.documentId });
      assert.deepEqual(await logged(() => storeDocuments(f.deps, worker, [submission(v2)])), [
        by(worker, { clientKey: hetu, action: 'new-version', rule: 'role-service-task', documentIds: [v1.documentId, v2.documentId] }),
      ]);
    });

    it('an invalidation appends one row with the reason as its purpose', async () => {
      const m = clients[1]!.doc();
      await storeDocuments(f.deps, worker, [submission(m)]);
      const reason = 'Tallennettu väärälle asiakkaalle';
      assert.deepEqual(await logged(() => invalidateDocument(f.deps, archivist, m.documentId, reason)), [
        by(archivist, {
          clientKey: clients[1]!.hetu,
          action: 'invalidate',
          rule: 'archivist-own-register',
          documentIds: [m.documentId],
          purpose: reason,
        }),
      ]);
    });

    it('a search appends one row per client returned, naming that client’s documents', async () => {
      const result = await searchArchive(f.deps, archivist, { status: ['current'], count: 500 });
      const perClient = new Map<string, string[]>();
      for (const d of result.docs) perClient.set(d.clientKey, [...(perClient.get(d.clientKey) ?? []), d.documentId]);
      assert.equal(perClient.size, 2);
      const rows = await logged(() => searchArchive(f.deps, archivist, { status: ['current'], count: 500 }));
      assert.deepEqual(
        [...rows].sort((x, y) => x.clientKey.localeCompare(y.clientKey)),
        [...perClient]
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([clientKey, ids]) => by(archivist, { clientKey, action: 'search', rule: 'archivist-own-register', documentIds: ids })),
      );
    });

    it('a search that finds nothing appends one row for the client asked about', async () => {
      const nobody = freshHetu();
      assert.deepEqual(await logged(() => searchArchive(f.deps, worker, { client: nobody, status: ['current'], count: 10 })), [
        by(worker, { clientKey: nobody, action: 'search', rule: 'client-relation-scope', documentIds: [] }),
      ]);
    });

    it('a denied search appends one denied row', async () => {
      const rows = await logged(() =>
        rejectsWith(searchArchive(f.deps, worker, { client: clients[0]!.hetu, status: ['invalidated'], count: 10 }), 'forbidden'),
      );
      assert.deepEqual(rows, [
        by(worker, {
          clientKey: clients[0]!.hetu,
          action: 'search',
          outcome: 'denied',
          rule: 'invalidated-archivist-only',
          documentIds: [],
        }),
      ]);
    });

    it('a summary appends one row', async () => {
      const rows = await logged(() => summariseClient(f.deps, worker, clients[1]!.hetu));
      assert.equal(rows.length, 1);
      assert.deepEqual(
        { ...rows[0]!, documentIds: [] },
        by(worker, { clientKey: clients[1]!.hetu, action: 'summary', rule: 'client-relation', documentIds: [] }),
      );
      assert.ok(rows[0]!.documentIds.length > 0);
    });

    it('reading the usage log is logged too, and refused to a social worker', async () => {
      const hetu = clients[0]!.hetu;
      const rows = await logged(async () => {
        const log = await readUsageLog(f.deps, archivist, { clientKey: hetu, limit: 1000, offset: 0 });
        assert.ok(log.total > 0 && log.rows.every((r) => r.clientKey === hetu));
        await rejectsWith(readUsageLog(f.deps, worker, { clientKey: hetu, limit: 10, offset: 0 }), 'forbidden', 'role-no-log-access');
      });
      assert.deepEqual(rows, [
        by(archivist, { clientKey: hetu, action: 'read-usage-log', rule: 'archivist-own-register', documentIds: [] }),
        by(worker, { clientKey: hetu, action: 'read-usage-log', outcome: 'denied', rule: 'role-no-log-access', documentIds: [] }),
      ]);
    });
  });
}
