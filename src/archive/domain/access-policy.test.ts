import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity, RoleKind } from '../../lib/identity/identity.ts';
import { emptyContext, type AccessContext } from './access-context.ts';
import { decideAccess, type AccessTarget, type Action } from './access-policy.ts';

// The access rules (THL regulation 1/2017, domain README §6): deny by default, register keeper first, then
// the role and its service tasks, then the client relation or a special reason; consents and denials across
// register keepers. Every decision names the rule that decided and carries the flags log monitoring reads.

const RK = '1.2.246.10.9990001.10.1';
const RK_OTHER = '1.2.246.10.9990002.10.1';

const who = (role: RoleKind, serviceTasks: string[], registerKeeperOid = RK): Identity => ({
  userId: `${role}-test`,
  name: role,
  role,
  organisationOid: registerKeeperOid,
  registerKeeperOid,
  serviceTasks,
  systemId: 'test',
});
const worker = who('social-worker', ['10', 'x-lapsiperheet']);
const archivist = who('archivist', ['*']);
const system = who('system', ['*']);
const citizen = who('citizen', []);
const otherWorker = who('social-worker', ['10'], RK_OTHER);

const inTask = (serviceTask: string, extra: Partial<AccessTarget> = {}): AccessTarget => ({
  registerKeeperOid: RK,
  serviceTask,
  clientKey: '010516A901V',
  ...extra,
});
const register: AccessTarget = { registerKeeperOid: RK };

const NOW = '2026-11-20T10:00:00.000Z';
const facts = (over: Partial<AccessContext> = {}): AccessContext => ({ ...emptyContext(NOW), ...over });
/** The client has an active clienthood or open case in child welfare and family services. */
const related = facts({ relationTasks: ['10', 'x-lapsiperheet'] });

type Row = [string, Identity, Action, AccessTarget, boolean, string, AccessContext?];

describe('decideAccess', () => {
  const rows: Row[] = [
    // register keeper isolation comes before any role rule
    ['another register keeper’s social worker reads', otherWorker, 'read', inTask('10'), false, 'other-register-keeper'],
    ['another register keeper’s social worker searches', otherWorker, 'search', register, false, 'other-register-keeper'],
    [
      'another register keeper’s archivist invalidates',
      who('archivist', ['*'], RK_OTHER),
      'invalidate',
      inTask('10'),
      false,
      'other-register-keeper',
    ],
    ['another register keeper’s system writes', who('system', ['*'], RK_OTHER), 'create', inTask('10'), false, 'other-register-keeper'],
    ['a citizen reads someone else’s data', citizen, 'read', inTask('10'), false, 'citizen-other-data'],
    // social worker: own service tasks, and only with a client relation there
    ['social worker reads in own service task', worker, 'read', inTask('10'), true, 'client-relation', related],
    ['social worker reads in a second own service task', worker, 'read', inTask('x-lapsiperheet'), true, 'client-relation', related],
    ['social worker reads without a client relation', worker, 'read', inTask('10'), false, 'no-client-relation'],
    [
      'social worker reads with a relation in another service task only',
      worker,
      'read',
      inTask('10'),
      false,
      'no-client-relation',
      facts({ relationTasks: ['x-lapsiperheet'] }),
    ],
    [
      'social worker reads outside the role',
      worker,
      'read',
      inTask('20'),
      false,
      'service-task-not-in-role',
      facts({ relationTasks: ['20'] }),
    ],
    ['social worker writes in own service task', worker, 'create', inTask('10'), true, 'role-service-task'],
    ['social worker writes a new version', worker, 'new-version', inTask('10'), true, 'role-service-task'],
    ['social worker writes outside the role', worker, 'create', inTask('20'), false, 'service-task-not-in-role'],
    ['social worker invalidates in own service task', worker, 'invalidate', inTask('10'), true, 'client-relation', related],
    ['social worker invalidates without a relation', worker, 'invalidate', inTask('10'), false, 'no-client-relation'],
    [
      'social worker reads an invalidated document',
      worker,
      'read',
      inTask('10', { invalidated: true }),
      false,
      'invalidated-archivist-only',
    ],
    [
      'social worker reads the history of an invalidated set',
      worker,
      'history',
      inTask('10', { invalidated: true }),
      false,
      'invalidated-archivist-only',
    ],
    ['social worker searches across service tasks', worker, 'search', register, true, 'client-relation-scope'],
    ['social worker asks for a summary', worker, 'summary', register, true, 'client-relation', related],
    ['social worker asks for a summary without a relation', worker, 'summary', register, false, 'no-client-relation'],
    ['social worker reads without a known service task', worker, 'read', register, false, 'service-task-unknown'],
    ['social worker reads the usage log', worker, 'read-usage-log', register, false, 'role-no-log-access'],
    [
      'social worker with all service tasks',
      who('social-worker', ['*']),
      'read',
      inTask('20'),
      true,
      'client-relation',
      facts({ relationTasks: ['20'] }),
    ],
    // archivist: reads and invalidates everything in the own register, never writes
    ['archivist reads any service task', archivist, 'read', inTask('20'), true, 'archivist-own-register'],
    ['archivist reads an invalidated document', archivist, 'read', inTask('10', { invalidated: true }), true, 'archivist-own-register'],
    ['archivist invalidates', archivist, 'invalidate', inTask('10'), true, 'archivist-own-register'],
    ['archivist reads the usage log', archivist, 'read-usage-log', register, true, 'archivist-own-register'],
    ['archivist creates a document', archivist, 'create', inTask('10'), false, 'archivist-does-not-write'],
    ['archivist writes a new version', archivist, 'new-version', inTask('10'), false, 'archivist-does-not-write'],
    // client system: the register keeper's own system, no usage log
    ['system creates in any service task', system, 'create', inTask('20'), true, 'system-own-register'],
    ['system searches the register', system, 'search', register, true, 'system-own-register'],
    ['system reads the usage log', system, 'read-usage-log', register, false, 'system-no-log-access'],
    ['unknown role', who('auditor' as RoleKind, ['*']), 'read', inTask('10'), false, 'role-unknown'],
  ];
  for (const [name, identity, action, target, allow, rule, context] of rows) {
    it(`${name}: ${allow ? 'allowed' : 'denied'} by ${rule}`, () => {
      const d = decideAccess(identity, action, target, context ?? facts());
      assert.deepEqual({ allow: d.allow, rule: d.rule }, { allow, rule });
      assert.ok(d.reason.length > 0, 'every decision gives a reason');
    });
  }

  it('a denial for another register keeper names both register keepers', () => {
    const d = decideAccess(otherWorker, 'read', inTask('10'));
    assert.ok(d.reason.includes(RK) && d.reason.includes(RK_OTHER), d.reason);
  });

  const scopes: Array<[string, Identity, string[], boolean]> = [
    ['social worker: the role’s service tasks, no invalidated', worker, ['10', 'x-lapsiperheet'], false],
    ['archivist: everything, invalidated included', archivist, ['*'], true],
    ['system: everything, no invalidated', system, ['*'], false],
  ];
  for (const [name, identity, scope, seesInvalidated] of scopes) {
    it(`search scope of a ${name}`, () => {
      const d = decideAccess(identity, 'search', register);
      assert.deepEqual({ scope: d.serviceTaskScope, seesInvalidated: d.seesInvalidated }, { scope, seesInvalidated });
    });
  }
});
