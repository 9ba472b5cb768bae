// `npm run bench`: ingest, search and summary benchmarks on a throwaway PostgreSQL (or PGlite).
// Results go to bench/results/<name>-<date>.json and the table in bench/README.md. See bench/README.md.
import { clientKey } from '../src/lib/identifiers/client-id.ts';
import { prepareBenchArchive } from './archive.ts';
import { CLIENT_INDEX, clientSource, MAIN_RK, registerKeeperWithUnit } from './dataset.ts';
import { machineInfo, openBenchDatabase } from './environment.ts';
import { options, PHASES } from './options.ts';
import { httpIngest, serviceIngest, type HttpIngestResult, type ServiceIngestResult } from './ingest.ts';
import { cdaIngestBenchmark, type CdaIngestResult } from './ingest-cda.ts';
import { note } from './progress.ts';
import { updateReadme, writeResults, type TargetOutcome } from './results.ts';
import { searchBenchmark, type SearchResult } from './search.ts';
import { summaryBenchmark, type SummaryResult } from './summary.ts';
import { soakBenchmark } from './soak.ts';
import { firstStartBenchmark } from './first-start.ts';
import { renderBenchmark } from './render.ts';
import { nightlyBenchmark } from './nightly.ts';
import { migrationBenchmark } from './migration.ts';
import { signBenchmark } from './sign.ts';
import { readsBenchmark, type ReadsResult } from './reads.ts';
import { peerBenchmark } from './peer.ts';
import { plainPostgresIngest, type PlainPostgresResult } from './plain-postgres.ts';

const SUMMARY_CLIENT_DOCUMENTS = 1_000;

/** 'postgres: PostgreSQL 15.18 (Debian …) on x86_64…' → 'PostgreSQL 15.18'. */
const databaseLabel = (version: string) =>
  (/PostgreSQL [\d.]+/.exec(version)?.[0] ?? version.split(' on ')[0]!).concat(version.startsWith('pglite') ? ' (PGlite)' : '');

/** Writes a phase's results file ({name, times, extra fields, figures: {[phase]: figures}}) and prints it. */
async function reportOwnPhase(name: string, started: Date, phase: string, figures: unknown, extra: Record<string, unknown> = {}) {
  const file = await writeResults(name, {
    name,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    ...extra,
    figures: { [phase]: figures },
  });
  console.log(JSON.stringify(figures, null, 2));
  console.log(`results: ${file}`);
}

async function main() {
  const opts = options();
  const started = new Date();
  if (opts.phases[0] === 'sign') {
    const sign = await signBenchmark({ docs: opts.signDocs, rounds: opts.signRounds });
    const { cpus, loadavg } = await import('node:os');
    await reportOwnPhase(`${opts.quick ? 'quick-' : ''}sign-${started.toISOString().slice(0, 10)}`, started, 'sign', sign, {
      machine: { cpus: { model: cpus()[0]?.model ?? 'unknown', count: cpus().length }, node: process.version },
      loadAverageAtEnd: loadavg().map((x) => Math.round(x * 10) / 10),
    });
    return;
  }
  if (opts.phases[0] === 'migration') {
    const migration = await migrationBenchmark({
      docs: opts.migrationDocs,
      batch: opts.migrationBatch,
      inFlight: opts.workers,
      seed: opts.seed,
    });
    await reportOwnPhase(
      `${opts.quick ? 'quick-' : ''}migration-${opts.migrationDocs}-postgres-${started.toISOString().slice(0, 10)}`,
      started,
      'migration',
      migration,
    );
    return;
  }
  const database = await openBenchDatabase(opts.db, Math.max(10, opts.concurrency + 2));
  for (const n of database.notes) note(`note: ${n}`);
  try {
    if (opts.phases[0] === 'render') {
      const render = await renderBenchmark();
      await reportOwnPhase(`render-${started.toISOString().slice(0, 10)}`, started, 'render', render);
      return;
    }
    if (opts.phases[0] === 'nightly') {
      if (!database.url) throw new Error('the nightly benchmark needs PostgreSQL (two databases: the archive’s and the client system’s)');
      const machine = await machineInfo(database.db);
      const batchSize = opts.batchGiven ? Math.min(opts.batch, 1000) : 100;
      // One full run per build-worker count (fresh databases each), in one bench run: before/after side by side.
      const { availableParallelism } = await import('node:os');
      const counts = opts.buildWorkers ?? [Math.max(1, Math.min(4, availableParallelism() - 1))];
      const runs = [];
      for (const [i, buildWorkers] of counts.entries()) {
        note(`nightly: run ${i + 1}/${counts.length} with ${buildWorkers} build worker(s)`);
        runs.push(await nightlyBenchmark(database.url, { docs: opts.nightlyDocs, batchSize, buildWorkers, tag: `_${i}` }));
      }
      // The target is judged on the last run (the configuration the list ends with).
      const nightly = runs.at(-1)!;
      const outcome: TargetOutcome = {
        measure: 'Nightly batch end to end (lock, render, sign, send, verify, store)',
        target: '≥ 500 documents/s',
        measured: nightly.documentsPerSecond,
        unit: 'documents/s',
        pass: nightly.documentsPerSecond >= 500,
        note: `${nightly.buildWorkers} build worker(s); CPU ms/doc client system ${nightly.cpuMsPerDocument.clientSystem}, archive ${nightly.cpuMsPerDocument.archive}`,
      };
      const date = started.toISOString().slice(0, 10);
      const size = opts.nightlyDocs >= 1000 ? `${Math.round(opts.nightlyDocs / 1000)}k` : String(opts.nightlyDocs);
      const name = `${opts.quick ? 'quick-' : ''}${size}-postgres-nightly-${date}`;
      const load = (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10);
      const file = await writeResults(name, {
        name,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        loadAverageAtEnd: load,
        notes: database.notes,
        targets: [outcome],
        figures: { nightly, ...(runs.length > 1 ? { runs } : {}) },
      });
      if (!opts.quick)
        await updateReadme([outcome], {
          documents: opts.nightlyDocs,
          database: databaseLabel(machine.database),
          file: `${name}.json`,
          date,
        });
      console.log(JSON.stringify(runs, null, 2));
      for (const r of runs)
        console.log(
          `${r.buildWorkers} build worker(s): ${r.documentsPerSecond} docs/s; CPU ms/doc client ${r.cpuMsPerDocument.clientSystem}, archive ${r.cpuMsPerDocument.archive}; load ${r.loadAverage.start[0]} → ${r.loadAverage.end[0]}`,
        );
      console.log(`\n${outcome.pass ? 'PASS' : 'MISS'}  ${outcome.measure}: ${outcome.measured} ${outcome.unit} (${outcome.note})`);
      console.log(`results: ${file}`);
      return;
    }
    const archive = await prepareBenchArchive(database.db);
    const machine = await machineInfo(database.db);
    note(
      `${machine.cpus.count} × ${machine.cpus.model}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.database.split(',')[0]}`,
    );
    if (opts.phases[0] === 'first-start') {
      const first = await firstStartBenchmark(opts.firstStartRuns);
      const outcome: TargetOutcome = {
        measure: 'First npm start (demo, empty data directory): ready',
        target: '≤ 5 s idle',
        measured: first.median.readySeconds,
        unit: 's',
        pass: first.median.readySeconds <= 5,
        note: `demo data all archived after ${first.median.seededSeconds} s, restart ready in ${first.median.restartReadySeconds} s (medians)`,
      };
      const date = started.toISOString().slice(0, 10);
      const name = `${opts.quick ? 'quick-' : ''}first-start-${date}`;
      const load = (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10);
      const file = await writeResults(name, {
        name,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        loadAverageAtEnd: load,
        targets: [outcome],
        figures: { firstStart: first },
      });
      if (!opts.quick) await updateReadme([outcome], { documents: 213, database: 'PGlite', file: `${name}.json`, date });
      console.log(JSON.stringify(first, null, 2));
      console.log(`\n${outcome.pass ? 'PASS' : 'MISS'}  ${outcome.measure}: ${outcome.measured} ${outcome.unit} (${outcome.note})`);
      console.log(`results: ${file}`);
      return;
    }
    if (opts.phases[0] === 'peer') {
      const peer = await peerBenchmark(archive, { docs: opts.peerDocs, payloads: opts.peerPayloads, seed: opts.seed });
      const name = `${opts.quick ? 'quick-' : ''}peer-${opts.peerPayloads}-${database.kind}-${started.toISOString().slice(0, 10)}`;
      await reportOwnPhase(name, started, 'peer', peer, { machine, notes: database.notes });
      return;
    }
    if (opts.phases[0] === 'soak') {
      const soak = await soakBenchmark(archive, opts.soak, database.connect);
      const outcome: TargetOutcome = {
        measure: `Soak: p95 during a log-monitor run ÷ p95 outside (${opts.soak.rate} requests/s)`,
        target: '≤ 2×',
        measured: soak.ratio,
        unit: '×',
        pass: soak.ratio <= 2,
        note: `p95 ${soak.during.p95} ms during, ${soak.outside.p95} ms outside`,
      };
      const date = started.toISOString().slice(0, 10);
      const name = `${opts.quick ? 'quick-' : ''}soak-${database.kind}-${date}`;
      const file = await writeResults(name, {
        name,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        notes: database.notes,
        targets: [outcome],
        figures: { soak },
      });
      const documents = Number((await database.db.query<{ n: number }>('SELECT count(*) AS n FROM document')).rows[0]!.n);
      if (!opts.quick) await updateReadme([outcome], { documents, database: databaseLabel(machine.database), file: `${name}.json`, date });
      console.log(JSON.stringify(soak, null, 2));
      console.log(`\n${outcome.pass ? 'PASS' : 'MISS'}  ${outcome.measure}: ${outcome.measured} ${outcome.unit} (${outcome.note})`);
      console.log(`results: ${file}`);
      return;
    }
    const users = archive.ctx.demoUsers ?? [];

    // The summary client first: ~1,000 client documents in the service tasks of the social worker who reads it.
    const summarySource = clientSource(archive.ctx.codeSets, users, opts.seed + 100, CLIENT_INDEX.summary, {
      registerKeeper: registerKeeperWithUnit('1.2.246.10.9990001.10.102'),
      documentsPerClient: { min: SUMMARY_CLIENT_DOCUMENTS, max: SUMMARY_CLIENT_DOCUMENTS },
    });
    const summaryClient = summarySource.next();
    const load: ServiceIngestResult = await serviceIngest(
      archive,
      clientSource(archive.ctx.codeSets, users, opts.seed, CLIENT_INDEX.load),
      opts.docs,
      [summaryClient.submissions],
      { batchSize: opts.batch, workers: opts.workers },
    );
    await database.db.exec('ANALYZE');

    let search: SearchResult | undefined;
    let summary: SummaryResult | undefined;
    let http: HttpIngestResult | undefined;
    let cda: CdaIngestResult | undefined;
    let reads: ReadsResult | undefined;
    if (opts.phases.includes('search')) {
      search = await searchBenchmark(archive, load.catalogue, { perKind: opts.iterations, seed: opts.seed, explain: opts.explain });
    }
    if (opts.phases.includes('summary')) {
      const key = clientKey(summaryClient.submissions[0]!.metadata.client);
      const documents = summaryClient.submissions.filter((s) => s.metadata.processPhase).length;
      summary = await summaryBenchmark(archive, { key, documents }, opts.iterations);
    }
    if (opts.phases.includes('http')) {
      const source = clientSource(archive.ctx.codeSets, users, opts.seed + 200, CLIENT_INDEX.http, { registerKeeper: MAIN_RK });
      http = await httpIngest(archive, source, opts.httpDocs, {
        concurrency: opts.concurrency,
        warmup: Math.min(200, Math.ceil(opts.httpDocs / 10)),
      });
    }

    if (opts.phases.includes('cda')) {
      cda = await cdaIngestBenchmark(archive, { docs: opts.cdaDocs, batchSize: opts.batch, inFlight: opts.workers, seed: opts.seed });
    }

    if (opts.phases.includes('reads'))
      reads = await readsBenchmark(archive, { requests: opts.readRequests, seed: opts.seed, databaseUrl: database.url });

    // Last, so its copies (under client keys of their own) do not change what the other phases read.
    let plain: PlainPostgresResult | undefined;
    if ((opts.phases.includes('ingest') || opts.phases.includes('cda')) && database.kind === 'postgres')
      plain = await plainPostgresIngest(database.db, {
        docs: Math.min(load.documents, 20_000),
        batchSize: opts.batch,
        inFlight: opts.workers,
      });

    const outcomes: TargetOutcome[] = [];
    if (plain) {
      const share = Math.round((load.docsPerSecond / plain.docsPerSecond) * 100);
      outcomes.push({
        measure: 'Ingest, service layer in batches ÷ plain PostgreSQL doing the same writes (same run)',
        target: '≥ 50 %',
        measured: share,
        unit: '%',
        pass: share >= 50,
        note: `${load.docsPerSecond} against ${plain.docsPerSecond} docs/s`,
      });
    }
    if (opts.phases.includes('ingest') || opts.phases.length === PHASES.length) {
      outcomes.push({
        measure: 'Ingest, service layer in batches',
        target: '≥ 1,000 docs/s',
        measured: load.docsPerSecond,
        unit: 'docs/s',
        pass: load.docsPerSecond >= 1_000,
      });
    }
    if (http)
      outcomes.push({
        measure: `Ingest, HTTP single POSTs, ${http.concurrency} clients`,
        target: '≥ 300 docs/s',
        measured: http.docsPerSecond,
        unit: 'docs/s',
        pass: http.docsPerSecond >= 300,
      });
    if (search) {
      outcomes.push({
        measure: 'Search p95 (searchArchive, query mix)',
        target: '< 20 ms at 1 M docs',
        measured: search.service.all.p95,
        unit: 'ms',
        pass: search.service.all.p95 < 20,
        ...(opts.docs < 1_000_000
          ? { note: `the target is set at 1,000,000 documents; this run has ${opts.docs.toLocaleString('en-US')}` }
          : {}),
      });
    }
    if (cda)
      outcomes.push({
        measure: 'Ingest, signed CDA (verify + parse + XSD + store + log), batches',
        target: '≥ 1,000 docs/s',
        measured: cda.docsPerSecond,
        unit: 'docs/s',
        pass: cda.docsPerSecond >= 1_000,
      });
    if (summary)
      outcomes.push({
        measure: `Summary p95, client with ${summary.clientDocuments} docs`,
        target: '< 50 ms',
        measured: summary.all.p95,
        unit: 'ms',
        pass: summary.all.p95 < 50,
      });

    if (reads)
      for (const kind of ['search', 'read'] as const) {
        const f = reads.figures;
        outcomes.push({
          measure: `${kind === 'search' ? 'Search (client + type, 20 rows)' : 'Read by id'} over HTTP, one at a time: p50 ÷ its SQL's p50`,
          target: '≤ 5×',
          measured: f.after[kind].httpOverSqlP50,
          unit: '×',
          pass: f.after[kind].httpOverSqlP50 <= 5,
          note: `before ${f.before[kind].httpOverSqlP50}× (${f.before[kind].http.p50} ms), after ${f.after[kind].http.p50} ms, SQL ${f.after[kind].sql.p50} ms; load ${reads.loadAverage.end.join(' ')}`,
        });
      }

    const { catalogue, ...loadFigures } = load;
    const date = started.toISOString().slice(0, 10);
    // `--only cda` is named and tabled by its own document count, not by the small service load before it.
    const runDocs = opts.phases.length === 1 && opts.phases[0] === 'cda' ? opts.cdaDocs : opts.docs;
    const size =
      runDocs >= 1_000_000 && runDocs % 1_000_000 === 0
        ? `${runDocs / 1_000_000}m`
        : runDocs % 1000 === 0
          ? `${runDocs / 1000}k`
          : String(runDocs);
    const name = `${opts.quick ? 'quick-' : ''}${size}-${database.kind}${opts.phases.length === 1 ? `-${opts.phases[0]}` : ''}-${date}`;
    const results = {
      name,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      notes: database.notes,
      parameters: {
        ...opts,
        bodyBytes: 20 * 1024,
        documentsPerClient: '1–2,000 client documents, heavy-tailed (Pareto α 1.1), plus clienthood and case documents',
        registerKeepers: '90 % of clients in the first demo register keeper (searched), 10 % in the second',
        summaryClientDocuments: SUMMARY_CLIENT_DOCUMENTS,
        loadedClientsInSearchedRegisterKeeper: catalogue.clients.length,
      },
      targets: outcomes,
      figures: { ingest: loadFigures, plainPostgres: plain, http, search, summary, cda, reads },
    };
    const file = await writeResults(name, results);
    if (!opts.quick)
      await updateReadme(outcomes, { documents: runDocs, database: databaseLabel(machine.database), file: `${name}.json`, date });
    console.log(
      `\n${outcomes.map((o) => `${o.pass ? 'PASS' : 'MISS'}  ${o.measure}: ${o.measured} ${o.unit} (target ${o.target})${o.note ? ` — ${o.note}` : ''}`).join('\n')}`,
    );
    console.log(`results: ${file}`);
  } finally {
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
