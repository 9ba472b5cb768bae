import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { createSession, deleteSession, findSession, reauthenticateSession, sweepSessions, touchSession } from './session-store.ts';

const identity: Identity = {
  userId: 'sw-vaasa-ls',
  name: 'Sanna Sosiaalityöntekijä',
  professionalId: 'DEMO-1001',
  role: 'social-worker',
  organisationOid: '1.2.246.10.9990001.10.1',
  registerKeeperOid: '1.2.246.10.9990001.10.1',
  serviceTasks: ['10'],
  systemId: 'arkki-archive-ui',
};
const t0 = new Date('2026-11-20T08:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

for (const database of testDatabases()) {
  describe(`ui_session store (${database.name})`, () => {
    it('keeps only the hash of the id, and finds the session by the id', async () => {
      const db = await database.open();
      try {
        const { id, session } = await createSession(db, identity, 'card', t0);
        assert.ok(id.length >= 40);
        const rows = await db.query<Record<string, unknown>>('SELECT * FROM ui_session');
        assert.equal(rows.rows.length, 1);
        assert.doesNotMatch(JSON.stringify(rows.rows), new RegExp(id));
        const found = await findSession(db, id);
        assert.deepEqual(found?.identity, identity);
        assert.equal(found?.csrfToken, session.csrfToken);
        assert.equal(found?.createdAt.toISOString(), t0.toISOString());
        assert.equal(await findSession(db, id.slice(0, -1) + (id.endsWith('A') ? 'B' : 'A')), undefined);
      } finally {
        await db.close();
      }
    });

    it('touch, re-authentication, logout and the sweep of timed-out sessions', async () => {
      const db = await database.open();
      try {
        const a = await createSession(db, identity, 'card', t0);
        const b = await createSession(db, identity, 'demo', t0);
        await touchSession(db, a.id, at(10));
        await reauthenticateSession(db, a.id, { ...identity, serviceTasks: ['10', '20'] }, at(12));
        const found = (await findSession(db, a.id))!;
        assert.equal(found.lastSeenAt.toISOString(), at(12).toISOString());
        assert.equal(found.authenticatedAt.toISOString(), at(12).toISOString());
        assert.deepEqual(found.identity.serviceTasks, ['10', '20']);
        // b was last seen at t0: past a 15-minute idle timeout at +20; a is not.
        assert.equal(await sweepSessions(db, at(20), 15 * 60_000, 600 * 60_000), 1);
        assert.equal(await findSession(db, b.id), undefined);
        await deleteSession(db, a.id);
        assert.equal(await findSession(db, a.id), undefined);
      } finally {
        await db.close();
      }
    });
  });
}
