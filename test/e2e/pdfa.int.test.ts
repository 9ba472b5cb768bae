// PDF bodies are PDF/A (issue 12 item 2): the phase I PDF of an archived signed CDA, fetched as a reader
// gets it (Binary/<id>-pdf), passes Debian's qpdf --check and pdffonts lists every font embedded; the
// client system's real rendering (render-pdf.ts) is accepted too; an old PDF 1.4 in an otherwise valid
// signed CDA is refused with rule pdfa-required, each failing point named in the diagnostics.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { legacyPdf } from '../../src/lib/render/placeholder-pdf.ts';
import { renderPdf } from '../../src/lib/render/render-pdf.ts';
import { NOW, caseDocument, clientDocument, clienthoodDocument, newOid, type ArchiveFixture } from '../support/archive-fixtures.ts';
import { batchBundle, fhirClient, type FhirClient } from '../support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, cdaOnlyDocumentReference, signedCda } from '../support/signed-cda.ts';
import { requireSystemDependency } from '../support/system-deps.ts';

const installed = spawnSync('qpdf', ['--version']).status === 0 && spawnSync('pdffonts', ['-v']).status === 0;
if (!installed) requireSystemDependency('qpdf and pdffonts (qpdf, poppler-utils)');

function tool(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** pdffonts' table rows (after the two header lines): the "emb" column of each. */
function fontRows(output: string): Array<{ name: string; embedded: string }> {
  const lines = output.trim().split('\n');
  const header = lines[0] ?? '';
  const at = header.indexOf(' emb ') + 1;
  return lines.slice(2).map((l) => ({ name: l.split(/\s+/)[0] ?? '', embedded: l.slice(at, at + 3).trim() }));
}

describe('PDF bodies are PDF/A', { skip: !installed && 'qpdf/pdffonts not installed' }, () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let system: FhirClient;
  let reader: FhirClient;
  let dir: string;
  let caseId: string;

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki, { maxBodyBytes: 20 * 1024 * 1024 });
    dir = await mkdtemp(join(tmpdir(), 'arkki-pdfa-'));
    system = fhirClient(f.app, 'system-vaasa');
    reader = fhirClient(f.app, 'sw-vaasa-ls');
    caseId = newOid(3);
    const setup = [clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId)];
    const res = await system.post('', batchBundle(setup.map((m) => cdaOnlyDocumentReference(signedCda(pki, m, f.ctx.codeSets)))));
    const statuses = (res.body.entry as Array<{ response: { status: string } }>).map((e) => e.response.status);
    assert.deepEqual(
      statuses,
      setup.map(() => '201 Created'),
    );
  });
  after(async () => {
    await f?.db.close();
    await pki?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function archivedPdf(body?: Buffer, m = clientDocument(caseId)): Promise<string> {
    const xml = signedCda(pki, m, f.ctx.codeSets, body ? { body: { kind: 'pdf', data: body } } : {});
    const res = await system.post('DocumentReference', cdaOnlyDocumentReference(xml));
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 2000));
    const got = await reader.get(`Binary/${m.documentId}-pdf`, { accept: 'application/pdf' });
    assert.equal(got.status, 200);
    assert.equal(got.raw.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const file = join(dir, `${m.documentId}.pdf`);
    await writeFile(file, got.raw.rawPayload);
    return file;
  }

  async function assertWellFormedWithEmbeddedFonts(file: string): Promise<void> {
    const check = await tool('qpdf', ['--check', file]);
    assert.equal(check.code, 0, check.output);
    assert.match(check.output, /No syntax or stream encoding errors found/);
    const fonts = await tool('pdffonts', [file]);
    assert.equal(fonts.code, 0, fonts.output);
    const rows = fontRows(fonts.output);
    assert.ok(rows.length > 0, `pdffonts lists no fonts:\n${fonts.output}`);
    for (const r of rows) assert.equal(r.embedded, 'yes', `font ${r.name} is not embedded:\n${fonts.output}`);
  }

  test('the archived placeholder PDF/A passes qpdf --check and has every font embedded', async () => {
    await assertWellFormedWithEmbeddedFonts(await archivedPdf());
  });

  test("the client system's rendering (render-pdf.ts) is accepted as PDF/A and passes qpdf and pdffonts", async () => {
    const m = clientDocument(caseId, { title: 'Suunnitelma <Åsa & "Väinö">' });
    const rendered = await renderPdf({ metadata: m, codeSets: f.ctx.codeSets });
    await assertWellFormedWithEmbeddedFonts(await archivedPdf(rendered, m));
  });

  test('an old PDF 1.4 in a valid signed CDA is refused with pdfa-required, naming each failing point', async () => {
    const m = clientDocument(caseId);
    const xml = signedCda(pki, m, f.ctx.codeSets, { body: { kind: 'pdf', data: legacyPdf(['Vanha PDF 1.4']) } });
    const res = await system.post('DocumentReference', cdaOnlyDocumentReference(xml));
    assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 2000));
    const issues = res.body.issue as Array<{ details?: { coding?: Array<{ code: string }> }; diagnostics?: string; expression?: string[] }>;
    const pdfa = issues.filter((i) => i.details?.coding?.some((c) => c.code === 'pdfa-required'));
    const named = pdfa.map((i) => /not PDF\/A: ([a-z-]+):/.exec(i.diagnostics ?? '')?.[1]).sort();
    assert.deepEqual(named, ['font-embedded', 'output-intent', 'trailer-id', 'xmp-metadata'], JSON.stringify(issues));
    for (const i of pdfa) assert.deepEqual(i.expression, ['/ClinicalDocument/component/nonXMLBody/text']);
    assert.equal((await reader.get(`DocumentReference/${m.documentId}`)).status, 404);
  });
});
