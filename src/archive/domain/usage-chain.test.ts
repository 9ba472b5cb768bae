import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chainEntries, GENESIS_HASH, usageRowHash, usageRowText, type ChainedEntry } from './usage-chain.ts';

// The usage log's row hash: one SHA-256 over the previous hash and a canonical text of every column but `id`.

const base: ChainedEntry = {
  seq: 1,
  registerKeeperOid: '1.2.246.10.9990001.10.1',
  clientKey: '010516A901V',
  at: '2026-11-20T10:00:00.000Z',
  userId: 'sw-vaasa-ls',
  userName: 'Sosiaalityöntekijä Vaasa',
  professionalId: 'DEMO-1001',
  organisationOid: '1.2.246.10.9990001.10.1',
  systemId: 'arkki-ui',
  role: 'sosiaalityontekija',
  action: 'read',
  outcome: 'success',
  rule: 'role-service-task',
  documentIds: ['1.2.3', '1.2.4'],
  purpose: 'asiakastyö',
  detail: { b: 1, a: { d: [1, 'x'], c: null } },
};
const H0 = usageRowHash(GENESIS_HASH, base);
const PREV = createHash('sha256').update('previous').digest('hex');

describe('usageRowHash', () => {
  it('is SHA-256 of a versioned canonical text: previous hash, then the row as JSON with sorted keys', () => {
    const text = usageRowText(GENESIS_HASH, base);
    assert.equal(
      text,
      `arkki-usage-v1\n${GENESIS_HASH}\n{"action":"read","client_key":"010516A901V","detail":{"a":{"c":null,"d":[1,"x"]},"b":1},` +
        '"document_ids":["1.2.3","1.2.4"],"logged_at":"2026-11-20T10:00:00.000Z","organisation_oid":"1.2.246.10.9990001.10.1",' +
        '"outcome":"success","professional_id":"DEMO-1001","purpose":"asiakastyö","register_keeper_oid":"1.2.246.10.9990001.10.1",' +
        '"role":"sosiaalityontekija","rule":"role-service-task","seq":1,"system_id":"arkki-ui","user_id":"sw-vaasa-ls","user_name":"Sosiaalityöntekijä Vaasa"}',
    );
    assert.equal(H0, createHash('sha256').update(text, 'utf8').digest('hex'));
    assert.match(H0, /^[0-9a-f]{64}$/);
    assert.equal(GENESIS_HASH, '0'.repeat(64));
  });

  it('does not depend on key order in detail or on how the instant is written', () => {
    assert.equal(usageRowHash(GENESIS_HASH, { ...base, detail: { a: { c: null, d: [1, 'x'] }, b: 1 } }), H0);
    assert.equal(usageRowHash(GENESIS_HASH, { ...base, at: '2026-11-20T12:00:00+02:00' }), H0);
    assert.equal(usageRowHash(GENESIS_HASH, { ...base, at: '2026-11-20T10:00:00Z' }), H0);
  });

  const changes: Array<[string, Partial<ChainedEntry>]> = [
    ['seq', { seq: 2 }],
    ['register keeper', { registerKeeperOid: '1.2.246.10.9990002.10.1' }],
    ['client', { clientKey: '' }],
    ['time (one millisecond)', { at: '2026-11-20T10:00:00.001Z' }],
    ['user id', { userId: 'sw-vaasa-vp' }],
    ['user name', { userName: 'Joku Muu' }],
    ['professional id', { professionalId: null }],
    ['organisation', { organisationOid: '1.2.246.10.9990002.10.1' }],
    ['system', { systemId: 'other' }],
    ['role', { role: 'arkistonhoitaja' }],
    ['action', { action: 'search' }],
    ['outcome', { outcome: 'denied' }],
    ['rule', { rule: 'no-relation' }],
    ['document ids (one removed)', { documentIds: ['1.2.3'] }],
    ['document ids (order)', { documentIds: ['1.2.4', '1.2.3'] }],
    ['document ids (none)', { documentIds: [] }],
    ['purpose', { purpose: null }],
    ['purpose (empty text)', { purpose: '' }],
    ['detail value', { detail: { b: 2, a: { d: [1, 'x'], c: null } } }],
    ['detail nested array order', { detail: { b: 1, a: { d: ['x', 1], c: null } } }],
    ['detail number as text', { detail: { b: '1', a: { d: [1, 'x'], c: null } } }],
    ['detail key removed', { detail: { b: 1 } }],
  ];
  for (const [what, change] of changes) {
    it(`changes when the ${what} changes`, () => {
      assert.notEqual(usageRowHash(GENESIS_HASH, { ...base, ...change }), H0);
    });
  }

  it('changes with the previous hash', () => {
    assert.notEqual(usageRowHash(PREV, base), H0);
    assert.notEqual(
      usageRowHash(PREV, base),
      usageRowHash(
        PREV.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        base,
      ),
    );
  });

  it('keeps fields apart: moving text from one column to the next changes the hash', () => {
    const a = usageRowHash(GENESIS_HASH, { ...base, userId: 'ab', userName: 'c' });
    assert.notEqual(a, usageRowHash(GENESIS_HASH, { ...base, userId: 'a', userName: 'bc' }));
  });

  const invalid: Array<[string, string, Partial<ChainedEntry>]> = [
    ['a short previous hash', 'abc', {}],
    ['an upper-case previous hash', GENESIS_HASH.replace(/0$/, 'A'), {}],
    ['seq 0', GENESIS_HASH, { seq: 0 }],
    ['a fractional seq', GENESIS_HASH, { seq: 1.5 }],
    ['an invalid time', GENESIS_HASH, { at: 'yesterday' }],
  ];
  for (const [what, prev, change] of invalid) {
    it(`refuses ${what}`, () => {
      assert.throws(() => usageRowHash(prev, { ...base, ...change }), TypeError);
    });
  }
});

describe('chainEntries', () => {
  it('numbers rows after the head and links each to the one before', () => {
    const { seq: _seq, ...entry } = base;
    const first = chainEntries({ seq: 0, hash: GENESIS_HASH }, [entry, { ...entry, action: 'search' }]);
    assert.deepEqual(
      first.rows.map((r) => r.seq),
      [1, 2],
    );
    assert.equal(first.rows[0]!.prevHash, GENESIS_HASH);
    assert.equal(first.rows[0]!.rowHash, H0);
    assert.equal(first.rows[1]!.prevHash, H0);
    assert.deepEqual(first.head, { seq: 2, hash: first.rows[1]!.rowHash });
    // Chaining in two batches gives the same chain as in one.
    const a = chainEntries({ seq: 0, hash: GENESIS_HASH }, [entry]);
    const b = chainEntries(a.head, [{ ...entry, action: 'search' }]);
    assert.deepEqual([...a.rows, ...b.rows], first.rows);
    assert.deepEqual(chainEntries(first.head, []), { rows: [], head: first.head });
  });
});
