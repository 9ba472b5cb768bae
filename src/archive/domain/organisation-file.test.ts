import { describe, it } from 'node:test';
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { ArkkiError } from '../../lib/errors.ts';
import { validateOrganisations } from './organisation.ts';
import { formatFromPath, parseOrganisationCsv, parseOrganisationJson } from './organisation-file.ts';

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ArkkiError, String(e));
    return e.issues.map((i) => `${i.field} ${i.rule}`);
  }
  assert.fail('expected an ArkkiError');
};

const HEADER = 'oid,name_fi,name_sv,kind,business_id,parent_oid,register_keeper,municipality_code,valid_from,valid_to';
const CSV = `${HEADER}
1.2.246.10.9990001.10.1,Testialue,Testområde,organisation,9990001-6,,public,905,2023-01-01,
1.2.246.10.9990001.10.101,"Lastensuojelu, Vaasa",,service-unit,,1.2.246.10.9990001.10.1,,,2023-01-01,2025-12-31
`;

describe('parseOrganisationCsv', () => {
  it('reads rows, leaving empty cells out', () => {
    const { organisations } = parseOrganisationCsv(CSV);
    assert.deepEqual(organisations, [
      {
        oid: '1.2.246.10.9990001.10.1',
        name: { fi: 'Testialue', sv: 'Testområde' },
        kind: 'organisation',
        businessId: '9990001-6',
        registerKeeper: 'public',
        municipalityCode: '905',
        validFrom: '2023-01-01',
      },
      {
        oid: '1.2.246.10.9990001.10.101',
        name: { fi: 'Lastensuojelu, Vaasa' },
        kind: 'service-unit',
        parentOid: '1.2.246.10.9990001.10.1',
        registerKeeper: null,
        validFrom: '2023-01-01',
        validTo: '2025-12-31',
      },
    ]);
  });

  it('accepts semicolons, a BOM and columns in any order', () => {
    const text = '\uFEFFkind;oid;name_fi;valid_from\r\norganisation;1.2.246.10.9990003.10.1;Hoiva Oy;2020-01-01\r\n';
    assert.deepEqual(parseOrganisationCsv(text).organisations, [
      { oid: '1.2.246.10.9990003.10.1', name: { fi: 'Hoiva Oy' }, kind: 'organisation', registerKeeper: null, validFrom: '2020-01-01' },
    ]);
  });

  it('names line and column of a rule broken in a row', () => {
    const parsed = parseOrganisationCsv(CSV.replace('9990001-6', '9990001-7'));
    const issues = validateOrganisations(parsed.organisations, () => undefined).map((i) => parsed.locate(i.field));
    assert.deepEqual(issues, ['line 2, column business_id']);
    assert.equal(parsed.locate('organisations[1].name.fi'), 'line 3, column name_fi');
    assert.equal(parsed.locate('organisations[1]'), 'line 3');
  });

  it('names the line of a row with the wrong number of cells', () => {
    assert.deepEqual(
      fieldsOf(() => parseOrganisationCsv(`${CSV}1.2.3,Nimi\n`)),
      ['line 4 csv'],
    );
  });

  it('rejects unknown, duplicate and missing columns', () => {
    assert.deepEqual(
      fieldsOf(() => parseOrganisationCsv('oid,name,kind,kind\n')),
      ['line 1, column 2 unknown-column', 'line 1, column kind duplicate-column', 'line 1 missing-column', 'line 1 missing-column'],
    );
    assert.deepEqual(
      fieldsOf(() => parseOrganisationCsv('')),
      ['file csv'],
    );
  });
});

describe('parseOrganisationJson', () => {
  const row = { oid: '1.2.246.10.9990001.10.1', name: { fi: 'Testialue' }, kind: 'organisation', validFrom: '2023-01-01' };

  it('reads an array or {organisations, note}, registerKeeper defaulting to none and null meaning absent', () => {
    const expected = [{ ...row, registerKeeper: null }];
    assert.deepEqual(parseOrganisationJson(JSON.stringify([row])).organisations, expected);
    const wrapped = JSON.stringify({ note: 'demo data', organisations: [{ ...row, validTo: null }] });
    assert.deepEqual(parseOrganisationJson(wrapped).organisations, expected);
  });

  it('names the row and field of misspelt keys and wrong types', () => {
    const bad = [row, { ...row, parentOID: '1.2.3', municipalityCode: 905, name: { fi: 'x', se: 'y' } }];
    assert.deepEqual(
      fieldsOf(() => parseOrganisationJson(JSON.stringify(bad))),
      ['organisations[1].parentOID unknown-field', 'organisations[1].municipalityCode type', 'organisations[1].name.se unknown-field'],
    );
  });

  it('rejects text that is not JSON or not a list of organisations', () => {
    assert.deepEqual(
      fieldsOf(() => parseOrganisationJson('[{')),
      ['file json'],
    );
    assert.deepEqual(
      fieldsOf(() => parseOrganisationJson('{"orgs": []}')),
      ['file shape'],
    );
    assert.deepEqual(
      fieldsOf(() => parseOrganisationJson('{"organisations": [], "extra": 1}')),
      ['extra unknown-field'],
    );
    assert.deepEqual(
      fieldsOf(() => parseOrganisationJson('[1]')),
      ['organisations[0] shape'],
    );
  });
});

describe('formatFromPath', () => {
  it('goes by the extension', () => {
    assert.equal(formatFromPath('data/demo/organisations.json'), 'json');
    assert.equal(formatFromPath('/tmp/YKSIKÖT.CSV'), 'csv');
    assert.deepEqual(
      fieldsOf(() => formatFromPath('units.xlsx')),
      ['file file-type'],
    );
  });
});

describe('demo organisations', () => {
  it('data/demo/organisations.json parses and passes the register rules', async () => {
    const text = await readFile(new URL('../../../data/demo/organisations.json', import.meta.url), 'utf8');
    const { organisations } = parseOrganisationJson(text);
    assert.deepEqual(
      validateOrganisations(organisations, () => undefined),
      [],
    );
    assert.deepEqual(
      organisations.filter((o) => o.registerKeeper).map((o) => `${o.name.fi} ${o.registerKeeper}`),
      [
        'Pohjanmaan hyvinvointialue public',
        'Etelä-Karjalan hyvinvointialue public',
        'Rantakoti Hoiva Oy private',
        'Vaasan kaupunki public',
      ],
    );
  });
});
