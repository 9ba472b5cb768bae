import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { ArkkiError } from '../../lib/errors.ts';
import {
  archiveFixture,
  clientDocument,
  HETU,
  HETU_2,
  prepareClient,
  RK,
  RK_OTHER,
  submission,
  UNIT_OTHER,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { citizenDisclosures, citizenDocument, citizenDocuments, citizenRegister, citizenVisibleOn } from './citizen-view.ts';
import { recordDisclosureRule } from './consents.ts';
import { invalidateDocument } from './invalidate-document.ts';
import { storeDocuments } from './store-documents.ts';

const citizen = (hetu: string): Identity => ({
  userId: `citizen:${hetu}`,
  name: 'Testi Kansalainen',
  role: 'citizen',
  organisationOid: 'citizen-view',
  registerKeeperOid: 'citizen-view',
  serviceTasks: [],
  systemId: 'arkki-citizen-view',
  clientKey: hetu,
});

describe('citizenVisibleOn', () => {
  it('follows the visibility flag and its delay, day by day', () => {
    assert.equal(citizenVisibleOn({ citizenVisible: { visible: true } }, '2026-11-20'), true);
    assert.equal(citizenVisibleOn({ citizenVisible: { visible: false } }, '2026-11-20'), false);
    assert.equal(citizenVisibleOn({ citizenVisible: { visible: true, from: '2026-11-21' } }, '2026-11-20'), false);
    assert.equal(citizenVisibleOn({ citizenVisible: { visible: true, from: '2026-11-20' } }, '2026-11-20'), true);
  });
});

for (const database of testDatabases()) {
  describe(`citizen view on ${database.name}`, () => {
    let f: ArchiveFixture;
    const ids: Record<string, string> = {};

    before(async () => {
      f = await archiveFixture(await database.open());
      const system = f.users['system-vaasa']!;
      const caseId = await prepareClient(f);
      const caseOther = await prepareClient(f, { registerKeeper: RK_OTHER, serviceUnit: UNIT_OTHER, system: f.users['system-eksote']! });
      const case2 = await prepareClient(f, { hetu: HETU_2 });
      const visible = clientDocument(caseId, { title: 'Näkyvä arvio' });
      const hidden = clientDocument(caseId, { title: 'Piilotettu arvio', citizenVisible: { visible: false } });
      const later = clientDocument(caseId, { title: 'Myöhemmin näkyvä', citizenVisible: { visible: true, from: '2026-12-01' } });
      const wrong = clientDocument(caseId, { title: 'Väärin arkistoitu' });
      const elsewhere = clientDocument(caseOther, {
        title: 'Eksoten arvio',
        registerKeeper: RK_OTHER,
        serviceProvider: RK_OTHER,
        serviceUnit: UNIT_OTHER,
      });
      const someoneElse = clientDocument(case2, { title: 'Toisen henkilön arvio', client: { kind: 'hetu', value: HETU_2 } });
      for (const [sys, docs] of [
        [system, [visible, hidden, later, wrong, someoneElse]],
        [f.users['system-eksote']!, [elsewhere]],
      ] as const) {
        const results = await storeDocuments(
          f.deps,
          sys,
          docs.map((d) => submission(d)),
        );
        assert.ok(
          results.every((r) => r.outcome !== 'rejected'),
          JSON.stringify(results),
        );
      }
      Object.assign(ids, {
        visible: visible.documentId,
        hidden: hidden.documentId,
        later: later.documentId,
        wrong: wrong.documentId,
        elsewhere: elsewhere.documentId,
        someoneElse: someoneElse.documentId,
      });
      await invalidateDocument(f.deps, f.users['archivist-vaasa']!, wrong.documentId, 'arkistoitu väärälle asiakkaalle');
    });
    after(() => f.db.close());

    it('lists own documents in every register, without hidden, delayed or invalidated ones', async () => {
      const { docs } = await citizenDocuments(f.deps, citizen(HETU));
      const titles = docs.map((d) => d.title);
      assert.ok(titles.includes('Näkyvä arvio') && titles.includes('Eksoten arvio'));
      for (const t of ['Piilotettu arvio', 'Myöhemmin näkyvä', 'Väärin arkistoitu', 'Toisen henkilön arvio'])
        assert.ok(!titles.includes(t), t);
      assert.ok(docs.every((d) => d.clientKey === HETU));
    });

    it('logs the list in each register whose documents it showed', async () => {
      const before = await f.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM usage_log WHERE client_key = $1 AND role = 'citizen'`,
        [HETU],
      );
      await citizenDocuments(f.deps, citizen(HETU));
      const rows = await f.db.query<{ register_keeper_oid: string; rule: string }>(
        `SELECT register_keeper_oid, rule FROM usage_log WHERE client_key = $1 AND role = 'citizen' ORDER BY id DESC LIMIT 2`,
        [HETU],
      );
      const after = await f.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM usage_log WHERE client_key = $1 AND role = 'citizen'`, [
        HETU,
      ]);
      assert.equal(after.rows[0]!.n - before.rows[0]!.n, 2);
      assert.deepEqual(rows.rows.map((r) => r.register_keeper_oid).sort(), [RK, RK_OTHER].sort());
      assert.ok(rows.rows.every((r) => r.rule === 'citizen-own-data'));
    });

    it('opens an own document with its body and logs the read where the document is', async () => {
      const { doc, body } = await citizenDocument(f.deps, citizen(HETU), ids.visible!, true);
      assert.equal(doc.title, 'Näkyvä arvio');
      assert.equal(body?.contentType, 'application/pdf');
      const row = await f.db.query<{ action: string; outcome: string; register_keeper_oid: string }>(
        `SELECT action, outcome, register_keeper_oid FROM usage_log WHERE client_key = $1 AND role = 'citizen' ORDER BY id DESC LIMIT 1`,
        [HETU],
      );
      assert.deepEqual(row.rows[0], { action: 'read-body', outcome: 'success', register_keeper_oid: RK });
    });

    it("refuses another person's document exactly like a missing one, and logs the denied try in that person's partition", async () => {
      const refuse = async (id: string) => {
        const err = await citizenDocument(f.deps, citizen(HETU), id, false).then(
          () => null,
          (e: unknown) => e,
        );
        assert.ok(err instanceof ArkkiError);
        return { code: err.code, message: err.message };
      };
      const other = await refuse(ids.someoneElse!);
      assert.deepEqual(other, await refuse('1.2.246.10.9990001.98.1.404'));
      assert.equal(other.code, 'not-found');
      const row = await f.db.query<{ outcome: string; rule: string }>(
        `SELECT outcome, rule FROM usage_log WHERE client_key = $1 AND role = 'citizen' ORDER BY id DESC LIMIT 1`,
        [HETU_2],
      );
      assert.deepEqual(row.rows[0], { outcome: 'denied', rule: 'citizen-other-data' });
      for (const id of [ids.hidden!, ids.wrong!]) assert.equal((await refuse(id)).code, 'not-found');
    });

    it("shows the client's own consents and denials in every register, not another person's", async () => {
      await recordDisclosureRule(f.deps, f.users['sw-vaasa-ls']!, { kind: 'denial', clientKey: HETU, serviceTasks: ['10'] });
      await recordDisclosureRule(f.deps, f.users['sw-eksote-ls']!, {
        kind: 'consent',
        clientKey: HETU,
        recipientOid: RK,
        serviceTasks: ['10'],
      });
      await recordDisclosureRule(f.deps, f.users['sw-vaasa-ls']!, { kind: 'denial', clientKey: HETU_2, serviceTasks: ['*'] });
      const mine = await citizenDisclosures(f.deps, citizen(HETU));
      assert.deepEqual(mine.rules.map((r) => [r.kind, r.registerKeeperOid]).sort(), [
        ['consent', RK_OTHER],
        ['denial', RK],
      ]);
      assert.ok(mine.rules.every((r) => r.clientKey === HETU));
      const rows = await f.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM usage_log WHERE client_key = $1 AND role = 'citizen' AND action = 'read-consents'`,
        [HETU],
      );
      assert.equal(rows.rows[0]!.n, 2, 'one row per register whose records were shown');
    });

    it('shows own clienthoods and cases in every register, and only to a citizen', async () => {
      const reg = await citizenRegister(f.deps, citizen(HETU));
      assert.ok(reg.clienthoods.length >= 4 && reg.clienthoods.every((c) => c.clientKey === HETU));
      assert.deepEqual([...new Set(reg.cases.map((c) => c.registerKeeperOid))].sort(), [RK, RK_OTHER].sort());
      await assert.rejects(
        citizenRegister(f.deps, f.users['archivist-vaasa']!),
        (e: unknown) => e instanceof ArkkiError && e.code === 'forbidden',
      );
    });
  });
}
