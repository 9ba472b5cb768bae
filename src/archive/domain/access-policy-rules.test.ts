import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity, RoleKind } from '../../lib/identity/identity.ts';
import { emptyContext, type AccessContext } from './access-context.ts';
import { decideAccess, type AccessTarget } from './access-policy.ts';

// Special reason, turvakielto, consents / denials / disclosure decisions and the citizen's own data:
// the decision, its rule and the flags log monitoring reads from the usage row.

const RK = '1.2.246.10.9990001.10.1';
const RK_OTHER = '1.2.246.10.9990002.10.1';
const HETU = '010516A901V';
const NOW = '2026-11-20T10:00:00.000Z';

const who = (role: RoleKind, serviceTasks: string[], registerKeeperOid = RK, extra: Partial<Identity> = {}): Identity => ({
  userId: `${role}-test`,
  name: role,
  role,
  organisationOid: registerKeeperOid,
  registerKeeperOid,
  serviceTasks,
  systemId: 'test',
  ...extra,
});
const worker = who('social-worker', ['10', 'x-lapsiperheet']);
const outsider = who('social-worker', ['10'], RK_OTHER);
const outsideSystem = who('system', ['*'], RK_OTHER);
const facts = (over: Partial<AccessContext> = {}): AccessContext => ({ ...emptyContext(NOW), ...over });
const doc = (extra: Partial<AccessTarget> = {}): AccessTarget => ({
  registerKeeperOid: RK,
  serviceTask: '10',
  clientKey: HETU,
  documentId: '1.2.3.4',
  ...extra,
});
const grant = (validUntil: string, serviceTask = '10') => ({
  grantId: `g-${validUntil}`,
  serviceTask,
  reasonCode: 'x-kiireellinen',
  validUntil,
});

describe('special reason', () => {
  it('a valid grant allows reading without a relation, with the grant, the reason code and the flag', () => {
    const d = decideAccess(worker, 'read', doc(), facts({ specialReasons: [grant('2026-11-20T14:00:00.000Z')] }));
    assert.deepEqual(
      [d.allow, d.rule, d.flags, d.grantId, d.reasonCode],
      [true, 'special-reason', ['special-reason'], 'g-2026-11-20T14:00:00.000Z', 'x-kiireellinen'],
    );
  });
  it('an expired grant is refused with its own rule, saying when it ended', () => {
    const d = decideAccess(worker, 'read', doc(), facts({ specialReasons: [grant('2026-11-19T14:00:00.000Z')] }));
    assert.deepEqual([d.allow, d.rule], [false, 'special-reason-expired']);
    assert.match(d.reason, /2026-11-19T14:00:00.000Z/);
  });
  it('a grant ends exactly at validUntil', () => {
    assert.equal(decideAccess(worker, 'read', doc(), facts({ specialReasons: [grant(NOW)] })).rule, 'special-reason-expired');
  });
  it('a grant covers only its service task', () => {
    const d = decideAccess(worker, 'read', doc(), facts({ specialReasons: [grant('2026-11-20T14:00:00.000Z', 'x-lapsiperheet')] }));
    assert.deepEqual([d.allow, d.rule], [false, 'no-client-relation']);
  });
  it('a relation decides before a grant: the use is not flagged as special reason', () => {
    const d = decideAccess(worker, 'read', doc(), facts({ relationTasks: ['10'], specialReasons: [grant('2026-11-20T14:00:00.000Z')] }));
    assert.deepEqual([d.rule, d.flags], ['client-relation', []]);
  });
  it('a grant does not reach past the role', () => {
    const d = decideAccess(
      worker,
      'read',
      doc({ serviceTask: '20' }),
      facts({ specialReasons: [grant('2026-11-20T14:00:00.000Z', '20')] }),
    );
    assert.equal(d.rule, 'service-task-not-in-role');
  });
  it('stating one: social workers within the role; archivists and systems do not', () => {
    assert.deepEqual(
      [
        decideAccess(worker, 'state-special-reason', doc(), facts({ dataTasks: ['10'] })).rule,
        decideAccess(worker, 'state-special-reason', doc(), facts({ dataTasks: ['10'] })).flags,
      ],
      ['special-reason', ['special-reason']],
    );
    assert.equal(decideAccess(worker, 'state-special-reason', doc({ serviceTask: '20' }), facts()).rule, 'service-task-not-in-role');
    assert.equal(decideAccess(who('archivist', ['*']), 'state-special-reason', doc(), facts()).allow, false);
    assert.equal(decideAccess(who('system', ['*']), 'state-special-reason', doc(), facts()).allow, false);
    assert.equal(decideAccess(outsider, 'state-special-reason', doc(), facts()).rule, 'other-register-keeper');
  });
  it('stating one only where it opens something: refused without client data in the task, or with a relation there', () => {
    assert.equal(decideAccess(worker, 'state-special-reason', doc(), facts()).rule, 'no-data-in-service-task');
    assert.equal(
      decideAccess(worker, 'state-special-reason', doc(), facts({ dataTasks: ['x-lapsiperheet'] })).rule,
      'no-data-in-service-task',
    );
    const related = decideAccess(worker, 'state-special-reason', doc(), facts({ dataTasks: ['10'], relationTasks: ['10'] }));
    assert.deepEqual([related.allow, related.rule, related.flags], [false, 'client-relation-exists', []]);
    const again = decideAccess(
      worker,
      'state-special-reason',
      doc(),
      facts({ dataTasks: ['10'], specialReasons: [grant('2026-11-20T14:00:00.000Z')] }),
    );
    assert.equal(again.rule, 'special-reason-in-force');
  });
  it('a summary covers relation tasks and granted tasks, flagged when a grant was needed', () => {
    const d = decideAccess(
      worker,
      'summary',
      { registerKeeperOid: RK, clientKey: HETU },
      facts({ relationTasks: ['x-lapsiperheet'], specialReasons: [grant('2026-11-20T14:00:00.000Z')] }),
    );
    assert.deepEqual(
      [d.allow, d.rule, d.serviceTaskScope, d.flags],
      [true, 'special-reason', ['x-lapsiperheet', '10'], ['special-reason']],
    );
  });
});

describe('turvakielto', () => {
  for (const [name, identity, action, context] of [
    ['allowed read', worker, 'read', facts({ turvakielto: true, relationTasks: ['10'] })],
    ['denied read', worker, 'read', facts({ turvakielto: true })],
    ['archivist', who('archivist', ['*']), 'read', facts({ turvakielto: true })],
    ['write', who('system', ['*']), 'create', facts({ turvakielto: true })],
  ] as const) {
    it(`every access is flagged: ${name}`, () => {
      assert.ok(decideAccess(identity, action, doc(), context).flags.includes('turvakielto'));
    });
  }
  it('a client without it is not flagged', () => {
    assert.deepEqual(decideAccess(worker, 'read', doc(), facts({ relationTasks: ['10'] })).flags, []);
  });
});

describe('another register keeper: consents, disclosure decisions and denials', () => {
  const consent = {
    id: 'c1',
    kind: 'consent' as const,
    recipientOid: RK_OTHER,
    serviceTasks: ['10'],
    documentIds: [],
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: null,
  };
  const decision = { ...consent, id: 'd1', kind: 'disclosure-decision' as const, serviceTasks: [], documentIds: ['1.2.3.4'] };
  const denial = {
    id: 'k1',
    recipientOid: null,
    serviceTasks: ['10'],
    documentIds: [],
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: null,
  };

  it('without a basis: refused', () => {
    assert.deepEqual(
      [decideAccess(outsider, 'read', doc(), facts()).allow, decideAccess(outsider, 'read', doc(), facts()).rule],
      [false, 'other-register-keeper'],
    );
  });
  it('a consent naming the organisation and covering the service task allows reading, flagged as disclosure', () => {
    const d = decideAccess(outsider, 'read', doc(), facts({ permissions: [consent] }));
    assert.deepEqual(
      [d.allow, d.rule, d.flags, d.disclosureBasis],
      [true, 'disclosure-consent', ['disclosure'], { kind: 'consent', id: 'c1' }],
    );
  });
  it('a disclosure decision naming the document allows a client system of that organisation', () => {
    const d = decideAccess(outsideSystem, 'read', doc(), facts({ permissions: [decision] }));
    assert.deepEqual([d.allow, d.rule], [true, 'disclosure-decision']);
  });
  it('a consent for another organisation, another service task, or one not yet in force does not', () => {
    assert.equal(
      decideAccess(outsider, 'read', doc(), facts({ permissions: [{ ...consent, recipientOid: '1.2.246.10.1' }] })).allow,
      false,
    );
    assert.equal(decideAccess(outsider, 'read', doc(), facts({ permissions: [{ ...consent, serviceTasks: ['20'] }] })).allow, false);
    assert.equal(
      decideAccess(outsider, 'read', doc(), facts({ permissions: [{ ...consent, validFrom: '2026-12-01T00:00:00.000Z' }] })).allow,
      false,
    );
    assert.equal(
      decideAccess(outsider, 'read', doc(), facts({ permissions: [{ ...consent, validUntil: '2026-11-01T00:00:00.000Z' }] })).allow,
      false,
    );
  });
  it('a denial covering the document blocks even with a consent', () => {
    const d = decideAccess(outsider, 'read', doc(), facts({ permissions: [consent], denials: [denial] }));
    assert.deepEqual([d.allow, d.rule, d.flags], [false, 'disclosure-denied', ['disclosure']]);
    assert.equal(
      decideAccess(
        outsider,
        'read',
        doc(),
        facts({ permissions: [consent], denials: [{ ...denial, serviceTasks: [], documentIds: ['1.2.3.4'] }] }),
      ).rule,
      'disclosure-denied',
    );
  });
  it('a denial of other documents does not', () => {
    assert.equal(
      decideAccess(outsider, 'read', doc(), facts({ permissions: [consent], denials: [{ ...denial, serviceTasks: ['20'] }] })).allow,
      true,
    );
  });
  it('a denial does not limit the own register keeper', () => {
    assert.equal(decideAccess(worker, 'read', doc(), facts({ relationTasks: ['10'], denials: [denial] })).allow, true);
  });
  it('only reading: no search, summary or write under a consent', () => {
    for (const action of ['search', 'summary', 'create', 'invalidate'] as const) {
      assert.equal(decideAccess(outsider, action, doc(), facts({ permissions: [consent] })).allow, false, action);
    }
  });
  it('the other register keeper’s archivist gets nothing', () => {
    assert.equal(decideAccess(who('archivist', ['*'], RK_OTHER), 'read', doc(), facts({ permissions: [consent] })).allow, false);
  });
});

describe('citizen own data', () => {
  const citizen = who('citizen', [], RK, { clientKey: HETU });
  it('reads, summarises and reads the usage log of his or her own client key only', () => {
    for (const action of ['read', 'summary', 'read-usage-log'] as const) {
      const d = decideAccess(citizen, action, doc(), facts());
      assert.deepEqual([action, d.allow, d.rule], [action, true, 'citizen-own-data']);
      assert.equal(decideAccess(citizen, action, doc({ clientKey: '020516C903K' }), facts()).rule, 'citizen-other-data');
    }
  });
  it('not a document hidden from the citizen view, not a search or a write', () => {
    assert.equal(decideAccess(citizen, 'read', doc({ citizenVisible: false }), facts()).rule, 'not-citizen-visible');
    assert.equal(decideAccess(citizen, 'search', doc(), facts()).rule, 'citizen-action-not-allowed');
    assert.equal(decideAccess(citizen, 'create', doc(), facts()).rule, 'citizen-action-not-allowed');
  });
  it('in any register keeper', () => {
    assert.equal(decideAccess(citizen, 'read', doc({ registerKeeperOid: RK_OTHER }), facts()).rule, 'citizen-own-data');
  });
});
