import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ItemState, nextState, type QueueEvent, QueueTransitionError, retryDelayMs } from './load-queue.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const policy = { baseDelayMs: 1000, maxDelayMs: 8000 };

describe('load queue item state machine', () => {
  const allowed: Array<[string, ItemState, QueueEvent, ItemState]> = [
    ['a waiting item is claimed', { status: 'waiting', attempts: 0 }, { type: 'claim' }, { status: 'sending', attempts: 1 }],
    [
      'a due retry is claimed',
      { status: 'retry-wait', attempts: 2, nextAttemptAt: NOW },
      { type: 'claim' },
      { status: 'sending', attempts: 3 },
    ],
    ['a crashed send is claimed again', { status: 'sending', attempts: 1 }, { type: 'lease-expired' }, { status: 'sending', attempts: 2 }],
    ['the archive took it', { status: 'sending', attempts: 1 }, { type: 'archived', created: true }, { status: 'archived', attempts: 1 }],
    [
      'the archive had it already',
      { status: 'sending', attempts: 2 },
      { type: 'archived', created: false },
      { status: 'archived', attempts: 2 },
    ],
    [
      'the archive was down: wait base·2^(n-1)',
      { status: 'sending', attempts: 3 },
      { type: 'retryable', reason: 'HTTP 503' },
      { status: 'retry-wait', attempts: 3, nextAttemptAt: later(4000) },
    ],
    [
      'refused: a person must fix it',
      { status: 'sending', attempts: 1 },
      { type: 'refusal', rule: 'code-unknown', field: 'serviceTask', message: 'x' },
      { status: 'refused', attempts: 1 },
    ],
    ['fixed: queued afresh', { status: 'refused', attempts: 1 }, { type: 'fixed' }, { status: 'waiting', attempts: 0 }],
  ];
  for (const [name, from, event, to] of allowed) {
    it(name, () => assert.deepEqual(nextState(from, event, NOW, policy), to));
  }

  const refused: Array<[string, ItemState, QueueEvent]> = [
    ['an archived item is never sent again', { status: 'archived', attempts: 1 }, { type: 'claim' }],
    ['an archived item is never refused later', { status: 'archived', attempts: 1 }, { type: 'refusal', rule: 'r', message: 'm' }],
    ['a refused item is not resent unchanged', { status: 'refused', attempts: 1 }, { type: 'claim' }],
    ['a retry before its time', { status: 'retry-wait', attempts: 1, nextAttemptAt: later(1) }, { type: 'claim' }],
    ['an answer for an item not being sent', { status: 'waiting', attempts: 0 }, { type: 'archived', created: true }],
    ['only a refused item is fixed', { status: 'waiting', attempts: 0 }, { type: 'fixed' }],
  ];
  for (const [name, from, event] of refused) {
    it(`refuses: ${name}`, () => assert.throws(() => nextState(from, event, NOW, policy), QueueTransitionError));
  }

  it('backs off exponentially up to the cap; jitter only shortens', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n, policy)),
      [1000, 2000, 4000, 8000, 8000, 8000],
    );
    assert.equal(retryDelayMs(4, policy, 0.5), 6000);
  });
});
