import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadClientConfig } from '../../src/client/config.ts';
import { type ClientSystem, startClientSystem } from '../../src/client/start.ts';
import { type ArchiveApi, createArchiveApi } from '../../src/lib/archive-api/index.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import type { Db } from '../../src/lib/db/db.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { staticRoutes } from '../../src/lib/ui/static-routes.ts';
import { conformancePage } from '../../src/toolkit/conformance/page.tsx';
import { type ConformanceRuns, conformanceRuns } from '../../src/toolkit/conformance/runs.ts';
import { type ArchiveFixture, NOW, UNIT_LS } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive } from '../support/signed-cda.ts';
import { CHROMIUM, chromiumThere } from './ui-archivist-browser.ts';

// The toolkit's conformance page in real Chromium, as a vendor's tester uses it: reads the test cases,
// starts a run, points the (reference) client system at the address the page shows, watches the report
// fill in, finishes the run and downloads the report — in Finnish, Swedish and English, with axe-core's
// serious and critical findings at zero on every page.

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as Array<{ id: string; impact: string; nodes: unknown[] }>)
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
  });
  assert.deepEqual(violations, [], `${name}: axe`);
}

describe('the conformance page', { skip: !chromiumThere }, () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let toolkit: FastifyInstance;
  let runs: ConformanceRuns;
  let origin: string;
  let browser: Browser;
  const closers: Array<() => Promise<void>> = [];
  let clock = NOW;

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await testDatabases()[0]!.open(), pki);
    const archiveOrigin = await f.app.listen({ host: '127.0.0.1', port: 0 });
    const users = Object.values(f.users).map((u) => ({ id: u.userId, role: u.role, organisation: u.organisationOid }));
    runs = conformanceRuns({ archive: archiveOrigin, trust: () => pki.trust, users, now: () => NOW });
    toolkit = Fastify();
    await toolkit.register(cookie);
    await toolkit.register(formbody);
    await toolkit.register(staticRoutes);
    await toolkit.register(conformancePage({ runs, canUse: () => true }));
    origin = await toolkit.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    for (const c of closers.reverse()) await c();
    await browser?.close();
    await runs?.close();
    await toolkit?.close();
    await f?.app.close();
    await f?.db.close();
    await pki?.cleanup();
  });

  async function referenceSystem(fhirBase: string): Promise<ClientSystem> {
    const certFile = join(pki.dir, 'page-system.cert.pem');
    const keyFile = join(pki.dir, 'page-system.key.pem');
    await writeFile(certFile, pki.certs.system.certPem);
    await writeFile(keyFile, pki.certs.system.keyPem);
    const signingCertFile = join(pki.dir, 'page-system-signing.cert.pem');
    const signingKeyFile = join(pki.dir, 'page-system-signing.key.pem');
    await writeFile(signingCertFile, pki.certs.signing.certPem);
    await writeFile(signingKeyFile, pki.certs.signing.keyPem);
    const config = loadClientConfig({
      ARKKI_MODE: 'demo',
      ARKKI_CLIENT_ARCHIVE_URL: fhirBase,
      ARKKI_CLIENT_SYSTEM_CERT: certFile,
      ARKKI_CLIENT_SYSTEM_KEY: keyFile,
      ARKKI_CLIENT_SIGNING_CERT: signingCertFile,
      ARKKI_CLIENT_SIGNING_KEY: signingKeyFile,
      ARKKI_CLIENT_CA_CHAIN: join(pki.dir, PKI_FILES.chain),
    });
    const api: ArchiveApi = createArchiveApi({
      baseUrl: fhirBase,
      identity: { kind: 'demo-user', userId: config.archiveDemoUser },
      retry: { attempts: 1 },
      timeouts: { requestMs: 300_000 },
    });
    const db: Db = await openPglite();
    const cs = await startClientSystem({ config, db, archive: api, codeSets: f.ctx.codeSets, now: () => clock, worker: false });
    closers.push(
      () => db.close(),
      () => api.close(),
      () => cs.close(),
    );
    return cs;
  }

  it('shows the test cases, runs the reference system through the harness and gives the report in three languages', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${origin}/conformance`);
    assert.equal(await page.locator('h1').textContent(), 'Yhteensopivuustestaus');
    assert.equal(await page.locator('tr[data-requirement]').count(), 11);
    assert.match((await page.locator('tr[data-requirement="K04"]').textContent()) ?? '', /Järjestelmäallekirjoitus/);
    await axe(page, 'conformance page (fi)');

    await page.getByRole('link', { name: /SV/ }).click();
    assert.equal(await page.locator('h1').textContent(), 'Överensstämmelsetestning');
    await page.getByRole('link', { name: /EN/ }).click();
    assert.equal(await page.locator('h1').textContent(), 'Conformance testing');
    await axe(page, 'conformance page (en)');

    await page.getByLabel('System under test and version').fill('arkki reference client system 0.1');
    await page.getByRole('button', { name: 'Start a test run' }).click();
    const fhirBase = (await page.locator('[data-fhir-base]').textContent()) ?? '';
    assert.match(fhirBase, /^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
    assert.match((await page.locator('[data-verdict]').textContent()) ?? '', /Incomplete/);
    await axe(page, 'open run (en)');

    // The tester points the client system at the address shown and records a client with a case and a document.
    const cs = await referenceSystem(fhirBase);
    const ref = await cs.service.recordClient(
      { kind: 'hetu', value: makeHetu('2015-03-04', 951) },
      { familyName: 'Testinen', givenNames: 'Eino', turvakielto: false },
    );
    await cs.service.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    await cs.service.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    const kase = await cs.service.openCase(ref, { name: 'Perhetyö', serviceTask: '10', serviceUnit: UNIT_LS, opened: '2026-11-02' });
    const d = await cs.service.saveDraft(ref, {
      caseId: kase.caseId,
      processPhase: 'arviointi',
      documentType: '1001',
      title: 'Arvio',
      content: { teksti: 'Arvio tapaamisesta.' },
      language: 'fi',
      author: { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' },
    });
    await cs.service.finish(ref, d.documentId, {
      socialServices: ['94'],
      publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
      retentionRule: 'sh-12y',
      citizenVisible: { visible: true },
    });
    await cs.service.lock(ref, d.documentId);
    // A passing failure (5xx) on the shared CI machine is sent again by the queue: drain until all four are in.
    let archived = 0;
    for (let round = 0; round < 10 && archived < 4; round++) {
      archived += (await cs.queue.drain()).archived;
      clock = new Date(clock.getTime() + 3600_000);
    }
    assert.equal(archived, 4);

    await page.getByRole('link', { name: 'Refresh the report' }).click();
    assert.equal(await page.locator('tr[data-requirement="K01"]').getAttribute('data-outcome'), 'pass');
    assert.equal(await page.locator('tr[data-requirement="K04"]').getAttribute('data-outcome'), 'pass');
    assert.equal(await page.locator('tr[data-requirement="K06"]').getAttribute('data-outcome'), 'not-exercised');
    await page.getByRole('button', { name: 'Finish the run and make the report' }).click();
    assert.match((await page.locator('dl.facts').textContent()) ?? '', /Finished/);
    assert.equal(await page.locator('[data-fhir-base]').count(), 0, 'a finished run no longer forwards');
    await axe(page, 'finished run (en)');

    const json = await page.request.get(`${page.url()}/report.json`);
    const report = (await json.json()) as { verdict: string; results: Array<{ id: string; outcome: string }> };
    assert.equal(report.verdict, 'incomplete');
    assert.equal(report.results.find((r) => r.id === 'K02')?.outcome, 'pass');
    const pdf = await page.request.get(`${page.url()}/report.pdf?lang=sv`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

    await page.goto(`${page.url()}?lang=sv`);
    assert.match((await page.locator('h2#conformance-report-title').textContent()) ?? '', /Överensstämmelserapport/);
    await axe(page, 'finished run (sv)');
    await context.close();
  });

  it('refuses a run without a system name, and a cross-site form', async () => {
    const empty = await fetch(`${origin}/conformance/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: 'system=',
    });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Name the system under test/);
    const cross = await fetch(`${origin}/conformance/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body: 'system=x',
    });
    assert.equal(cross.status, 403);
    assert.equal((await fetch(`${origin}/conformance/runs/nope`)).status, 404);
  });
});
