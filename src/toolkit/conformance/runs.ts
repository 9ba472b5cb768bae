// Conformance runs started from the toolkit page: each is a harness in front of the configured test archive,
// kept in memory until it is finished (its report then stays, the proxy is closed). Runs are not stored: a
// run is a test session of minutes, and its files (JSON, HTML, PDF) are what a vendor keeps.
import { randomUUID } from 'node:crypto';
import type { CertificateTrust } from '../../lib/pki/index.ts';
import { type Harness, startHarness } from './harness.ts';
import type { KnownUser } from './recording.ts';
import type { ConformanceReport } from './report.ts';

export interface ConformanceRun {
  id: string;
  system: string;
  started: Date;
  /** The FHIR base the vendor points its system at, while the run is open. */
  fhirBase?: string;
  /** The report of a finished run. */
  report?: ConformanceReport;
}

export interface ConformanceRuns {
  list(): ConformanceRun[];
  get(id: string): ConformanceRun | undefined;
  start(system: string): Promise<ConformanceRun>;
  /** The report so far of an open run, or the final one of a finished run. */
  report(id: string): Promise<ConformanceReport | undefined>;
  finish(id: string): Promise<ConformanceRun | undefined>;
  close(): Promise<void>;
}

export interface ConformanceRunsOptions {
  archive: string;
  /** Read at each run's start (so a run sees the test PKI's current CRLs). */
  trust: () => CertificateTrust | Promise<CertificateTrust>;
  /** Where the proxies listen (default 127.0.0.1, a free port each). */
  host?: string;
  users?: readonly KnownUser[];
  now?: () => Date;
  /** At most this many runs kept (oldest finished ones are dropped first). */
  keep?: number;
}

export function conformanceRuns(options: ConformanceRunsOptions): ConformanceRuns {
  const runs = new Map<string, { run: ConformanceRun; harness?: Harness }>();
  const now = options.now ?? (() => new Date());
  const keep = options.keep ?? 20;
  const prune = () => {
    const finished = [...runs.values()].filter((r) => !r.harness).sort((a, b) => a.run.started.getTime() - b.run.started.getTime());
    while (runs.size > keep && finished.length > 0) runs.delete(finished.shift()!.run.id);
  };
  return {
    list: () => [...runs.values()].map((r) => r.run).sort((a, b) => b.started.getTime() - a.started.getTime()),
    get: (id) => runs.get(id)?.run,
    async start(system) {
      const harness = await startHarness({
        archive: options.archive,
        trust: await options.trust(),
        system,
        ...(options.host ? { host: options.host } : {}),
        ...(options.users ? { users: options.users } : {}),
        now,
      });
      const run: ConformanceRun = { id: randomUUID(), system, started: now(), fhirBase: harness.fhirBase };
      runs.set(run.id, { run, harness });
      prune();
      return run;
    },
    async report(id) {
      const r = runs.get(id);
      if (!r) return undefined;
      return r.harness ? r.harness.report() : r.run.report;
    },
    async finish(id) {
      const r = runs.get(id);
      if (!r) return undefined;
      if (r.harness) {
        r.run.report = await r.harness.report();
        await r.harness.close();
        r.harness = undefined;
        delete r.run.fhirBase;
      }
      return r.run;
    },
    async close() {
      for (const r of runs.values()) await r.harness?.close();
    },
  };
}
