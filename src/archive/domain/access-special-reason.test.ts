import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { helsinkiInstant } from '../../lib/time/finnish-clock.ts';
import { commentableUntil, specialReasonValidUntil } from './access-special-reason.ts';

// A special reason lasts until the end of the working day, Finnish time, whatever the season.

describe('special reason validity', () => {
  it('until 16:00 Helsinki time in winter (UTC+2) and summer (UTC+3)', () => {
    assert.equal(specialReasonValidUntil(new Date('2026-11-20T08:00:00Z'), 16).toISOString(), '2026-11-20T14:00:00.000Z');
    assert.equal(specialReasonValidUntil(new Date('2026-06-10T08:00:00Z'), 16).toISOString(), '2026-06-10T13:00:00.000Z');
  });
  it('the end hour is a setting', () => {
    assert.equal(specialReasonValidUntil(new Date('2026-11-20T08:00:00Z'), 18).toISOString(), '2026-11-20T16:00:00.000Z');
  });
  it('stated after the working day: until midnight of that Finnish day', () => {
    assert.equal(specialReasonValidUntil(new Date('2026-11-20T17:30:00Z'), 16).toISOString(), '2026-11-20T22:00:00.000Z');
  });
  it('00:30 in Helsinki is already the next Finnish day', () => {
    assert.equal(specialReasonValidUntil(new Date('2026-11-20T22:30:00Z'), 16).toISOString(), '2026-11-21T14:00:00.000Z');
  });
  it('across the daylight-saving change', () => {
    assert.equal(helsinkiInstant('2026-03-29', 16).toISOString(), '2026-03-29T13:00:00.000Z');
    assert.equal(helsinkiInstant('2026-10-25', 16).toISOString(), '2026-10-25T14:00:00.000Z');
  });
  it('comments for 7 days', () => {
    assert.equal(commentableUntil(new Date('2026-11-20T08:00:00Z')).toISOString(), '2026-11-27T08:00:00.000Z');
  });
});
