// When and how long to wait before sending a request again: exponential backoff with full jitter (so many
// client systems recovering from one outage do not come back in step), Retry-After honoured up to a cap.
// undici's RetryAgent has no jitter and cannot know which of our POSTs are idempotent, hence this file.

export interface RetryPolicy {
  /** Attempts in all, the first included; 1 = never retry. */
  attempts: number;
  /** The first backoff ceiling; the n-th retry waits a random time in [0, min(maxDelayMs, baseDelayMs·2ⁿ)]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails with retryAfterMs for the caller to schedule. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/** The wait before retry number `retry` (0 = the first retry), full jitter. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** One attempt's result as the loop sees it. */
export type Attempt<T> =
  | { done: T }
  /** Failed in a way that may pass: try again after the backoff, or after `retryAfterMs` when the archive said so. */
  | { again: Error; retryAfterMs?: number }
  /** Failed for good: no retry helps. */
  | { fail: Error };

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class RetriesExhausted extends Error {
  constructor(
    readonly last: Error,
    readonly attempts: number,
    /** Set when the archive's Retry-After was longer than the policy waits. */
    readonly retryAfterMs?: number,
  ) {
    super(last.message, { cause: last });
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it is done or fails for good, at most policy.attempts times. Throws the final
 * error as is, or RetriesExhausted wrapping the last retryable one.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<Attempt<T>>, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? wait;
  for (let n = 1; ; n += 1) {
    const result = await attempt(n);
    if ('done' in result) return result.done;
    if ('fail' in result) throw result.fail;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > policy.maxRetryAfterMs) {
      throw new RetriesExhausted(result.again, n, result.retryAfterMs);
    }
    if (n >= policy.attempts) throw new RetriesExhausted(result.again, n);
    await sleep(result.retryAfterMs ?? backoffDelayMs(n - 1, policy, hooks.random));
  }
}
