// The command line of `npm run bench`: which phases run, and their sizes.
import { parseArgs } from 'node:util';
import type { DbKind } from './environment.ts';

export const PHASES = ['ingest', 'http', 'search', 'summary', 'cda', 'reads'] as const;
/** Phases on their own fresh archive, only with --only (they need no bulk load). */
const OWN_PHASES = ['soak', 'first-start', 'render', 'nightly', 'migration', 'sign', 'peer'] as const;
export type Phase = (typeof PHASES)[number] | (typeof OWN_PHASES)[number];

const USAGE = `usage: npm run bench -- [--docs N] [--db postgres|pglite] [--only ingest|http|search|summary] [--quick]
  --docs N          documents archived through the service layer before searching (default 100000)
  --db              postgres (default: a throwaway cluster; PGlite if PostgreSQL is missing) or pglite
  --only PHASE      run one benchmark; the documents are always loaded first (that load is the ingest figure)
  --quick           a smoke run with small sizes (results are not written to bench/README.md)
  --http-docs N     documents POSTed over HTTP (default 6000)        --concurrency N  HTTP clients (default 8)
  --batch N         submissions per storeDocuments call (default 500) --workers N      batches in flight (default 2)
  --iterations N    search queries per kind and role, summaries per role (default 100)
  --cda-docs N      signed CDA documents ingested in the cda phase (default 10000; batches of --batch, --workers in flight)
  --only reads      one FHIR search (client + type, 20 rows) and one read by id at a time over HTTP against the same SQL
                    through pg, the old and the new read path alternating in blocks (--read-requests N per kind and path, default 1000)
  --only peer       a standard FHIR client's workload (bench/fhir-peer-client.mjs: POST Binary + DocumentReference, search
                    DocumentReference?patient=…&type=…, read by id) with 4 and 16 clients on a fresh archive (--peer-docs N
                    documents per client count, default 2000; --peer-payloads signed-cda (default, what arkki accepts) or fhir-json)
  --explain         record EXPLAIN ANALYZE of the slowest search of each kind in the results
  --seed N          data and query seed (default 1)
  --only soak       HTTP reads at --rate requests/s (default 40) on the demo data with --soak-clients clients per register
                    keeper (default 40) while the log monitor runs --soak-runs times (default 2), each after
                    --soak-build-up seconds of load (default 120): p95 during a run against p95 outside
  --only nightly   the client system's nightly batch end to end (--nightly-docs N, default 50000; --batch items per archive batch,
                   default 100): lock + queue, render, sign, send; the archive (own process) verifies and stores;
                   --build-workers N[,M…] the client system's build threads, one full run per value in one bench run
                   (default: the client system's default, the cores but one); 0 = rendering and signing in its main thread
  --only migration  arkki migrate run (own process) into the archive (own process) on PostgreSQL: --migration-docs rows
                    (default 20000; --batch default 250 here, --workers batches in flight), peak RSS and CPU of each, conversion files/s
  --only sign      CPU ms per document of build CDA, sign, verify, header rules and XSD, before/after in one run
                   (--sign-docs N, default 300; --rounds N, default 5; no database)
  --only render    XHTML and PDF rendering of every national structure from sample content, ms per document
  --only first-start  npm start on an empty data directory --runs times (default 3): until ready, until the
                    demo data is in, and a restart`;

/** The bench command line (npm run bench -- …), validated; --help prints USAGE and exits. */
export function options() {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string' },
      db: { type: 'string', default: 'postgres' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'http-docs': { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      batch: { type: 'string', default: '500' },
      workers: { type: 'string', default: '2' },
      iterations: { type: 'string' },
      explain: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'cda-docs': { type: 'string' },
      rate: { type: 'string' },
      'soak-clients': { type: 'string' },
      'soak-runs': { type: 'string' },
      'soak-build-up': { type: 'string' },
      runs: { type: 'string' },
      'nightly-docs': { type: 'string' },
      'build-workers': { type: 'string' },
      'migration-docs': { type: 'string' },
      'sign-docs': { type: 'string' },
      rounds: { type: 'string' },
      'read-requests': { type: 'string' },
      'peer-docs': { type: 'string' },
      'peer-payloads': { type: 'string', default: 'signed-cda' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min = 1) => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got '${raw}'\n${USAGE}`);
    return n;
  };
  if (values.db !== 'postgres' && values.db !== 'pglite') throw new Error(`--db must be postgres or pglite\n${USAGE}`);
  const known: readonly string[] = [...PHASES, ...OWN_PHASES];
  if (values.only !== undefined && !known.includes(values.only)) throw new Error(`--only must be one of ${known.join(', ')}\n${USAGE}`);
  const quick = values.quick;
  if (values['peer-payloads'] !== 'signed-cda' && values['peer-payloads'] !== 'fhir-json')
    throw new Error(`--peer-payloads must be signed-cda or fhir-json\n${USAGE}`);
  return {
    docs: int('docs', values.docs, quick ? 5_000 : 100_000, 1_100),
    db: values.db as DbKind,
    phases: values.only ? [values.only as Phase] : [...PHASES],
    quick,
    httpDocs: int('http-docs', values['http-docs'], quick ? 300 : 6_000),
    concurrency: int('concurrency', values.concurrency, 8),
    batch: int('batch', values.batch, 500),
    workers: int('workers', values.workers, 2),
    iterations: int('iterations', values.iterations, quick ? 10 : 100),
    explain: values.explain,
    seed: int('seed', values.seed, 1, 0),
    cdaDocs: int('cda-docs', values['cda-docs'], quick ? 1_000 : 10_000),
    nightlyDocs: int('nightly-docs', values['nightly-docs'], quick ? 1_000 : 50_000),
    buildWorkers: values['build-workers']?.split(',').map((w) => int('build-workers', w.trim(), 0, 0)),
    batchGiven: values.batch !== '500',
    firstStartRuns: int('runs', values.runs, quick ? 1 : 3),
    migrationDocs: int('migration-docs', values['migration-docs'], quick ? 1_000 : 20_000),
    signDocs: int('sign-docs', values['sign-docs'], quick ? 50 : 300),
    signRounds: int('rounds', values.rounds, quick ? 2 : 5),
    readRequests: int('read-requests', values['read-requests'], quick ? 100 : 1_000),
    peerDocs: int('peer-docs', values['peer-docs'], quick ? 200 : 2_000),
    peerPayloads: values['peer-payloads'] as 'signed-cda' | 'fhir-json',
    migrationBatch: values.batch === '500' ? 250 : int('batch', values.batch, 250),
    soak: {
      rate: int('rate', values.rate, 40),
      clients: int('soak-clients', values['soak-clients'], quick ? 15 : 40),
      runs: int('soak-runs', values['soak-runs'], quick ? 1 : 2),
      buildUpSeconds: int('soak-build-up', values['soak-build-up'], quick ? 30 : 120),
      concurrency: int('concurrency', values.concurrency, 8),
    },
  };
}
