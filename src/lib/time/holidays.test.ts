import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, easterSunday, finnishHolidays, isWorkingDay } from './holidays.ts';
import { finnishDayStart, helsinkiInstant, plusDays, weekdayOf } from './finnish-clock.ts';
import { finnishMonth } from './finnish-month.ts';

describe('Finnish holidays', () => {
  it('Easter Sundays', () => {
    assert.deepEqual([2024, 2025, 2026, 2027, 2038].map(easterSunday), [
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });
  const rows: Array<[string, string, string]> = [
    ['All Saints’ Day is the Saturday in 31.10–6.11 (2026)', '2026-10-31', 'pyhäinpäivä'],
    ['All Saints’ Day (2027)', '2027-11-06', 'pyhäinpäivä'],
    ['Midsummer Eve is the Friday in 19–25.6', '2026-06-19', 'juhannusaatto'],
    ['Midsummer Day is the Saturday in 20–26.6', '2027-06-26', 'juhannuspäivä'],
    ['Good Friday 2026', '2026-04-03', 'pitkäperjantai'],
    ['Ascension Day 2026 (Easter + 39)', '2026-05-14', 'helatorstai'],
    ['Whit Sunday 2026 (Easter + 49)', '2026-05-24', 'helluntaipäivä'],
    ['Independence Day', '2026-12-06', 'itsenäisyyspäivä'],
  ];
  for (const [name, day, holiday] of rows)
    it(name, () => assert.equal(finnishHolidays(Number(day.slice(0, 4))).get(day)?.name_fi, holiday));
  it('the customary days off are marked as such', () => {
    assert.equal(finnishHolidays(2026).get('2026-12-24')?.kind, 'customary');
    assert.equal(finnishHolidays(2026).get('2026-12-25')?.kind, 'statutory');
  });
});

describe('working days', () => {
  // "The report is sent within two working days" (seed 000): the n-th working day after the test day.
  const rows: Array<[string, string, number, string]> = [
    ['Monday + 2 = Wednesday', '2026-11-30', 2, '2026-12-02'],
    ['across a weekend: Thursday + 2 = Monday', '2026-11-26', 2, '2026-11-30'],
    ['Friday + 2 = Tuesday', '2026-11-27', 2, '2026-12-01'],
    ['a test on Saturday counts from Monday', '2026-11-28', 2, '2026-12-01'],
    ['Easter: Thursday before Good Friday + 2 = Wednesday after Easter Monday', '2026-04-02', 2, '2026-04-08'],
    ['Midsummer: Thursday before Midsummer Eve + 2 = Tuesday', '2026-06-18', 2, '2026-06-23'],
    ['Christmas: Wednesday 23.12.2026 + 2 = Tuesday 29.12', '2026-12-23', 2, '2026-12-29'],
    ['Independence Day on a Monday (2027-12-06): Friday + 2 = Wednesday', '2027-12-03', 2, '2027-12-08'],
    ['All Saints’ is a Saturday: no effect on working days', '2026-10-29', 2, '2026-11-02'],
    ['Ascension Day: Wednesday + 1 = Friday', '2026-05-13', 1, '2026-05-15'],
    ['zero working days is the day itself', '2026-11-27', 0, '2026-11-27'],
  ];
  for (const [name, day, n, due] of rows) it(name, () => assert.equal(addWorkingDays(day, n), due));
  it('weekends and holidays are no working days', () => {
    assert.equal(isWorkingDay('2026-12-01'), true);
    assert.equal(isWorkingDay('2026-12-05'), false);
    assert.equal(isWorkingDay('2026-01-06'), false);
    assert.equal(isWorkingDay('2026-06-19'), false);
  });
  it('rejects a negative count', () => assert.throws(() => addWorkingDays('2026-12-01', -1), RangeError));
});

describe('the Finnish clock', () => {
  it('a day starts at 22:00 UTC in winter and 21:00 UTC in summer', () => {
    assert.equal(finnishDayStart('2026-12-01'), '2026-11-30T22:00:00.000Z');
    assert.equal(finnishDayStart('2026-07-01'), '2026-06-30T21:00:00.000Z');
  });
  it('the day summer time starts (29.3.2026) begins at winter offset', () =>
    assert.equal(finnishDayStart('2026-03-29'), '2026-03-28T22:00:00.000Z'));
  it('16:00 in Helsinki on the day summer time ends', () =>
    assert.equal(helsinkiInstant('2026-10-25', 16).toISOString(), '2026-10-25T14:00:00.000Z'));
  it('hour 24 is the next midnight', () => assert.equal(helsinkiInstant('2026-12-01', 24).toISOString(), '2026-12-01T22:00:00.000Z'));
  it('months as instants', () =>
    assert.deepEqual(finnishMonth('2026-11'), { month: '2026-11', from: '2026-10-31T22:00:00.000Z', to: '2026-11-30T22:00:00.000Z' }));
  it('a bad month names the field', () => assert.throws(() => finnishMonth('2026-13', 'period'), /period '2026-13' must be YYYY-MM/));
  it('plusDays and weekdays', () => {
    assert.equal(plusDays('2026-12-31', 1), '2027-01-01');
    assert.equal(weekdayOf('2026-12-01'), 2);
    assert.equal(weekdayOf('2026-12-06'), 7);
  });
});
