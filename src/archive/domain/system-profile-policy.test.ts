import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity, SystemProfile } from '../../lib/identity/identity.ts';
import { decideAccess, type Action } from './access-policy.ts';

// System profiles (domain README §8): what a connected system may do, by the profile in its certificate.
const RK = '1.2.246.10.9990001.10.1';
const system = (systemProfile?: SystemProfile): Identity => ({
  userId: 'sys',
  name: 'ATJ',
  role: 'system',
  organisationOid: RK,
  registerKeeperOid: RK,
  serviceTasks: ['*'],
  systemId: 'atj',
  ...(systemProfile ? { systemProfile } : {}),
});

const actions: Action[] = ['create', 'new-version', 'invalidate', 'read', 'search', 'history', 'summary'];
const writes = new Set<Action>(['create', 'new-version', 'invalidate']);
const expected: Record<string, (a: Action) => boolean> = {
  connected: () => true,
  none: () => true,
  viewing: (a) => !writes.has(a),
  storing: (a) => writes.has(a),
  archiving: (a) => writes.has(a),
};

describe('system profiles limit what a system may do', () => {
  for (const [profile, allowed] of Object.entries(expected)) {
    for (const action of actions) {
      it(`${profile} system: ${action} ${allowed(action) ? 'allowed' : 'refused'}`, () => {
        const d = decideAccess(system(profile === 'none' ? undefined : (profile as SystemProfile)), action, {
          registerKeeperOid: RK,
          serviceTask: '10',
          clientKey: '010516A901V',
        });
        assert.equal(d.allow, allowed(action));
        assert.equal(d.rule, allowed(action) ? 'system-own-register' : `system-profile-${profile}`);
      });
    }
  }
});
