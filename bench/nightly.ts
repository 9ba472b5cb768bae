// The nightly batch (yöajo) end to end: N finished documents of the reference client system whose
// completion time has passed are locked and queued by the nightly batch, rendered (phase I PDF), written
// as CDA R2, signed with the system certificate and sent in batches; the archive (its own process)
// verifies each signature and stores it. Measured from the start of the nightly batch to the last
// document archived; CPU of the client system (this process) and of the archive process separately.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadClientConfig } from '../src/client/config.ts';
import { oidMinter } from '../src/client/service/oid-minter.ts';
import { startClientSystem } from '../src/client/start.ts';
import { statusCounts } from '../src/client/store/queue-store.ts';
import { createArchiveApi } from '../src/lib/archive-api/index.ts';
import { generateCda } from '../src/lib/cda/cda-header.ts';
import { openDatabase } from '../src/lib/db/open.ts';
import { makeHetu } from '../src/lib/identifiers/hetu.ts';
import { createTestPki, issueSystemCertificate, issueSystemSigningCertificate } from '../src/lib/pki/index.ts';
import { renderPdf } from '../src/lib/render/render-pdf.ts';
import { signEnveloped } from '../src/lib/xml/xml-signature.ts';
import { note } from './progress.ts';

export interface NightlyResult {
  documents: number;
  clients: number;
  batchSize: number;
  /** Build worker threads of the client system (0: rendering and signing in its main thread). */
  buildWorkers: number;
  wallSeconds: number;
  documentsPerSecond: number;
  /** Of the wall time: the nightly batch locking and queueing, then the drain. */
  nightlySeconds: number;
  drainSeconds: number;
  cpuSeconds: { clientSystem: number; archive: number };
  cpuShare: { clientSystem: number; archive: number };
  /** CPU ms per document of each system over the measured part; their sum bounds docs/s by the cores. */
  cpuMsPerDocument: { clientSystem: number; archive: number; total: number };
  loadAverage: { start: number[]; end: number[] };
  /** CPU ms per document of the client system's build steps, on a sample of 100 documents. */
  buildMsPerDocument: { renderPdf: number; cda: number; sign: number };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function ask<T>(child: ChildProcess, type: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    child.send({ type });
  });
}

export async function nightlyBenchmark(
  adminUrl: string,
  options: { docs: number; batchSize: number; buildWorkers: number; tag?: string },
): Promise<NightlyResult> {
  const dir = await mkdtemp(join(tmpdir(), 'arkki-bench-nightly-'));
  const perClient = 100;
  const clients = Math.ceil(options.docs / perClient);
  let archiveProcess: ChildProcess | undefined;
  try {
    const pki = await createTestPki(join(dir, 'pki'), { name: 'arkki nightly bench' });
    const rk = '1.2.246.10.9990001.10.1';
    const cert = await issueSystemCertificate(pki, { organisationOid: rk, profile: 'connected', name: 'Bench ATJ' });
    // The system signature is made with the signing certificate; the archive refuses one made with the TLS certificate.
    const signing = await issueSystemSigningCertificate(pki, { organisationOid: rk, profile: 'connected', name: 'Bench ATJ signing' });
    const files = {
      cert: join(dir, 'cs.cert.pem'),
      key: join(dir, 'cs.key.pem'),
      signingCert: join(dir, 'cs-signing.cert.pem'),
      signingKey: join(dir, 'cs-signing.key.pem'),
      chain: join(dir, 'chain.pem'),
    };
    await writeFile(files.cert, cert.certPem);
    await writeFile(files.key, cert.keyPem);
    await writeFile(files.signingCert, signing.certPem);
    await writeFile(files.signingKey, signing.keyPem);
    await writeFile(files.chain, pki.intermediate.toString('pem'));

    const archiveUrl = await createDatabase(adminUrl, `nightly_archive${options.tag ?? ''}`);
    const clientUrl = await createDatabase(adminUrl, `nightly_client${options.tag ?? ''}`);
    archiveProcess = fork(new URL('./nightly-archive.ts', import.meta.url).pathname, [], {
      // ARKKI_BENCH_CPU_PROF=<dir>: a V8 CPU profile of the archive process (where its share goes).
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.ARKKI_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ARKKI_BENCH_CPU_PROF}`] : []),
      ],
      env: { ...process.env, BENCH_ARCHIVE_DATABASE_URL: archiveUrl, BENCH_PKI_DIR: pki.dir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const base = await new Promise<string>((resolve, reject) => {
      archiveProcess!.once('exit', (code) => reject(new Error(`the archive process ended (${code})`)));
      archiveProcess!.on('message', (m: { ready?: string }) => m.ready && resolve(m.ready));
    });
    note(`nightly: archive process listening at ${base}`);

    const config = loadClientConfig({
      ARKKI_MODE: 'demo',
      CLIENT_DATABASE_URL: clientUrl,
      ARKKI_CLIENT_ARCHIVE_URL: `${base}/fhir/R4`,
      ARKKI_CLIENT_SYSTEM_CERT: files.cert,
      ARKKI_CLIENT_SYSTEM_KEY: files.key,
      ARKKI_CLIENT_SIGNING_CERT: files.signingCert,
      ARKKI_CLIENT_SIGNING_KEY: files.signingKey,
      ARKKI_CLIENT_CA_CHAIN: files.chain,
      ARKKI_CLIENT_QUEUE_BATCH: String(options.batchSize),
      ARKKI_CLIENT_BUILD_WORKERS: String(options.buildWorkers),
    });
    const api = createArchiveApi({
      baseUrl: config.archiveUrl,
      identity: { kind: 'demo-user', userId: config.archiveDemoUser },
      timeouts: { connectMs: 10_000, requestMs: 600_000 },
    });
    const db = await openDatabase({ url: clientUrl, poolSize: 4 });
    const cs = await startClientSystem({ config, db, archive: api, worker: false });
    try {
      // Not measured: the clients, their clienthoods and cases (archived first), and the finished documents.
      const unit = '1.2.246.10.9990001.10.101';
      const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString();
      const newOid = oidMinter(`${rk}.78`);
      const author = { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' };
      const choices = {
        socialServices: ['94'],
        publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
        retentionRule: 'sh-12y',
        citizenVisible: { visible: true },
      };
      let made = 0;
      for (let c = 0; c < clients; c++) {
        const ref = await cs.service.recordClient(
          { kind: 'hetu', value: makeHetu(`19${String(50 + (c % 50)).padStart(2, '0')}-01-01`, 900 + Math.floor(c / 50)) },
          { familyName: 'Yöajo', givenNames: `Asiakas ${c}`, turvakielto: false },
        );
        const open = { serviceTask: '10', serviceUnit: unit, start: '2026-01-02' };
        await cs.service.openClienthood(ref, { level: 'social-welfare', ...open });
        await cs.service.openClienthood(ref, { level: 'service-task', ...open });
        const kase = await cs.service.openCase(ref, { name: 'Perhetyö', serviceTask: '10', serviceUnit: unit, opened: '2026-01-02' });
        const n = Math.min(perClient, options.docs - made);
        const ids = Array.from({ length: n }, () => [newOid('document'), newOid('set')] as const);
        await db.query(
          `INSERT INTO client_document (register_keeper_oid, client_key, document_id, set_id, version, case_id, process_phase,
             document_type, title, content, language, author, state, created, completed, choices)
           SELECT $1, $2, d, s, 1, $3, 'toteutus', '1001', 'Muistio ' || ord, jsonb_build_object('teksti', 'Tapaaminen ' || ord),
             'fi', $4::jsonb, 'finished', $5, $5, $6::jsonb
           FROM unnest($7::text[], $8::text[]) WITH ORDINALITY AS x(d, s, ord)`,
          [
            ref.registerKeeperOid,
            ref.clientKey,
            kase.caseId,
            JSON.stringify(author),
            yesterday,
            JSON.stringify(choices),
            ids.map((i) => i[0]),
            ids.map((i) => i[1]),
          ],
        );
        made += n;
        if (c % 50 === 49) note(`nightly: ${made}/${options.docs} finished documents prepared`);
      }
      const records = await cs.queue.drain();
      note(`nightly: ${records.archived} clienthood and case documents archived first (not measured)`);

      // Measured: the nightly batch and the drain, end to end.
      const loadStart = loadavg().map((x) => round(x));
      const cpuClient0 = process.cpuUsage();
      const cpuArchive0 = await ask<NodeJS.CpuUsage>(archiveProcess, 'cpu', 'cpu');
      const t0 = performance.now();
      const locked = await cs.service.nightlyBatch(options.docs + 1);
      const t1 = performance.now();
      note(`nightly: ${locked} documents locked and queued in ${round((t1 - t0) / 1000)} s; draining`);
      let archived = 0;
      const progress = setInterval(() => note(`nightly: ${archived} archived`), 10_000);
      try {
        await cs.queue.drain(Number.POSITIVE_INFINITY, (r) => {
          archived += r.archived + r.alreadyArchived;
        });
      } finally {
        clearInterval(progress);
      }
      const t2 = performance.now();
      const cpuClient = cpuSeconds(process.cpuUsage(cpuClient0));
      const a = await ask<NodeJS.CpuUsage>(archiveProcess, 'cpu', 'cpu');
      const cpuArchive = (a.user - cpuArchive0.user + a.system - cpuArchive0.system) / 1e6;
      const counts = await statusCounts(db);
      if (counts.archived !== options.docs + records.archived) throw new Error(`not everything was archived: ${JSON.stringify(counts)}`);

      // Where the client system's CPU goes: the three build steps on a sample.
      const sample = (await db.query<{ metadata: never; content: never }>(`SELECT metadata, content FROM load_queue_item LIMIT 100`)).rows;
      const key = { certificatePem: signing.certPem, privateKeyPem: signing.keyPem, chainPem: pki.intermediate.toString('pem') };
      const step = { renderPdf: 0, cda: 0, sign: 0 };
      for (const s of sample) {
        const m = { ...(s.metadata as object), format: 'cda' } as never;
        let t = performance.now();
        const pdf = await renderPdf({ metadata: m, codeSets: cs.codeSets, content: s.content });
        step.renderPdf += performance.now() - t;
        t = performance.now();
        const xml = generateCda(m, { kind: 'pdf', data: pdf }, { codeSets: cs.codeSets });
        step.cda += performance.now() - t;
        t = performance.now();
        signEnveloped(xml, key);
        step.sign += performance.now() - t;
      }
      const wall = (t2 - t0) / 1000;
      const total = cpuClient + cpuArchive;
      return {
        documents: options.docs,
        clients,
        batchSize: options.batchSize,
        buildWorkers: options.buildWorkers,
        wallSeconds: round(wall),
        documentsPerSecond: round(options.docs / wall),
        nightlySeconds: round((t1 - t0) / 1000),
        drainSeconds: round((t2 - t1) / 1000),
        cpuSeconds: { clientSystem: round(cpuClient), archive: round(cpuArchive) },
        cpuShare: { clientSystem: round(cpuClient / total, 2), archive: round(cpuArchive / total, 2) },
        cpuMsPerDocument: {
          clientSystem: round((cpuClient * 1000) / options.docs, 2),
          archive: round((cpuArchive * 1000) / options.docs, 2),
          total: round((total * 1000) / options.docs, 2),
        },
        loadAverage: { start: loadStart, end: loadavg().map((x) => round(x)) },
        buildMsPerDocument: {
          renderPdf: round(step.renderPdf / sample.length, 2),
          cda: round(step.cda / sample.length, 2),
          sign: round(step.sign / sample.length, 2),
        },
      };
    } finally {
      await cs.close();
      await api.close();
      await db.close();
    }
  } finally {
    archiveProcess?.send({ type: 'stop' });
    await new Promise((r) => (archiveProcess && archiveProcess.exitCode === null ? archiveProcess.once('exit', r) : r(undefined)));
    await rm(dir, { recursive: true, force: true });
  }
}
