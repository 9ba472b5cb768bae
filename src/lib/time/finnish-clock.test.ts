import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { finnishDay } from './finnish-clock.ts';

// Register dates are Finnish calendar days: the day a timestamp falls on in Helsinki (UTC+2, summer UTC+3).

describe('finnishDay', () => {
  const rows: Array<[string, string, string]> = [
    ['midday UTC', '2026-11-10T12:00:00.000Z', '2026-11-10'],
    ['22:30 UTC in winter is the next day in Helsinki', '2022-12-31T22:30:00.000Z', '2023-01-01'],
    ['21:59 UTC in winter is still the same day', '2022-12-31T21:59:59.999Z', '2022-12-31'],
    ['21:30 UTC in summer is the next day in Helsinki', '2026-06-30T21:30:00.000Z', '2026-07-01'],
    ['a timestamp with its own offset', '2023-01-01T00:45:00+02:00', '2023-01-01'],
    ['a timestamp in another zone', '2023-01-01T06:00:00+09:00', '2022-12-31'],
    ['a plain date stays as it is', '2026-02-28', '2026-02-28'],
  ];
  for (const [name, timestamp, day] of rows) it(name, () => assert.equal(finnishDay(timestamp), day));
});
