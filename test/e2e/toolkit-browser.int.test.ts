import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { loadToolkitConfig } from '../../src/toolkit/config.ts';
import { type StartedToolkit, startToolkit } from '../../src/toolkit/start.ts';
import { type ArchiveFixture, clientDocument, newOid, NOW, prepareClient, RK, submission } from '../support/archive-fixtures.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, signedDocumentReference } from '../support/signed-cda.ts';
import { requireSystemDependency } from '../support/system-deps.ts';
import { CHROMIUM, chromiumThere, shot } from './ui-archivist-browser.ts';

// The deployment toolkit as a project manager and an archivist use it, in real Chromium against the real
// archive over HTTP: the template imported as XLSX, tasks updated (a refused "done" on an open dependency),
// readiness and the timeline changing, the deployment test with the archivist's check list and its PDF
// report, and the follow-up showing the week's archiving with a refused document. axe on every page.

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const poppler = spawnSync('pdftotext', ['-v']).status === 0;
if (!poppler) requireSystemDependency('pdftotext (poppler-utils)');

async function checkPage(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>)
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}: ${v.nodes[0]?.target.join(' ')})`);
  });
  assert.deepEqual(violations, [], `${name}: axe`);
  await shot(page, `toolkit-${name}`);
}

describe('deployment toolkit in the browser', { skip: !chromiumThere }, () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let toolkit: StartedToolkit;
  let browser: Browser;
  let dir: string;
  let archiveUrl: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arkki-toolkit-'));
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki);
    archiveUrl = `${await f.app.listen({ host: '127.0.0.1', port: 0 })}/fhir/R4`;
    const config = loadToolkitConfig({ ARKKI_MODE: 'demo', ARKKI_DATA_DIR: dir, ARKKI_TOOLKIT_ARCHIVE_URL: archiveUrl, TOOLKIT_PORT: '0' });
    // The archive's clock is fixed at NOW; the toolkit's day is the same day.
    toolkit = await startToolkit({ config, db: await openPglite(), now: () => NOW });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await toolkit?.close();
    await toolkit?.db.close();
    await f?.app.close();
    await f?.db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const login = async (userId: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${toolkit.url}/login`);
    await checkPage(page, 'login');
    await page
      .locator('form', { has: page.locator(`input[name="user"][value="${userId}"]`) })
      .locator('button')
      .click();
    await page.waitForLoadState('load');
    return page;
  };

  it('project manager: template, tasks, readiness, timeline; deployment test with the archivist; report; follow-up', async () => {
    const pm = await login('pm-demo');
    await checkPage(pm, 'projects');
    await pm.selectOption('#organisation', RK);
    await pm.getByRole('button', { name: 'Avaa projekti' }).click();
    await pm.waitForURL(/\/projects\/\d+\/tasks$/);
    const projectUrl = pm.url().replace(/\/tasks$/, '');
    await checkPage(pm, 'tasks-empty');

    // The national template as XLSX, downloaded and imported back.
    const [download] = await Promise.all([pm.waitForEvent('download'), pm.getByRole('link', { name: 'Kansallinen pohja (XLSX)' }).click()]);
    const xlsx = join(dir, 'template.xlsx');
    await download.saveAs(xlsx);
    await pm.setInputFiles('#task-file', xlsx);
    await pm.getByRole('button', { name: 'Tuo', exact: true }).click();
    await pm.waitForURL(/imported=176/);
    assert.equal(await pm.locator('.task-table tbody tr').count(), 176);
    await checkPage(pm, 'tasks');

    // "Done" is refused while section 5 is open, and the message names it.
    const row74 = pm.locator('#task-7-4');
    await row74.locator('select[name="status"]').selectOption('Valmis');
    await assert.doesNotReject(row74.locator('[role="alert"]').waitFor());
    assert.match((await pm.locator('#task-7-4 [role="alert"]').textContent()) ?? '', /7\.4.*5\.1/);
    assert.equal(await pm.locator('#task-7-4 select[name="status"]').inputValue(), 'Aloittamatta');

    // A schedule and progress: 1.1 done (5 work days), 1.2 late (ended before today), 1.3 depends on nothing.
    const edit = async (id: string, field: string, value: string) => {
      const cell = pm.locator(`#task-${id.replaceAll('.', '-')} [name="${field}"]`);
      if (field === 'status') await cell.selectOption(value);
      else {
        await cell.fill(value);
        await cell.press('Tab');
      }
      await pm.locator(`#task-${id.replaceAll('.', '-')} [role="status"]`).waitFor();
    };
    const before = Number(await (await pm.request.get(projectUrl)).text().then((h) => /data-readiness="([\d.]+)"/.exec(h)?.[1]));
    await edit('1.1', 'workDays', '5');
    await edit('1.1', 'startDay', '2.11.2026');
    await edit('1.1', 'endDay', '6.11.2026');
    await edit('1.1', 'status', 'Valmis');
    await edit('1.2', 'startDay', '9.11.2026');
    await edit('1.2', 'endDay', '13.11.2026');
    await edit('1.2', 'responsible', 'Paula');
    await pm.goto(`${projectUrl}/tasks?late=1`);
    assert.equal(await pm.locator('.task-table tbody tr').count(), 1, 'the late filter shows 1.2 only');

    await pm.goto(projectUrl);
    const after = Number(await pm.locator('[data-readiness]').getAttribute('data-readiness'));
    assert.equal(before, 0);
    assert.ok(after > before, `readiness moved: ${before} → ${after}`);
    assert.match((await pm.locator('#late-tasks').textContent()) ?? '', /1\.2/);
    assert.equal(await pm.locator('svg.chart g[data-task]').count(), 2);
    assert.equal(await pm.locator('svg.chart g[data-late="true"]').count(), 1);
    assert.equal(await pm.locator('svg.chart line.today').count(), 1);
    await pm.selectOption('#wave', '2027-1');
    await pm.getByRole('button', { name: 'Tallenna aalto' }).click();
    await pm.waitForURL(projectUrl);
    await checkPage(pm, 'overview');

    // Certificates (section 9) done before the test, row by row in the filtered table.
    await pm.goto(`${projectUrl}/tasks?section=9`);
    for (const row of await pm.locator('.task-table tbody tr').all()) {
      await row.locator('select[name="status"]').selectOption('Valmis');
      await row.locator('[role="status"]').waitFor();
    }
    await pm.goto(`${projectUrl}/tasks?section=9&status=Aloittamatta`);
    assert.equal(await pm.locator('.task-table tbody tr').count(), 0, 'section 9 done');

    // The deployment test: preconditions, then the professional's test case arrives in the archive.
    await pm.goto(`${projectUrl}/deployment-test`);
    await checkPage(pm, 'test-start');
    await pm.fill('#client-system', 'arkki reference client system 0.1 (Valvira A)');
    await pm.fill('#test-client', 'Testi Testinen (toimittajan testiasiakas)');
    await pm.fill('#professional', 'Sanna Sosiaalityöntekijä');
    await pm.getByRole('button', { name: 'Tarkista edellytykset ja aloita' }).click();
    await pm.waitForURL(/deployment-test\/\d+$/);
    const testUrl = pm.url();
    assert.equal(
      await pm.locator('#preconditions li[data-ok="true"]').count(),
      4,
      (await pm.locator('#preconditions').textContent()) ?? '',
    );
    const caseId = await prepareClient(f);
    await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(clientDocument(caseId))]);
    await pm.getByRole('button', { name: 'Katso, mitä arkistoon saapui' }).click();
    await pm.waitForURL(testUrl);
    assert.match((await pm.locator('#arrived').textContent()) ?? '', /4 asiakirjaa/);
    await checkPage(pm, 'test-arrived');

    // The archivist checks every field of every document and decides.
    const ar = await login('archivist-demo');
    await ar.goto(testUrl);
    for (const select of await ar.locator('select[name^="result:"]').all()) await select.selectOption('pass');
    await ar.locator('input[name="remark:3:case"]').fill('Asian nimi oikein');
    await ar.getByRole('button', { name: 'Tallenna tarkistus' }).click();
    await ar.waitForURL(/saved=1/);
    await checkPage(ar, 'test-checked');
    // The archive is down when the archivist decides: the pass stands, opening archiving fails, a retry is offered.
    const port = Number(new URL(archiveUrl).port);
    await new Promise<void>((resolve) => {
      f.app.server.close(() => resolve());
      f.app.server.closeAllConnections();
    });
    await ar.getByRole('button', { name: 'Päätä käyttöönottokokeen tulos' }).click();
    await ar.waitForURL(/archivingError=unavailable/);
    assert.match((await ar.locator('#outcome').textContent()) ?? '', /Onnistunut/);
    assert.match((await ar.locator('#archiving [role="alert"]').textContent()) ?? '', /ei onnistunut: arkisto ei vastannut/);
    await checkPage(ar, 'test-archiving-failed');
    await new Promise<void>((resolve) => f.app.server.listen(port, '127.0.0.1', () => resolve()));
    await ar.getByRole('button', { name: 'Avaa arkistointi uudelleen' }).click();
    await ar.waitForURL(testUrl);
    assert.equal(await ar.locator('#archiving').getAttribute('data-state'), 'open');
    assert.match((await ar.locator('#archiving [role="status"]').textContent()) ?? '', /avattu arkistossa 20\.11\.2026/);
    const org = (await (await fetch(`${archiveUrl}/Organization/${RK}`, { headers: { 'x-arkki-demo-user': 'sw-vaasa-ls' } })).json()) as {
      extension?: Array<{ url: string; extension: Array<{ url: string; valueCode?: string }> }>;
    };
    assert.equal(org.extension?.[0]?.extension.find((e) => e.url === 'state')?.valueCode, 'open', 'the archive has it open');
    // 20.11.2026 is a Friday: two working days on is Tuesday 24.11.
    assert.match(
      (await ar.locator('#due').textContent()) ?? '',
      /24\.11\.2026.*kanta@kanta\.fi.*SHA käyttöönottokoe Pohjanmaan hyvinvointialue/,
    );
    await checkPage(ar, 'test-passed');

    // The project manager downloads the report.
    await pm.goto(testUrl);
    const [pdf] = await Promise.all([pm.waitForEvent('download'), pm.getByRole('link', { name: 'Raportti (PDF, suomi)' }).click()]);
    const pdfFile = join(dir, 'report.pdf');
    await pdf.saveAs(pdfFile);
    if (poppler) {
      const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
      assert.match(text, /SHA käyttöönottokoe Pohjanmaan hyvinvointialue/);
      assert.match(text, /24\.11\.2026/);
      assert.match(text, /Asian nimi oikein/);
      assert.match(text, /Onnistunut/);
    }
    await pm.goto(`${testUrl}/report.sv.html`);
    await checkPage(pm, 'report-sv');

    // Follow-up: the organisation's own system sends, over the FHIR API, a document whose case was never
    // archived, and another organisation's system tries to archive into this register: both refused.
    const early = await fetch(`${archiveUrl}/DocumentReference`, {
      method: 'POST',
      headers: { 'x-arkki-demo-user': 'system-vaasa', 'content-type': 'application/fhir+json' },
      body: JSON.stringify(signedDocumentReference(pki, clientDocument(newOid(3)), f.ctx.codeSets)),
    });
    assert.equal(early.status, 422, await early.text());
    const refused = await storeDocuments(f.deps, f.users['system-eksote']!, [submission(clientDocument(caseId))]);
    assert.equal(refused[0]!.outcome, 'rejected');
    const otherRule = refused[0]!.outcome === 'rejected' ? refused[0]!.error.issues[0]!.rule : '';
    await pm.goto(`${projectUrl}/follow-up`);
    const week1 = pm.locator('#follow-up-weeks tr[data-week="1"]');
    assert.match((await week1.textContent()) ?? '', /16\.11\.2026–22\.11\.2026\s*4\s*2/);
    assert.match((await week1.textContent()) ?? '', /Lastensuojelu, Vaasa: 4/);
    assert.match((await week1.locator('.refused-by-unit').textContent()) ?? '', /Lastensuojelu, Vaasa: 2/);
    assert.match(
      (await week1.locator('.refused-reasons').textContent()) ?? '',
      /archive-first – asiakkuus tai asia on arkistoitava ensin: 1/,
    );
    const errors = pm.locator('#open-errors');
    assert.match((await errors.locator('tr[data-rule="archive-first"]').textContent()) ?? '', /Lastensuojelu, Vaasa.*archive-first/);
    assert.equal(await errors.locator(`tr[data-rule="${otherRule}"]`).count(), 1, `the other organisation's attempt (${otherRule})`);
    await checkPage(pm, 'follow-up');
    await pm.goto(`${projectUrl}/follow-up/report.html`);
    assert.match((await pm.locator('#open-errors').textContent()) ?? '', /archive-first/);
    await checkPage(pm, 'follow-up-report');
    const [weekly] = await Promise.all([pm.waitForEvent('download'), pm.goto(`${projectUrl}/follow-up/report.pdf`).catch(() => undefined)]);
    const weeklyFile = join(dir, 'weekly.pdf');
    await weekly.saveAs(weeklyFile);
    if (poppler) {
      const text = execFileSync('pdftotext', ['-layout', weeklyFile, '-'], { encoding: 'utf8' });
      assert.match(text, /Hylätyt palveluyksiköittäin: Lastensuojelu, Vaasa: 2/);
      assert.match(text, /archive-first – asiakkuus tai asia on arkistoitava ensin/);
    }
  });
});
