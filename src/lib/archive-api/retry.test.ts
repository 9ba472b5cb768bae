import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryAfterMs, RetriesExhausted, withRetries } from './retry.ts';

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('backoff with full jitter', () => {
  it('doubles the ceiling per retry up to maxDelayMs, and draws below it', () => {
    const top = () => 0.999999;
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, top)),
      [99, 199, 399, 799, 999, 999],
    );
    assert.equal(
      backoffDelayMs(3, policy, () => 0),
      0,
      'full jitter reaches down to no wait at all',
    );
  });

  it('spreads the waits of many clients instead of sending them back in step', () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffDelayMs(3, DEFAULT_RETRY_POLICY)));
    assert.ok(waits.size > 40, `50 clients drew ${waits.size} different waits`);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP-dates, and ignores what it cannot read', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    assert.equal(retryAfterMs('7', now), 7000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 12:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 11:00:00 GMT', now), 0, 'a date in the past is now');
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });
});

describe('withRetries', () => {
  it('waits the backoff between attempts, or the Retry-After the answer gave', async () => {
    const slept: number[] = [];
    const hooks = { sleep: async (ms: number) => void slept.push(ms), random: () => 0.5 };
    let n = 0;
    const value = await withRetries(
      policy,
      async () => {
        n += 1;
        if (n === 1) return { again: new Error('503') };
        if (n === 2) return { again: new Error('429'), retryAfterMs: 3000 };
        return { done: 'ok' };
      },
      hooks,
    );
    assert.equal(value, 'ok');
    assert.deepEqual(slept, [50, 3000]);
  });

  it('gives up after policy.attempts, and at once when Retry-After is longer than it waits', async () => {
    const hooks = { sleep: async () => {} };
    let n = 0;
    const exhausted = await withRetries(
      policy,
      async () => {
        n += 1;
        return { again: new Error('down') };
      },
      hooks,
    ).catch((e: unknown) => e);
    assert.ok(exhausted instanceof RetriesExhausted);
    assert.equal(exhausted.attempts, 5);
    assert.equal(n, 5);

    const later = await withRetries(policy, async () => ({ again: new Error('busy'), retryAfterMs: 600_000 }), hooks).catch(
      (e: unknown) => e,
    );
    assert.ok(later instanceof RetriesExhausted);
    assert.equal(later.attempts, 1);
    assert.equal(later.retryAfterMs, 600_000);
  });

  it('does not retry a final failure', async () => {
    let n = 0;
    const err = await withRetries(policy, async () => {
      n += 1;
      return { fail: new Error('refused') };
    }).catch((e: unknown) => e);
    assert.equal((err as Error).message, 'refused');
    assert.equal(n, 1);
  });
});
