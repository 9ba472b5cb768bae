// Builds the signed CDA of load queue items (render PDF, write CDA, sign: ~12 ms of CPU a document, most
// of the client system's share of the nightly batch) on worker threads, so building uses the cores the
// main thread's claim/send/record does not. With 0 workers it builds in the calling thread.
import { Worker } from 'node:worker_threads';
import type { CodeSets, CodeSetVersion } from '../../lib/codes/code-sets.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { SigningKey } from '../../lib/xml/xml-signature.ts';
import { buildSignedCda } from './build-submission.ts';

export interface BuildInput {
  metadata: DocumentMetadata;
  content?: Record<string, unknown>;
}

/** What a worker starts with (structured-cloned). */
export interface BuildWorkerData {
  codeSets: CodeSetVersion[];
  systemKey: SigningKey;
}
export interface BuildRequest {
  id: number;
  items: BuildInput[];
}
export type BuildResponse = { id: number; payloads: string[] } | { id: number; error: string };

export interface BuildPool {
  readonly workers: number;
  /** The signed CDA of each item, in order. */
  build(items: readonly BuildInput[]): Promise<string[]>;
  close(): Promise<void>;
}

export interface BuildPoolOptions {
  workers: number;
  codeSets: CodeSets;
  /** The system signing certificate's key, certificate and chain. */
  systemKey: SigningKey;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (p: string[]) => void; reject: (e: Error) => void }>;
}

export function createBuildPool(o: BuildPoolOptions): BuildPool {
  if (o.workers === 0) {
    // One key object for the process: signEnveloped prepares its signer once.
    const builder = { codeSets: o.codeSets, systemKey: o.systemKey };
    return {
      workers: 0,
      async build(items) {
        const out: string[] = [];
        for (const i of items) out.push(await buildSignedCda(builder, i.metadata, i.content));
        return out;
      },
      async close() {},
    };
  }
  const data: BuildWorkerData = {
    codeSets: o.codeSets.ids().map((id) => o.codeSets.get(id)!),
    systemKey: {
      certificatePem: o.systemKey.certificatePem,
      privateKeyPem: o.systemKey.privateKeyPem,
      ...(o.systemKey.chainPem ? { chainPem: o.systemKey.chainPem } : {}),
    },
  };
  let closing = false;
  let nextId = 0;

  function spawn(): Slot {
    const slot: Slot = { worker: new Worker(new URL('./build-worker.mjs', import.meta.url), { workerData: data }), pending: new Map() };
    slot.worker.on('message', (m: BuildResponse) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(`building a submission failed: ${m.error}`));
      else p.resolve(m.payloads);
    });
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      fail(new Error(`a build worker ended (exit code ${code})`));
      // Replaced, so one failing document does not take the pool's capacity with it.
      if (!closing) slots[slots.indexOf(slot)] = spawn();
    });
    return slot;
  }
  // Started on the first build: a client system that never sends (most tests) starts no thread.
  let slots: Slot[] = [];

  function run(slot: Slot, items: BuildInput[]): Promise<string[]> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, items } satisfies BuildRequest);
    });
  }

  return {
    workers: o.workers,
    async build(items) {
      if (items.length === 0) return [];
      if (closing) throw new Error('the build pool is closed');
      if (slots.length === 0) slots = Array.from({ length: o.workers }, spawn);
      // Each worker its share: the least busy first, so two batches in flight spread over all of them.
      const order = [...slots].sort((a, b) => a.pending.size - b.pending.size);
      const share = Math.ceil(items.length / order.length);
      const parts: Promise<string[]>[] = [];
      for (let i = 0, w = 0; i < items.length; i += share, w++) parts.push(run(order[w]!, items.slice(i, i + share)));
      return (await Promise.all(parts)).flat();
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
