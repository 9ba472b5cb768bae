// The database cannot be reached right now (the primary died, a failover is under way, the network is
// down): the request did not complete and may be sent again. HTTP adapters answer 503 with Retry-After.

export class DatabaseUnavailableError extends Error {
  /** Seconds a client should wait before sending again (a promotion takes seconds, not milliseconds). */
  readonly retryAfterSeconds: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DatabaseUnavailableError';
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 2;
  }
}
