import { summariseClient } from '../src/archive/service/summarise-client.ts';
import type { BenchArchive } from './archive.ts';
import { progress } from './progress.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

// The client data summary (kooste) of one client with ~1,000 documents, as an archivist (all service tasks)
// and as a social worker (the role's service tasks), through summariseClient with its usage-log row.

export const SUMMARY_ROLES = { archivist: 'archivist-vaasa', 'social-worker': 'sw-vaasa-ls' } as const;

export interface SummaryResult {
  clientDocuments: number;
  iterations: number;
  all: LatencyStats;
  byRole: Record<keyof typeof SUMMARY_ROLES, LatencyStats>;
  shape: { serviceTasks: number; phases: number; cases: number };
}

export async function summaryBenchmark(
  archive: BenchArchive,
  client: { key: string; documents: number },
  iterations: number,
): Promise<SummaryResult> {
  const archivist = archive.user(SUMMARY_ROLES.archivist);
  const worker = archive.user(SUMMARY_ROLES['social-worker']);
  const first = await summariseClient(archive.deps, archivist, client.key);
  const shape = {
    serviceTasks: first.serviceTasks.length,
    phases: first.serviceTasks.reduce((n, t) => n + t.phases.length, 0),
    cases: first.serviceTasks.reduce((n, t) => n + t.cases.length, 0),
  };
  for (let i = 0; i < 10; i++) await summariseClient(archive.deps, i % 2 ? worker : archivist, client.key);
  const bar = progress('summary', iterations * 2);
  const ms = { archivist: [] as number[], 'social-worker': [] as number[] };
  for (let i = 0; i < iterations * 2; i++) {
    const role = i % 2 === 0 ? 'archivist' : 'social-worker';
    const start = performance.now();
    await summariseClient(archive.deps, role === 'archivist' ? archivist : worker, client.key);
    ms[role].push(performance.now() - start);
    bar.update(i + 1);
  }
  const all = latencyStats([...ms.archivist, ...ms['social-worker']]);
  bar.done(`client with ${client.documents} documents: p50 ${all.p50} ms, p95 ${all.p95} ms`);
  return {
    clientDocuments: client.documents,
    iterations: iterations * 2,
    all,
    byRole: { archivist: latencyStats(ms.archivist), 'social-worker': latencyStats(ms['social-worker']) },
    shape,
  };
}
