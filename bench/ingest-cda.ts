import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir as osTmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCdaDocument } from '../src/lib/cda/cda-parse.ts';
import { checkNationalHeader } from '../src/lib/cda/national-header-rules.ts';
import { generateCda } from '../src/lib/cda/cda-header.ts';
import { validateCdaXsdMany } from '../src/lib/cda/xsd-validate.ts';
import { createTestPki, issueSystemSigningCertificate, loadTrust } from '../src/lib/pki/index.ts';
import { createSigner } from '../src/lib/xml/xml-signature.ts';
import { verifyEnveloped } from '../src/lib/xml/verify-signature.ts';
import type { ArchiveDeps } from '../src/archive/service/deps.ts';
import { prepareCdaSubmissions, withoutBase64Values, type CdaSubmission } from '../src/archive/service/ingest-cda.ts';
import { storeDocuments, type Submission } from '../src/archive/service/store-documents.ts';
import { POOL_MIN_BATCH, verifyCdaBatch } from '../src/archive/service/cda-verify-pool.ts';
import { descendantCpuSeconds } from './process-cpu.ts';
import type { BenchArchive } from './archive.ts';
import { BatchLoader } from './batch-loader.ts';
import { clientSource, MAIN_RK } from './dataset.ts';
import { systemIdentities } from './ingest.ts';
import { progress } from './progress.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

// Signed-CDA ingest: client documents written as CDA R2 (phase I: the 20 KB PDF in nonXMLBody) and signed
// with a system certificate of a fresh test PKI, then archived through prepareCdaSubmissions (size, safe
// parse, signature + certificate path + CRL, header from the signed DOM, national rules, one XSD run per
// batch) and storeDocuments (signed bytes + usage-log rows, one transaction per batch) — exactly what
// ingestCdaDocuments and the FHIR batch do. Generating and signing (the sender's work) is not measured.
// A profile of the per-document steps is recorded beside the rate.

/** Clients of this benchmark get their own henkilötunnus and OID range (dataset.ts CLIENT_INDEX is below). */
const CDA_CLIENT_INDEX = 3_000_000;

export interface CdaIngestResult {
  documents: number;
  batchSize: number;
  inFlight: number;
  seconds: number;
  docsPerSecond: number;
  averageCdaBytes: number;
  generationSeconds: number;
  batchLatencyMs: LatencyStats;
  /** Busy time of each stage summed over batches (stages of different batches overlap). */
  stageSeconds: { prepare: number; store: number };
  /**
   * CPU milliseconds of this Node process (main thread + verification and xmllint workers) per archived
   * document during the measured run: a figure that depends far less on how busy the machine was than the rate.
   */
  cpuMsPerDocument: number;
  /** CPU milliseconds of the PostgreSQL server processes per archived document during the measured run. */
  postgresCpuMsPerDocument: number;
  /** The rate the CPU of both (this process and PostgreSQL) would allow on this machine's cores. */
  cpuBoundDocsPerSecondEstimate: number;
  /** 1-minute load average before and after the measured run (the machine may be shared). */
  loadAverage: { before: number; after: number };
  /** CPU milliseconds per document of each step, measured one step at a time on a sample. */
  profileCpuMsPerDocument: { verifySignature: number; parseAndHeaderRules: number; xsdInOneRun: number; sample: number };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function cdaIngestBenchmark(
  archive: BenchArchive,
  options: { docs: number; batchSize: number; inFlight: number; seed: number },
): Promise<CdaIngestResult> {
  const dir = await mkdtemp(join(osTmpdir(), 'arkki-bench-pki-'));
  try {
    const pki = await createTestPki(join(dir, 'pki'), { name: 'arkki bench' });
    const cert = await issueSystemSigningCertificate(pki, { organisationOid: MAIN_RK.oid, profile: 'connected', name: 'Bench ATJ' });
    const trust = await loadTrust(pki.dir);
    const deps: ArchiveDeps = { ...archive.deps, signatureTrust: () => trust };
    const signer = createSigner({ privateKeyPem: cert.keyPem, certificatePem: cert.certPem, chainPem: pki.intermediate.toString('pem') });

    // Clients' clienthood and case documents first (service layer, not measured), then their client documents as signed CDA.
    const generationStart = performance.now();
    const source = clientSource(archive.ctx.codeSets, archive.ctx.demoUsers ?? [], options.seed + 300, CDA_CLIENT_INDEX, {
      registerKeeper: MAIN_RK,
    });
    const loader = new BatchLoader(deps, { batchSize: 500, workers: 1, identityOf: systemIdentities(archive) });
    const documents: CdaSubmission[] = [];
    const bar = progress('signing CDA documents', options.docs);
    while (documents.length < options.docs) {
      const client = source.next();
      const register = client.submissions.filter((s) => s.metadata.clienthood || s.metadata.caseRecord);
      const clientDocs = client.submissions
        .filter((s) => !s.metadata.clienthood && !s.metadata.caseRecord)
        .slice(0, options.docs - documents.length);
      if (clientDocs.length === 0) continue;
      await loader.add(register);
      for (const s of clientDocs) {
        const xml = generateCda({ ...s.metadata, format: 'cda' }, { kind: 'pdf', data: s.body.data }, { codeSets: archive.ctx.codeSets });
        documents.push({ data: Buffer.from(signer.sign(xml)), contentType: 'application/hl7-v3+xml' });
      }
      bar.update(documents.length);
    }
    await loader.flush();
    const generationSeconds = (performance.now() - generationStart) / 1000;
    bar.done(`${documents.length.toLocaleString('en-US')} signed documents in ${generationSeconds.toFixed(1)} s`);

    const profile = await profileSteps(deps, documents.slice(0, Math.min(200, documents.length)));
    const measured = await ingest(deps, archive, documents, options);
    return {
      ...measured,
      averageCdaBytes: Math.round(documents.reduce((n, d) => n + d.data.length, 0) / documents.length),
      generationSeconds: round1(generationSeconds),
      profileCpuMsPerDocument: profile,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The measured part: batches of `batchSize`, `inFlight` at a time, every document must be archived. */
async function ingest(
  deps: ArchiveDeps,
  archive: BenchArchive,
  documents: CdaSubmission[],
  options: { batchSize: number; inFlight: number },
) {
  const identity = systemIdentities(archive)(MAIN_RK.oid);
  const batchMs: number[] = [];
  const stage = { prepare: 0, store: 0 };
  const bar = progress(`signed-CDA ingest (batches of ${options.batchSize}, ${options.inFlight} in flight)`, documents.length);
  let next = 0;
  let done = 0;
  // The verification workers are started (and their code loaded) before the clock, as in a running archive.
  await verifyCdaBatch(
    documents.slice(0, POOL_MIN_BATCH).map((d) => d.data),
    deps.signatureTrust!(),
    deps.now(),
    deps.verifyWorkers,
  );
  const loadBefore = loadavg()[0]!;
  const pgStart = await descendantCpuSeconds();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      while (next < documents.length) {
        const batch = documents.slice(next, next + options.batchSize);
        next += batch.length;
        const t0 = performance.now();
        const prepared = await prepareCdaSubmissions(deps, batch);
        const t1 = performance.now();
        const refused = prepared.find((p) => !p.ok);
        if (refused && !refused.ok) throw new Error(`a benchmark document was refused: ${refused.error.message}`);
        const results = await storeDocuments(
          deps,
          identity,
          prepared.map((p) => (p as { submission: Submission }).submission),
        );
        const t2 = performance.now();
        const rejected = results.find((r) => r.outcome !== 'created');
        if (rejected)
          throw new Error(
            `a benchmark document was not created: ${rejected.outcome === 'rejected' ? rejected.error.message : rejected.outcome}`,
          );
        stage.prepare += t1 - t0;
        stage.store += t2 - t1;
        batchMs.push(t2 - t0);
        done += batch.length;
        bar.update(done, `${Math.round(done / ((performance.now() - start) / 1000))} docs/s`);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMsPerDocument = (cpu.user + cpu.system) / 1000 / documents.length;
  const postgresCpuMsPerDocument = (((await descendantCpuSeconds()) - pgStart) * 1000) / documents.length;
  const docsPerSecond = Math.round(documents.length / seconds);
  bar.done(`${documents.length.toLocaleString('en-US')} signed CDA documents in ${seconds.toFixed(1)} s = ${docsPerSecond} docs/s`);
  return {
    documents: documents.length,
    batchSize: options.batchSize,
    inFlight: options.inFlight,
    seconds: round1(seconds),
    docsPerSecond,
    batchLatencyMs: latencyStats(batchMs),
    stageSeconds: { prepare: round1(stage.prepare / 1000), store: round1(stage.store / 1000) },
    cpuMsPerDocument: round3(cpuMsPerDocument),
    postgresCpuMsPerDocument: round3(postgresCpuMsPerDocument),
    cpuBoundDocsPerSecondEstimate: Math.round((1000 / (cpuMsPerDocument + postgresCpuMsPerDocument)) * cpus().length),
    loadAverage: { before: round1(loadBefore), after: round1(loadavg()[0]!) },
  };
}

/** Each step alone over a sample, in CPU time (a shared machine inflates wall time), so a rate below target says where the time goes. */
async function profileSteps(deps: ArchiveDeps, sample: CdaSubmission[]) {
  const trust = deps.signatureTrust!();
  const now = deps.now();
  const texts = sample.map((s) => s.data.toString('utf8'));
  const cpuMs = (from: NodeJS.CpuUsage) => {
    const c = process.cpuUsage(from);
    return (c.user + c.system) / 1000;
  };
  let t = process.cpuUsage();
  const verified = [];
  for (const text of texts) verified.push(await verifyEnveloped(text, { trust, now }));
  const verifyMs = cpuMs(t);
  t = process.cpuUsage();
  for (const v of verified) {
    if (!v.ok) throw new Error(`profile: signature refused: ${v.detail}`);
    const parsed = parseCdaDocument(v.signedDocument);
    if (parsed.ok) checkNationalHeader(parsed.cda, { codeSets: deps.codeSets, retention: deps.retention, now });
  }
  const parseMs = cpuMs(t);
  // Schema files read and every resident xmllint worker started (a batch of 64+ is split over them), as in a running archive.
  await validateCdaXsdMany(Array.from({ length: 64 }, (_, i) => texts[i % texts.length]!));
  t = process.cpuUsage();
  await validateCdaXsdMany(verified.map((v) => (v.ok ? withoutBase64Values(v.signedXml) : ''))); // as the pipeline feeds it
  const xsdMs = cpuMs(t); // the xmllint worker thread counts in the process's CPU time
  const n = sample.length;
  return { verifySignature: round3(verifyMs / n), parseAndHeaderRules: round3(parseMs / n), xsdInOneRun: round3(xsdMs / n), sample: n };
}
