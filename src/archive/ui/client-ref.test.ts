import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientKeyOf, clientRef } from './client-ref.ts';

describe('client references', () => {
  it('round-trips without showing the henkilötunnus, differently each time', () => {
    const a = clientRef('010516A901V');
    assert.doesNotMatch(a, /010516/);
    assert.notEqual(a, clientRef('010516A901V'));
    assert.equal(clientKeyOf(a), '010516A901V');
  });
  it('refuses a forged or changed reference', () => {
    const a = clientRef('010516A901V');
    const changed = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA');
    assert.throws(() => clientKeyOf(changed), /not valid/);
    assert.throws(() => clientKeyOf('x'), /not valid/);
  });
});
