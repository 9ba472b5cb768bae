import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../lib/db/db.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  prepareClient,
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { freshHetu, rejectsWith, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { addHouseholdMember, addStaffPerson } from '../store/log-monitoring-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { acknowledgeLogAlert, getLogAlert, listLogAlerts, reviewLogAlert, type StoredAlert } from './log-alerts.ts';
import { runLogMonitor, startLogMonitorTimer } from './log-monitoring.ts';
import { monthlyReport } from './monthly-report.ts';
import { readDocument } from './read-documents.ts';
import { addSpecialReasonComment, stateSpecialReason } from './special-reason.ts';
import { storeDocuments } from './store-documents.ts';

// Log monitoring end to end on the real services: professionals' reads land in the usage log, the monitor
// turns them into alerts, the log controller (archivist) handles them, and the month's report counts them.

const minute = (base: string, m: number) => new Date(Date.parse(base) + m * 60_000);

for (const database of testDatabases()) {
  describe(`log monitoring on ${database.name}`, () => {
    let f: ArchiveFixture;
    let worker: Identity;
    let otherWorker: Identity;
    let archivist: Identity;
    const clients: Array<{ hetu: string; documentId: string }> = [];
    const at = (t: Date): ArchiveDeps => ({ ...f.deps, now: () => t });
    const run = (t = new Date('2026-11-26T06:00:00Z'), extra: Parameters<typeof runLogMonitor>[1] = {}) =>
      runLogMonitor(at(t), { registerKeeperOid: RK, ...extra });
    const alertsOf = async (rule: string): Promise<StoredAlert[]> => (await listLogAlerts(f.deps, archivist, { rule, limit: 500 })).alerts;
    /** Reads by `who` at the given times; returns the usage-log ids of the reads. */
    async function reads(who: Identity, items: Array<{ t: Date; doc: string }>, expectDenied = false): Promise<number[]> {
      const mark = await usageMark(f.db);
      for (const { t, doc } of items) {
        const p = readDocument(at(t), who, doc);
        if (expectDenied) await rejectsWith(p, 'forbidden');
        else await p;
      }
      return (await usageSince(f.db, mark)).map((r) => r.id);
    }

    before(async () => {
      f = await archiveFixture(await database.open());
      [worker, otherWorker, archivist] = [f.users['sw-vaasa-ls']!, f.users['sw-vaasa-aikuiset']!, f.users['archivist-vaasa']!];
      for (let i = 0; i < 25; i++) {
        const hetu = freshHetu();
        const caseId = await prepareClient(f, { hetu });
        const meta = clientDocument(caseId, { client: { kind: 'hetu', value: hetu } });
        await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(meta)]);
        clients.push({ hetu, documentId: meta.documentId });
      }
      // Archiving by the client system in working hours raises nothing.
      const first = await run();
      assert.equal(first[0]!.raised, 0);
    });
    after(() => f.db.close());

    it('a social worker reading at 22:00 Finnish time raises an outside-hours alert naming the read', async () => {
      const ids = await reads(worker, [{ t: new Date('2026-11-25T20:00:00Z'), doc: clients[0]!.documentId }]);
      const [result] = await run();
      assert.equal(result!.raised, 1);
      const [alert] = await alertsOf('outside-hours');
      assert.deepEqual(
        { ...alert, alertId: 0, raisedAt: '', updatedAt: '' },
        {
          alertId: 0,
          key: `outside-hours:${worker.userId}:2026-11-25`,
          rule: 'outside-hours',
          registerKeeperOid: RK,
          userId: worker.userId,
          userName: worker.name,
          organisationOid: worker.organisationOid,
          clientKeys: [clients[0]!.hetu],
          usageIds: ids,
          windowStart: '2026-11-25T20:00:00.000Z',
          windowEnd: '2026-11-25T20:00:00.000Z',
          detail: { kinds: ['evening-or-night'] },
          status: 'open',
          outcome: null,
          raisedAt: '',
          updatedAt: '',
        },
      );
    });

    it('reading 25 clients within an hour is mass access; running again changes nothing', async () => {
      const ids = await reads(
        worker,
        clients.map((c, i) => ({ t: minute('2026-11-24T08:00:00Z', i), doc: c.documentId })),
      );
      await run();
      const [alert, ...rest] = await alertsOf('mass-access');
      assert.equal(rest.length, 0);
      assert.equal(alert!.clientKeys.length, 25);
      assert.deepEqual(alert!.usageIds, ids);
      assert.equal(alert!.detail.distinctClients, 25);
      const before = (await listLogAlerts(f.deps, archivist, { limit: 500 })).alerts;
      const [again] = await run();
      assert.deepEqual([again!.raised, again!.extended, again!.reopened], [0, 0, 0]);
      const afterAgain = (await listLogAlerts(f.deps, archivist, { limit: 500 })).alerts;
      assert.deepEqual(afterAgain, before);
    });

    it('a run that crashes after its first batch resumes where it stopped, without duplicates', async () => {
      const ids = await reads(
        otherWorker,
        [0, 1, 2, 3, 4, 5].map((i) => ({ t: minute('2026-11-24T09:00:00Z', i), doc: clients[i]!.documentId })),
        true,
      );
      let calls = 0;
      const db = f.db;
      const crashing: Db = {
        kind: db.kind,
        query: (s, p) => db.query(s, p),
        exec: (s) => db.exec(s),
        close: () => db.close(),
        transaction: (fn) => (++calls === 2 ? Promise.reject(new Error('power cut')) : db.transaction(fn)),
      };
      await assert.rejects(runLogMonitor({ ...f.deps, db: crashing }, { registerKeeperOid: RK, batchSize: 2 }), /power cut/);
      await run(undefined, { batchSize: 2 });
      await run();
      const [alert, ...rest] = await alertsOf('denied-attempts');
      assert.equal(rest.length, 0);
      assert.deepEqual(alert!.usageIds, ids);
      assert.equal(alert!.userId, otherWorker.userId);
      assert.deepEqual(alert!.detail.rules, ['service-task-not-in-role']);
    });

    it('only the log controller sees alerts; opening, acknowledging and reviewing are logged and kept as events', async () => {
      const mark = await usageMark(f.db);
      await rejectsWith(listLogAlerts(f.deps, worker), 'forbidden', 'role-no-log-access');
      const [denied] = await usageSince(f.db, mark);
      assert.deepEqual(
        [denied!.userId, denied!.action, denied!.outcome, denied!.detail.operation],
        [worker.userId, 'read-usage-log', 'denied', 'list-alerts'],
      );

      const [alert] = await alertsOf('outside-hours');
      const [listed] = (await usageSince(f.db, mark)).filter((r) => r.userId === archivist.userId);
      assert.deepEqual(
        [listed!.detail.operation, listed!.detail.rule, listed!.detail.alertIds],
        ['list-alerts', 'outside-hours', [alert!.alertId]],
      );
      const open = await getLogAlert(f.deps, archivist, alert!.alertId);
      assert.deepEqual(
        open.uses.map((u) => [u.userId, u.clientKey, u.at]),
        [[worker.userId, clients[0]!.hetu, '2026-11-25T20:00:00.000Z']],
      );
      await rejectsWith(reviewLogAlert(f.deps, archivist, alert!.alertId, { outcome: 'justified', note: ' ' }), 'required');
      await rejectsWith(reviewLogAlert(f.deps, archivist, alert!.alertId, { outcome: 'fine', note: 'x' }), 'invalid');
      await acknowledgeLogAlert(f.deps, archivist, alert!.alertId);
      await rejectsWith(acknowledgeLogAlert(f.deps, archivist, alert!.alertId), 'conflict', 'alert-status');
      const reviewed = await reviewLogAlert(f.deps, archivist, alert!.alertId, {
        outcome: 'justified',
        note: 'Päivystys: lastensuojeluilmoitus klo 21.55',
      });
      assert.deepEqual([reviewed.status, reviewed.outcome], ['reviewed', 'justified']);
      const logged = (await usageSince(f.db, mark)).filter((r) => r.userId === archivist.userId).map((r) => r.detail.operation);
      // Input refused before any data is touched is not a use of the log; the refused second acknowledgement is.
      assert.deepEqual(logged, ['list-alerts', 'read-alert', 'acknowledge-alert', 'acknowledge-alert', 'review-alert']);
      await assert.rejects(f.db.query(`UPDATE log_alert_event SET note = 'changed'`), /not allowed/);

      // Another eksote archivist does not find it.
      await rejectsWith(getLogAlert(f.deps, f.users['archivist-eksote']!, alert!.alertId), 'not-found');

      // A later read the same evening reopens the reviewed alert.
      const ids = await reads(worker, [{ t: new Date('2026-11-25T20:30:00Z'), doc: clients[1]!.documentId }]);
      const [result] = await run();
      assert.equal(result!.reopened, 1);
      const again = await getLogAlert(f.deps, archivist, alert!.alertId);
      assert.deepEqual([again.alert.status, again.alert.outcome, again.alert.clientKeys.length], ['open', null, 2]);
      assert.deepEqual(
        again.events.map((e) => [e.kind, e.userId, e.outcome]),
        [
          ['raised', 'arkki-log-monitor', null],
          ['acknowledged', archivist.userId, null],
          ['reviewed', archivist.userId, 'justified'],
          ['reopened', 'arkki-log-monitor', null],
        ],
      );
      assert.deepEqual(again.events[3]!.usageIds, ids);
    });

    it("a professional reading his or her own or a household member's data; a turvakielto client; a special reason", async () => {
      const [self, partner, secret] = [clients[10]!, clients[11]!, clients[12]!];
      await addStaffPerson(f.db, worker.organisationOid, worker.professionalId!, self.hetu);
      await addHouseholdMember(f.db, 'test-household', self.hetu);
      await addHouseholdMember(f.db, 'test-household', partner.hetu);
      await f.db.query('UPDATE person SET turvakielto = true WHERE client_key = $1', [secret.hetu]);
      const t = new Date('2026-11-23T09:00:00Z');
      await reads(worker, [
        { t, doc: self.documentId },
        { t, doc: partner.documentId },
        { t, doc: secret.documentId },
      ]);
      // A use under a special reason, as the access policy logs it (rule, flag, grant and reason code).
      const [sr] = await f.db.transaction(async (tx) => {
        await appendUsage(tx, [
          usageEntry(
            worker,
            'read',
            { rule: 'special-reason', flags: ['special-reason'], grantId: 'grant-1', reasonCode: '1' },
            { registerKeeperOid: RK, clientKey: clients[13]!.hetu, at: t },
          ),
        ]);
        return usageSince(tx, (await usageMark(tx)) - 1);
      });
      await run();
      const own = await alertsOf('own-data');
      assert.deepEqual(
        own.map((a) => [a.clientKeys[0], a.detail.relation]).sort(),
        [
          [self.hetu, 'self'],
          [partner.hetu, 'household'],
        ].sort(),
      );
      assert.deepEqual(
        (await alertsOf('turvakielto')).map((a) => a.clientKeys),
        [[secret.hetu]],
      );
      const [special] = await alertsOf('special-reason');
      assert.deepEqual([special!.key, special!.usageIds, special!.detail.reasonCode], ['special-reason:grant:grant-1', [sr!.id], '1']);
    });

    it('the monthly self-monitoring report counts alerts per rule, handling, denials, users, clients and the chain', async () => {
      const [alert] = await alertsOf('outside-hours');
      await reviewLogAlert(f.deps, archivist, alert!.alertId, { outcome: 'false-positive', note: 'Sama päivystysilta' });
      await run();
      const report = await monthlyReport(at(new Date('2026-11-30T10:00:00Z')), archivist, '2026-11');
      assert.deepEqual(report.period, { from: '2026-10-31T22:00:00.000Z', to: '2026-11-30T22:00:00.000Z' });
      const perRule = Object.fromEntries(Object.entries(report.alerts.byRule).map(([r, c]) => [r, [c.total, c.open, c.reviewed]]));
      assert.deepEqual(perRule, {
        'special-reason': [1, 1, 0],
        'own-data': [2, 2, 0],
        'mass-access': [1, 1, 0],
        'outside-hours': [1, 0, 1],
        turvakielto: [1, 1, 0],
        'denied-attempts': [1, 1, 0],
      });
      assert.equal(report.alerts.byRule['outside-hours'].outcomes['false-positive'], 1);
      assert.deepEqual([report.alerts.total, report.alerts.open, report.alerts.reviewed], [7, 6, 1]);
      assert.deepEqual(report.specialReason, { uses: 1, grants: 1, grantsWithLaterComments: 0, alertsReviewed: 0, alertsOpen: 1 });
      // Six refused reads and the social worker's refused look at the alerts.
      assert.equal(report.deniedAttempts, 7);
      assert.deepEqual([report.uses.users, report.uses.clients], [3, 25]);
      // The report's own log row is the only one the monitor has not read yet.
      assert.equal(report.monitor.unevaluatedRows, 1);
      assert.equal(report.usageLogChain.ok, true);
      assert.ok(report.usageLogChain.verifiedRows > 100);
      await rejectsWith(monthlyReport(f.deps, archivist, '2026-13'), 'invalid', 'month');
    });

    it('a special reason stated and used through the real services is one review item; the month report counts its comments', async () => {
      // Before the client's clienthood (from 2026-01-01) and case (from 2026-02-01) there is no client relation.
      const t = new Date('2025-12-19T08:00:00Z');
      const c = clients[15]!;
      await rejectsWith(readDocument(at(t), worker, c.documentId), 'forbidden');
      const mark = await usageMark(f.db);
      const grant = await stateSpecialReason(at(t), worker, {
        clientKey: c.hetu,
        serviceTask: '10',
        reasonCode: 'x-kiireellinen',
        comment: 'Poliisin virka-apupyyntö',
      });
      await readDocument(at(minute(t.toISOString(), 5)), worker, c.documentId);
      await addSpecialReasonComment(at(minute(t.toISOString(), 60)), worker, grant.grantId, 'Lisätty jälkikäteen: tilanne hoidettu');
      const ids = (await usageSince(f.db, mark)).filter((r) => r.action !== 'special-reason-comment').map((r) => r.id);
      await run();
      const [alert] = (await alertsOf('special-reason')).filter((a) => a.key === `special-reason:grant:${grant.grantId}`);
      assert.deepEqual([alert!.usageIds, alert!.clientKeys, alert!.detail.reasonCode], [ids, [c.hetu], 'x-kiireellinen']);
      const opened = await getLogAlert(f.deps, archivist, alert!.alertId);
      assert.deepEqual(
        [opened.specialReason!.grant.reasonCode, opened.specialReason!.comments.map((x) => x.comment)],
        ['x-kiireellinen', ['Poliisin virka-apupyyntö', 'Lisätty jälkikäteen: tilanne hoidettu']],
      );
      const report = await monthlyReport(f.deps, archivist, '2025-12');
      assert.deepEqual(report.specialReason, { uses: 1, grants: 1, grantsWithLaterComments: 1, alertsReviewed: 0, alertsOpen: 1 });
    });

    if (database.name === 'postgres') {
      it('a row whose transaction commits after a later row was read is still evaluated (the overlap)', async () => {
        const owl: Identity = { ...worker, userId: 'sw-night-owl', professionalId: 'DEMO-1099' };
        let release!: () => void;
        const gate = new Promise<void>((r) => {
          release = r;
        });
        let appended!: () => void;
        const inFlight = new Promise<void>((r) => {
          appended = r;
        });
        const slow = f.db.transaction(async (tx) => {
          await appendUsage(tx, [
            usageEntry(
              owl,
              'read',
              { rule: 'client-relation' },
              { registerKeeperOid: RK, clientKey: clients[21]!.hetu, at: new Date('2026-12-04T21:00:00Z') },
            ),
          ]);
          appended();
          await gate;
        });
        await inFlight;
        await reads(worker, [{ t: new Date('2026-12-04T21:00:30Z'), doc: clients[22]!.documentId }]);
        await run();
        assert.equal((await alertsOf('outside-hours')).filter((a) => a.userId === owl.userId).length, 0, 'not committed yet');
        release();
        await slow;
        await run();
        assert.deepEqual(
          (await alertsOf('outside-hours')).filter((a) => a.userId === owl.userId).map((a) => a.clientKeys),
          [[clients[21]!.hetu]],
        );
      });
    }

    it('inside the server the monitor runs on a timer', async () => {
      await reads(worker, [{ t: new Date('2026-11-28T10:00:00Z'), doc: clients[20]!.documentId }]);
      const errors: unknown[] = [];
      const timer = startLogMonitorTimer(at(new Date('2026-11-28T11:00:00Z')), 0.05, (e) => errors.push(e), { registerKeeperOid: RK });
      try {
        for (let i = 0; i < 100 && (await alertsOf('outside-hours')).every((a) => !a.key.endsWith('2026-11-28')); i++)
          await new Promise((r) => setTimeout(r, 50));
      } finally {
        await timer.stop();
      }
      assert.deepEqual(errors, []);
      assert.ok(
        (await alertsOf('outside-hours')).some((a) => a.key === `outside-hours:${worker.userId}:2026-11-28`),
        'the Saturday read was picked up',
      );
    });
  });
}
