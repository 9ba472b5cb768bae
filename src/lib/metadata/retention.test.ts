import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readRetentionRules } from './retention-file.ts';
import { destructionDate, type RetentionRule, type RetentionRules } from './retention.ts';

// Retention (säilytysaika): rules are data with their legal source (data/retention-rules.json, provisional);
// documents of persons born on the 8th, 18th or 28th are kept permanently for research (domain README §9).

const rules: RetentionRules = {
  sampleBirthDays: [8, 18, 28],
  rules: [
    { id: 'after-completed', display_fi: '12 v', legalSource: 'test', keepYearsAfterCompleted: 12, permanentForSampleBirthDays: true },
    { id: 'after-birth', display_fi: '100 v', legalSource: 'test', keepYearsAfterBirth: 100, permanentForSampleBirthDays: true },
    { id: 'permanent', display_fi: 'pysyvä', legalSource: 'test', permanent: true },
    { id: 'no-sample', display_fi: '5 v', legalSource: 'test', keepYearsAfterCompleted: 5 },
    { id: 'no-period', display_fi: '?', legalSource: 'test' },
  ],
};
const rule = (id: string): RetentionRule => rules.rules.find((r) => r.id === id)!;

describe('destructionDate', () => {
  const rows: Array<[string, string, string, string | null, string | null]> = [
    ['years after completion', 'after-completed', '2026-11-10T08:00:00.000Z', '2016-05-01', '2038-11-10'],
    ['the time of day does not matter', 'after-completed', '2026-12-31T20:30:00.000Z', '2016-05-01', '2038-12-31'],
    [
      'counted from the Finnish day: 00:30 on 1 January in Helsinki',
      'after-completed',
      '2025-12-31T22:30:00.000Z',
      '2016-05-01',
      '2038-01-01',
    ],
    ['counted from the Finnish day in summer time (UTC+3)', 'after-completed', '2026-06-30T21:30:00.000Z', '2016-05-01', '2038-07-01'],
    ['29 February rolls forward to 1 March', 'after-completed', '2024-02-29T10:00:00.000Z', '2016-05-01', '2036-02-29'],
    ['29 February to a non-leap year', 'no-sample', '2024-02-29T10:00:00.000Z', '2016-05-01', '2029-03-01'],
    ['born on the 8th: kept permanently', 'after-completed', '2026-11-10T08:00:00.000Z', '2016-05-08', null],
    ['born on the 18th: kept permanently', 'after-completed', '2026-11-10T08:00:00.000Z', '1980-01-18', null],
    ['born on the 28th: kept permanently', 'after-birth', '2026-11-10T08:00:00.000Z', '1990-02-28', null],
    ['born on the 9th: normal period', 'after-completed', '2026-11-10T08:00:00.000Z', '2016-05-09', '2038-11-10'],
    ['rule without the sample exception', 'no-sample', '2026-11-10T08:00:00.000Z', '2016-05-08', '2031-11-10'],
    ['years after birth', 'after-birth', '2026-11-10T08:00:00.000Z', '2016-05-01', '2116-05-01'],
    ['birth date unknown: a birth-based rule keeps it', 'after-birth', '2026-11-10T08:00:00.000Z', null, null],
    ['birth date unknown: a completion-based rule still applies', 'after-completed', '2026-11-10T08:00:00.000Z', null, '2038-11-10'],
    ['permanent rule', 'permanent', '2026-11-10T08:00:00.000Z', '2016-05-01', null],
    ['rule without a period keeps the document', 'no-period', '2026-11-10T08:00:00.000Z', '2016-05-01', null],
  ];
  for (const [name, id, completed, birth, expected] of rows) {
    it(name, () => assert.equal(destructionDate(rule(id), rules, completed, birth), expected));
  }
});

describe('the retention rules file', () => {
  let file: RetentionRules;
  before(async () => {
    file = await readRetentionRules();
  });
  it('names a legal source for every rule and unique ids', () => {
    assert.ok(file.rules.length > 0);
    for (const r of file.rules) assert.ok(r.legalSource.trim().length > 0, r.id);
    assert.equal(new Set(file.rules.map((r) => r.id)).size, file.rules.length);
  });
  it('keeps the research sample birth days 8, 18 and 28', () => {
    assert.deepEqual(file.sampleBirthDays, [8, 18, 28]);
  });
  it('every rule either has a period or is permanent', () => {
    for (const r of file.rules) {
      assert.ok(r.permanent || r.keepYearsAfterBirth !== undefined || r.keepYearsAfterCompleted !== undefined, r.id);
    }
  });
});
