import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../lib/db/db.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { makeHetu } from '../../lib/identifiers/hetu.ts';
import { databasesMigratedBy } from '../../../test/support/test-databases.ts';
import { nextState } from '../domain/load-queue.ts';
import { clientSystemService } from '../service/client-system.ts';
import { oidMinter } from '../service/oid-minter.ts';
import { DEFAULT_RECORD_DEFAULTS } from '../start.ts';
import { getDocument } from './document-store.ts';
import { migrateClientSystem } from './migrate-client.ts';
import {
  enqueue,
  getItem,
  itemHistory,
  listItems,
  recordState,
  recordStates,
  renewLeases,
  sendable,
  storePayloads,
} from './queue-store.ts';

// The client system's own database on PGlite and PostgreSQL: its migrations, the records and documents
// the use cases write, the locked-document guard and the load queue's claiming order.

const RK = '1.2.246.10.9990001.10.1';
const UNIT = '1.2.246.10.9990001.10.101';
const NOW = new Date('2026-11-20T10:00:00Z');
const author = { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' };
const choices = {
  socialServices: ['94'],
  publicity: { class: 'secret' as const, basis: 'JulkL 24 § 1 mom 25 k' },
  retentionRule: 'sh-12y',
  citizenVisible: { visible: true },
};

const refused = async (p: Promise<unknown>, rule: string) => {
  const err = await p.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ArkkiError, String(err));
  assert.equal(err.issues[0]?.rule, rule, err.message);
};

for (const database of databasesMigratedBy(async () => {})) {
  describe(`client system store on ${database.name}`, () => {
    let db: Db;
    let clock = NOW;
    const svc = () =>
      clientSystemService({
        db,
        organisation: { registerKeeperOid: RK, serviceProviderOid: RK },
        defaults: DEFAULT_RECORD_DEFAULTS,
        now: () => clock,
        newOid: oidMinter(`${RK}.77`),
      });

    before(async () => {
      db = await database.open({ migrated: false });
      assert.deepEqual(await migrateClientSystem(db), ['001_client_system.sql']);
      assert.deepEqual(await migrateClientSystem(db), [], 'a second start applies nothing');
    });
    after(() => db.close());

    it('records a client with clienthoods, a named case and documents, and queues them in dependency order', async () => {
      const s = svc();
      const ref = await s.recordClient(
        { kind: 'hetu', value: '010516A901V' },
        { familyName: 'Virtanen', givenNames: 'Aino', address: 'Kauppakatu 1', municipality: '905', turvakielto: true },
      );
      await refused(s.openCase(ref, { name: 'Huoli', serviceTask: '10', serviceUnit: UNIT, opened: '2026-11-01' }), 'clienthood-first');
      await refused(
        s.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-01' }),
        'clienthood-first',
      );
      const sw = await s.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-01' });
      const task = await s.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-01' });
      await refused(
        s.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-02' }),
        'clienthood-open',
      );
      const kase = await s.openCase(ref, { name: ' Lastensuojeluilmoitus ', serviceTask: '10', serviceUnit: UNIT, opened: '2026-11-01' });
      assert.equal(kase.name, 'Lastensuojeluilmoitus');

      const draft = await s.saveDraft(ref, {
        caseId: kase.caseId,
        processPhase: 'vireilletulo',
        documentType: '1001',
        title: 'Ilmoitus',
        content: { teksti: 'Koulu ilmoitti huolesta.' },
        language: 'fi',
        author,
      });
      const edited = await s.editDraft(ref, draft.documentId, { content: { teksti: 'Koulu ilmoitti huolesta 19.11.' } });
      await refused(s.lock(ref, draft.documentId), 'document-draft');
      await s.finish(ref, draft.documentId, choices, '2026-11-20T10:30:00Z');
      await refused(s.editDraft(ref, draft.documentId, { title: 'Muu' }), 'document-finished');
      const locked = await s.lock(ref, draft.documentId);
      assert.equal(locked.state, 'locked');
      assert.deepEqual(locked.content, edited.content);
      await refused(s.editDraft(ref, draft.documentId, { title: 'Muu' }), 'document-locked');
      await refused(s.finish(ref, draft.documentId, choices), 'document-locked');

      // Even SQL from elsewhere cannot change a locked row.
      await assert.rejects(
        db.query(`UPDATE client_document SET title = 'x' WHERE document_id = $1`, [draft.documentId]),
        /locked: a correction is a new version/,
      );
      assert.equal((await getDocument(db, ref, draft.documentId))?.title, 'Ilmoitus');

      const v2 = await s.newVersion(ref, draft.documentId);
      assert.deepEqual([v2.setId, v2.version, v2.replaces, v2.state], [draft.setId, 2, draft.documentId, 'draft']);

      const items = await listItems(db, { client: ref });
      assert.deepEqual(
        items.map((i) => [i.kind, i.documentId, i.status]),
        [
          ['clienthood', sw.documentId, 'waiting'],
          ['clienthood', task.documentId, 'waiting'],
          ['case', kase.documentId, 'waiting'],
          ['document', draft.documentId, 'waiting'],
        ],
      );
      assert.equal(items[3]!.metadata.case?.name, 'Lastensuojeluilmoitus');
      assert.deepEqual(items[3]!.metadata.socialServices, ['94']);
      assert.equal(items[1]!.metadata.clienthood?.level, 'service-task');

      // Only what has all its prerequisites archived is sendable: first the social-welfare clienthood alone.
      const sendOrder: string[][] = [];
      for (;;) {
        const claimed = await db.transaction(async (tx) => {
          const batch = await sendable(tx, clock, 10);
          for (const item of batch) {
            const sending = await recordState(tx, item, nextState(item, { type: 'claim' }, clock), { type: 'claim' }, clock);
            await recordState(
              tx,
              sending,
              nextState(sending, { type: 'archived', created: true }, clock),
              { type: 'archived', created: true },
              clock,
            );
          }
          return batch.map((i) => i.kind);
        });
        if (claimed.length === 0) break;
        sendOrder.push(claimed);
      }
      assert.deepEqual(sendOrder, [['clienthood'], ['clienthood'], ['case'], ['document']]);
      assert.deepEqual(
        (await itemHistory(db, ref, draft.documentId)).map((h) => `${h.from ?? '-'}→${h.to}`),
        ['-→waiting', 'waiting→sending', 'sending→archived'],
      );
      assert.equal(
        await enqueue(
          db,
          { ...ref, documentId: draft.documentId, kind: 'document', metadata: items[3]!.metadata, prerequisites: [] },
          clock,
        ),
        false,
      );
      assert.equal((await getItem(db, ref, draft.documentId))?.status, 'archived', 'a second enqueue changes nothing');
    });

    it('the nightly batch locks and queues finished documents whose completion time has passed', async () => {
      const s = svc();
      const ref = await s.recordClient(
        { kind: 'hetu', value: '020516C903K' },
        { familyName: 'Korhonen', givenNames: 'Eino', turvakielto: false },
      );
      await s.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-01' });
      await s.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-01' });
      const kase = await s.openCase(ref, { name: 'Tukitoimet', serviceTask: '10', serviceUnit: UNIT, opened: '2026-11-01' });
      const write = (title: string) =>
        s.saveDraft(ref, {
          caseId: kase.caseId,
          processPhase: 'arviointi',
          documentType: '1001',
          title,
          content: {},
          language: 'fi',
          author,
        });
      clock = new Date('2026-11-19T08:00:00Z');
      const past = await write('Eilinen');
      const future = await write('Huominen');
      const open = await write('Luonnos');
      await s.finish(ref, past.documentId, choices, '2026-11-19T15:00:00Z');
      await s.finish(ref, future.documentId, choices, '2026-11-21T15:00:00Z');
      clock = NOW;
      assert.equal(await s.nightlyBatch(), 1);
      assert.equal((await getDocument(db, ref, past.documentId))?.state, 'locked');
      assert.equal((await getDocument(db, ref, future.documentId))?.state, 'finished');
      assert.equal((await getDocument(db, ref, open.documentId))?.state, 'draft');
      assert.equal((await getItem(db, ref, past.documentId))?.status, 'waiting');
      assert.equal(await getItem(db, ref, future.documentId), undefined);
      clock = new Date('2026-11-22T00:30:00Z');
      assert.equal(await s.nightlyBatch(), 1);
      assert.equal(await s.nightlyBatch(), 0, 'nothing twice');
      clock = NOW;
    });

    it('batch writes: payload kept once stored, a claim whose lease was taken over records nothing', async () => {
      const s = svc();
      const ref = await s.recordClient(
        { kind: 'hetu', value: makeHetu('2014-02-03', 961) },
        { familyName: 'Niemi', givenNames: 'Aino', turvakielto: false },
      );
      const opened = await s.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-01' });
      const lease = (ms: number) => new Date(clock.getTime() + ms);
      // Claimed (lease 1), then the lease runs out and a second claim takes it (lease 2).
      const claim = (leaseUntil: Date) =>
        db.transaction(async (tx) => {
          const item = (await sendable(tx, clock, 1000)).find((i) => i.documentId === opened.documentId)!;
          const event = item.status === 'sending' ? ({ type: 'lease-expired' } as const) : ({ type: 'claim' } as const);
          return (await recordStates(tx, [{ item, event, next: nextState(item, event, clock), leaseUntil }], clock))[0]!;
        });
      const first = await claim(lease(1_000));
      assert.equal(first.status, 'sending');
      const stored = await storePayloads(db, [{ item: first, payload: '<a/>' }]);
      assert.equal([...stored.values()][0], '<a/>');
      const again = await storePayloads(db, [{ item: first, payload: '<b/>' }]);
      assert.equal([...again.values()][0], '<a/>', 'a stored payload is what every resend sends');
      clock = new Date(clock.getTime() + 2_000);
      const second = await claim(lease(60_000));
      assert.equal(second.attempts, 2);
      assert.deepEqual(await renewLeases(db, [first], lease(60_000)), [], 'the first claim no longer holds it');
      const archived = { type: 'archived', created: true } as const;
      const late = await recordStates(
        db,
        [{ item: first, event: archived, next: nextState(first, archived, clock), held: first.leaseUntil! }],
        clock,
      );
      assert.deepEqual(late, [], 'the taken-over claim records nothing');
      const [renewed] = await renewLeases(db, [second], lease(90_000));
      assert.ok(renewed);
      const done = await recordStates(
        db,
        [{ item: renewed, event: archived, next: nextState(renewed, archived, clock), held: renewed.leaseUntil! }],
        clock,
      );
      assert.equal(done[0]?.status, 'archived');
      const history = await itemHistory(db, ref, opened.documentId);
      assert.deepEqual(
        history.map((h) => h.to),
        ['waiting', 'sending', 'sending', 'archived'],
        'one archived row: the send is recorded once',
      );
      assert.equal((await getItem(db, ref, opened.documentId))?.payload, '<a/>');
    });

    if (database.name === 'postgres') {
      it('two workers claiming at once never get the same item (FOR UPDATE SKIP LOCKED)', async () => {
        const s = svc();
        for (const n of [971, 972, 973, 974]) {
          const ref = await s.recordClient(
            { kind: 'hetu', value: makeHetu('2015-05-03', n) },
            { familyName: 'Laine', givenNames: 'Ville', turvakielto: false },
          );
          await s.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT, start: '2026-11-01' });
        }
        let release!: () => void;
        const held = new Promise<void>((r) => {
          release = r;
        });
        const first = db.transaction(async (tx) => {
          const got = await sendable(tx, clock, 2);
          await held;
          return got.map((i) => i.documentId);
        });
        await new Promise((r) => setTimeout(r, 200));
        const second = await db.transaction(async (tx) => (await sendable(tx, clock, 1000)).map((i) => i.documentId));
        release();
        const a = await first;
        assert.equal(a.length, 2);
        assert.ok(second.length >= 3, 'the second worker takes the others, not waiting for the first');
        assert.deepEqual(
          a.filter((id) => second.includes(id)),
          [],
        );
      });
    }
  });
}
