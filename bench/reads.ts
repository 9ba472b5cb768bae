import { Worker } from 'node:worker_threads';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Queryable, QueryResult } from '../src/lib/db/db.ts';
import { setFastReads } from '../src/lib/db/pg-statements.ts';
import { DEMO_USER_HEADER } from '../src/archive/auth/demo-authenticator.ts';
import { patientId } from '../src/archive/fhir/patient.ts';
import { buildArchiveApp } from '../src/archive/server.ts';
import { getSetVersions } from '../src/archive/store/document-store.ts';
import { searchDocuments } from '../src/archive/store/search-store.ts';
import { useCasesFor } from '../src/archive/service/use-cases.ts';
import type { BenchArchive } from './archive.ts';
import { MAIN_RK } from './dataset.ts';
import { progress } from './progress.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

// One request at a time (issue 16 item 2): a FHIR search (client + type, 20 rows) and a FHIR read by id over
// HTTP, against the same SQL sent through `pg` with no application in between (the physical limit here).
// Before/after in one run: the old read path (setFastReads(false): BEGIN, every statement and COMMIT their
// own round trips, unnamed statements, usage rows chained in Node) and the new one alternate in blocks, so
// both see the same machine. The service layer alone (no HTTP) is timed too, to show where the time goes.

const PAGE = 20;
const USER = 'archivist-vaasa';
const MODES = ['before', 'after'] as const;
type Mode = (typeof MODES)[number];
type Kind = 'search' | 'read';

interface Figures {
  http: LatencyStats;
  service: LatencyStats;
  sql: LatencyStats;
  /** HTTP p50 ÷ SQL p50 (target ≤ 5); the SQL is timed in both paths' blocks and pooled. */
  httpOverSqlP50: number;
}

export interface ReadsResult {
  requestsPerKindAndMode: number;
  user: string;
  /** Rows a search asks for, and the mean it returned (the pairs searched have a page of documents where the load allows). */
  searchRows: { page: number; mean: number };
  blocks: number;
  figures: Record<Mode, Record<Kind, Figures>>;
  loadAverage: { start: number[]; end: number[] };
}

interface Target {
  url: string;
  run: () => Promise<unknown>;
  sql: { text: string; values: unknown[] };
}

/** Records the statement a store function sends (answering with no rows), so the SQL figure is its SQL. */
async function statementOf(fn: (q: Queryable) => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  const seen: Array<{ text: string; values: unknown[] }> = [];
  const recorder: Queryable = {
    query: async <T>(text: string, values?: unknown[]): Promise<QueryResult<T>> => {
      seen.push({ text, values: values ?? [] });
      return { rows: [], rowCount: 0 };
    },
    exec: async () => undefined,
  };
  await fn(recorder);
  return seen[seen.length - 1]!;
}

// The HTTP client runs in a worker thread, so it does not share the server's event loop: one request at a
// time over the given URLs, answering with the milliseconds of each.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const headers = { accept: 'application/fhir+json', '${DEMO_USER_HEADER}': workerData.user };
parentPort.on('message', async (urls) => {
  const ms = [];
  let failed;
  for (const url of urls) {
    const start = performance.now();
    const response = await fetch(url, { headers });
    const text = await response.text();
    ms.push(performance.now() - start);
    if (response.status !== 200 && failed === undefined) failed = response.status + ' ' + url + ' ' + text.slice(0, 400);
  }
  parentPort.postMessage({ ms, failed });
});
`;

export async function readsBenchmark(
  archive: BenchArchive,
  options: { requests: number; seed: number; databaseUrl?: string },
): Promise<ReadsResult> {
  const loadStart = loadavg().map((x) => Math.round(x * 10) / 10);
  const db = archive.deps.db;
  const identity = archive.user(USER);
  const n = Math.min(options.requests, 500);
  // Client + type pairs with at least a page of current documents, and sets to read, from what was loaded.
  const pairs = (
    await db.query<{ client_key: string; document_type: string }>(
      `SELECT client_key, document_type FROM document WHERE register_keeper_oid = $1 AND status = 'current'
        GROUP BY 1, 2 ORDER BY least(count(*), $2) DESC, md5(client_key || document_type || $3) LIMIT $4`,
      [MAIN_RK.oid, PAGE, String(options.seed), n],
    )
  ).rows;
  const sets = (
    await db.query<{ set_id: string }>(
      `SELECT set_id FROM document WHERE register_keeper_oid = $1 AND status = 'current' ORDER BY md5(set_id || $2) LIMIT $3`,
      [MAIN_RK.oid, String(options.seed), n],
    )
  ).rows;
  if (pairs.length === 0 || sets.length === 0) throw new Error('reads: no documents to search and read: load more documents');

  const app = await buildArchiveApp(archive.ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the archive app did not listen on a TCP port');
  const base = `http://127.0.0.1:${address.port}/fhir/R4`;
  const use = useCasesFor(() => archive.deps, identity);
  const targets: Record<Kind, Target[]> = { search: [], read: [] };
  for (const p of pairs) {
    const criteria = { client: p.client_key, documentType: p.document_type, status: ['current' as const], count: PAGE };
    targets.search.push({
      url: `${base}/DocumentReference?patient=${encodeURIComponent(patientId(p.client_key))}&type=${encodeURIComponent(p.document_type)}&_count=${PAGE}`,
      run: () => use.searchArchive(criteria),
      // The scope the service gives an archivist: every service task, with the page's marks for the log rows.
      sql: await statementOf((q) =>
        searchDocuments(q, { registerKeeperOid: identity.registerKeeperOid, serviceTasks: ['*'], marks: true }, criteria),
      ),
    });
  }
  for (const s of sets) {
    targets.read.push({
      url: `${base}/DocumentReference/${encodeURIComponent(s.set_id)}`,
      run: () => use.readSetVersion(s.set_id),
      sql: await statementOf((q) => getSetVersions(q, s.set_id)),
    });
  }

  const plain = options.databaseUrl ? new pg.Client({ connectionString: options.databaseUrl }) : undefined;
  await plain?.connect();
  const sqlOnce = async (t: Target) => {
    const start = performance.now();
    if (plain) await plain.query(t.sql.text, t.sql.values);
    else await db.query(t.sql.text, t.sql.values);
    return performance.now() - start;
  };
  const worker = new Worker(CLIENT, { eval: true, workerData: { user: identity.userId } });
  const httpBlock = (urls: string[]) =>
    new Promise<number[]>((resolve, reject) => {
      worker.once('message', (m: { ms: number[]; failed?: string }) =>
        m.failed ? reject(new Error(`reads: a request failed: ${m.failed}`)) : resolve(m.ms),
      );
      worker.once('error', reject);
      worker.postMessage(urls);
    });

  type Samples = Record<Kind, { http: number[]; service: number[]; sql: number[] }>;
  const empty = (): Samples => ({ search: { http: [], service: [], sql: [] }, read: { http: [], service: [], sql: [] } });
  const samples: Record<Mode, Samples> = { before: empty(), after: empty() };
  const blockSize = 50;
  const rows = { sum: 0, n: 0 };
  const blocks = Math.ceil(options.requests / blockSize);
  const bar = progress('reads (one request at a time, before/after)', blocks * 2);
  try {
    // Warm-up of both paths: connections, prepared statements, JIT.
    for (const mode of MODES) {
      setFastReads(mode === 'after');
      for (const kind of ['search', 'read'] as const) {
        const warm = targets[kind].slice(0, 30);
        await httpBlock(warm.map((t) => t.url));
        for (const t of warm) {
          await t.run();
          await sqlOnce(t);
        }
      }
    }
    for (let b = 0; b < blocks; b++) {
      for (const mode of b % 2 ? [...MODES].reverse() : MODES) {
        setFastReads(mode === 'after');
        for (const kind of ['search', 'read'] as const) {
          const list = Array.from({ length: blockSize }, (_, i) => targets[kind][(b * blockSize + i) % targets[kind].length]!);
          samples[mode][kind].http.push(...(await httpBlock(list.map((t) => t.url))));
          for (const t of list) {
            let start = performance.now();
            const answer = await t.run();
            samples[mode][kind].service.push(performance.now() - start);
            if (kind === 'search') {
              rows.sum += (answer as { docs: unknown[] }).docs.length;
              rows.n += 1;
            }
            start = performance.now();
            samples[mode][kind].sql.push(await sqlOnce(t));
          }
        }
        bar.update(b * 2 + (mode === 'after' ? 2 : 1));
      }
    }
  } finally {
    setFastReads(true);
    await worker.terminate();
    await plain?.end();
    await app.close();
  }
  const figures = Object.fromEntries(
    MODES.map((m) => [
      m,
      Object.fromEntries(
        (['search', 'read'] as const).map((k) => {
          const s = samples[m][k];
          const http = latencyStats(s.http);
          // The SQL is the same in both paths: its p50 over both paths' blocks is the one limit both are held to.
          const sql = latencyStats([...samples.before[k].sql, ...samples.after[k].sql]);
          return [k, { http, service: latencyStats(s.service), sql, httpOverSqlP50: Math.round((http.p50 / sql.p50) * 10) / 10 }];
        }),
      ),
    ]),
  ) as Record<Mode, Record<Kind, Figures>>;
  bar.done(
    `search ${figures.before.search.httpOverSqlP50}× → ${figures.after.search.httpOverSqlP50}×, read ${figures.before.read.httpOverSqlP50}× → ${figures.after.read.httpOverSqlP50}× (HTTP p50 ÷ SQL p50)`,
  );
  return {
    requestsPerKindAndMode: blocks * blockSize,
    user: USER,
    searchRows: { page: PAGE, mean: Math.round((rows.sum / Math.max(rows.n, 1)) * 10) / 10 },
    blocks,
    figures,
    loadAverage: { start: loadStart, end: loadavg().map((x) => Math.round(x * 10) / 10) },
  };
}
