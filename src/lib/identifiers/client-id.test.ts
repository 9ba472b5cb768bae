import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ClientId,
  clientIdFromFhirIdentifier,
  clientIdToFhirIdentifier,
  clientKey,
  type FhirIdentifier,
  HETU_SYSTEM,
  parseClientKey,
  validateClientId,
} from './client-id.ts';

const ISSUER = '1.2.246.10.23319727.22.2024';
const HETU: ClientId = { kind: 'hetu', value: '020516C903K' };
const TEMP: ClientId = { kind: 'temporary', issuerOid: ISSUER, value: '311299Y902A' };
const TEMP_UNIT: ClientId = { kind: 'temporary', issuerOid: '1.2.246.10.1120389.10.5.22.2023', value: '010101-000P' };

describe('validateClientId', () => {
  const cases: [name: string, id: ClientId, messages: string[]][] = [
    ['valid hetu', HETU, []],
    ['valid temporary id', TEMP, []],
    ['temporary id with unit and placeholder value', TEMP_UNIT, []],
    [
      'hetu with wrong check character',
      { kind: 'hetu', value: '020516C903L' },
      ['henkilötunnus 020516C903L has a wrong check character (expected K)'],
    ],
    // a henkilötunnus, unlike a temporary id, must carry a real date
    ['hetu with impossible date', { kind: 'hetu', value: '310252-1230' }, ['henkilötunnus 310252-1230 has an impossible date 31.02.1952']],
    [
      'temporary id with bad issuer and value',
      { kind: 'temporary', issuerOid: '1.2.246.21', value: '020516C903L' },
      [
        'temporary identifier issuer OID 1.2.246.21 does not follow 1.2.246.10.<y-tunnus>.22.<year> or 1.2.246.10.<y-tunnus>.10.<unit>.22.<year>',
        'temporary identifier 020516C903L has a wrong check character (expected K)',
      ],
    ],
    ['unknown kind', { kind: 'passport', value: 'X' } as unknown as ClientId, ['client id has an unknown kind "passport"']],
  ];
  for (const [name, id, messages] of cases) {
    it(name, () => assert.deepEqual(validateClientId(id), messages));
  }
});

describe('clientKey and parseClientKey', () => {
  const cases: [id: ClientId, key: string][] = [
    [HETU, '020516C903K'],
    [TEMP, `${ISSUER}:311299Y902A`],
    [TEMP_UNIT, '1.2.246.10.1120389.10.5.22.2023:010101-000P'],
  ];
  for (const [id, key] of cases) {
    it(key, () => {
      assert.equal(clientKey(id), key);
      assert.deepEqual(parseClientKey(key), id);
    });
  }

  // the same 11-character value from two issuers, or as a hetu, must land in different partitions
  it('keys differ by issuer', () => {
    const other: ClientId = { kind: 'temporary', issuerOid: '1.2.246.10.1120389.22.2024', value: TEMP.value };
    const keys = new Set([clientKey(TEMP), clientKey(other), clientKey({ kind: 'hetu', value: TEMP.value })]);
    assert.equal(keys.size, 3);
  });

  const badIds: ClientId[] = [
    { kind: 'hetu', value: '020516C903L' },
    { kind: 'temporary', issuerOid: '1.2.246.21', value: '020516C903K' },
  ];
  for (const id of badIds) {
    it(`clientKey throws for ${JSON.stringify(id)}`, () => assert.throws(() => clientKey(id), RangeError));
  }

  const badKeys = [
    '',
    '020516C903L',
    ' 020516C903K',
    `:020516C903K`,
    `${ISSUER}:`,
    `${ISSUER}:020516C903K:x`,
    `urn:oid:${ISSUER}:020516C903K`,
    `1.2.246.21:020516C903K`,
  ];
  for (const key of badKeys) {
    it(`parseClientKey throws for ${JSON.stringify(key)}`, () => assert.throws(() => parseClientKey(key), RangeError));
  }
  it('parseClientKey names the problem', () => {
    assert.throws(() => parseClientKey('020516C903L'), {
      message: 'henkilötunnus 020516C903L has a wrong check character (expected K)',
    });
  });
});

describe('clientIdFromFhirIdentifier', () => {
  const cases: [name: string, identifier: FhirIdentifier, expected: ClientId | string][] = [
    ['hetu', { system: HETU_SYSTEM, value: '020516C903K' }, HETU],
    ['hetu with use and type', { use: 'official', system: 'urn:oid:1.2.246.21', value: '020516C903K' }, HETU],
    ['temporary id', { system: `urn:oid:${ISSUER}`, value: '311299Y902A' }, TEMP],
    ['no system', { value: '020516C903K' }, 'identifier has no system'],
    ['empty system', { system: '', value: '020516C903K' }, 'identifier has no system'],
    ['no value', { system: HETU_SYSTEM }, 'identifier with system urn:oid:1.2.246.21 has no value'],
    ['empty value', { system: HETU_SYSTEM, value: '' }, 'identifier with system urn:oid:1.2.246.21 has no value'],
    ['invalid hetu', { system: HETU_SYSTEM, value: '020516C903L' }, 'henkilötunnus 020516C903L has a wrong check character (expected K)'],
    [
      'uppercase URN prefix',
      { system: 'URN:OID:1.2.246.21', value: '020516C903K' },
      'identifier system URN:OID:1.2.246.21 is neither urn:oid:1.2.246.21 (henkilötunnus) nor a urn:oid: of a temporary identifier issuer',
    ],
    [
      'non-OID system',
      { system: 'http://example.org/patients', value: '020516C903K' },
      'identifier system http://example.org/patients is neither urn:oid:1.2.246.21 (henkilötunnus) nor a urn:oid: of a temporary identifier issuer',
    ],
    [
      'OID that is not a temporary id issuer',
      { system: 'urn:oid:1.2.246.537.6.202', value: '020516C903K' },
      'temporary identifier issuer OID 1.2.246.537.6.202 does not follow 1.2.246.10.<y-tunnus>.22.<year> or 1.2.246.10.<y-tunnus>.10.<unit>.22.<year>',
    ],
    [
      'temporary id with both problems',
      { system: 'urn:oid:1.2.246.10.23319728.22.2024', value: '020516C903' },
      'temporary identifier issuer OID 1.2.246.10.23319728.22.2024: business id 2331972-8 has a wrong check digit (expected 7); ' +
        'temporary identifier 020516C903 must be 11 characters (DDMMYYCZZZQ), got 10',
    ],
  ];
  for (const [name, identifier, expected] of cases) {
    it(name, () => assert.deepEqual(clientIdFromFhirIdentifier(identifier), expected));
  }
});

describe('clientIdToFhirIdentifier', () => {
  const cases: [id: ClientId, identifier: FhirIdentifier][] = [
    [
      HETU,
      {
        use: 'official',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NNFIN' }] },
        system: 'urn:oid:1.2.246.21',
        value: '020516C903K',
      },
    ],
    [TEMP, { use: 'temp', system: `urn:oid:${ISSUER}`, value: '311299Y902A' }],
    [TEMP_UNIT, { use: 'temp', system: 'urn:oid:1.2.246.10.1120389.10.5.22.2023', value: '010101-000P' }],
  ];
  for (const [id, identifier] of cases) {
    it(`${id.kind} ${id.value}`, () => {
      assert.deepEqual(clientIdToFhirIdentifier(id), identifier);
      assert.deepEqual(clientIdFromFhirIdentifier(identifier), id);
    });
  }
  it('throws for an invalid id', () => {
    assert.throws(() => clientIdToFhirIdentifier({ kind: 'hetu', value: '020516C903L' }), RangeError);
  });
});
