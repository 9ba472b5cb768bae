import type { Identity } from '../src/lib/identity/identity.ts';
import type { ArchiveDeps } from '../src/archive/service/deps.ts';
import { storeDocuments, type Submission } from '../src/archive/service/store-documents.ts';

// Feeds clients' submissions to storeDocuments in fixed-size batches, `workers` batches in flight, one
// buffer per register keeper (a client system archives only into its own register). A client cut across
// two batches keeps its order: the batch with the rest of it waits until the first one is committed.

export interface BatchLoaderOptions {
  batchSize: number;
  workers: number;
  identityOf: (registerKeeperOid: string) => Identity;
}

export class BatchLoader {
  readonly batchMs: number[] = [];
  documents = 0;
  private readonly buffers = new Map<string, Submission[]>();
  private readonly waitFor = new Map<string, Promise<void>>();
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly deps: ArchiveDeps,
    private readonly options: BatchLoaderOptions,
  ) {}

  /** One client's submissions, in archiving order. */
  async add(submissions: Submission[]): Promise<void> {
    for (const [i, s] of submissions.entries()) {
      const rk = s.metadata.registerKeeper;
      const buffer = this.buffers.get(rk) ?? [];
      buffer.push(s);
      this.buffers.set(rk, buffer);
      if (buffer.length >= this.options.batchSize) {
        this.buffers.set(rk, []);
        await this.dispatch(rk, buffer, i < submissions.length - 1);
      }
    }
  }

  /** Stores what is buffered and waits for every batch. */
  async flush(): Promise<void> {
    for (const [rk, buffer] of this.buffers) if (buffer.length > 0) await this.dispatch(rk, buffer, false);
    this.buffers.clear();
    while (this.inflight.size > 0) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
  }

  private async dispatch(rk: string, batch: Submission[], clientContinues: boolean): Promise<void> {
    while (this.inflight.size >= this.options.workers) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
    const after = this.waitFor.get(rk);
    const run = (async () => {
      if (after) await after;
      const start = performance.now();
      const results = await storeDocuments(this.deps, this.options.identityOf(rk), batch);
      this.batchMs.push(performance.now() - start);
      const refused = results.find((r) => r.outcome === 'rejected');
      if (refused && refused.outcome === 'rejected') {
        throw new Error(`the archive refused a benchmark document: ${refused.error.message} ${JSON.stringify(refused.error.issues)}`);
      }
      this.documents += results.length;
    })();
    const tracked: Promise<void> = run.then(
      () => {
        this.inflight.delete(tracked);
      },
      (err: unknown) => {
        this.inflight.delete(tracked);
        this.failure ??= err;
      },
    );
    this.inflight.add(tracked);
    if (clientContinues) this.waitFor.set(rk, tracked);
    else this.waitFor.delete(rk);
  }
}
