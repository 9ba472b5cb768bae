// Resident xmllint workers (xsd-worker.cjs): the wasm module is compiled once per worker instead of once per
// validation, and a large batch is split over the workers so the XSD runs on every core while the thread
// that called it goes on (storing the previous batch, serving requests).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface XmllintRun {
  inputFiles: { fileName: string; contents: string | Uint8Array }[];
  args: string[];
  initialMemory: number;
  maxMemory: number;
}
export interface XmllintExit {
  exitCode: number;
  stderr: string;
}

interface Resident {
  worker: Worker;
  pending: Map<number, { resolve: (r: XmllintExit) => void; reject: (e: Error) => void }>;
}

let nextId = 1;

class XmllintPool {
  private workers: Resident[] = [];
  private turn = 0;

  constructor(readonly size: number) {}

  private start(): Resident {
    const worker = new Worker(new URL('./xsd-worker.cjs', import.meta.url));
    const r: Resident = { worker, pending: new Map() };
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (m: { arkkiXsd?: boolean; id: number } & XmllintExit) => {
      if (m?.arkkiXsd !== true) return;
      const p = r.pending.get(m.id);
      if (!p) return;
      r.pending.delete(m.id);
      if (r.pending.size === 0) worker.unref();
      p.resolve({ exitCode: m.exitCode, stderr: m.stderr });
    });
    const fail = (err: Error) => {
      const k = this.workers.indexOf(r);
      if (k >= 0) delete this.workers[k];
      for (const p of r.pending.values()) p.reject(err);
      r.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`xmllint worker exited with code ${code}`)));
    return r;
  }

  /** Runs on the next worker in turn (runs queue in a worker; each worker is one thread). */
  run(job: XmllintRun): Promise<XmllintExit> {
    // Started on first use: a worker that never ran a job could keep the process alive (seen on Node 20).
    const k = this.turn++ % this.size;
    const r = this.workers[k] ?? (this.workers[k] = this.start());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      r.pending.set(id, { resolve, reject });
      r.worker.ref();
      r.worker.postMessage({ arkkiXsd: true, id, ...job });
    });
  }

  async close(): Promise<void> {
    const all = this.workers;
    this.workers = [];
    await Promise.all(all.filter(Boolean).map((r) => r.worker.terminate()));
  }
}

let shared: XmllintPool | undefined;
let configuredSize: number | undefined;

/** Sets the size of the shared pool (a system's config, e.g. ARKKI_XSD_WORKERS) before its first use. */
export function configureXmllintPool(size: number | undefined): void {
  configuredSize = size;
}

/** The shared pool: one worker per core, at most 4, unless configured. */
export function xmllintPool(): XmllintPool {
  shared ??= new XmllintPool(configuredSize ?? Math.max(1, Math.min(4, availableParallelism())));
  return shared;
}

/** Stops the shared workers (tests, shutdown); the next run starts new ones. */
export async function closeXmllintPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
