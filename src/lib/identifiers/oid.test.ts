import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOid, OID_MAX_LENGTH, oidToUrn, urnToOid, validateOid } from './oid.ts';

const longest = `1.2.${'3'.repeat(OID_MAX_LENGTH - 4)}`;
const tooLong = `${longest}4`;

describe('validateOid accepts', () => {
  const valid = [
    '0.0',
    '1.2',
    '0.39',
    '1.39',
    '2.40', // under arc 2 the second arc is unbounded
    '2.999',
    '2.25.329800735698586629295641978511506172918', // UUID-derived OID
    '1.2.0.0',
    '1.2.246.21',
    '1.2.246.537.6.202',
    '1.2.246.10.1746664.10.0.14018',
    '1.2.246.10.24462460.22.2024',
    longest,
  ];
  for (const oid of valid) {
    it(oid, () => {
      assert.equal(validateOid(oid), null);
      assert.equal(isOid(oid), true);
    });
  }
  it('the longest accepted OID is 64 characters', () => assert.equal(longest.length, 64));
});

describe('validateOid rejects', () => {
  const invalid: [value: string, message: string][] = [
    ['', 'OID "" is empty'],
    [tooLong, `OID ${tooLong} is 65 characters long; at most 64 are allowed`],
    ['1.2.246..5', 'OID 1.2.246..5 has an empty arc'],
    ['.1.2', 'OID .1.2 has an empty arc'],
    ['1.2.', 'OID 1.2. has an empty arc'],
    ['.', 'OID . has an empty arc'],
    ['1.02', "OID 1.02 has an arc with a leading zero '02'"],
    ['01.2', "OID 01.2 has an arc with a leading zero '01'"],
    ['1.2.246.00', "OID 1.2.246.00 has an arc with a leading zero '00'"],
    ['1.2.246.10.01120389.22.2024', "OID 1.2.246.10.01120389.22.2024 has an arc with a leading zero '01120389'"],
    ['1', 'OID 1 must have at least 2 arcs'],
    ['0', 'OID 0 must have at least 2 arcs'],
    ['3.1', 'OID 3.1 must start with arc 0, 1 or 2, got 3'],
    ['10.1', 'OID 10.1 must start with arc 0, 1 or 2, got 10'],
    ['1.40', 'OID 1.40 second arc must be 0–39 under first arc 1, got 40'],
    ['0.40', 'OID 0.40 second arc must be 0–39 under first arc 0, got 40'],
    ['1.100.3', 'OID 1.100.3 second arc must be 0–39 under first arc 1, got 100'],
    ['1.2.a', "OID 1.2.a contains 'a'; only digits and single dots are allowed"],
    ['1,2', "OID 1,2 contains ','; only digits and single dots are allowed"],
    ['-1.2', "OID -1.2 contains '-'; only digits and single dots are allowed"],
    ['1.2.+3', "OID 1.2.+3 contains '+'; only digits and single dots are allowed"],
    [' 1.2', `OID " 1.2" contains ' '; only digits and single dots are allowed`],
    ['1.2\n', `OID "1.2\\n" contains '\n'; only digits and single dots are allowed`],
    ['1.２', "OID 1.２ contains '２'; only digits and single dots are allowed"], // fullwidth digit
    ['urn:oid:1.2', "OID urn:oid:1.2 contains 'u'; only digits and single dots are allowed"],
  ];
  for (const [value, message] of invalid) {
    it(JSON.stringify(value), () => {
      assert.equal(validateOid(value), message);
      assert.equal(isOid(value), false);
    });
  }
});

describe('oidToUrn / urnToOid', () => {
  const roundTrips = ['1.2.246.21', '1.2.246.10.1746664.10.0.14018', '2.999'];
  for (const oid of roundTrips) {
    it(`round-trips ${oid}`, () => {
      assert.equal(oidToUrn(oid), `urn:oid:${oid}`);
      assert.equal(urnToOid(oidToUrn(oid)), oid);
    });
  }

  const notOidUrns = [
    '1.2.246.21',
    'URN:OID:1.2.246.21', // FHIR compares system URIs literally
    'urn:OID:1.2.246.21',
    'urn:oid:',
    'urn:oid:1.2.',
    'urn:oid:1.02',
    ' urn:oid:1.2',
    'urn:oid:1.2 ',
    'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
    'http://example.org/fhir/sid/1.2.246.21',
    '',
  ];
  for (const urn of notOidUrns) {
    it(`urnToOid(${JSON.stringify(urn)}) is null`, () => assert.equal(urnToOid(urn), null));
  }

  for (const bad of ['', '1.2.246..5', 'urn:oid:1.2']) {
    it(`oidToUrn throws for ${JSON.stringify(bad)}`, () => assert.throws(() => oidToUrn(bad), RangeError));
  }
});
