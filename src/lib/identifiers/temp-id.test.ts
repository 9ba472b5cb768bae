import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTempIdIssuer, type TempIdIssuer, validateTempId } from './temp-id.ts';

const ISSUER = '1.2.246.10.23319727.22.2024';

describe('parseTempIdIssuer accepts', () => {
  const valid: [oid: string, issuer: TempIdIssuer][] = [
    [ISSUER, { businessId: '2331972-7', year: 2024 }],
    // JHS 159: the leading zero of 0112038-9 is dropped in the arc
    ['1.2.246.10.1120389.22.2023', { businessId: '0112038-9', year: 2023 }],
    ['1.2.246.10.15728600.10.5.22.2025', { businessId: '1572860-0', unit: '5', year: 2025 }],
    ['1.2.246.10.1120389.10.0.22.2024', { businessId: '0112038-9', unit: '0', year: 2024 }],
    ['1.2.246.10.23319727.10.14018.22.1999', { businessId: '2331972-7', unit: '14018', year: 1999 }],
  ];
  for (const [oid, issuer] of valid) {
    it(oid, () => {
      assert.deepEqual(parseTempIdIssuer(oid), issuer);
      assert.deepEqual(validateTempId({ issuerOid: oid, value: '020516C903K' }), []);
    });
  }
});

describe('temporary identifier issuer OID is rejected', () => {
  const pattern = 'does not follow 1.2.246.10.<y-tunnus>.22.<year> or 1.2.246.10.<y-tunnus>.10.<unit>.22.<year>';
  const invalid: [oid: string, message: string][] = [
    ['', 'temporary identifier issuer OID "" is empty'],
    ['1.2.246.10..22.2024', 'temporary identifier issuer OID 1.2.246.10..22.2024 has an empty arc'],
    [
      '1.2.246.10.23319727.22.2024x',
      "temporary identifier issuer OID 1.2.246.10.23319727.22.2024x contains 'x'; only digits and single dots are allowed",
    ],
    [
      'urn:oid:1.2.246.10.23319727.22.2024',
      "temporary identifier issuer OID urn:oid:1.2.246.10.23319727.22.2024 contains 'u'; only digits and single dots are allowed",
    ],
    [
      '1.2.246.10.01120389.22.2024',
      "temporary identifier issuer OID 1.2.246.10.01120389.22.2024 must drop the y-tunnus's leading zero (JHS 159: OID arcs cannot start with 0)",
    ],
    ['1.2.246.21', `temporary identifier issuer OID 1.2.246.21 ${pattern}`],
    ['1.2.246.10.23319727', `temporary identifier issuer OID 1.2.246.10.23319727 ${pattern}`],
    ['1.2.246.10.23319727.22', `temporary identifier issuer OID 1.2.246.10.23319727.22 ${pattern}`],
    ['1.2.246.10.23319727.22.2024.1', `temporary identifier issuer OID 1.2.246.10.23319727.22.2024.1 ${pattern}`],
    ['1.2.246.10.23319727.21.2024', `temporary identifier issuer OID 1.2.246.10.23319727.21.2024 ${pattern}`],
    ['1.2.246.10.23319727.10.22.2024', `temporary identifier issuer OID 1.2.246.10.23319727.10.22.2024 ${pattern}`],
    ['1.2.246.10.23319727.11.5.22.2024', `temporary identifier issuer OID 1.2.246.10.23319727.11.5.22.2024 ${pattern}`],
    ['1.2.246.537.10.23319727.22.2024', `temporary identifier issuer OID 1.2.246.537.10.23319727.22.2024 ${pattern}`],
    [
      '1.2.246.10.233197.22.2024',
      'temporary identifier issuer OID 1.2.246.10.233197.22.2024 has y-tunnus arc 233197; it must be the y-tunnus without the hyphen (7 or 8 digits)',
    ],
    [
      '1.2.246.10.123456789.22.2024',
      'temporary identifier issuer OID 1.2.246.10.123456789.22.2024 has y-tunnus arc 123456789; it must be the y-tunnus without the hyphen (7 or 8 digits)',
    ],
    [
      '1.2.246.10.23319728.22.2024',
      'temporary identifier issuer OID 1.2.246.10.23319728.22.2024: business id 2331972-8 has a wrong check digit (expected 7)',
    ],
    [
      '1.2.246.10.10005180.22.2024',
      'temporary identifier issuer OID 1.2.246.10.10005180.22.2024: business id 1000518-0 is not a valid number: no check digit exists for 1000518',
    ],
    ['1.2.246.10.23319727.22.24', 'temporary identifier issuer OID 1.2.246.10.23319727.22.24 has year arc 24; it must be a 4-digit year'],
    [
      '1.2.246.10.23319727.22.20245',
      'temporary identifier issuer OID 1.2.246.10.23319727.22.20245 has year arc 20245; it must be a 4-digit year',
    ],
  ];
  for (const [oid, message] of invalid) {
    it(JSON.stringify(oid), () => {
      assert.equal(parseTempIdIssuer(oid), null);
      assert.deepEqual(validateTempId({ issuerOid: oid, value: '020516C903K' }), [message]);
    });
  }
});

describe('temporary identifier value', () => {
  const cases: [value: string, messages: string[]][] = [
    ['020516C903K', []],
    ['311299Y902A', []],
    // a placeholder birth date need not be a calendar date, and the individual number range is not enforced
    ['310252-1230', []],
    ['010101-000P', []],
    ['020516C903L', ['temporary identifier 020516C903L has a wrong check character (expected K)']],
    ['020516C903k', ["temporary identifier 020516C903k has a lowercase check character 'k'; it must be uppercase 'K'"]],
    ['020516Q903K', ["temporary identifier 020516Q903K has an unknown century sign 'Q' (expected + - Y X W V U A B C D E F)"]],
    ['020516C903', ['temporary identifier 020516C903 must be 11 characters (DDMMYYCZZZQ), got 10']],
    ['', ['temporary identifier "" must be 11 characters (DDMMYYCZZZQ), got 0']],
  ];
  for (const [value, messages] of cases) {
    it(JSON.stringify(value), () => assert.deepEqual(validateTempId({ issuerOid: ISSUER, value }), messages));
  }

  it('reports the issuer and the value together', () => {
    assert.deepEqual(validateTempId({ issuerOid: '1.2.246.21', value: '020516C903L' }), [
      'temporary identifier issuer OID 1.2.246.21 does not follow 1.2.246.10.<y-tunnus>.22.<year> or 1.2.246.10.<y-tunnus>.10.<unit>.22.<year>',
      'temporary identifier 020516C903L has a wrong check character (expected K)',
    ]);
  });
});
