// The archiving pipeline: claims sendable items in dependency order, builds each one's signed CDA once
// (build pool) and stores it before the first send, sends them as one batch through lib/archive-api and
// records per item what the archive answered (one statement per batch, not per item).
// Guarantees (docs/client-system.md): an item is archived once — a resend of the same document id is
// answered "already archived" — retryable failures wait with backoff, refusals wait for a person.
import type { ArchiveApi, BatchEntryResult } from '../../lib/archive-api/index.ts';
import { isArchiveApiError, signedCdaDocumentReference } from '../../lib/archive-api/index.ts';
import type { Db } from '../../lib/db/db.ts';
import { classifyFailure, type FailureFacts } from '../domain/archive-failure.ts';
import { DEFAULT_QUEUE_RETRY, nextState, type QueueEvent, type RetryPolicy } from '../domain/load-queue.ts';
import { itemKey, type QueueItem, recordStates, renewLeases, type StateChange, sendable, storePayloads } from '../store/queue-store.ts';
import type { BuildPool } from './build-pool.ts';
import { metadataFieldOf } from './refusal-field.ts';

export interface LoadQueueOptions {
  db: Db;
  archive: ArchiveApi;
  /** Builds the signed CDA of items that have none yet (worker threads, or in this thread). */
  pool: BuildPool;
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
  /** One round: claim up to batchSize items, build what is not built, send them, record the answers. */
  drainOnce(): Promise<DrainRound>;
  /**
   * Rounds until nothing is sendable now (or `maxRounds`); the totals. Pipelined: the next batch is
   * claimed and built while the current one is with the archive. `onRound` sees each round's figures.
   */
  drain(maxRounds?: number, onRound?: (r: DrainRound) => void): Promise<DrainRound>;
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

type Result = BatchEntryResult | { ok: false; error: unknown };

export function createLoadQueue(o: LoadQueueOptions): LoadQueue {
  const batchSize = o.batchSize ?? 100;
  const leaseMs = o.leaseMs ?? 5 * 60_000;
  const policy = o.retry ?? DEFAULT_QUEUE_RETRY;
  const random = o.random ?? Math.random;

  /** Claims a batch (one short transaction: the rows are ours for the lease), then builds outside it. */
  async function claim(): Promise<QueueItem[]> {
    const claimed = await o.db.transaction(async (tx) => {
      const now = o.now();
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const changes: StateChange[] = (await sendable(tx, now, batchSize)).map((item) => {
        const event: QueueEvent = item.status === 'sending' ? { type: 'lease-expired' } : { type: 'claim' };
        return { item, event, next: nextState(item, event, now, policy), leaseUntil };
      });
      return recordStates(tx, changes, now);
    });
    const unbuilt = claimed.filter((i) => i.payload === undefined);
    if (unbuilt.length === 0) return claimed;
    const payloads = await o.pool.build(unbuilt.map((i) => ({ metadata: i.metadata, ...(i.content ? { content: i.content } : {}) })));
    // Stored before the first send: a resend (after a crash, a lost answer) is the very same submission,
    // which the archive recognises as already archived.
    const stored = await storePayloads(
      o.db,
      unbuilt.map((item, n) => ({ item, payload: payloads[n]! })),
    );
    return claimed.map((i) => (i.payload === undefined ? { ...i, payload: stored.get(itemKey(i)) ?? payloads[unbuilt.indexOf(i)]! } : i));
  }

  async function record(items: QueueItem[], results: Result[]): Promise<DrainRound> {
    return o.db.transaction(async (tx) => {
      const now = o.now();
      const round = { ...EMPTY, sent: items.length };
      const changes: StateChange[] = items.map((item, i) => {
        const r = results[i]!;
        const event: QueueEvent = r.ok ? { type: 'archived', created: r.created } : eventOf(r.error);
        if (event.type === 'archived') round[event.created ? 'archived' : 'alreadyArchived'] += 1;
        else if (event.type === 'refusal') round.refused += 1;
        else round.retrying += 1;
        return { item, event, next: nextState(item, event, now, policy, random()), ...(item.leaseUntil ? { held: item.leaseUntil } : {}) };
      });
      await recordStates(tx, changes, now);
      return round;
    });
  }

  async function send(claimed: QueueItem[]): Promise<DrainRound> {
    // The lease runs from now: a batch claimed ahead waited for the previous one (and building takes its time).
    const items = await renewLeases(o.db, claimed, new Date(o.now().getTime() + leaseMs));
    if (items.length === 0) return { ...EMPTY };
    let results: Result[];
    try {
      results = await o.archive.documents.batch(items.map((i) => signedCdaDocumentReference(i.payload!)));
    } catch (error) {
      // The whole batch failed (archive down, 5xx, 429 after the client's own retries): same answer for each.
      results = items.map(() => ({ ok: false as const, error }));
    }
    return record(items, results);
  }

  async function drainOnce(): Promise<DrainRound> {
    const items = await claim();
    if (items.length === 0) return { ...EMPTY };
    return send(items);
  }

  return {
    drainOnce,
    async drain(maxRounds = Number.POSITIVE_INFINITY, onRound) {
      const total = { ...EMPTY };
      let next: Promise<QueueItem[]> | undefined = maxRounds > 0 ? claim() : undefined;
      try {
        for (let n = 0; next && n < maxRounds; n++) {
          let items = await next;
          next = undefined;
          // Items that waited for the batch in flight (its case, an earlier version) are sendable only
          // after it is recorded: one more claim before stopping.
          if (items.length === 0 && n > 0) items = await claim();
          if (items.length === 0) break;
          if (n + 1 < maxRounds) next = claim();
          const r = await send(items);
          for (const k of Object.keys(total) as Array<keyof DrainRound>) total[k] += r[k];
          onRound?.(r);
        }
      } finally {
        // A failed round leaves the batch claimed ahead to its lease; its build finishes without an observer.
        next?.catch(() => {});
      }
      return total;
    },
  };
}
