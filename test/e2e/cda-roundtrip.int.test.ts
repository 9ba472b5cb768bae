// Round trip of every national structure (202) through the archive's HTTP API, as a client system and a
// reader would do it: sample content → CDA R2 (phase 2, structured body) → sign with the system
// certificate → one FHIR batch → fetch the archived CDA → verify the signature with ours AND with
// Debian's xmlsec1 (test root as the only trusted CA) and Debian's xmllint against the schema wrapper
// that admits the enveloped signature (data/cda-r2-xsd/arkki/CDA-signed.xsd, issue 12 item 7) → the
// DocumentReference through the independent R4 validator → the PDF from the API (pdftotext shows the title
// and å/ä/ö intact), the content as JSON (the signed bytes) and the XHTML rendering (well-formed for
// xmllint) (issue 12 item 6). The expensive steps run once for all documents in before(), each native tool
// in as few runs as it allows; each structure then gets its own test so a failure names it.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { documentKind, type DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import { parseCda } from '../../src/lib/cda/cda-parse.ts';
import { validateCdaXsdMany } from '../../src/lib/cda/xsd-validate.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import type { StructureDefinition } from '../../src/lib/structures/definition.ts';
import { loadStructureRegistry } from '../../src/lib/structures/registry.ts';
import { sampleContent } from '../../src/lib/structures/sample-content.ts';
import { verifyEnveloped } from '../../src/lib/xml/verify-signature.ts';
import { NOW, caseDocument, clientDocument, clienthoodDocument, newOid, type ArchiveFixture } from '../support/archive-fixtures.ts';
import { batchBundle, fhirClient, issueLines, type FhirClient } from '../support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, cdaOnlyDocumentReference, cdaXml, signedCda } from '../support/signed-cda.ts';
import { fhirValidationErrors } from '../support/fhir-validator.ts';
import { requireSystemDependency } from '../support/system-deps.ts';

const tools = ['xmlsec1', 'pdftotext', 'xmllint'].filter((t) => spawnSync(t, ['--version']).error !== undefined);
for (const t of tools) requireSystemDependency(t);
const registry = await loadStructureRegistry();
const SIGNED_XSD = fileURLToPath(new URL('../../data/cda-r2-xsd/arkki/CDA-signed.xsd', import.meta.url));

function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * xmllint over many files in one run: per file 'validates' (or 'ok' for a well-formedness check), else its
 * error lines. xmllint prefixes every message with the file name, so the lines are told apart by it.
 */
async function xmllintMany(files: string[], schema?: string): Promise<Map<string, string>> {
  const r = await run('xmllint', ['--noout', '--nonet', ...(schema ? ['--schema', schema] : []), ...files]);
  const lines = r.output.split('\n').filter((l) => l.trim() !== '');
  return new Map(
    files.map((file) => {
      const own = lines.filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} `));
      const problems = own.filter((l) => !l.endsWith(' validates'));
      if (problems.length > 0) return [file, problems.join('\n').slice(0, 1000)];
      return [file, schema ? (own.some((l) => l.endsWith(' validates')) ? 'validates' : `no verdict (exit ${r.code})`) : 'ok'];
    }),
  );
}

/** Runs `fn` over `items` with at most `limit` at a time (2 cores: more only queues). */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

interface Trip {
  d: StructureDefinition;
  metadata: DocumentMetadata;
  content: Record<string, unknown>;
  unsigned: string;
  xml: string;
  xsdIssues?: string[];
  status?: string;
  outcome?: string[];
  fetched?: Buffer;
  oursOk?: string;
  contentBack?: unknown;
  xmlsec1?: string;
  xmllint?: string;
  fhirErrors?: string[];
  contentTypes?: string[];
  pdfStatus?: number;
  pdfText?: string;
  json?: Buffer;
  xhtmlFile?: string;
  xhtmlWellFormed?: string;
}

describe('round trip of all 202 national structures through the HTTP API', {
  skip: tools.length > 0 && `${tools.join(', ')} not installed`,
}, () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let system: FhirClient;
  let worker: FhirClient;
  let dir: string;
  const trips: Trip[] = [];

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki, { maxBodyBytes: 20 * 1024 * 1024 });
    system = fhirClient(f.app, 'system-vaasa');
    worker = fhirClient(f.app, 'sw-vaasa-ls');
    dir = await mkdtemp(join(tmpdir(), 'arkki-roundtrip-'));
    const codeSets = f.ctx.codeSets;

    // The client's clienthoods and case first (signed CDA too), then one document per structure.
    const caseId = newOid(3);
    const setup = [clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId)];
    for (const d of registry.all()) {
      const kind = documentKind(d.code, d.codeSystem);
      const over = { documentType: d.code, title: d.name.fi.slice(0, 500) };
      const metadata =
        kind === 'clienthood'
          ? clienthoodDocument('service-task', over)
          : kind === 'case'
            ? caseDocument(newOid(3), over)
            : clientDocument(caseId, over);
      // The content names the document's own client (the archive refuses content about another person).
      const client = metadata.client.kind === 'hetu' ? { client: { hetu: metadata.client.value } } : {};
      const content = sampleContent(d, { seed: 7, codeSets, ...client });
      const body = { kind: 'structured' as const, content, definition: d };
      trips.push({
        d,
        metadata,
        content,
        unsigned: cdaXml(metadata, codeSets, body, d.oid),
        xml: signedCda(pki, metadata, codeSets, { body, structureOid: d.oid }),
      });
    }
    // What the sender checks before sending: the unsigned CDA is XSD-valid (one xmllint run for all).
    (await validateCdaXsdMany(trips.map((t) => t.unsigned))).forEach((r, i) => {
      trips[i]!.xsdIssues = r.issues.map((x) => x.message);
    });

    const setupRes = await system.post('', batchBundle(setup.map((m) => cdaOnlyDocumentReference(signedCda(pki, m, codeSets)))));
    assert.deepEqual(
      (setupRes.body.entry as Array<{ response: { status: string } }>).map((e) => e.response.status),
      ['201 Created', '201 Created', '201 Created'],
    );
    const res = await system.post('', batchBundle(trips.map((t) => cdaOnlyDocumentReference(t.xml))));
    assert.equal(res.status, 200);
    (res.body.entry as Array<{ response: { status: string; outcome?: Record<string, unknown> } }>).forEach((e, i) => {
      trips[i]!.status = e.response.status;
      if (e.response.outcome) trips[i]!.outcome = issueLines(e.response.outcome);
    });

    // Fetch each archived CDA, verify it with ours and read the content back from the signed DOM.
    await pool(trips, 4, async (t) => {
      const got = await worker.get(`Binary/${t.metadata.documentId}`);
      if (got.status !== 200) return;
      t.fetched = got.raw.rawPayload;
      const verified = await verifyEnveloped(t.fetched.toString('utf8'), { trust: pki.trust, now: NOW });
      t.oursOk = verified.ok ? `ok ${verified.signer.systemName}` : `${verified.reason}: ${verified.detail}`;
      const parsed = parseCda(t.fetched);
      if (parsed.ok && parsed.cda.body.kind === 'structured') t.contentBack = parsed.cda.body.content;
    });

    // xmlsec1: every fetched document in one run, trusting only the test root (the intermediate is offered untrusted).
    const root = join(dir, 'root-ca.pem');
    const intermediate = join(dir, 'intermediate-ca.pem');
    await writeFile(root, pki.pki.root.toString('pem'));
    await writeFile(intermediate, pki.pki.intermediate.toString('pem'));
    // xmlsec1 checks certificate validity against the real clock; the fixture PKI is issued around NOW,
    // which is the test's "now", so both agree as long as NOW is within the CA and certificate lifetimes.
    await pool(
      trips.filter((t) => t.fetched),
      2,
      async (t) => {
        const file = join(dir, `${t.metadata.documentId}.xml`);
        await writeFile(file, t.fetched!);
        const r = await run('xmlsec1', [
          '--verify',
          '--enabled-reference-uris',
          'empty',
          '--trusted-pem',
          root,
          '--untrusted-pem',
          intermediate,
          file,
        ]);
        t.xmlsec1 = r.code === 0 && /^OK$/m.test(r.output) ? 'OK' : r.output.slice(0, 500);
      },
    );

    // Native xmllint against the wrapper schema, over the served bytes (signature included): one run for all.
    const served = trips.filter((t) => t.fetched).map((t) => join(dir, `${t.metadata.documentId}.xml`));
    const xsd = await xmllintMany(served, SIGNED_XSD);
    for (const t of trips) if (t.fetched) t.xmllint = xsd.get(join(dir, `${t.metadata.documentId}.xml`));

    // The PDF the API offers beside each CDA, and what pdftotext reads from it.
    await pool(
      trips.filter((t) => t.fetched),
      2,
      async (t) => {
        const doc = await worker.get(`DocumentReference/${t.metadata.setId}`);
        t.fhirErrors = fhirValidationErrors(doc.body);
        const content = (doc.body.content as Array<{ attachment: { contentType: string; url: string } }>) ?? [];
        t.contentTypes = content.map((c) => c.attachment.contentType);
        const urlOf = (type: string) => content.find((c) => c.attachment.contentType === type)?.attachment.url;
        const jsonUrl = urlOf('application/json');
        if (jsonUrl) {
          const got = await worker.get(jsonUrl);
          if (got.status === 200) t.json = got.raw.rawPayload;
        }
        const xhtmlUrl = urlOf('application/xhtml+xml');
        if (xhtmlUrl) {
          const got = await worker.get(xhtmlUrl);
          if (got.status === 200) {
            t.xhtmlFile = join(dir, `${t.metadata.documentId}.xhtml`);
            await writeFile(t.xhtmlFile, got.raw.rawPayload);
          }
        }
        const pdfUrl = urlOf('application/pdf');
        if (!pdfUrl) return;
        const got = await worker.get(pdfUrl);
        t.pdfStatus = got.status;
        if (got.status !== 200) return;
        const file = join(dir, `${t.metadata.documentId}.pdf`);
        await writeFile(file, got.raw.rawPayload);
        const r = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
        t.pdfText = r.code === 0 ? r.output : `pdftotext failed: ${r.output}`;
      },
    );

    // Every XHTML rendering is a well-formed XML document for xmllint: one run for all.
    const xhtml = await xmllintMany(trips.flatMap((t) => (t.xhtmlFile ? [t.xhtmlFile] : [])));
    for (const t of trips) if (t.xhtmlFile) t.xhtmlWellFormed = xhtml.get(t.xhtmlFile);
  });
  after(async () => {
    await f?.app.close();
    await f?.db.close();
    await pki?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('data/structures holds all 202 structures', () => assert.equal(registry.size, 202));

  for (const d of registry.all()) {
    test(`${d.oid} ${d.name.fi}`, () => {
      const t = trips.find((x) => x.d.oid === d.oid)!;
      assert.deepEqual(t.xsdIssues, [], 'the CDA is XSD-valid');
      assert.equal(t.status, '201 Created', (t.outcome ?? []).join('\n'));
      assert.ok(t.fetched?.equals(Buffer.from(t.xml)), 'the archive returns the signed bytes unchanged');
      assert.equal(t.oursOk, 'ok Pohjanmaan ATJ');
      assert.deepEqual(t.contentBack, t.content, 'the structured content comes back exactly');
      assert.equal(t.xmlsec1, 'OK', 'xmlsec1 --verify with the test root as trusted CA');
      assert.equal(t.xmllint, 'validates', 'xmllint --schema CDA-signed.xsd over the served bytes');
      assert.deepEqual(t.fhirErrors, [], 'the DocumentReference is valid R4 for the independent validator');
      assert.deepEqual(t.contentTypes, ['application/hl7-v3+xml', 'application/pdf', 'application/json', 'application/xhtml+xml']);
      assert.ok(t.json?.equals(Buffer.from(JSON.stringify(t.content))), 'the JSON entry is the content the signed CDA carries');
      assert.equal(t.xhtmlWellFormed, 'ok', 'the XHTML rendering is well-formed XML');
      assert.equal(t.pdfStatus, 200);
      const text = (t.pdfText ?? '').replace(/\s+/g, ' ');
      assert.ok(text.includes(t.metadata.title.replace(/\s+/g, ' ')), `the PDF shows the title '${t.metadata.title}'`);
      assert.match(text, /Sanna Sosiaalityöntekijä/, 'ä and ö survive (author name)');
    });
  }
});
