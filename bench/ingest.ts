import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Identity } from '../src/lib/identity/identity.ts';
import { DEMO_USER_HEADER } from '../src/archive/auth/demo-authenticator.ts';
import { generateCda } from '../src/lib/cda/cda-header.ts';
import { signedCdaDocumentReference } from '../src/lib/archive-api/attachment.ts';
import { createTestPki, issueSystemSigningCertificate, loadTrust } from '../src/lib/pki/index.ts';
import { createSigner, type SigningKey } from '../src/lib/xml/xml-signature.ts';
import { buildArchiveApp } from '../src/archive/server.ts';
import type { Submission } from '../src/archive/service/store-documents.ts';
import type { BenchArchive } from './archive.ts';
import { BatchLoader } from './batch-loader.ts';
import { catalogue, emptyCatalogue, MAIN_RK, type Catalogue, type ClientSource } from './dataset.ts';
import { progress } from './progress.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

// Ingest: (1) the service layer in batches, as a client system's nightly batch or a migration uses it;
// (2) HTTP, one DocumentReference per POST, from 8 concurrent clients, as the load queue sends them: the
// document as CDA R2 signed with the system signing certificate (of a fresh test PKI the archive trusts).

export interface ServiceIngestResult {
  documents: number;
  clients: number;
  batchSize: number;
  workers: number;
  seconds: number;
  docsPerSecond: number;
  generationSeconds: number;
  batchLatencyMs: LatencyStats;
  catalogue: Catalogue;
}

export function systemIdentities(archive: BenchArchive): (registerKeeperOid: string) => Identity {
  const systems = new Map([archive.user('system-vaasa'), archive.user('system-eksote')].map((u) => [u.registerKeeperOid, u]));
  return (rk) => systems.get(rk) ?? archive.user('system-vaasa');
}

/**
 * Archives `total` documents through storeDocuments: the clients in `first` (whole), then clients from the
 * source until the total is reached (the last one cut short, which keeps its archiving order valid).
 * The rate is over wall time and includes generating the data in this process.
 */
export async function serviceIngest(
  archive: BenchArchive,
  source: ClientSource,
  total: number,
  first: Submission[][],
  options: { batchSize: number; workers: number },
): Promise<ServiceIngestResult> {
  const loader = new BatchLoader(archive.deps, { ...options, identityOf: systemIdentities(archive) });
  const cat = emptyCatalogue();
  const bar = progress('service ingest', total);
  let queued = 0;
  let clients = 0;
  let generationMs = 0;
  const start = performance.now();
  const take = async (submissions: Submission[]) => {
    const part = submissions.slice(0, total - queued);
    catalogue(cat, part);
    queued += part.length;
    clients += 1;
    await loader.add(part);
    bar.update(loader.documents, `${Math.round(loader.documents / ((performance.now() - start) / 1000))} docs/s`);
  };
  for (const c of first) await take(c);
  while (queued < total) {
    const g = performance.now();
    const client = source.next();
    generationMs += performance.now() - g;
    await take(client.submissions);
  }
  await loader.flush();
  const seconds = (performance.now() - start) / 1000;
  const docsPerSecond = Math.round(loader.documents / seconds);
  bar.done(
    `${loader.documents.toLocaleString('en-US')} documents of ${clients.toLocaleString('en-US')} clients in ${seconds.toFixed(1)} s = ${docsPerSecond} docs/s`,
  );
  return {
    documents: loader.documents,
    clients,
    batchSize: options.batchSize,
    workers: options.workers,
    seconds: round1(seconds),
    docsPerSecond,
    generationSeconds: round1(generationMs / 1000),
    batchLatencyMs: latencyStats(loader.batchMs),
    catalogue: cat,
  };
}

export interface HttpIngestResult {
  documents: number;
  warmup: number;
  concurrency: number;
  seconds: number;
  docsPerSecond: number;
  latencyMs: LatencyStats;
  statuses: Record<string, number>;
  setupSeconds: number;
}

const isRegisterDocument = (s: Submission) => Boolean(s.metadata.clienthood || s.metadata.caseRecord);

/** A DocumentReference create as the load queue sends it: only the signed CDA, the metadata is its header. */
export function documentReferencePayload(s: Submission, archive: BenchArchive, signer: { sign(xml: string): string }): string {
  const xml = generateCda({ ...s.metadata, format: 'cda' }, { kind: 'pdf', data: s.body.data }, { codeSets: archive.ctx.codeSets });
  return JSON.stringify(signedCdaDocumentReference(signer.sign(xml)));
}

/**
 * Clienthood and case documents of fresh clients go in through the service layer first (archiving order);
 * their client documents are then POSTed one per request by `concurrency` clients in a worker thread,
 * so the load generator does not share the server's event loop.
 */
export async function httpIngest(
  archive: BenchArchive,
  source: ClientSource,
  documents: number,
  options: { concurrency: number; warmup: number },
): Promise<HttpIngestResult> {
  const setupStart = performance.now();
  // Every archived document carries the system signature: the HTTP clients sign as MAIN_RK's system.
  const dir = await mkdtemp(join(tmpdir(), 'arkki-bench-http-pki-'));
  const pki = await createTestPki(join(dir, 'pki'), { name: 'arkki bench http' });
  const cert = await issueSystemSigningCertificate(pki, { organisationOid: MAIN_RK.oid, profile: 'connected', name: 'Bench ATJ' });
  const trust = await loadTrust(pki.dir);
  const key: SigningKey = { privateKeyPem: cert.keyPem, certificatePem: cert.certPem, chainPem: pki.intermediate.toString('pem') };
  const signer = createSigner(key);
  const loader = new BatchLoader(archive.deps, { batchSize: 500, workers: 1, identityOf: systemIdentities(archive) });
  const payloads: string[] = [];
  const wanted = documents + options.warmup;
  while (payloads.length < wanted) {
    const client = source.next();
    const clientDocs = client.submissions.filter((s) => !isRegisterDocument(s)).slice(0, wanted - payloads.length);
    if (clientDocs.length === 0) continue;
    await loader.add(client.submissions.filter(isRegisterDocument));
    for (const s of clientDocs) payloads.push(documentReferencePayload(s, archive, signer));
  }
  await loader.flush();
  const app = await buildArchiveApp({ ...archive.ctx, signatureTrust: () => trust });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the archive app did not listen on a TCP port');
  const url = `http://127.0.0.1:${address.port}/fhir/R4/DocumentReference`;
  const setupSeconds = (performance.now() - setupStart) / 1000;
  try {
    const bar = progress(`HTTP ingest (${options.concurrency} clients)`, wanted);
    const out = await runPosters(url, payloads, options.concurrency, options.warmup, archive.user('system-vaasa').userId, (done) =>
      bar.update(done),
    );
    const measured = out.latencies.slice(options.warmup);
    const seconds = out.wallMs / 1000;
    const docsPerSecond = Math.round(measured.length / seconds);
    const created = out.status['201'] ?? 0;
    if (created !== wanted)
      throw new Error(`HTTP ingest: expected ${wanted} × 201 Created, got ${JSON.stringify(out.status)}; first error: ${out.firstError}`);
    bar.done(`${measured.length.toLocaleString('en-US')} documents in ${seconds.toFixed(1)} s = ${docsPerSecond} docs/s`);
    return {
      documents: measured.length,
      warmup: options.warmup,
      concurrency: options.concurrency,
      seconds: round1(seconds),
      docsPerSecond,
      latencyMs: latencyStats(measured),
      statuses: out.status,
      setupSeconds: round1(setupSeconds),
    };
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface PosterOutput {
  wallMs: number;
  latencies: number[];
  status: Record<string, number>;
  firstError?: string;
}

// Plain JavaScript for the worker thread: `concurrency` loops POST the payloads in order; the first
// `warmup` requests are sent (and awaited) before the clock starts.
const POSTER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, payloads, concurrency, warmup, user } = workerData;
const headers = { 'content-type': 'application/fhir+json', '${DEMO_USER_HEADER}': user };
const latencies = new Array(payloads.length);
const status = {};
let firstError;
let next = 0;
let done = 0;
async function loop(limit) {
  for (;;) {
    if (next >= limit) return;
    const i = next++;
    const start = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body: payloads[i] });
    const text = await response.text();
    latencies[i] = performance.now() - start;
    status[response.status] = (status[response.status] || 0) + 1;
    if (response.status !== 201 && firstError === undefined) firstError = response.status + ' ' + text.slice(0, 600);
    if (++done % 50 === 0) parentPort.postMessage({ progress: done });
  }
}
(async () => {
  await Promise.all(Array.from({ length: concurrency }, () => loop(warmup)));
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => loop(payloads.length)));
  parentPort.postMessage({ result: { wallMs: performance.now() - start, latencies, status, firstError } });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

function runPosters(
  url: string,
  payloads: string[],
  concurrency: number,
  warmup: number,
  user: string,
  onProgress: (done: number) => void,
): Promise<PosterOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(POSTER, { eval: true, workerData: { url, payloads, concurrency, warmup, user } });
    worker.on('message', (m: { progress?: number; result?: PosterOutput; error?: string }) => {
      if (m.progress !== undefined) onProgress(m.progress);
      if (m.result) resolve(m.result);
      if (m.error) reject(new Error(`HTTP load generator failed: ${m.error}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`HTTP load generator exited with ${code}`));
    });
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;
