import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { offHours } from '../../lib/time/index.ts';
import {
  DEFAULT_MONITOR_SETTINGS as S,
  evaluateUses,
  staffKey,
  validateMonitorSettings,
  type MonitorFacts,
  type MonitoredUse,
} from './log-monitoring.ts';

// Log monitoring rules (lokivalvonta), one table per rule: which uses raise which alert, and which do not.

const RK = '1.2.246.10.9990001.10.1';
const ORG = RK;
let nextId = 1;
function use(o: Partial<MonitoredUse> = {}): MonitoredUse {
  return {
    id: nextId++,
    registerKeeperOid: RK,
    clientKey: '010516A901V',
    at: '2026-11-25T10:00:00.000Z',
    userId: 'sw-1',
    userName: 'Sanna',
    professionalId: 'P-1',
    organisationOid: ORG,
    systemId: 'arkki-client',
    role: 'social-worker',
    action: 'read',
    outcome: 'success',
    rule: 'role-service-task',
    documentIds: [],
    purpose: null,
    detail: {},
    ...o,
  };
}
const noFacts: MonitorFacts = { staffClients: new Map(), households: new Map(), turvakielto: new Set() };
const rulesOf = (uses: MonitoredUse[], facts = noFacts, lookback: MonitoredUse[] = []) =>
  evaluateUses(uses, lookback, facts, S)
    .map((d) => d.rule)
    .sort();

describe('Finnish working time', () => {
  const hours = S.workingHours;
  const rows: Array<[string, string, string | null]> = [
    ['Wednesday 12:00 Helsinki (10:00 UTC)', '2026-11-25T10:00:00Z', null],
    ['Wednesday 07:00 Helsinki is the start of the day', '2026-11-25T05:00:00Z', null],
    ['Wednesday 06:59 Helsinki', '2026-11-25T04:59:00Z', 'evening-or-night'],
    ['Wednesday 18:00 Helsinki is the end', '2026-11-25T16:00:00Z', 'evening-or-night'],
    ['22:00 Helsinki', '2026-11-25T20:00:00Z', 'evening-or-night'],
    ['summer time: 17:30 Helsinki is 14:30 UTC', '2026-06-10T14:30:00Z', null],
    ['summer time: 18:30 Helsinki is 15:30 UTC', '2026-06-10T15:30:00Z', 'evening-or-night'],
    ['Saturday noon', '2026-11-28T10:00:00Z', 'weekend'],
    ['Friday 23:30 UTC is Saturday in Helsinki', '2026-11-27T23:30:00Z', 'weekend'],
    ['Independence Day (a holiday before a weekend)', '2026-12-06T10:00:00Z', 'holiday'],
    ['Good Friday 2026 (3 April)', '2026-04-03T09:00:00Z', 'holiday'],
    ['Ascension Day 2026 (14 May)', '2026-05-14T09:00:00Z', 'holiday'],
    ['Midsummer Eve 2026 (Friday 19 June)', '2026-06-19T09:00:00Z', 'holiday'],
    ['Christmas Eve', '2026-12-24T09:00:00Z', 'holiday'],
    ['an ordinary Thursday before Midsummer', '2026-06-18T09:00:00Z', null],
  ];
  for (const [name, at, kind] of rows) it(name, () => assert.equal(offHours(at, hours)?.kind ?? null, kind));
});

describe('per-use rules', () => {
  const own = '140380-9015';
  const partner = '020782-9026';
  const facts: MonitorFacts = {
    staffClients: new Map([[staffKey(ORG, 'P-1'), own]]),
    households: new Map([
      [own, 'H1'],
      [partner, 'H1'],
      ['300175-904N', 'H2'],
    ]),
    turvakielto: new Set(['090990-905F']),
  };
  const rows: Array<[string, Partial<MonitoredUse>, string[]]> = [
    ['an ordinary read in working hours', {}, []],
    [
      'a read under a special reason',
      { detail: { flags: ['special-reason'], grantId: 'g1', reasonCode: 'R1' }, rule: 'special-reason' },
      ['special-reason'],
    ],
    [
      'stating a special reason is part of the review item',
      { action: 'state-special-reason', detail: { flags: ['special-reason'], grantId: 'g1' }, rule: 'special-reason' },
      ['special-reason'],
    ],
    [
      'a denied special-reason attempt is not for review',
      { outcome: 'denied', detail: { flags: ['special-reason'] }, rule: 'special-reason-expired' },
      [],
    ],
    ['a professional reads his or her own data', { clientKey: own }, ['own-data']],
    ['… even when denied', { clientKey: own, outcome: 'denied', rule: 'no-relation' }, ['own-data']],
    ['a professional reads a same-household person', { clientKey: partner }, ['own-data']],
    ['another household', { clientKey: '300175-904N' }, []],
    [
      'own data matched by user id when the professional id is unknown',
      { clientKey: own, professionalId: null, userId: 'P-1' },
      ['own-data'],
    ],
    ['a read at 22:00 Finnish time', { at: '2026-11-25T20:00:00Z' }, ['outside-hours']],
    [
      'a client system at night is not a person',
      { at: '2026-11-25T20:00:00Z', role: 'system', userId: 'system-vaasa', professionalId: null },
      [],
    ],
    ['a turvakielto client flagged by the policy', { detail: { flags: ['turvakielto'] } }, ['turvakielto']],
    ['a turvakielto client from the population register', { clientKey: '090990-905F' }, ['turvakielto']],
    ['reading the usage log is not a use of client data', { action: 'read-usage-log', at: '2026-11-25T20:00:00Z', clientKey: own }, []],
    ['a register-wide search', { action: 'search', clientKey: '', at: '2026-11-25T20:00:00Z' }, []],
    ['a citizen reading own data', { role: 'citizen', clientKey: own, at: '2026-11-25T20:00:00Z' }, []],
    [
      'several rules at once',
      { clientKey: own, at: '2026-11-28T10:00:00Z', detail: { flags: ['special-reason', 'turvakielto'] } },
      ['outside-hours', 'own-data', 'special-reason', 'turvakielto'],
    ],
  ];
  for (const [name, o, expected] of rows) it(name, () => assert.deepEqual(rulesOf([use(o)], facts), expected));

  it('an alert names rule, user, organisation, clients, window and row ids', () => {
    const a = use({ at: '2026-11-25T20:00:00.000Z' });
    const b = use({ at: '2026-11-25T21:30:00.000Z', clientKey: '020516C903K' });
    const [d] = evaluateUses([a, b], [], noFacts, S);
    assert.deepEqual(d, {
      key: 'outside-hours:sw-1:2026-11-25',
      rule: 'outside-hours',
      registerKeeperOid: RK,
      userId: 'sw-1',
      userName: 'Sanna',
      organisationOid: ORG,
      clientKeys: ['010516A901V', '020516C903K'],
      windowStart: a.at,
      windowEnd: b.at,
      usageIds: [a.id, b.id],
      detail: { kinds: ['evening-or-night'] },
    });
  });
  it('special-reason uses of one grant are one review item', () => {
    const g = { flags: ['special-reason'], grantId: 'g7' };
    const out = evaluateUses(
      [use({ detail: g }), use({ detail: g }), use({ detail: { flags: ['special-reason'], grantId: 'g8' } })],
      [],
      noFacts,
      S,
    );
    assert.deepEqual(
      out.map((d) => [d.key, d.usageIds.length]),
      [
        ['special-reason:grant:g7', 2],
        ['special-reason:grant:g8', 1],
      ],
    );
  });
});

describe('window rules', () => {
  const clients = (n: number, start = 0) => Array.from({ length: n }, (_, i) => `client-${start + i}`);
  const minute = (m: number) => new Date(Date.parse('2026-11-25T08:00:00Z') + m * 60_000).toISOString();

  it('20 distinct clients in an hour is allowed, 21 is mass access', () => {
    assert.deepEqual(rulesOf(clients(20).map((c, i) => use({ clientKey: c, at: minute(i) }))), []);
    assert.deepEqual(rulesOf(clients(21).map((c, i) => use({ clientKey: c, at: minute(i) }))), ['mass-access']);
  });
  it('repeated reads of the same clients do not count twice', () => {
    assert.deepEqual(rulesOf(Array.from({ length: 60 }, (_, i) => use({ clientKey: `client-${i % 5}`, at: minute(i) }))), []);
  });
  it('21 clients spread over more than an hour are not mass access', () => {
    assert.deepEqual(rulesOf(clients(21).map((c, i) => use({ clientKey: c, at: minute(i * 4) }))), []);
  });
  it('the look-back counts: 15 earlier rows and 10 new ones make one alert with all 25 clients', () => {
    const earlier = clients(15).map((c, i) => use({ clientKey: c, at: minute(i) }));
    const fresh = clients(10, 15).map((c, i) => use({ clientKey: c, at: minute(20 + i) }));
    const out = evaluateUses(fresh, earlier, noFacts, S);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.clientKeys.length, 25);
    assert.equal(out[0]!.usageIds.length, 25);
    assert.equal(out[0]!.key, 'mass-access:sw-1:2026-11-25T08:00:00.000Z');
  });
  it('the threshold is a setting', () => {
    const out = evaluateUses(
      clients(6).map((c, i) => use({ clientKey: c, at: minute(i) })),
      [],
      noFacts,
      { ...S, massAccess: { maxClients: 5, windowMinutes: 60 } },
    );
    assert.deepEqual(
      out.map((d) => d.rule),
      ['mass-access'],
    );
  });
  it('client systems are not mass access', () => {
    assert.deepEqual(
      rulesOf(clients(50).map((c, i) => use({ clientKey: c, at: minute(i / 10), role: 'system', userId: 'system-vaasa' }))),
      [],
    );
  });
  it('5 denied attempts within 10 minutes alert, 4 do not, 5 over 20 minutes do not', () => {
    const denied = (m: number) => use({ outcome: 'denied', rule: 'no-relation', at: minute(m), clientKey: `c${m}` });
    assert.deepEqual(rulesOf([0, 1, 2, 3].map(denied)), []);
    assert.deepEqual(rulesOf([0, 1, 2, 3, 4].map(denied)), ['denied-attempts']);
    assert.deepEqual(rulesOf([0, 5, 10, 15, 20].map(denied)), []);
  });
  it('evaluating in two batches gives the same alert as in one', () => {
    const rows = clients(25).map((c, i) => use({ clientKey: c, at: minute(i) }));
    const once = evaluateUses(rows, [], noFacts, S);
    const first = evaluateUses(rows.slice(0, 12), [], noFacts, S);
    const second = evaluateUses(rows.slice(12), rows.slice(0, 12), noFacts, S);
    assert.equal(first.length, 0);
    assert.deepEqual(second, once);
  });
});

describe('settings', () => {
  it('names the wrong field', () => {
    assert.deepEqual(validateMonitorSettings(S), []);
    const errors = validateMonitorSettings({
      ...S,
      massAccess: { maxClients: 0, windowMinutes: 60 },
      rules: ['nope' as never],
      workingHours: { ...S.workingHours, end: '25:00' },
    });
    assert.equal(errors.length, 3);
    assert.match(errors.join('\n'), /massAccess\.maxClients/);
    assert.match(errors.join('\n'), /unknown rule "nope"/);
    assert.match(errors.join('\n'), /workingHours\.end/);
  });
});
