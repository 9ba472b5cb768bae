import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hetuCheckCharacter, makeHetu, parseHetu, validateHetuForm } from './hetu.ts';

describe('parseHetu accepts', () => {
  const valid: [hetu: string, birthDate: string, individualNumber: number][] = [
    ['020516C903K', '2016-05-02', 903], // the example in domain README §11
    ['010180+9004', '1880-01-01', 900],
    ['311299+999E', '1899-12-31', 999],
    ['010100-901H', '1900-01-01', 901],
    ['150675-950H', '1975-06-15', 950],
    ['311299Y902A', '1999-12-31', 902],
    ['010150X903F', '1950-01-01', 903],
    ['121212W904N', '1912-12-12', 904],
    ['050505V905R', '1905-05-05', 905],
    ['281190U906C', '1990-11-28', 906],
    ['010100A907P', '2000-01-01', 907],
    ['311223B908W', '2023-12-31', 908],
    ['290224D909U', '2024-02-29', 909],
    ['010160E9109', '2060-01-01', 910],
    ['150599F911M', '2099-05-15', 911],
    // leap days: 2000 is a leap year (divisible by 400); 1804, 1904, 1996, 2004 are ordinary leap years
    ['290200A912R', '2000-02-29', 912],
    ['290296-914K', '1996-02-29', 914],
    ['290204+918Y', '1804-02-29', 918],
    ['290204-9190', '1904-02-29', 919],
    ['290204A917X', '2004-02-29', 917],
    ['300652-921A', '1952-06-30', 921],
    ['310752-922T', '1952-07-31', 922],
    ['290100-913Y', '1900-01-29', 913], // DDMMYY: 29 January, not a leap day
    // bounds of the normal range are accepted, but not flagged as test numbers
    ['010101-002S', '1901-01-01', 2],
    ['010101-899P', '1901-01-01', 899],
  ];
  for (const [hetu, birthDate, individualNumber] of valid) {
    it(hetu, () => {
      assert.deepEqual(parseHetu(hetu), {
        ok: true,
        hetu: { value: hetu, birthDate, individualNumber, isTestNumber: individualNumber >= 900 },
      });
    });
  }
});

describe('parseHetu rejects', () => {
  const invalid: [input: string, message: string][] = [
    ['131052-308U', 'henkilötunnus 131052-308U has a wrong check character (expected T)'],
    ['020516C903L', 'henkilötunnus 020516C903L has a wrong check character (expected K)'],
    ['020516B903L', 'henkilötunnus 020516B903L has a wrong check character (expected K)'],
    ['020516C903G', 'henkilötunnus 020516C903G has a wrong check character (expected K)'], // G is not in the alphabet
    ['020516C903k', "henkilötunnus 020516C903k has a lowercase check character 'k'; it must be uppercase 'K'"],
    ['020516c903K', "henkilötunnus 020516c903K has a lowercase century sign 'c'; it must be uppercase 'C'"],
    ['020516Q903K', "henkilötunnus 020516Q903K has an unknown century sign 'Q' (expected + - Y X W V U A B C D E F)"],
    ['020516G903K', "henkilötunnus 020516G903K has an unknown century sign 'G' (expected + - Y X W V U A B C D E F)"],
    ['0205169903K', "henkilötunnus 0205169903K has an unknown century sign '9' (expected + - Y X W V U A B C D E F)"],
    ['020516 903K', 'henkilötunnus "020516 903K" has an unknown century sign \' \' (expected + - Y X W V U A B C D E F)'],
    ['020516C90K', 'henkilötunnus 020516C90K must be 11 characters (DDMMYYCZZZQ), got 10'],
    ['020516C903KK', 'henkilötunnus 020516C903KK must be 11 characters (DDMMYYCZZZQ), got 12'],
    ['020516C9', 'henkilötunnus 020516C9 must be 11 characters (DDMMYYCZZZQ), got 8'],
    ['02051C903', 'henkilötunnus 02051C903 must be 11 characters (DDMMYYCZZZQ), got 9'],
    ['', 'henkilötunnus "" must be 11 characters (DDMMYYCZZZQ), got 0'],
    [' 020516C903K', 'henkilötunnus " 020516C903K" must be 11 characters (DDMMYYCZZZQ), got 12; remove the surrounding whitespace'],
    ['020516C903K\n', 'henkilötunnus "020516C903K\\n" must be 11 characters (DDMMYYCZZZQ), got 12; remove the surrounding whitespace'],
    ['0205l6C903K', "henkilötunnus 0205l6C903K must start with the birth date as 6 digits (DDMMYY), got '0205l6'"],
    ['２０0516C903K', "henkilötunnus ２０0516C903K must start with the birth date as 6 digits (DDMMYY), got '２０0516'"],
    ['020516C9O3K', "henkilötunnus 020516C9O3K must have the individual number as 3 digits after the century sign, got '9O3'"],
    ['020516C-903', "henkilötunnus 020516C-903 must have the individual number as 3 digits after the century sign, got '-90'"],
    // impossible dates are reported before the check character, whatever it is
    ['310252-123X', 'henkilötunnus 310252-123X has an impossible date 31.02.1952'],
    ['310252-1230', 'henkilötunnus 310252-1230 has an impossible date 31.02.1952'],
    ['290200-913S', 'henkilötunnus 290200-913S has an impossible date 29.02.1900'], // 1900: divisible by 100, not 400
    ['290200+916V', 'henkilötunnus 290200+916V has an impossible date 29.02.1800'],
    ['290297-915V', 'henkilötunnus 290297-915V has an impossible date 29.02.1997'],
    ['290223A9275', 'henkilötunnus 290223A9275 has an impossible date 29.02.2023'],
    ['310452-920A', 'henkilötunnus 310452-920A has an impossible date 31.04.1952'],
    ['320152-923M', 'henkilötunnus 320152-923M has an impossible date 32.01.1952'],
    ['001052-9249', 'henkilötunnus 001052-9249 has an impossible date 00.10.1952'],
    ['011352-925C', 'henkilötunnus 011352-925C has an impossible date 01.13.1952'],
    ['010052-926X', 'henkilötunnus 010052-926X has an impossible date 01.00.1952'],
    ['010101-000P', 'henkilötunnus 010101-000P individual number 000 is not in use (002–899, test numbers 900–999)'],
    ['010101-001R', 'henkilötunnus 010101-001R individual number 001 is not in use (002–899, test numbers 900–999)'],
  ];
  for (const [input, message] of invalid) {
    it(JSON.stringify(input), () => {
      assert.deepEqual(parseHetu(input), { ok: false, message });
    });
  }

  it('28.02.2023 is a real date, so only the check character can be wrong', () => {
    assert.equal(parseHetu('280223A928J').ok, true);
    assert.deepEqual(parseHetu('280223A928K'), {
      ok: false,
      message: 'henkilötunnus 280223A928K has a wrong check character (expected J)',
    });
  });
});

describe('hetuCheckCharacter', () => {
  const cases: [nineDigits: string, expected: string][] = [
    ['131052308', 'T'], // the example used by the Digital and Population Data Services Agency
    ['020516903', 'K'],
    ['000000000', '0'],
    ['000000030', 'Y'], // 30 is the last index
    ['000000016', 'H'], // G is skipped after F
    ['000000017', 'J'], // I is skipped
    ['000000022', 'P'], // O is skipped
    ['000000023', 'R'], // Q is skipped
    ['000000026', 'U'],
    ['000000031', '0'], // wraps around
    ['999999999', 'F'],
  ];
  for (const [digits, expected] of cases) {
    it(`${digits} -> ${expected}`, () => assert.equal(hetuCheckCharacter(digits), expected));
  }
  for (const bad of ['', '12345678', '1234567890', '12345678a', '131052-30']) {
    it(`throws for ${JSON.stringify(bad)}`, () => assert.throws(() => hetuCheckCharacter(bad), RangeError));
  }
});

describe('makeHetu', () => {
  const cases: [birthDate: string, individualNumber: number, expected: string][] = [
    ['2016-05-02', 903, '020516A903K'], // same digits as 020516C903K, primary sign A
    ['1975-06-15', 950, '150675-950H'],
    ['1880-01-01', 900, '010180+9004'],
    ['2000-02-29', 912, '290200A912R'],
    ['1901-01-01', 2, '010101-002S'],
  ];
  for (const [birthDate, n, expected] of cases) {
    it(`${birthDate} ${n} -> ${expected}`, () => {
      const hetu = makeHetu(birthDate, n);
      assert.equal(hetu, expected);
      const parsed = parseHetu(hetu);
      assert.ok(parsed.ok);
      assert.equal(parsed.hetu.birthDate, birthDate);
    });
  }
  const bad: [birthDate: string, individualNumber: number, message: RegExp][] = [
    ['1799-12-31', 900, /outside the years .* \(1800–2099\)/],
    ['2100-01-01', 900, /outside the years/],
    ['1900-02-29', 900, /not a real calendar date/],
    ['2023-02-29', 900, /not a real calendar date/],
    ['2023-04-31', 900, /not a real calendar date/],
    ['2023-13-01', 900, /not a real calendar date/],
    ['2023-1-01', 900, /must be YYYY-MM-DD/],
    ['01.01.2023', 900, /must be YYYY-MM-DD/],
    ['2023-01-01', 1, /must be an integer 2–999/],
    ['2023-01-01', 0, /must be an integer 2–999/],
    ['2023-01-01', 1000, /must be an integer 2–999/],
    ['2023-01-01', 950.5, /must be an integer 2–999/],
    ['2023-01-01', Number.NaN, /must be an integer 2–999/],
  ];
  for (const [birthDate, n, message] of bad) {
    it(`throws for ${birthDate} ${n}`, () => assert.throws(() => makeHetu(birthDate, n), { name: 'RangeError', message }));
  }
});

describe('validateHetuForm (form and check character only)', () => {
  const cases: [input: string, noun: string | undefined, expected: string | null][] = [
    ['020516C903K', undefined, null],
    ['310252-1230', undefined, null], // impossible date, but a well-formed value
    ['010101-000P', undefined, null], // individual number 000, but well-formed
    ['310252-123X', 'temporary identifier', 'temporary identifier 310252-123X has a wrong check character (expected 0)'],
    ['020516C903', 'temporary identifier', 'temporary identifier 020516C903 must be 11 characters (DDMMYYCZZZQ), got 10'],
    ['020516Z903K', undefined, "henkilötunnus 020516Z903K has an unknown century sign 'Z' (expected + - Y X W V U A B C D E F)"],
  ];
  for (const [input, noun, expected] of cases) {
    it(`${input} -> ${expected ?? 'valid'}`, () => assert.equal(validateHetuForm(input, noun), expected));
  }
});
