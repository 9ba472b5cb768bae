import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadStructureRegistry } from '../../lib/structures/registry.ts';
import { sampleContent } from '../../lib/structures/sample-content.ts';
import type { StructureDefinition } from '../../lib/structures/definition.ts';
import {
  NOW,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { batchBundle, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { assertValidFhir } from '../../../test/support/fhir-validator.ts';
import { HETU } from '../../../test/support/metadata-fixtures.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, cdaOnlyDocumentReference, signedCda } from '../../../test/support/signed-cda.ts';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import type { Json } from './document-reference.ts';
import { FORMAT_SYSTEM, ext } from './systems.ts';

// Issue 12 item 6, the phase-2 storage format "JSON + XHTML" (seed 003): a structured (phase 2) signed CDA is
// offered as four DocumentReference.content entries — the signed CDA, the PDF, the content as JSON and its
// XHTML rendering — each a Binary read through the access seam with its usage-log row.

const CDA = 'application/hl7-v3+xml';
const xmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!xmllint) requireSystemDependency('xmllint (libxml2-utils)');

for (const database of testDatabases()) {
  describe(`phase-2 content as JSON and XHTML (${database.name})`, () => {
    let pki: PkiFixture;
    let f: ArchiveFixture & { app: FastifyInstance };
    let system: FhirClient;
    let worker: FhirClient;
    let structure: StructureDefinition;
    let caseId: string;
    const phase2 = { meta: undefined as unknown as ReturnType<typeof clientDocument>, content: {} as Record<string, unknown>, xml: '' };
    const phase1 = { meta: undefined as unknown as ReturnType<typeof clientDocument> };

    const readBodyRows = async (documentId: string, outcome: string) =>
      Number(
        (
          await f.db.query<{ n: string }>(
            `SELECT count(*) AS n FROM usage_log WHERE action = 'read-body' AND outcome = $2 AND $1 = ANY(document_ids)`,
            [documentId, outcome],
          )
        ).rows[0]!.n,
      );
    const entry = (doc: Json, contentType: string) =>
      (doc.content as Json[]).find((c) => (c.attachment as Json).contentType === contentType) as Json | undefined;

    before(async () => {
      pki = await createPkiFixture(NOW);
      f = await cdaArchive(await database.open(), pki);
      system = fhirClient(f.app, 'system-vaasa');
      worker = fhirClient(f.app, 'sw-vaasa-ls');
      const cs = f.ctx.codeSets;
      const registry = await loadStructureRegistry();
      structure = registry.all().find((d) => d.code === '1001') ?? registry.all()[0]!;
      caseId = newOid(3);
      phase2.meta = clientDocument(caseId, { documentType: structure.code, title: 'Päätös – rakenteinen äöå' });
      phase2.content = sampleContent(structure, { seed: 5, codeSets: cs, client: { hetu: HETU } });
      phase2.xml = signedCda(pki, phase2.meta, cs, {
        body: { kind: 'structured', content: phase2.content, definition: structure },
        structureOid: structure.oid,
      });
      phase1.meta = clientDocument(caseId);
      const docs = [
        ...[clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId), phase1.meta].map((m) =>
          signedCda(pki, m, cs),
        ),
        phase2.xml,
      ];
      const res = await system.post('', batchBundle(docs.map(cdaOnlyDocumentReference)));
      assert.equal(res.status, 200);
      assert.deepEqual(
        (res.body.entry as Json[]).map((e) => (e.response as Json).status),
        docs.map(() => '201 Created'),
        JSON.stringify(res.body),
      );
    });
    after(async () => {
      await f.app.close();
      await f.db.close();
      await pki.cleanup();
    });

    it('offers the signed CDA, the PDF, the JSON and the XHTML, with content types and formats, valid R4', async () => {
      const doc = await worker.get(`DocumentReference/${phase2.meta.setId}`);
      assert.equal(doc.status, 200);
      assertValidFhir(doc.body, 'DocumentReference of a phase-2 CDA');
      const content = doc.body.content as Json[];
      assert.deepEqual(
        content.map((c) => [
          (c.attachment as Json).contentType,
          (c.format as Json).system,
          (c.format as Json).code,
          (c.attachment as Json).url,
        ]),
        [
          [CDA, FORMAT_SYSTEM, 'cda', `Binary/${phase2.meta.documentId}`],
          ['application/pdf', FORMAT_SYSTEM, 'pdf', `Binary/${phase2.meta.documentId}-pdf`],
          ['application/json', FORMAT_SYSTEM, 'structured', `Binary/${phase2.meta.documentId}-json`],
          ['application/xhtml+xml', FORMAT_SYSTEM, 'xhtml', `Binary/${phase2.meta.documentId}-xhtml`],
        ],
      );
      assert.deepEqual((entry(doc.body, 'application/json')!.attachment as Json).extension, [
        { url: ext('structure'), valueOid: `urn:oid:${structure.oid}` },
      ]);
      // The same entries in a search result and in the answer to the create.
      const found = await worker.get(`DocumentReference?_id=${phase2.meta.setId}`);
      assertValidFhir(found.body, 'searchset');
      const hit = ((found.body.entry as Json[])[0]!.resource as Json).content as Json[];
      assert.equal(hit.length, 4);
      // Every format code the entries use resolves in the served storage-format CodeSystem.
      const cs = await worker.get('CodeSystem/storage-format');
      assertValidFhir(cs.body, 'CodeSystem/storage-format');
      const codes = (cs.body.concept as Json[]).map((c) => c.code);
      for (const c of content) assert.ok(codes.includes((c.format as Json).code), `format ${(c.format as Json).code} is in the CodeSystem`);
    });

    it('serves the JSON the signed CDA carries, byte for byte, as the national structure names it; each read logged', async () => {
      const before = await readBodyRows(phase2.meta.documentId, 'success');
      const got = await worker.get(`Binary/${phase2.meta.documentId}-json`);
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], 'application/json');
      assert.ok(got.raw.rawPayload.equals(Buffer.from(JSON.stringify(phase2.content))), 'the bytes inside the signed CDA');
      const json = JSON.parse(got.raw.body) as Record<string, unknown>;
      assert.deepEqual(Object.keys(json), [structure.rootKey]);
      assert.deepEqual(json, phase2.content);
      assert.match(String(got.headers['content-security-policy']), /sandbox/);
      assert.equal(got.headers['x-content-type-options'], 'nosniff');
      assert.equal(await readBodyRows(phase2.meta.documentId, 'success'), before + 1, 'a read-body row');
      // As a FHIR Binary when FHIR JSON is asked for.
      const binary = await worker.get(`Binary/${phase2.meta.documentId}-json`, { accept: 'application/fhir+json' });
      assertValidFhir(binary.body, 'Binary (JSON rendering)');
      assert.equal(binary.body.contentType, 'application/json');
      assert.deepEqual(JSON.parse(Buffer.from(String(binary.body.data), 'base64').toString('utf8')), phase2.content);
    });

    it('serves a complete, well-formed XHTML document with the title, header and content; each read logged', async () => {
      const before = await readBodyRows(phase2.meta.documentId, 'success');
      const got = await worker.get(`Binary/${phase2.meta.documentId}-xhtml`);
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], 'application/xhtml+xml');
      assert.equal(await readBodyRows(phase2.meta.documentId, 'success'), before + 1, 'a read-body row');
      const text = got.raw.body;
      assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<html xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/);
      assert.match(text, /<head>.*<title>Päätös – rakenteinen äöå<\/title>.*<\/head>/s);
      assert.ok(text.includes(HETU), 'the header names the client');
      assert.ok(text.includes(structure.fields[0]!.label.fi) || text.includes('<main'), 'the content is there');
      assert.doesNotMatch(text, /<script|src="http/);
      assert.equal(String(got.headers['content-security-policy']), "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      // Deterministic: the same document gives the same bytes and ETag.
      const again = await worker.get(`Binary/${phase2.meta.documentId}-xhtml`);
      assert.equal(again.headers.etag, got.headers.etag);
      if (xmllint) {
        const out = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: got.raw.rawPayload, encoding: 'utf8' });
        assert.equal(out.status, 0, `xmllint: ${out.stderr}`);
        // The root is XHTML's html in the XHTML namespace (xmllint reads it back).
        const root = execFileSync('xmllint', ['--nonet', '--xpath', 'name(/*)', '-'], { input: got.raw.rawPayload, encoding: 'utf8' });
        assert.equal(root.trim(), 'html');
      }
    });

    it('a phase I CDA has no JSON or XHTML: not listed, and the Binary is 404 no-rendering', async () => {
      const doc = await worker.get(`DocumentReference/${phase1.meta.setId}`);
      assert.deepEqual(
        (doc.body.content as Json[]).map((c) => (c.attachment as Json).contentType),
        [CDA, 'application/pdf'],
      );
      for (const kind of ['json', 'xhtml']) {
        const got = await worker.get(`Binary/${phase1.meta.documentId}-${kind}`);
        assert.equal(got.status, 404, kind);
        assertValidFhir(got.body, 'OperationOutcome');
        assert.match(issueLines(got.body).join('\n'), /no-rendering/);
      }
    });

    it('a reader without access gets 403 for every rendering, each denial logged', async () => {
      const outsider = fhirClient(f.app, 'sw-vaasa-aikuiset');
      const before = await readBodyRows(phase2.meta.documentId, 'denied');
      for (const kind of ['json', 'xhtml', 'pdf']) {
        const got = await outsider.get(`Binary/${phase2.meta.documentId}-${kind}`);
        assert.equal(got.status, 403, kind);
      }
      assert.equal(await readBodyRows(phase2.meta.documentId, 'denied'), before + 3);
    });

    it('after invalidation the XHTML marks the document invalidated; the JSON stays the signed content', async () => {
      const json = await worker.get(`Binary/${phase2.meta.documentId}-json`);
      const archivist = fhirClient(f.app, 'archivist-vaasa');
      const inv = await archivist.post(`DocumentReference/${phase2.meta.setId}/$invalidate`, {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'Kirjattu väärälle asiakkaalle' }],
      });
      assert.equal(inv.status, 200, issueLines(inv.body).join('\n'));
      assert.equal((inv.body.content as Json[]).length, 4);
      // An invalidated document is the archivist's to read (docs/access-control.md).
      const xhtml = await archivist.get(`Binary/${phase2.meta.documentId}-xhtml`);
      assert.equal(xhtml.status, 200);
      assert.match(xhtml.raw.body, /class="invalidated"[^>]*>[^<]*Kirjattu väärälle asiakkaalle/);
      const after = await archivist.get(`Binary/${phase2.meta.documentId}-json`);
      assert.ok(after.raw.rawPayload.equals(json.raw.rawPayload));
    });
  });
}
