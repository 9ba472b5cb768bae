// `npm run bench -- --only sign`: CPU milliseconds per document of each stage a signed CDA goes through,
// without a database: build the CDA (phase I: a 20 KB PDF in nonXMLBody), sign it (the client system's and
// the migration's work), verify it as the archive does (UTF-8, prescan, parse, signature, certificate path
// and CRL, header from the signed DOM), the national header rules, and the XSD on the resident xmllint
// workers. Store + usage log need PostgreSQL: `--only cda` measures them (their CPU is mostly the server's).
// Before and after in the same run, interleaved round by round (the machine is shared): "before" is the
// xml-crypto signer reading the key on every call, xmldom rebuilding its QName expression per end tag, and
// the prescan run twice on ingest; "after" is createSigner, the expression cache and one prescan.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutBase64Values } from '../src/archive/service/ingest-cda.ts';
import { generateCda } from '../src/lib/cda/cda-header.ts';
import { parseCdaDocument } from '../src/lib/cda/cda-parse.ts';
import { checkNationalHeader } from '../src/lib/cda/national-header-rules.ts';
import { validateCdaXsdMany } from '../src/lib/cda/xsd-validate.ts';
import { readRetentionRules } from '../src/lib/metadata/retention-file.ts';
import { createTestPki, issueSystemSigningCertificate, loadTrust } from '../src/lib/pki/index.ts';
import { sampleMetadata } from '../src/lib/render/test-metadata.ts';
import { repositoryCodeSets } from '../src/lib/structures/test-code-sets.ts';
import { SAFE_XML_DEFAULTS } from '../src/lib/xml/safe-xml.ts';
import { verifyEnveloped } from '../src/lib/xml/verify-signature.ts';
import { createSigner, signEnvelopedWithXmlCrypto } from '../src/lib/xml/xml-signature.ts';
import { useXmldomRegexCache } from '../src/lib/xml/xmldom-regex-cache.ts';
import { prescanXml } from '../src/lib/xml/xml-prescan.ts';
import { note } from './progress.ts';

export interface SignStageResult {
  documents: number;
  rounds: number;
  averageCdaBytes: number;
  /** Median over rounds of CPU ms per document (process.cpuUsage: this process, all threads). */
  cpuMsPerDocument: {
    buildCda: number;
    sign: { before: number; after: number; ratio: number };
    verify: { before: number; after: number; ratio: number };
    parseAndHeaderRules: number;
    xsdInOneRun: number;
  };
  /** Documents/s one core could sign and verify at these CPU costs (the ceilings issues 11, 14 and 16 meet). */
  perCoreDocsPerSecond: { signBefore: number; signAfter: number; verifyBefore: number; verifyAfter: number };
  loadAverage: { before: number; after: number };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function cpuMs(n: number, run: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / n;
}

export async function signBenchmark(options: { docs: number; rounds: number }): Promise<SignStageResult> {
  const dir = await mkdtemp(join(tmpdir(), 'arkki-bench-sign-'));
  try {
    const pki = await createTestPki(join(dir, 'pki'), { name: 'arkki bench sign' });
    const cert = await issueSystemSigningCertificate(pki, {
      organisationOid: '1.2.246.10.9990001.10.1',
      profile: 'connected',
      name: 'Bench ATJ',
    });
    const trust = await loadTrust(pki.dir);
    const key = { privateKeyPem: cert.keyPem, certificatePem: cert.certPem, chainPem: pki.intermediate.toString('pem') };
    const codeSets = repositoryCodeSets();
    const retention = await readRetentionRules();
    const now = new Date();
    const bodies = Array.from({ length: 8 }, () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20 * 1024)]));
    const metadata = Array.from({ length: options.docs }, (_, i) =>
      sampleMetadata({ documentId: `1.2.246.10.9990001.98.1.${1000 + i}`, setId: `1.2.246.10.9990001.98.2.${1000 + i}`, format: 'cda' }),
    );
    const build = () => metadata.map((m, i) => generateCda(m, { kind: 'pdf', data: bodies[i % bodies.length]! }, { codeSets }));
    const xmls = build();
    const signer = createSigner(key);
    const signed = xmls.map((x) => signer.sign(x));
    const texts = signed.map((s) => Buffer.from(s).toString('utf8'));
    const n = options.docs;

    const verifyAs = async (before: boolean) => {
      for (const text of texts) {
        if (prescanXml(text, SAFE_XML_DEFAULTS)) throw new Error('a benchmark document failed the prescan');
        const v = await verifyEnveloped(text, { trust, now, prescanned: !before });
        if (!v.ok) throw new Error(`a benchmark document was refused: ${v.detail}`);
      }
    };
    const as = async <T>(before: boolean, run: () => T) => {
      useXmldomRegexCache(!before);
      try {
        return await cpuMs(n, run);
      } finally {
        useXmldomRegexCache(true);
      }
    };
    // Warm-up: every code path once.
    await as(true, () => xmls.slice(0, 20).map((x) => signEnvelopedWithXmlCrypto(x, key)));
    await as(false, () => xmls.slice(0, 20).map((x) => signer.sign(x)));
    await verifyAs(true);
    await verifyAs(false);

    const loadBefore = loadavg()[0]!;
    const figures = {
      build: [] as number[],
      signBefore: [] as number[],
      signAfter: [] as number[],
      verifyBefore: [] as number[],
      verifyAfter: [] as number[],
    };
    for (let r = 0; r < options.rounds; r++) {
      figures.build.push(await cpuMs(n, build));
      // Alternate which goes first, so a burst of load on the machine does not always hit the same side.
      const order = r % 2 === 0 ? [true, false] : [false, true];
      for (const before of order) {
        if (before) figures.signBefore.push(await as(true, () => xmls.map((x) => signEnvelopedWithXmlCrypto(x, key))));
        else figures.signAfter.push(await as(false, () => xmls.map((x) => signer.sign(x))));
      }
      for (const before of order) (before ? figures.verifyBefore : figures.verifyAfter).push(await as(before, () => verifyAs(before)));
    }
    const verified: Awaited<ReturnType<typeof verifyEnveloped>>[] = [];
    for (const text of texts) verified.push(await verifyEnveloped(text, { trust, now }));
    const parseMs = await cpuMs(n, () => {
      for (const v of verified) {
        if (!v.ok) continue;
        const parsed = parseCdaDocument(v.signedDocument);
        if (parsed.ok) checkNationalHeader(parsed.cda, { codeSets, retention, now });
      }
    });
    const forXsd = verified.map((v) => (v.ok ? withoutBase64Values(v.signedXml) : ''));
    await validateCdaXsdMany(forXsd.slice(0, 64)); // schemas read, the resident xmllint workers started
    const xsdMs = await cpuMs(n, () => validateCdaXsdMany(forXsd));

    const m = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round3(median(v))])) as Record<keyof typeof figures, number>;
    note(
      `sign ${m.signBefore} → ${m.signAfter} ms/doc, verify ${m.verifyBefore} → ${m.verifyAfter} ms/doc (CPU, medians of ${options.rounds} rounds)`,
    );
    const perCore = (ms: number) => Math.round(1000 / ms);
    return {
      documents: n,
      rounds: options.rounds,
      averageCdaBytes: Math.round(signed.reduce((s, x) => s + Buffer.byteLength(x), 0) / n),
      cpuMsPerDocument: {
        buildCda: m.build,
        sign: { before: m.signBefore, after: m.signAfter, ratio: round3(m.signBefore / m.signAfter) },
        verify: { before: m.verifyBefore, after: m.verifyAfter, ratio: round3(m.verifyBefore / m.verifyAfter) },
        parseAndHeaderRules: round3(parseMs),
        xsdInOneRun: round3(xsdMs),
      },
      perCoreDocsPerSecond: {
        signBefore: perCore(m.signBefore),
        signAfter: perCore(m.signAfter),
        verifyBefore: perCore(m.verifyBefore),
        verifyAfter: perCore(m.verifyAfter),
      },
      loadAverage: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0]! * 10) / 10 },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
