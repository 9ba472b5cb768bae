import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadClientConfig } from '../../src/client/config.ts';
import { type ClientSystem, startClientSystem } from '../../src/client/start.ts';
import { type ArchiveApi, createArchiveApi } from '../../src/lib/archive-api/index.ts';
import type { Db } from '../../src/lib/db/db.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { loadToolkitConfig } from '../../src/toolkit/config.ts';
import { type StartedToolkit, startToolkit } from '../../src/toolkit/start.ts';
import { type ArchiveFixture, NOW, UNIT_LS } from '../support/archive-fixtures.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive } from '../support/signed-cda.ts';
import { requireSystemDependency } from '../support/system-deps.ts';
import { CHROMIUM, chromiumThere, shot } from './ui-archivist-browser.ts';

// The conformance harness as a new user finds it in the deployment toolkit, in real Chromium: signed in
// as the project manager, from the navigation to the conformance page (its test archive and test PKI from
// ARKKI_TOOLKIT_CONFORMANCE_*), a run started, the reference client system pointed at the address shown,
// the report per requirement with its evidence, the run finished and the PDF read back with pdftotext.
// Every page at desktop and 390 px width, in Finnish and Swedish: axe (no serious or critical), nothing
// wider than the window, and a screenshot (ARKKI_UI_SCREENSHOTS).

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const poppler = spawnSync('pdftotext', ['-v']).status === 0;
if (!poppler) requireSystemDependency('pdftotext (poppler-utils)');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function checkPage(page: Page, name: string): Promise<void> {
  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    // enhance.js puts a table that scrolls inside itself into the tab order on the resize event: wait for it.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('table')).every((t) => t.scrollWidth <= t.clientWidth + 1 || t.getAttribute('tabindex') === '0'),
    );
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
      const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return (r.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>)
        .filter((x) => x.impact === 'serious' || x.impact === 'critical')
        .map((x) => `${x.id} (${x.impact}, ${x.nodes.length}: ${x.nodes[0]?.target.join(' ')})`);
    });
    assert.deepEqual(violations, [], `${name} ${v.name}: axe`);
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name} ${v.name}: the page is ${overflow} px wider than the window`);
    await shot(page, `toolkit-conformance-${name}-${v.name}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('conformance testing in the deployment toolkit', { skip: !chromiumThere }, () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let toolkit: StartedToolkit;
  let browser: Browser;
  let dir: string;
  const closers: Array<() => Promise<void>> = [];
  let clock = NOW;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arkki-toolkit-conf-'));
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki);
    const origin = await f.app.listen({ host: '127.0.0.1', port: 0 });
    const config = loadToolkitConfig({
      ARKKI_MODE: 'demo',
      ARKKI_DATA_DIR: dir,
      TOOLKIT_PORT: '0',
      ARKKI_TOOLKIT_ARCHIVE_URL: `${origin}/fhir/R4`,
      ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE: origin,
      ARKKI_TOOLKIT_CONFORMANCE_PKI: pki.dir,
    });
    toolkit = await startToolkit({ config, db: await openPglite(), now: () => NOW });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    for (const c of closers.reverse()) await c();
    await browser?.close();
    await toolkit?.close();
    await toolkit?.db.close();
    await f?.app.close();
    await f?.db.close();
    await pki?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function referenceSystem(fhirBase: string): Promise<ClientSystem> {
    const files = {
      cert: [join(dir, 'system.cert.pem'), pki.certs.system.certPem],
      key: [join(dir, 'system.key.pem'), pki.certs.system.keyPem],
      signingCert: [join(dir, 'signing.cert.pem'), pki.certs.signing.certPem],
      signingKey: [join(dir, 'signing.key.pem'), pki.certs.signing.keyPem],
    } as const;
    for (const [file, pem] of Object.values(files)) await writeFile(file, pem);
    const config = loadClientConfig({
      ARKKI_MODE: 'demo',
      ARKKI_CLIENT_ARCHIVE_URL: fhirBase,
      ARKKI_CLIENT_SYSTEM_CERT: files.cert[0],
      ARKKI_CLIENT_SYSTEM_KEY: files.key[0],
      ARKKI_CLIENT_SIGNING_CERT: files.signingCert[0],
      ARKKI_CLIENT_SIGNING_KEY: files.signingKey[0],
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

  it('a project manager finds the harness in the navigation, runs the reference system through it and gets the report', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI', acceptDownloads: true });
    const page = await context.newPage();
    // Signed out, the page sends the visitor to the sign-in first, and back to it afterwards.
    await page.goto(`${toolkit.url}/conformance`);
    assert.match(page.url(), /\/login\?return=%2Fconformance$/);
    await page
      .locator('form', { has: page.locator('input[name="user"][value="pm-demo"]') })
      .locator('button')
      .click();
    await page.waitForURL(/\/conformance$/);
    await page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Projektit' }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Yhteensopivuustestaus' }).click();
    await page.waitForURL(/\/conformance$/);
    assert.equal(await page.locator('h1').textContent(), 'Yhteensopivuustestaus');
    assert.equal(await page.locator('[aria-current="page"]').textContent(), 'Yhteensopivuustestaus');
    assert.equal(await page.locator('tr[data-requirement]').count(), 11);
    const sources = (await page.locator('tr[data-requirement] td:last-child').allTextContents()).join(' ');
    assert.doesNotMatch(sources, /seed|README/i, 'no internal source names on the page');
    await checkPage(page, 'start-fi');

    // A run without a name is refused and the field says why; then the run starts.
    await page.getByRole('button', { name: 'Aloita testiajo' }).click();
    assert.equal(await page.locator('#system:invalid').count(), 1, 'the browser asks for the name first');
    await page.getByLabel('Testattava järjestelmä ja versio').fill('arkki-viitejärjestelmä 0.1');
    await page.getByRole('button', { name: 'Aloita testiajo' }).click();
    await page.waitForURL(/\/conformance\/runs\/[\w-]+$/);
    const runUrl = page.url();
    const fhirBase = (await page.locator('[data-fhir-base]').textContent()) ?? '';
    assert.match(fhirBase, /^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
    await checkPage(page, 'open-run-fi');

    // The tester points the client system at the address shown and records a client, a case and a document.
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
    let archived = 0;
    for (let round = 0; round < 10 && archived < 4; round++) {
      archived += (await cs.queue.drain()).archived;
      clock = new Date(clock.getTime() + 3600_000);
    }
    assert.equal(archived, 4);

    // The report per requirement, with the evidence of each, as the run goes on.
    await page.getByRole('link', { name: 'Päivitä raportti' }).click();
    assert.equal(await page.locator('tr[data-requirement="K01"]').getAttribute('data-outcome'), 'pass');
    assert.equal(await page.locator('tr[data-requirement="K04"]').getAttribute('data-outcome'), 'pass');
    assert.equal(await page.locator('tr[data-requirement="K06"]').getAttribute('data-outcome'), 'not-exercised');
    const k04 = page.locator('article#req-K04');
    assert.match((await k04.locator('h3').textContent()) ?? '', /^K04 .*: Täyttyi$/);
    assert.ok((await k04.locator('table tbody tr').count()) > 0, 'K04 shows its evidence');
    await page.getByRole('link', { name: /K04/ }).first().click();
    assert.match(page.url(), /#req-K04$/);
    await checkPage(page, 'report-fi');

    await page.getByRole('button', { name: 'Päätä testiajo ja tee raportti' }).click();
    await page.waitForURL(runUrl);
    assert.match((await page.locator('dl.facts').textContent()) ?? '', /Päättynyt/);
    assert.equal(await page.locator('[data-fhir-base]').count(), 0, 'a finished run no longer forwards');
    await checkPage(page, 'finished-fi');

    // The PDF report as a certifier reads it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF' }).click()]);
    const pdfFile = join(dir, 'conformance.pdf');
    await download.saveAs(pdfFile);
    if (poppler) {
      const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
      assert.match(text, /arkki-viitejärjestelmä 0\.1/);
      assert.match(text, /K04/);
      assert.doesNotMatch(text, /seed \d{3}|README/, 'the PDF names its sources as a reader knows them');
    }

    // In Swedish, through the toolkit's language switch.
    await page.getByRole('link', { name: /^SV/ }).click();
    await page.waitForURL(runUrl);
    assert.match((await page.locator('h2#conformance-report-title').textContent()) ?? '', /Överensstämmelserapport/);
    await checkPage(page, 'finished-sv');
    await page.getByRole('link', { name: 'Överensstämmelsetestning' }).first().click();
    await page.waitForURL(/\/conformance$/);
    assert.equal(await page.locator('tr[data-requirement]').count(), 11);
    await checkPage(page, 'start-sv');
    await context.close();
  });

  it("the project pages at desktop and phone width in fi and sv; the timeline's today label inside the chart", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${toolkit.url}/login`);
    await checkPage(page, 'tour-login-fi');
    await page
      .locator('form', { has: page.locator('input[name="user"][value="pm-demo"]') })
      .locator('button')
      .click();
    await page.waitForURL(/\/projects$/);
    await checkPage(page, 'tour-projects-fi');
    await page.getByRole('button', { name: 'Avaa projekti' }).click();
    await page.waitForURL(/\/projects\/\d+\/tasks$/);
    const projectUrl = page.url().replace(/\/tasks$/, '');
    await page.getByRole('button', { name: 'Lataa kansallinen pohja' }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('.task-table tbody tr').count(), 176);
    // 1.1 ends today: the today line sits at the right end of the chart, where its label used to be cut off.
    for (const [field, value] of [
      ['startDay', '2.11.2026'],
      ['endDay', '20.11.2026'],
    ] as const) {
      const cell = page.locator(`#task-1-1 [name="${field}"]`);
      await cell.fill(value);
      await cell.press('Tab');
      await page.locator('#task-1-1 [role="status"]').waitFor();
    }
    await page.goto(`${projectUrl}/tasks?section=1`);
    await checkPage(page, 'tour-tasks-fi');
    for (const lang of ['fi', 'sv'] as const) {
      await page.goto(`${toolkit.url}/ui/lang/${lang}?return=${encodeURIComponent(new URL(projectUrl).pathname)}`);
      const label = page.locator('svg.chart text.today-label');
      assert.match((await label.textContent()) ?? '', lang === 'fi' ? /^tänään 20\.11\.2026$/ : /20\.11\.2026$/);
      const fits = await label.evaluate((el) => {
        const svg = (el as unknown as SVGGraphicsElement).ownerSVGElement!;
        const box = (el as SVGGraphicsElement).getBBox();
        return { left: box.x, right: box.x + box.width, top: box.y, width: svg.viewBox.baseVal.width };
      });
      assert.ok(fits.left >= 0 && fits.right <= fits.width && fits.top >= 0, `the today label inside the chart: ${JSON.stringify(fits)}`);
      assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /seed \d|siemen/i);
      await checkPage(page, `tour-overview-${lang}`);
    }
    await page.goto(`${projectUrl}/tasks?section=1`);
    await checkPage(page, 'tour-tasks-sv');
    await context.close();
  });

  it('refuses a form without the toolkit sign-in or its token', async () => {
    const anonymous = await fetch(`${toolkit.url}/conformance/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'system=x',
      redirect: 'manual',
    });
    assert.equal(anonymous.status, 401);
    const login = await fetch(`${toolkit.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=pm-demo&return=/conformance',
      redirect: 'manual',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const noToken = await fetch(`${toolkit.url}/conformance/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: 'system=x',
      redirect: 'manual',
    });
    assert.equal(noToken.status, 403);
  });
});
