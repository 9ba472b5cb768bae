import { Worker } from 'node:worker_threads';
import type { Db } from '../src/lib/db/db.ts';
import { DEMO_USER_HEADER } from '../src/archive/auth/demo-authenticator.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki } from '../src/archive/auth/demo-pki.ts';
import { seedDemo } from '../src/archive/demo/seed.ts';
import { loadTrust } from '../src/lib/pki/index.ts';
import { buildArchiveApp } from '../src/archive/server.ts';
import { runLogMonitor, type MonitorRunResult } from '../src/archive/service/log-monitoring.ts';
import type { BenchArchive } from './archive.ts';
import { note } from './progress.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

// Soak: professionals' reads at a steady rate over HTTP (a worker thread, so the load generator does not
// share the server's event loop) while the in-process log monitor runs now and then, as the server's timer
// runs it. The figure is p95 of requests started during a monitor run against p95 of requests started
// outside any run (issue 13: the monitor must never starve the archive; target ≤ 2×).

export interface SoakOptions {
  /** Seconds of load before the first monitor run: the rows that run has to evaluate. */
  buildUpSeconds: number;
  /** Monitor runs, each after `buildUpSeconds` more of load. */
  runs: number;
  /** Requests per second the load generator aims at (open loop, at most `concurrency` in flight). */
  rate: number;
  concurrency: number;
  /** Demo clients per register keeper (more clients = mass-access alerts with more rows). */
  clients: number;
}

export interface SoakResult {
  options: SoakOptions;
  requests: number;
  statuses: Record<string, number>;
  outside: LatencyStats;
  during: LatencyStats;
  /** p95 during a run / p95 outside. */
  ratio: number;
  throughputPerMinute: { outside: number; during: number };
  monitorRuns: Array<{ seconds: number; rowsEvaluated: number; batches: number; raised: number; extended: number }>;
  rssMiB: { before: number; peak: number };
  seedSeconds: number;
}

interface Sample {
  start: number;
  ms: number;
  status: number;
}

// Plain JavaScript for the worker thread: requests from the list in turn, started every 1/rate s
// (skipped when `concurrency` are already in flight, which counts as a stall), until told to stop.
const LOADER = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, requests, rate, concurrency, header } = workerData;
const samples = [];
let inFlight = 0, next = 0, stopped = false, skipped = 0;
const origin = performance.timeOrigin;
parentPort.on('message', (m) => { if (m === 'stop') stopped = true; });
function fire() {
  if (inFlight >= concurrency) { skipped++; return; }
  const r = requests[next++ % requests.length];
  inFlight++;
  const start = performance.now();
  fetch(base + r.path, { headers: { [header]: r.user, accept: 'application/fhir+json' } })
    .then(async (res) => { await res.arrayBuffer(); return res.status; }, () => 0)
    .then((status) => { samples.push({ start: origin + start, ms: performance.now() - start, status }); inFlight--; });
}
const interval = 1000 / rate;
let due = performance.now();
(function loop() {
  if (stopped) {
    const wait = () => (inFlight > 0 ? setTimeout(wait, 20) : parentPort.postMessage({ samples, skipped }));
    return wait();
  }
  const now = performance.now();
  while (due <= now) { fire(); due += interval; }
  setTimeout(loop, Math.max(1, due - performance.now()));
})();
`;

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The request mix: professionals and archivists reading documents and searching by client. */
async function requestMix(archive: BenchArchive): Promise<Array<{ user: string; path: string }>> {
  const db = archive.ctx.db;
  const docs = await db.query<{ register_keeper_oid: string; set_id: string; client_key: string; service_task: string }>(
    `SELECT register_keeper_oid, set_id, client_key, service_task FROM document WHERE status = 'current' ORDER BY set_id`,
  );
  const readers = ['archivist-vaasa', 'archivist-eksote', 'sw-vaasa-ls', 'sw-vaasa-aikuiset', 'sw-eksote-aikuiset'].map((id) =>
    archive.user(id),
  );
  const mix: Array<{ user: string; path: string }> = [];
  for (const [i, d] of docs.rows.entries()) {
    const reader = readers.filter(
      (u) => u.registerKeeperOid === d.register_keeper_oid && (u.serviceTasks.includes('*') || u.serviceTasks.includes(d.service_task)),
    );
    const u = reader[i % reader.length];
    if (!u) continue;
    mix.push({ user: u.userId, path: `/fhir/R4/DocumentReference/${encodeURIComponent(d.set_id)}` });
    if (i % 3 === 0)
      mix.push({
        user: u.userId,
        path: `/fhir/R4/DocumentReference?patient.identifier=${encodeURIComponent(`urn:oid:1.2.246.21|${d.client_key}`)}&_count=10`,
      });
  }
  // A fixed shuffle, so every user's reads spread over their clients the same way in every run.
  let s = 7;
  for (let i = mix.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [mix[i], mix[j]] = [mix[j]!, mix[i]!];
  }
  return mix;
}

export async function soakBenchmark(
  archive: BenchArchive,
  options: SoakOptions,
  /** A pool of its own for the monitor, as the server opens on PostgreSQL (bootstrap.ts). */
  connect?: (poolSize: number) => Promise<Db>,
): Promise<SoakResult> {
  const seedStart = performance.now();
  // The demo documents go in system-signed, as everything does: a demo PKI of the soak's own.
  const pkiDir = await mkdtemp(join(tmpdir(), 'arkki-soak-pki-'));
  await ensureDemoPki(pkiDir, archive.ctx.demoUsers ?? []);
  const trust = await loadTrust(pkiDir);
  archive.ctx.signatureTrust = () => trust;
  await seedDemo({ ...archive.deps, signatureTrust: () => trust }, archive.ctx.demoUsers ?? [], options.clients, pkiDir);
  await rm(pkiDir, { recursive: true, force: true });
  const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
  const requests = await requestMix(archive);
  note(`soak: ${requests.length} distinct requests over the demo data (${options.clients} clients per register keeper)`);
  const app = await buildArchiveApp(archive.ctx, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const rssTimer = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 200);
  const worker = new Worker(LOADER, {
    eval: true,
    workerData: {
      base: `http://127.0.0.1:${port}`,
      requests,
      rate: options.rate,
      concurrency: options.concurrency,
      header: DEMO_USER_HEADER,
    },
  });
  const done = new Promise<{ samples: Sample[]; skipped: number }>((resolve, reject) => {
    worker.on('message', resolve);
    worker.on('error', reject);
  });
  const monitorDb = connect ? await connect(1) : archive.deps.db;
  const monitorDeps = { ...archive.deps, db: monitorDb };
  const runs: Array<{ from: number; to: number; result: MonitorRunResult[] }> = [];
  const warmupEnd = performance.timeOrigin + performance.now() + 10_000;
  try {
    for (let r = 0; r < options.runs; r++) {
      note(`soak: ${options.buildUpSeconds} s of load at ${options.rate} requests/s before monitor run ${r + 1}/${options.runs}`);
      await sleep(options.buildUpSeconds * 1000);
      const from = performance.timeOrigin + performance.now();
      const result = await runLogMonitor(monitorDeps);
      const to = performance.timeOrigin + performance.now();
      runs.push({ from, to, result });
      note(
        `soak: monitor run ${r + 1} took ${((to - from) / 1000).toFixed(1)} s over ${result.reduce((s, x) => s + x.rowsEvaluated, 0)} rows`,
      );
    }
    await sleep(Math.min(30, options.buildUpSeconds) * 1000);
  } finally {
    worker.postMessage('stop');
  }
  const { samples, skipped } = await done;
  await worker.terminate();
  clearInterval(rssTimer);
  await app.close();
  if (monitorDb !== archive.deps.db) await monitorDb.close();
  const inRun = (t: number) => runs.some((r) => t >= r.from && t <= r.to);
  const measured = samples.filter((s) => s.start >= warmupEnd);
  const during = measured.filter((s) => inRun(s.start));
  const outside = measured.filter((s) => !inRun(s.start));
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  if (skipped > 0) statuses.skipped = skipped;
  const runMs = runs.reduce((s, r) => s + (r.to - r.from), 0);
  const lastEnd = Math.max(...measured.map((s) => s.start + s.ms));
  const outsideMs = lastEnd - warmupEnd - runMs;
  const finishedInRun = measured.filter((s) => inRun(s.start + s.ms)).length;
  const outsideStats = latencyStats(outside.map((s) => s.ms));
  const duringStats = latencyStats(during.map((s) => s.ms));
  return {
    options,
    requests: samples.length,
    statuses,
    outside: outsideStats,
    during: duringStats,
    ratio: Math.round((duringStats.p95 / outsideStats.p95) * 100) / 100,
    throughputPerMinute: {
      // Completed requests per minute of each kind of time: a stall shows as a drop here.
      outside: Math.round((measured.length - finishedInRun) / (outsideMs / 60_000)),
      during: Math.round(finishedInRun / (runMs / 60_000)),
    },
    monitorRuns: runs.map((r) => ({
      seconds: Math.round((r.to - r.from) / 100) / 10,
      rowsEvaluated: r.result.reduce((s, x) => s + x.rowsEvaluated, 0),
      batches: r.result.reduce((s, x) => s + x.batches, 0),
      raised: r.result.reduce((s, x) => s + x.raised, 0),
      extended: r.result.reduce((s, x) => s + x.extended, 0),
    })),
    rssMiB: { before: mib(rssBefore), peak: mib(rssPeak) },
    seedSeconds,
  };
}
