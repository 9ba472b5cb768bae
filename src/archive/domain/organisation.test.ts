import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isActive, registerKeeperOf, validateOrganisations, type Organisation } from './organisation.ts';

const county: Organisation = {
  oid: '1.2.246.10.9990001.10.1',
  name: { fi: 'Testialue', sv: 'Testområde' },
  kind: 'organisation',
  businessId: '9990001-6',
  registerKeeper: 'public',
  municipalityCode: '905',
  validFrom: '2023-01-01',
};
const area: Organisation = {
  oid: '1.2.246.10.9990001.10.100',
  name: { fi: 'Perhepalvelut' },
  kind: 'service-unit',
  parentOid: county.oid,
  registerKeeper: null,
  validFrom: '2023-01-01',
};
const unit: Organisation = {
  oid: '1.2.246.10.9990001.10.101',
  name: { fi: 'Lastensuojelu' },
  kind: 'service-unit',
  parentOid: area.oid,
  registerKeeper: null,
  validFrom: '2023-01-01',
};

const none = () => undefined;
const fieldsOf = (list: Organisation[], existing: (oid: string) => Organisation | undefined = none) =>
  validateOrganisations(list, existing).map((i) => `${i.field} ${i.rule}`);

describe('validateOrganisations', () => {
  it('accepts a register keeper with a unit and a sub-unit, in any order', () => {
    assert.deepEqual(fieldsOf([unit, area, county]), []);
  });

  it('accepts a parent that is already in the register', () => {
    assert.deepEqual(
      fieldsOf([unit], (oid) => [county, area].find((o) => o.oid === oid)),
      [],
    );
  });

  const broken: Array<[string, Partial<Organisation> | Record<string, unknown>, string]> = [
    ['OID syntax', { oid: '1.2.246.x' }, 'organisations[0].oid oid'],
    ['OID missing', { oid: '' }, 'organisations[0].oid required'],
    ['Finnish name missing', { name: { fi: ' ', sv: 'Namn' } }, 'organisations[0].name.fi required'],
    ['empty Swedish name', { name: { fi: 'Nimi', sv: '' } }, 'organisations[0].name.sv invalid'],
    ['unknown kind', { kind: 'department' }, 'organisations[0].kind invalid'],
    ['business id check digit', { businessId: '9990001-7' }, 'organisations[0].businessId business-id'],
    ['unknown register keeper type', { registerKeeper: 'municipal' }, 'organisations[0].registerKeeper invalid'],
    ['municipality code', { municipalityCode: '9050' }, 'organisations[0].municipalityCode invalid'],
    ['validFrom not a date', { validFrom: '2023-02-30' }, 'organisations[0].validFrom date'],
    ['validTo before validFrom', { validTo: '2022-12-31' }, 'organisations[0].validTo period'],
    ['own parent', { parentOid: county.oid }, 'organisations[0].parentOid cycle'],
    ['parent unknown', { parentOid: '1.2.246.10.9990009.10.1' }, 'organisations[0].parentOid parent-unknown'],
  ];
  for (const [rule, change, expected] of broken) {
    it(`rejects: ${rule}`, () => {
      assert.deepEqual(fieldsOf([{ ...county, ...change } as Organisation]), [expected]);
    });
  }

  it('names the row of each issue', () => {
    const bad = { ...unit, oid: '1.2.246.10.9990001.10.102', parentOid: '1.2.246.10.9990001.10.999' };
    assert.deepEqual(fieldsOf([county, area, bad]), ['organisations[2].parentOid parent-unknown']);
  });

  it('rejects a service unit as register keeper and without a parent', () => {
    assert.deepEqual(fieldsOf([county, { ...area, registerKeeper: 'private' }]), ['organisations[1].registerKeeper register-keeper-kind']);
    const { parentOid: _, ...orphan } = area;
    assert.deepEqual(fieldsOf([orphan]), ['organisations[0].parentOid required']);
  });

  it('rejects an organisation under a service unit', () => {
    const sub: Organisation = { ...county, oid: '1.2.246.10.9990001.10.2', parentOid: area.oid };
    assert.deepEqual(fieldsOf([county, area, sub]), ['organisations[2].parentOid parent-kind']);
  });

  it('rejects the same OID twice', () => {
    assert.deepEqual(fieldsOf([county, county]), ['organisations[1].oid duplicate']);
  });

  it('finds a cycle that runs through the register', () => {
    // The batch moves the area under the unit, which the register has under the area.
    const moved = { ...area, parentOid: unit.oid };
    const issues = fieldsOf([moved], (oid) => [county, unit].find((o) => o.oid === oid));
    assert.deepEqual(issues, ['organisations[0].parentOid cycle']);
  });

  it('requires the parent to be valid as long as the child', () => {
    const endedCounty = { ...county, validTo: '2023-12-31' };
    assert.deepEqual(fieldsOf([endedCounty, area]), ['organisations[1].parentOid parent-validity']);
    assert.deepEqual(fieldsOf([endedCounty, { ...area, validTo: '2023-06-30' }]), []);
    const early = { ...area, validFrom: '2010-01-01', validTo: '2012-12-31' };
    assert.deepEqual(fieldsOf([county, early]), ['organisations[1].parentOid parent-validity']);
  });

  it('checks a changed parent against its units that stay in the register', () => {
    const children = (oid: string) => (oid === county.oid ? [area] : []);
    const ended = { ...county, validTo: '2024-12-31' };
    assert.deepEqual(
      validateOrganisations([ended], none, children).map((i) => `${i.field} ${i.rule}`),
      ['organisations[0].validTo child-validity'],
    );
    // Ending the unit in the same batch is fine.
    assert.deepEqual(validateOrganisations([ended, { ...area, validTo: '2024-06-30' }], none, children), []);
    const demoted = { ...county, kind: 'service-unit' as const, registerKeeper: null, parentOid: '1.2.246.10.9990002.10.1' };
    const orgChild = (oid: string) => (oid === county.oid ? [{ ...area, kind: 'organisation' as const }] : []);
    const parent = { ...county, oid: '1.2.246.10.9990002.10.1' };
    assert.deepEqual(
      validateOrganisations([demoted], (oid) => (oid === parent.oid ? parent : undefined), orgChild).map((i) => `${i.field} ${i.rule}`),
      ['organisations[0].kind child-kind'],
    );
  });

  it('accepts a unit older than its new parent (moved in a reform)', () => {
    assert.deepEqual(fieldsOf([county, { ...area, validFrom: '2015-01-01' }]), []);
  });

  it('reports a row that is not an object', () => {
    assert.deepEqual(fieldsOf([county, 'x' as unknown as Organisation]), ['organisations[1] invalid']);
  });
});

describe('isActive', () => {
  const table: Array<[string | undefined, string, boolean]> = [
    [undefined, '2022-12-31', false],
    [undefined, '2023-01-01', true],
    ['2024-12-31', '2024-12-31', true],
    ['2024-12-31', '2025-01-01', false],
  ];
  for (const [validTo, date, expected] of table) {
    it(`validFrom 2023-01-01, validTo ${validTo ?? '-'}, on ${date}: ${expected}`, () => {
      assert.equal(isActive({ validFrom: '2023-01-01', validTo }, date), expected);
    });
  }
});

describe('registerKeeperOf', () => {
  const all = new Map([county, area, unit].map((o) => [o.oid, o]));
  const get = (oid: string) => all.get(oid);

  it('walks up from a sub-unit to the register keeper', () => {
    assert.equal(registerKeeperOf(unit.oid, get)?.oid, county.oid);
  });
  it('returns the register keeper itself', () => {
    assert.equal(registerKeeperOf(county.oid, get)?.oid, county.oid);
  });
  it('returns undefined for an unknown OID or a chain without a keeper', () => {
    assert.equal(registerKeeperOf('1.2.3', get), undefined);
    const loop = new Map([
      ['1.1', { ...area, oid: '1.1', parentOid: '1.2' }],
      ['1.2', { ...area, oid: '1.2', parentOid: '1.1' }],
    ]);
    assert.equal(
      registerKeeperOf('1.1', (oid) => loop.get(oid)),
      undefined,
    );
  });
});
