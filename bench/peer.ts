import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientKey } from '../src/lib/identifiers/client-id.ts';
import { generateCda } from '../src/lib/cda/cda-header.ts';
import { createTestPki, issueSystemSigningCertificate, loadTrust } from '../src/lib/pki/index.ts';
import { createSigner } from '../src/lib/xml/xml-signature.ts';
import { DEMO_USER_HEADER } from '../src/archive/auth/demo-authenticator.ts';
import { metadataToFhir } from '../src/archive/fhir/document-reference.ts';
import { patientId } from '../src/archive/fhir/patient.ts';
import { buildArchiveApp } from '../src/archive/server.ts';
import type { Submission } from '../src/archive/service/store-documents.ts';
import type { BenchArchive } from './archive.ts';
import { BatchLoader } from './batch-loader.ts';
import { clientSource, MAIN_RK } from './dataset.ts';
import { systemIdentities } from './ingest.ts';
import { progress } from './progress.ts';

// The peer comparison (issue 16 item 6): arkki driven by bench/fhir-peer-client.mjs, a standard FHIR client in
// its own process that knows nothing of arkki (POST DocumentReference — after POST Binary where the payload has
// one —, search DocumentReference?patient=…&type=…, read by id; 4 and 16 clients). Another FHIR server is
// measured with the same script and a payload file of plain FHIR JSON (--peer-payloads fhir-json writes one).
// arkki takes a client document as a signed CDA inside the DocumentReference (it refuses unsigned submissions),
// so its payloads are signed with a system certificate of a fresh test PKI the archive is made to trust.

/** Clients of this benchmark get their own henkilötunnus and OID range (beside dataset.ts and ingest-cda.ts). */
const PEER_CLIENT_INDEX = 3_500_000;
const CLIENT = fileURLToPath(new URL('./fhir-peer-client.mjs', import.meta.url));
const WARMUP = 50;
const CLIENT_COUNTS = [4, 16];

export type PeerPayloads = 'signed-cda' | 'fhir-json';

interface PhaseFigures {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PeerResult {
  payloads: PeerPayloads;
  docsPerClientCount: number;
  user: string;
  /** From the client's output: per client count, create / search / read. */
  clients: Record<string, { create: PhaseFigures; search: PhaseFigures; read: PhaseFigures }>;
  /** CPU of the archive's process (server and everything in it) per request over the whole client run. */
  serverCpuMsPerRequest: number;
  averagePayloadBytes: number;
  loadAverage: { start: number[]; end: number[] };
  command: string;
}

/** A payload line of fhir-peer-client.mjs for one client document. */
function payloadLine(s: Submission, archive: BenchArchive, kind: PeerPayloads, sign: (xml: string) => string): string {
  const search = `patient=${encodeURIComponent(patientId(clientKey(s.metadata.client)))}&type=${encodeURIComponent(s.metadata.documentType)}`;
  if (kind === 'signed-cda') {
    const xml = sign(generateCda({ ...s.metadata, format: 'cda' }, { kind: 'pdf', data: s.body.data }, { codeSets: archive.ctx.codeSets }));
    const documentReference = {
      resourceType: 'DocumentReference',
      content: [{ attachment: { contentType: 'application/hl7-v3+xml', data: Buffer.from(xml).toString('base64') } }],
    };
    return JSON.stringify({ documentReference, search });
  }
  // Plain FHIR for other servers: the PDF as a Binary, the DocumentReference pointing at it.
  const documentReference = metadataToFhir(s.metadata, archive.ctx.codeSets);
  documentReference.content = [{ attachment: { contentType: s.body.contentType, language: s.metadata.language, url: 'urn:peer:binary' } }];
  const binary = { resourceType: 'Binary', contentType: s.body.contentType, data: s.body.data.toString('base64') };
  return JSON.stringify({ binary, documentReference, search });
}

function runClient(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fhir-peer-client.mjs exited with ${code}`))));
  });
}

export async function peerBenchmark(
  archive: BenchArchive,
  options: { docs: number; payloads: PeerPayloads; seed: number },
): Promise<PeerResult | { payloadFile: string; command: string }> {
  const loadStart = loadavg().map((x) => Math.round(x * 10) / 10);
  const dir = await mkdtemp(join(tmpdir(), 'arkki-bench-peer-'));
  let keep = false;
  try {
    const pki = await createTestPki(join(dir, 'pki'), { name: 'arkki bench peer' });
    const cert = await issueSystemSigningCertificate(pki, { organisationOid: MAIN_RK.oid, profile: 'connected', name: 'Bench peer ATJ' });
    const trust = await loadTrust(pki.dir);
    const signer = createSigner({ privateKeyPem: cert.keyPem, certificatePem: cert.certPem, chainPem: pki.intermediate.toString('pem') });
    archive.ctx.signatureTrust = () => trust;

    // Clienthood and case documents through the service layer first (archiving order), then the payloads.
    const wanted = WARMUP + options.docs * CLIENT_COUNTS.length;
    const source = clientSource(archive.ctx.codeSets, archive.ctx.demoUsers ?? [], options.seed + 400, PEER_CLIENT_INDEX, {
      registerKeeper: MAIN_RK,
    });
    const loader = new BatchLoader(
      { ...archive.deps, signatureTrust: () => trust },
      { batchSize: 500, workers: 1, identityOf: systemIdentities(archive) },
    );
    const lines: string[] = [];
    const bar = progress(`peer payloads (${options.payloads})`, wanted);
    while (lines.length < wanted) {
      const client = source.next();
      const clientDocs = client.submissions.filter((s) => !s.metadata.clienthood && !s.metadata.caseRecord).slice(0, wanted - lines.length);
      if (clientDocs.length === 0) continue;
      if (options.payloads === 'signed-cda')
        await loader.add(client.submissions.filter((s) => s.metadata.clienthood || s.metadata.caseRecord));
      for (const s of clientDocs) lines.push(payloadLine(s, archive, options.payloads, (xml) => signer.sign(xml)));
      bar.update(lines.length);
    }
    await loader.flush();
    const payloadFile = join(dir, `peer-${options.payloads}.jsonl`);
    await writeFile(payloadFile, `${lines.join('\n')}\n`);
    bar.done(`${lines.length} payload lines in ${payloadFile}`);
    const args = [
      '--payloads',
      payloadFile,
      '--clients',
      CLIENT_COUNTS.join(','),
      '--docs',
      String(options.docs),
      '--warmup',
      String(WARMUP),
    ];
    if (options.payloads === 'fhir-json') {
      // For another server: nothing of it runs here; the file stays for the command below.
      keep = true;
      const command = `node bench/fhir-peer-client.mjs --base <FHIR base URL> --header '<auth header>' ${args.join(' ')}`;
      console.log(`plain FHIR JSON payloads written; run them against another server with:\n  ${command}`);
      return { payloadFile, command };
    }

    const app = await buildArchiveApp(archive.ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the archive app did not listen on a TCP port');
    const user = archive.user('system-vaasa').userId;
    const out = join(dir, 'peer-result.json');
    const base = `http://127.0.0.1:${address.port}/fhir/R4`;
    const full = ['--base', base, '--header', `${DEMO_USER_HEADER}: ${user}`, ...args, '--out', out];
    const cpu = process.cpuUsage();
    try {
      await runClient(full);
    } finally {
      await app.close();
    }
    const used = process.cpuUsage(cpu);
    const result = JSON.parse(await readFile(out, 'utf8')) as { clients: PeerResult['clients'] };
    const requests =
      Object.values(result.clients).reduce((n, c) => n + c.create.requests + c.search.requests + c.read.requests, 0) + WARMUP * 3;
    return {
      payloads: options.payloads,
      docsPerClientCount: options.docs,
      user,
      clients: result.clients,
      serverCpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / requests) * 100) / 100,
      averagePayloadBytes: Math.round(lines.reduce((n, l) => n + l.length, 0) / lines.length),
      loadAverage: { start: loadStart, end: loadavg().map((x) => Math.round(x * 10) / 10) },
      command: `node bench/fhir-peer-client.mjs ${full.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`,
    };
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}
