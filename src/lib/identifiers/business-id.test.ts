import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessIdCheckDigit, validateBusinessId } from './business-id.ts';

describe('validateBusinessId accepts', () => {
  const valid = [
    '0112038-9', // published business ids
    '0246246-0', // remainder 0 gives check digit 0
    '0204819-8',
    '0245929-6',
    '0737546-2',
    '1572860-0',
    '1234567-1',
    '0000000-0',
  ];
  for (const id of valid) it(id, () => assert.equal(validateBusinessId(id), null));
});

describe('validateBusinessId rejects', () => {
  const form = 'must be 7 digits, a hyphen and a check digit (1234567-8)';
  const invalid: [value: string, message: string][] = [
    ['0112038-8', 'business id 0112038-8 has a wrong check digit (expected 9)'],
    ['0246246-1', 'business id 0246246-1 has a wrong check digit (expected 0)'],
    ['1234567-8', 'business id 1234567-8 has a wrong check digit (expected 1)'],
    ['1000518-0', 'business id 1000518-0 is not a valid number: no check digit exists for 1000518'],
    ['1000999-9', 'business id 1000999-9 is not a valid number: no check digit exists for 1000999'],
    ['01120389', `business id 01120389 ${form}`],
    ['112038-9', `business id 112038-9 ${form}`], // the leading zero is part of the display form
    ['0112038–9', `business id 0112038–9 ${form}`], // en dash
    ['0112038 9', `business id "0112038 9" ${form}`],
    [' 0112038-9', `business id " 0112038-9" ${form}`],
    ['0112038-', `business id 0112038- ${form}`],
    ['0112038-99', `business id 0112038-99 ${form}`],
    ['FI01120389', `business id FI01120389 ${form}`], // VAT number, not a business id
    ['', `business id "" ${form}`],
  ];
  for (const [value, message] of invalid) {
    it(JSON.stringify(value), () => assert.equal(validateBusinessId(value), message));
  }
});

describe('businessIdCheckDigit', () => {
  const cases: [digits: string, expected: number | null][] = [
    ['0112038', 9],
    ['0246246', 0],
    ['1234567', 1],
    ['1000518', null],
    ['0000010', 7], // 1 × 4 = 4, 11 − 4 = 7
    ['0000100', 3], // 1 × 8 = 8, 11 − 8 = 3
    ['1000000', 4], // 1 × 7 = 7, 11 − 7 = 4
  ];
  for (const [digits, expected] of cases) {
    it(`${digits} -> ${expected}`, () => assert.equal(businessIdCheckDigit(digits), expected));
  }
  for (const bad of ['', '123456', '12345678', '123456a']) {
    it(`throws for ${JSON.stringify(bad)}`, () => assert.throws(() => businessIdCheckDigit(bad), RangeError));
  }
});
