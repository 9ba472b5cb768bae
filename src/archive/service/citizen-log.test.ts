import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  prepareClient,
  RK,
  submission,
  UNIT_LS,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { freshHetu, rejectsWith, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import { citizenUsageLog } from './citizen-log.ts';
import type { ArchiveDeps } from './deps.ts';
import { readDocument } from './read-documents.ts';
import { storeDocuments } from './store-documents.ts';

// "Who has looked at my data": a citizen sees the uses of his or her own data only — who (organisation,
// role), when, what and on which basis — not denied attempts, not other clients, and by default not the
// professional's name; asking is logged.

const citizen = (hetu: string): Identity => ({
  userId: `citizen:${hetu}`,
  name: 'Testi Kansalainen',
  role: 'citizen',
  organisationOid: '1.2.246.10.9990000.10.1',
  registerKeeperOid: '1.2.246.10.9990000.10.1',
  serviceTasks: [],
  systemId: 'arkki-citizen-view',
  clientKey: hetu,
});

for (const database of testDatabases()) {
  describe(`citizen usage log on ${database.name}`, () => {
    let f: ArchiveFixture;
    let worker: Identity;
    const [a, b] = [
      { hetu: freshHetu(), doc: '' },
      { hetu: freshHetu(), doc: '' },
    ];
    const at = (iso: string): ArchiveDeps => ({ ...f.deps, now: () => new Date(iso) });

    before(async () => {
      f = await archiveFixture(await database.open());
      worker = f.users['sw-vaasa-ls']!;
      for (const c of [a, b]) {
        const meta = clientDocument(await prepareClient(f, { hetu: c.hetu }), { client: { kind: 'hetu', value: c.hetu } });
        await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(meta)]);
        c.doc = meta.documentId;
      }
      await readDocument(at('2026-11-23T08:00:00Z'), worker, a.doc);
      await readDocument(at('2026-11-23T09:00:00Z'), worker, b.doc);
      await rejectsWith(readDocument(at('2026-11-23T10:00:00Z'), f.users['sw-vaasa-aikuiset']!, a.doc), 'forbidden');
      await f.db.transaction((tx) =>
        appendUsage(tx, [
          usageEntry(
            worker,
            'read',
            { rule: 'special-reason', flags: ['special-reason'], grantId: 'g-1', reasonCode: '2' },
            { registerKeeperOid: RK, clientKey: a.hetu, at: new Date('2026-11-24T08:00:00Z') },
          ),
          usageEntry(
            f.users['sw-eksote-ls']!,
            'read',
            { rule: 'disclosure-consent', flags: ['disclosure'], disclosureBasis: { kind: 'consent', id: 'c-1' } },
            { registerKeeperOid: RK, clientKey: a.hetu, at: new Date('2026-11-25T08:00:00Z') },
          ),
        ]),
      );
    });
    after(() => f.db.close());

    it("shows the uses of the citizen's own data, newest first, without names, denials or other clients", async () => {
      const page = await citizenUsageLog(at('2026-11-26T08:00:00Z'), citizen(a.hetu));
      const uses = page.uses.map((u) => [u.at.slice(0, 10), u.organisation.name, u.role, u.action, u.basis.kind]);
      assert.deepEqual(uses.slice(0, 3), [
        ['2026-11-25', 'Etelä-Karjalan hyvinvointialue', 'social-worker', 'read', 'disclosure'],
        ['2026-11-24', 'Pohjanmaan hyvinvointialue', 'social-worker', 'read', 'special-reason'],
        ['2026-11-23', 'Pohjanmaan hyvinvointialue', 'social-worker', 'read', 'client-relation'],
      ]);
      // The rest: the client system archiving the documents that make up the client's register.
      assert.ok(page.uses.slice(3).every((u) => u.role === 'system' && u.action === 'create' && u.basis.kind === 'client-system'));
      assert.equal(page.total, page.uses.length);
      assert.deepEqual(page.uses[0]!.disclosure, { basisKind: 'consent', basisId: 'c-1' });
      assert.equal(page.uses[1]!.basis.reasonCode, '2');
      assert.equal(page.uses[2]!.registerKeeper.name, 'Pohjanmaan hyvinvointialue');
      assert.ok(
        page.uses.every(
          (u) => u.professionalName === undefined && !JSON.stringify(u).includes(worker.name) && !JSON.stringify(u).includes(b.hetu),
        ),
      );
      assert.ok(
        page.uses.every((u) => u.action !== 'read' || u.at.slice(11, 13) !== '10'),
        'the denied attempt is not shown',
      );
    });

    it("the professional's name is a setting; paging and period work", async () => {
      const named = await citizenUsageLog(
        f.deps,
        citizen(a.hetu),
        { from: '2026-11-23', to: '2026-11-24', limit: 1 },
        { showProfessionalName: true },
      );
      assert.equal(named.total, 1);
      assert.deepEqual(
        named.uses.map((u) => u.professionalName),
        [worker.name],
      );
      await rejectsWith(citizenUsageLog(f.deps, citizen(a.hetu), { limit: 0 }), 'invalid', 'range');
      await rejectsWith(citizenUsageLog(f.deps, citizen(a.hetu), { from: 'eilen' }), 'invalid', 'date');
    });

    it("the citizen's read is logged in his or her own partition and not shown back", async () => {
      const mark = await usageMark(f.db);
      const before = await citizenUsageLog(f.deps, citizen(b.hetu));
      const [logged] = await usageSince(f.db, mark);
      assert.deepEqual(
        [logged!.clientKey, logged!.role, logged!.action, logged!.outcome, logged!.detail.operation],
        [b.hetu, 'citizen', 'read-usage-log', 'success', 'citizen-usage-query'],
      );
      const again = await citizenUsageLog(f.deps, citizen(b.hetu));
      assert.equal(again.total, before.total);
    });

    it("a read names the role code and the service unit in the row, and the citizen sees the unit's name", async () => {
      const hetu = freshHetu();
      const meta = clientDocument(await prepareClient(f, { hetu }), { client: { kind: 'hetu', value: hetu } });
      await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(meta)]);
      const mark = await usageMark(f.db);
      await readDocument(f.deps, { ...worker, roleCode: 'ls-sosiaalityontekija' }, meta.documentId);
      const [row] = await usageSince(f.db, mark);
      assert.deepEqual([row!.action, row!.detail.roleCode, row!.detail.serviceUnit], ['read', 'ls-sosiaalityontekija', UNIT_LS]);
      const [use] = (await citizenUsageLog(f.deps, citizen(hetu))).uses;
      assert.equal(use!.roleCode, 'ls-sosiaalityontekija');
      assert.equal(use!.serviceUnit?.oid, UNIT_LS);
      assert.ok(use!.serviceUnit!.name && use!.serviceUnit!.name !== UNIT_LS, `the unit is shown by name, not ${use!.serviceUnit!.name}`);
    });

    it('only a citizen asks, and only about his or her own key', async () => {
      await rejectsWith(citizenUsageLog(f.deps, worker), 'forbidden', 'citizen-log-citizens-only');
      await rejectsWith(citizenUsageLog(f.deps, { ...citizen(a.hetu), clientKey: undefined }), 'forbidden');
    });
  });
}
