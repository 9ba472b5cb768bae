// Worker threads for signed-CDA verification. Verifying a document is independent CPU work (parsing,
// canonicalisation, RSA), so a large batch is split over the cores instead of queueing on the thread that
// also serves requests. Small batches (single POSTs) stay in-process: a worker start costs ~0.3 s.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import { verifyCdaBytes, type VerifiedCda } from './cda-verify.ts';

export interface TrustMaterial {
  roots: Uint8Array[];
  intermediates: Uint8Array[];
  crls: Uint8Array[];
}
export interface VerifyJob {
  id: number;
  trustId: number;
  trust?: TrustMaterial;
  now: string;
  documents: Uint8Array[];
  /** Per document: answer with its signed content too (a professional e-signature is checked over it). */
  keepSignedXml?: boolean[];
}

/** Below this many documents a batch is verified in-process. */
export const POOL_MIN_BATCH = 64;

interface PoolWorker {
  worker: Worker;
  pending: Map<number, { resolve: (r: VerifiedCda[]) => void; reject: (e: Error) => void }>;
  trustIds: Set<number>;
}

const trustIds = new WeakMap<CertificateTrust, { id: number; material: TrustMaterial }>();
let nextTrustId = 1;
let nextJob = 1;

function material(trust: CertificateTrust): { id: number; material: TrustMaterial } {
  let known = trustIds.get(trust);
  if (!known) {
    const raw = (o: { rawData: ArrayBuffer }) => new Uint8Array(o.rawData.slice(0));
    known = {
      id: nextTrustId++,
      material: { roots: trust.roots.map(raw), intermediates: trust.intermediates.map(raw), crls: trust.crls.map(raw) },
    };
    trustIds.set(trust, known);
  }
  return known;
}

export class CdaVerifyPool {
  private workers: PoolWorker[] = [];

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  private start(): PoolWorker {
    const worker = new Worker(new URL('./cda-verify-worker.mjs', import.meta.url));
    const w: PoolWorker = { worker, pending: new Map(), trustIds: new Set() };
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (m: { id: number; results?: VerifiedCda[]; error?: string }) => {
      const p = w.pending.get(m.id);
      if (!p) return;
      w.pending.delete(m.id);
      if (w.pending.size === 0) worker.unref();
      if (m.results) p.resolve(m.results);
      else p.reject(new Error(`CDA verification worker failed: ${m.error}`));
    });
    const fail = (err: Error) => {
      this.workers = this.workers.filter((x) => x !== w);
      for (const p of w.pending.values()) p.reject(err);
      w.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`CDA verification worker exited with code ${code}`)));
    return w;
  }

  private run(w: PoolWorker, trust: CertificateTrust, now: Date, documents: Uint8Array[], keep?: boolean[]): Promise<VerifiedCda[]> {
    const { id: trustId, material: m } = material(trust);
    const job: VerifyJob = {
      id: nextJob++,
      trustId,
      now: now.toISOString(),
      documents,
      ...(keep?.some(Boolean) ? { keepSignedXml: keep } : {}),
      ...(w.trustIds.has(trustId) ? {} : { trust: m }),
    };
    w.trustIds.add(trustId);
    return new Promise((resolve, reject) => {
      w.pending.set(job.id, { resolve, reject });
      w.worker.ref();
      w.worker.postMessage(job);
    });
  }

  /** Verifies `documents` split over the workers; results in input order. */
  async verify(documents: Uint8Array[], trust: CertificateTrust, now: Date, keepSignedXml?: boolean[]): Promise<VerifiedCda[]> {
    while (this.workers.length < this.size) this.workers.push(this.start());
    const chunk = Math.ceil(documents.length / this.workers.length);
    const parts = this.workers.map((w, k) =>
      this.run(w, trust, now, documents.slice(k * chunk, (k + 1) * chunk), keepSignedXml?.slice(k * chunk, (k + 1) * chunk)),
    );
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    const all = this.workers;
    this.workers = [];
    await Promise.all(all.map((w) => w.worker.terminate()));
  }
}

let shared: CdaVerifyPool | undefined;

/**
 * Verifies a batch: in-process when small, otherwise on the shared pool (`workers` from the config's
 * ARKKI_VERIFY_WORKERS, 0 = never; default the core count, at most 4). A pool failure falls back to in-process verification.
 */
export async function verifyCdaBatch(
  documents: Uint8Array[],
  trust: CertificateTrust,
  now: Date,
  workers?: number,
  keepSignedXml?: boolean[],
): Promise<VerifiedCda[]> {
  if (documents.length >= POOL_MIN_BATCH && workers !== 0) {
    shared ??= new CdaVerifyPool(workers);
    try {
      return await shared.verify(documents, trust, now, keepSignedXml);
    } catch {
      // fall through: the documents are verified here instead, and the next batch starts fresh workers
    }
  }
  return Promise.all(documents.map((d, i) => verifyCdaBytes(d, trust, now, { keepSignedXml: keepSignedXml?.[i] === true })));
}
