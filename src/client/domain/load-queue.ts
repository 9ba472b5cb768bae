// The load queue item (latauskuorman rivi) and its state machine. Every item is one national document
// to archive (clienthood, case or client document), keyed by its document id so a document is queued once.
//   waiting ──claim──▶ sending ──archived──▶ archived
//                        │ ├──retryable──▶ retry-wait(attempts, next at) ──due + claim──▶ sending
//                        │ └──refusal────▶ refused (needs a person; never resent unchanged)
//                        └──lease expired (crash mid-send)──▶ sending again (the resend is idempotent)
//   refused ──fixed (new content)──▶ waiting

export type QueueStatus = 'waiting' | 'sending' | 'archived' | 'refused' | 'retry-wait';
export type ItemKind = 'clienthood' | 'case' | 'document';

/** Sending order: a clienthood before what hangs on it, cases before their documents (domain README §10). */
export const SEND_RANK: Record<ItemKind, number> = { clienthood: 0, case: 1, document: 2 };

export type QueueEvent =
  | { type: 'claim' }
  | { type: 'lease-expired' }
  | { type: 'archived'; created: boolean }
  | { type: 'retryable'; reason: string }
  | { type: 'refusal'; rule: string; field?: string; metadataField?: string; message: string; status?: number }
  | { type: 'fixed' };

export interface ItemState {
  status: QueueStatus;
  attempts: number;
  nextAttemptAt?: Date;
}

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_QUEUE_RETRY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

/** Exponential backoff: the n-th failed attempt waits base·2^(n-1), capped; `jitter` in [0,1) spreads systems. */
export function retryDelayMs(attempts: number, policy: RetryPolicy, jitter = 0): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (1 - jitter / 2));
}

const FROM: Record<QueueEvent['type'], readonly QueueStatus[]> = {
  claim: ['waiting', 'retry-wait'],
  'lease-expired': ['sending'],
  archived: ['sending'],
  retryable: ['sending'],
  refusal: ['sending'],
  fixed: ['refused'],
};

export class QueueTransitionError extends Error {
  constructor(
    readonly from: QueueStatus,
    readonly event: QueueEvent['type'],
  ) {
    super(`load queue: ${event} is not allowed from ${from}`);
    this.name = 'QueueTransitionError';
  }
}

/** The state after `event`, or a QueueTransitionError (e.g. an archived item never goes back). */
export function nextState(s: ItemState, e: QueueEvent, now: Date, policy: RetryPolicy = DEFAULT_QUEUE_RETRY, jitter = 0): ItemState {
  if (!FROM[e.type].includes(s.status)) throw new QueueTransitionError(s.status, e.type);
  if (e.type === 'claim' && s.status === 'retry-wait' && s.nextAttemptAt && s.nextAttemptAt > now) {
    throw new QueueTransitionError(s.status, e.type);
  }
  switch (e.type) {
    case 'claim':
    case 'lease-expired':
      return { status: 'sending', attempts: s.attempts + 1 };
    case 'archived':
      return { status: 'archived', attempts: s.attempts };
    case 'retryable':
      return {
        status: 'retry-wait',
        attempts: s.attempts,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(s.attempts, policy, jitter)),
      };
    case 'refusal':
      return { status: 'refused', attempts: s.attempts };
    case 'fixed':
      return { status: 'waiting', attempts: 0 };
  }
}
