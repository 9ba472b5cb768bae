import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHECKED_FIELDS, type FieldCheck, outcomeOf, PRECONDITIONS, reportDueDate, reportSubject } from './deployment-test.ts';

describe('deployment test report due date: two working days after the test', () => {
  const cases: Array<[string, string, string]> = [
    ['a Friday test skips the weekend', '2026-11-13', '2026-11-17'],
    ['a Thursday before Easter skips Good Friday, the weekend and Easter Monday', '2027-03-25', '2027-03-31'],
    ['the day before Midsummer Eve skips the Eve and the weekend', '2027-06-24', '2027-06-29'],
    ['a test on 23 December skips Christmas Eve, Christmas Day and St Stephen’s Day', '2026-12-23', '2026-12-29'],
    ['a Sunday test counts from Monday (All Saints’ week)', '2026-11-01', '2026-11-03'],
  ];
  for (const [name, tested, due] of cases) it(name, () => assert.equal(reportDueDate(tested), due));
});

describe('deployment test outcome', () => {
  const pre = PRECONDITIONS.map((key) => ({ key, ok: true, detail: '' }));
  const all = (id: string, result: 'pass' | 'fail' = 'pass'): FieldCheck[] =>
    CHECKED_FIELDS.map((field) => ({ documentId: id, field, result, remark: '' }));
  it('passes when every precondition holds and every field of every document passed', () => {
    assert.equal(outcomeOf(pre, ['d1', 'd2'], [...all('d1'), ...all('d2')]), 'passed');
  });
  it('fails on one failed field, one unchecked document, no document, or a failed precondition', () => {
    const checks = all('d1');
    checks[3] = { ...checks[3]!, result: 'fail' };
    assert.equal(outcomeOf(pre, ['d1'], checks), 'failed');
    assert.equal(outcomeOf(pre, ['d1', 'd2'], all('d1')), 'failed');
    assert.equal(outcomeOf(pre, [], []), 'failed');
    assert.equal(outcomeOf([{ ...pre[0]!, ok: false }, ...pre.slice(1)], ['d1'], all('d1')), 'failed');
  });
  it('the subject line the national service expects', () => {
    assert.equal(reportSubject(' Pohjanmaan hyvinvointialue '), 'SHA käyttöönottokoe Pohjanmaan hyvinvointialue');
  });
});
