import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDay, parseMonth } from './day-input.ts';

describe('dates as typed in the forms', () => {
  it('takes the Finnish and Swedish forms as well as ISO', () => {
    for (const s of ['1.12.2026', '01.12.2026', '1.12.2026.', ' 2026-12-01 ', '2026-12-1']) assert.equal(parseDay(s), '2026-12-01', s);
  });
  it('refuses what is no real date or no known form', () => {
    for (const s of ['31.2.2026', '2026-13-01', '1.12.26', '12/1/2026', 'eilen', '']) assert.equal(parseDay(s), undefined, s);
  });
  it('months: 2026-12, 12.2026 and 12/2026', () => {
    for (const s of ['2026-12', '12.2026', '12/2026']) assert.equal(parseMonth(s), '2026-12', s);
    for (const s of ['13.2026', '2026-00', '2026', 'joulukuu']) assert.equal(parseMonth(s), undefined, s);
  });
});
