import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { citizenUse, DEFAULT_CITIZEN_LOG_SETTINGS as HIDE } from './citizen-use.ts';
import type { Organisation } from './organisation.ts';
import type { UsageEntry } from './usage-entry.ts';

// What one logged use looks like to the citizen: the basis of each kind of use, and what is left out.

const RK = '1.2.246.10.9990001.10.1';
const orgs = new Map<string, Organisation>([
  [RK, { oid: RK, name: { fi: 'Pohjanmaan hyvinvointialue' }, kind: 'organisation', registerKeeper: 'public', validFrom: '2023-01-01' }],
]);
const use = (o: Partial<UsageEntry> = {}): UsageEntry & { id: number } => ({
  id: 7,
  registerKeeperOid: RK,
  clientKey: '010516A901V',
  at: '2026-11-25T10:00:00.000Z',
  userId: 'sw-1',
  userName: 'Sanna Sosiaalityöntekijä',
  professionalId: 'P-1',
  organisationOid: RK,
  systemId: 'arkki-client',
  role: 'social-worker',
  action: 'read',
  outcome: 'success',
  rule: 'client-relation',
  documentIds: ['1.2.3'],
  purpose: null,
  detail: {},
  ...o,
});

describe('citizenUse', () => {
  const rows: Array<[string, Partial<UsageEntry>, string, string | null]> = [
    ['a read under a client relation', {}, 'client-relation', null],
    [
      'a read under a special reason',
      { rule: 'special-reason', detail: { flags: ['special-reason'], reasonCode: 'x-kiireellinen' } },
      'special-reason',
      'x-kiireellinen',
    ],
    ['an archivist', { role: 'archivist', rule: 'archivist-own-register' }, 'archivist', null],
    ['a client system storing', { role: 'system', action: 'create', rule: 'system-own-register' }, 'client-system', null],
    [
      'a disclosure under a consent',
      { rule: 'disclosure-consent', detail: { flags: ['disclosure'], disclosureBasis: { kind: 'consent', id: 'c-1' } } },
      'disclosure',
      null,
    ],
  ];
  for (const [name, o, kind, reasonCode] of rows) {
    it(name, () => {
      const u = citizenUse(use(o), orgs, HIDE);
      assert.deepEqual([u.basis.kind, u.basis.reasonCode], [kind, reasonCode]);
    });
  }
  it('names the organisation from the register, and the OID when it is not there', () => {
    assert.deepEqual(citizenUse(use(), orgs, HIDE).organisation, { oid: RK, name: 'Pohjanmaan hyvinvointialue' });
    assert.deepEqual(citizenUse(use({ organisationOid: '1.2.3.4' }), orgs, HIDE).organisation, { oid: '1.2.3.4', name: '1.2.3.4' });
  });
  it('leaves out names, the system and document ids unless the setting shows the name', () => {
    const hidden = JSON.stringify(citizenUse(use(), orgs, HIDE));
    for (const secret of ['Sanna', 'P-1', 'arkki-client', '1.2.3"']) assert.ok(!hidden.includes(secret), secret);
    assert.equal(citizenUse(use(), orgs, { showProfessionalName: true }).professionalName, 'Sanna Sosiaalityöntekijä');
    assert.equal(
      citizenUse(use({ role: 'system', userName: 'Järjestelmä' }), orgs, { showProfessionalName: true }).professionalName,
      undefined,
    );
  });
});
