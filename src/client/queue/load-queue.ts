// The archiving pipeline: claims sendable items in dependency order, builds each one's signed CDA once,
// sends them as one batch through lib/archive-api and records per item what the archive answered.
// Guarantees (docs/client-system.md): an item is archived once — a resend of the same document id is
// answered "already archived" — retryable failures wait with backoff, refusals wait for a person.
import type { ArchiveApi, BatchEntryResult } from '../../lib/archive-api/index.ts';
import { isArchiveApiError, signedCdaDocumentReference } from '../../lib/archive-api/index.ts';
import type { Db } from '../../lib/db/db.ts';
import { classifyFailure, type FailureFacts } from '../domain/archive-failure.ts';
import { DEFAULT_QUEUE_RETRY, nextState, type QueueEvent, type RetryPolicy } from '../domain/load-queue.ts';
import { type QueueItem, recordState, sendable } from '../store/queue-store.ts';
import { buildSignedCda, type SubmissionBuilder } from './build-submission.ts';
import { metadataFieldOf } from './refusal-field.ts';

export interface LoadQueueOptions {
  db: Db;
  archive: ArchiveApi;
  builder: SubmissionBuilder;
  now: () => Date;
  /** Items per archive batch (the archive takes up to 1000). */
  batchSize?: number;
  /** How long a claimed item stays ours; after it, another worker (or we after a crash) sends it again. */
  leaseMs?: number;
  retry?: RetryPolicy;
  /** Spreads retries of many systems; [0,1). */
  random?: () => number;
}

export interface DrainRound {
  sent: number;
  archived: number;
  alreadyArchived: number;
  refused: number;
  retrying: number;
}

export interface LoadQueue {
  /** One round: claim up to batchSize items, send them, record the answers. */
  drainOnce(): Promise<DrainRound>;
  /** Rounds until nothing is sendable now (or `maxRounds`); the totals. */
  drain(maxRounds?: number): Promise<DrainRound>;
}

const EMPTY: DrainRound = { sent: 0, archived: 0, alreadyArchived: 0, refused: 0, retrying: 0 };

function factsOf(err: unknown): FailureFacts {
  if (isArchiveApiError(err)) {
    return { kind: err.kind, ...(err.status ? { status: err.status } : {}), outcomeUnknown: err.outcomeUnknown, issues: err.issues };
  }
  // Not an answer of the archive (e.g. a socket torn down in a way the client did not map): try again later.
  return { kind: 'unavailable', issues: [{ message: err instanceof Error ? err.message : String(err) }] };
}

function eventOf(err: unknown): QueueEvent {
  const c = classifyFailure(factsOf(err));
  const metadataField = c.class === 'needs-person' ? metadataFieldOf(c.field) : undefined;
  return c.class === 'retryable'
    ? { type: 'retryable', reason: c.reason }
    : {
        type: 'refusal',
        rule: c.rule,
        ...(c.field ? { field: c.field } : {}),
        ...(metadataField ? { metadataField } : {}),
        message: c.message,
        ...(c.status ? { status: c.status } : {}),
      };
}

export function createLoadQueue(o: LoadQueueOptions): LoadQueue {
  const batchSize = o.batchSize ?? 100;
  const leaseMs = o.leaseMs ?? 5 * 60_000;
  const policy = o.retry ?? DEFAULT_QUEUE_RETRY;
  const random = o.random ?? Math.random;

  async function claim(): Promise<QueueItem[]> {
    return o.db.transaction(async (tx) => {
      const now = o.now();
      const claimed: QueueItem[] = [];
      for (const item of await sendable(tx, now, batchSize)) {
        const event: QueueEvent = item.status === 'sending' ? { type: 'lease-expired' } : { type: 'claim' };
        // Built once and kept: a resend is then the very same submission, which the archive recognises.
        const payload = item.payload ?? (await buildSignedCda(o.builder, item.metadata, item.content));
        const next = nextState(item, event, now, policy);
        claimed.push(await recordState(tx, item, next, event, now, { leaseUntil: new Date(now.getTime() + leaseMs), payload }));
      }
      return claimed;
    });
  }

  async function record(items: QueueItem[], results: Array<BatchEntryResult | { ok: false; error: unknown }>): Promise<DrainRound> {
    return o.db.transaction(async (tx) => {
      const now = o.now();
      const round = { ...EMPTY, sent: items.length };
      for (const [i, item] of items.entries()) {
        const r = results[i]!;
        const event: QueueEvent = r.ok ? { type: 'archived', created: r.created } : eventOf(r.error);
        if (event.type === 'archived') round[event.created ? 'archived' : 'alreadyArchived'] += 1;
        else if (event.type === 'refusal') round.refused += 1;
        else round.retrying += 1;
        await recordState(tx, item, nextState(item, event, now, policy, random()), event, now);
      }
      return round;
    });
  }

  async function drainOnce(): Promise<DrainRound> {
    const items = await claim();
    if (items.length === 0) return { ...EMPTY };
    let results: Array<BatchEntryResult | { ok: false; error: unknown }>;
    try {
      results = await o.archive.documents.batch(items.map((i) => signedCdaDocumentReference(i.payload!)));
    } catch (error) {
      // The whole batch failed (archive down, 5xx, 429 after the client's own retries): same answer for each.
      results = items.map(() => ({ ok: false as const, error }));
    }
    return record(items, results);
  }

  return {
    drainOnce,
    async drain(maxRounds = Number.POSITIVE_INFINITY) {
      const total = { ...EMPTY };
      for (let n = 0; n < maxRounds; n++) {
        const r = await drainOnce();
        if (r.sent === 0) break;
        for (const k of Object.keys(total) as Array<keyof DrainRound>) total[k] += r[k];
      }
      return total;
    },
  };
}
