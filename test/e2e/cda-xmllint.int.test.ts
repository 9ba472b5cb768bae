// The CDA validates as served (issue 12 item 7): archived system-signed CDA documents, phase I (PDF in
// nonXMLBody) and phase 2 (structuredBody), fetched from the archive's API as a reader gets them, are
// valid for Debian's native xmllint (libxml2-utils) against arkki's schema wrapper
// data/cda-r2-xsd/arkki/CDA-signed.xsd, which admits the enveloped ds:Signature at the end of
// ClinicalDocument (local XML-DSig profile schema, no network). HL7's plain CDA.xsd refuses the very same
// bytes at ds:Signature, which is why the wrapper exists; a signature outside the profile fails the wrapper.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { loadStructureRegistry } from '../../src/lib/structures/registry.ts';
import { sampleContent } from '../../src/lib/structures/sample-content.ts';
import { NOW, caseDocument, clientDocument, clienthoodDocument, newOid, type ArchiveFixture } from '../support/archive-fixtures.ts';
import { batchBundle, fhirClient } from '../support/fhir-client.ts';
import { HETU } from '../support/metadata-fixtures.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, cdaOnlyDocumentReference, signedCda } from '../support/signed-cda.ts';
import { requireSystemDependency } from '../support/system-deps.ts';

const installed = spawnSync('xmllint', ['--version']).status === 0;
if (!installed) requireSystemDependency('xmllint (libxml2-utils)');

const XSD = fileURLToPath(new URL('../../data/cda-r2-xsd/', import.meta.url));
const WRAPPER = join(XSD, 'arkki/CDA-signed.xsd');
const PLAIN = join(XSD, 'infrastructure/cda/CDA.xsd');

function xmllint(schema: string, files: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // --nonet: the schemas must resolve locally.
    execFile('xmllint', ['--noout', '--nonet', '--schema', schema, ...files], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('archived signed CDA validates as served with native xmllint', { skip: !installed && 'xmllint not installed' }, () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let dir: string;
  const files: string[] = [];

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki, { maxBodyBytes: 20 * 1024 * 1024 });
    dir = await mkdtemp(join(tmpdir(), 'arkki-xmllint-'));
    const system = fhirClient(f.app, 'system-vaasa');
    const reader = fhirClient(f.app, 'sw-vaasa-ls');
    const cs = f.ctx.codeSets;
    const caseId = newOid(3);
    const registry = await loadStructureRegistry();
    const structure = registry.all().find((d) => d.code === '1001') ?? registry.all()[0]!;
    const phase2 = clientDocument(caseId, { documentType: structure.code });
    const plain = [clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId), clientDocument(caseId)];
    const docs = [
      ...plain.map((m) => signedCda(pki, m, cs)),
      signedCda(pki, phase2, cs, {
        body: {
          kind: 'structured',
          content: sampleContent(structure, { seed: 3, codeSets: cs, client: { hetu: HETU } }),
          definition: structure,
        },
        structureOid: structure.oid,
      }),
    ];
    const res = await system.post('', batchBundle(docs.map(cdaOnlyDocumentReference)));
    const statuses = (res.body.entry as Array<{ response: { status: string } }>).map((e) => e.response.status);
    assert.deepEqual(
      statuses,
      docs.map(() => '201 Created'),
    );
    const documentIds = [...plain, phase2].map((m) => m.documentId);
    for (const id of documentIds) {
      const got = await reader.get(`Binary/${id}`);
      assert.equal(got.status, 200, `Binary/${id}`);
      const file = join(dir, `${id}.xml`);
      await writeFile(file, got.raw.rawPayload);
      files.push(file);
    }
  });
  after(async () => {
    await f?.db.close();
    await pki?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('every fetched document carries the signature and validates against the wrapper', async () => {
    assert.ok(files.length >= 5, `fetched ${files.length} documents`);
    const run = await xmllint(WRAPPER, files);
    assert.equal(run.code, 0, run.output);
    assert.equal((run.output.match(/ validates$/gm) ?? []).length, files.length, run.output);
  });

  test('plain CDA.xsd refuses the same bytes at ds:Signature: the reason for the wrapper', async () => {
    const run = await xmllint(PLAIN, files.slice(0, 1));
    assert.notEqual(run.code, 0);
    assert.match(run.output, /xmldsig#\}Signature': This element is not expected/);
  });

  test('a ds:Signature outside the profile, or misplaced, fails the wrapper', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(files[0]!, 'utf8');
    const extra = join(dir, 'extra-object.xml');
    await writeFile(extra, text.replace('<ds:SignatureValue>', '<ds:Object/><ds:SignatureValue>'));
    const misplaced = join(dir, 'misplaced.xml');
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(text)![0];
    await writeFile(misplaced, text.replace(signature, '').replace('<component>', `${signature}<component>`));
    for (const file of [extra, misplaced]) {
      const run = await xmllint(WRAPPER, [file]);
      assert.notEqual(run.code, 0, `${file} must fail`);
    }
  });
});
