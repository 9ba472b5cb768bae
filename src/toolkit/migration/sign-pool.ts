// Signing on worker threads for `arkki migrate run`: building and signing a document's CDA costs ~1–2 ms
// of CPU, the rest of a migrated row (reading, checking, sending, the checkpoint) far less, so the
// documents of the batches in flight are signed on every core while the main thread reads the next rows
// and waits for the archive. Deterministic like the in-process path: the same metadata and body give the
// same bytes (signed-cda.ts), so a resend after a crash is the very same submission.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentReference } from 'fhir/r4.d.ts';
import { signedCdaDocumentReference } from '../../lib/archive-api/attachment.ts';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { SigningKey } from '../../lib/xml/xml-signature.ts';
import { signedCda } from './signed-cda.ts';

export interface SignItem {
  metadata: DocumentMetadata;
  pdf: Uint8Array;
}
export interface SignJob {
  id: number;
  items: SignItem[];
}

/** Turns documents into the signed-CDA DocumentReferences of a batch, in input order. */
export type CdaSigner = (items: SignItem[]) => Promise<DocumentReference[]>;

/** In the calling thread (dry runs, tests, `--sign-workers 0`). */
export function inProcessSigner(codeSets: CodeSets, key: SigningKey): CdaSigner {
  return async (items) => items.map((it) => signedCdaDocumentReference(signedCda(it.metadata, it.pdf, codeSets, key)));
}

interface Resident {
  worker: Worker;
  pending: Map<number, { resolve: (refs: DocumentReference[]) => void; reject: (e: Error) => void }>;
}

/** Default size: one worker per core (the run's main thread mostly waits on I/O). */
export const defaultSignWorkers = () => Math.max(1, Math.min(8, availableParallelism()));

export class SignPool {
  private readonly workers: Resident[] = [];
  private nextId = 1;
  private failure: Error | undefined;

  /** `codesDir`: the code-set folder the run's export was opened with (the workers read it once). */
  constructor(size: number, key: SigningKey, codesDir: string) {
    for (let k = 0; k < size; k++) this.workers.push(this.start(key, codesDir));
  }

  private start(key: SigningKey, codesDir: string): Resident {
    const worker = new Worker(new URL('./sign-worker.mjs', import.meta.url), { workerData: { key, codesDir } });
    const r: Resident = { worker, pending: new Map() };
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (m: { id: number; refs?: DocumentReference[]; error?: string }) => {
      const p = r.pending.get(m.id);
      if (!p) return;
      r.pending.delete(m.id);
      if (r.pending.size === 0) worker.unref();
      if (m.refs) p.resolve(m.refs);
      else p.reject(new Error(`signing worker: ${m.error}`));
    });
    const fail = (err: Error) => {
      // A dead worker fails its jobs and every later call: the run stops at the last committed batch.
      this.failure ??= err;
      for (const p of r.pending.values()) p.reject(err);
      r.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`signing worker exited with code ${code}`)));
    return r;
  }

  private run(r: Resident, items: SignItem[]): Promise<DocumentReference[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      r.pending.set(id, { resolve, reject });
      r.worker.ref();
      r.worker.postMessage({ id, items } satisfies SignJob);
    });
  }

  /** Splits `items` over the least busy workers; answers in input order. */
  readonly sign: CdaSigner = async (items) => {
    if (this.failure) throw this.failure;
    if (items.length === 0) return [];
    const byLoad = [...this.workers].sort((a, b) => a.pending.size - b.pending.size);
    const parts = Math.min(byLoad.length, Math.ceil(items.length / 8));
    const chunk = Math.ceil(items.length / parts);
    const runs = Array.from({ length: parts }, (_, k) => this.run(byLoad[k]!, items.slice(k * chunk, (k + 1) * chunk)));
    return (await Promise.all(runs)).flat();
  };

  async close(): Promise<void> {
    await Promise.all(this.workers.map((r) => r.worker.terminate()));
  }
}
