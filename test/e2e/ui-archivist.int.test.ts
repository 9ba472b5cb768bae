import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { depsOf } from '../../src/archive/context.ts';
import { runLogMonitor } from '../../src/archive/service/log-monitoring.ts';
import { readDocument } from '../../src/archive/service/read-documents.ts';
import { chromiumThere, loginProfessional, newContext, shot, startDemoApp, type DemoApp } from './ui-archivist-browser.ts';

// The archivist UI in real Chromium against the real app (demo mode, PGlite, seeded demo data): search,
// open, invalidate behind re-authentication, and review a log-monitoring alert.

const RK = '1.2.246.10.9990001.10.1';
const MINUTE = 60_000;

describe('archivist UI in the browser', { skip: !chromiumThere }, () => {
  let demo: DemoApp;
  before(async () => {
    demo = await startDemoApp();
  });
  after(async () => {
    await demo?.close();
  });

  test('searches by client, opens a document, invalidates it with a reason after re-authenticating, and finds it marked', async () => {
    const { origin, db } = demo;
    const target = (
      await db.query<{ client_key: string; document_id: string; title: string }>(
        `SELECT client_key, document_id, title FROM document WHERE register_keeper_oid = $1 AND status = 'current' AND document_type NOT IN ('1', '2')
        ORDER BY completed_at DESC LIMIT 1`,
        [RK],
      )
    ).rows[0]!;
    const context = await newContext(demo);
    const page = await context.newPage();
    await loginProfessional(page, origin, 'archivist-vaasa');
    assert.equal(new URL(page.url()).pathname, '/archivist');
    await shot(page, 'archivist-01-search');

    // A date as people write it is refused with the field named, in Finnish.
    await page.fill('#f-from', '31.2.2026');
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector('#f-from-error');
    assert.equal(await page.locator('#f-from-error').textContent(), 'Valmistunut alkaen: anna päivä muodossa 1.12.2026 (tai 2026-12-01).');
    await shot(page, 'archivist-01b-search-error');
    await page.fill('#f-from', '');

    await page.fill('#f-client', target.client_key.toLowerCase());
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector('#results table');
    const clients = await page
      .locator('#results tbody tr td[data-client]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-client')));
    assert.ok(clients.length > 0 && clients.every((c) => c === target.client_key), clients.join());
    assert.ok(!page.url().includes(target.client_key), 'no henkilötunnus in the URL');
    await shot(page, 'archivist-02-results');

    await page.click(`#results tr[data-document-id="${target.document_id}"] td:nth-child(2) a`);
    await page.waitForURL(/\/archivist\/documents\/[^/]+$/);
    assert.equal(await page.locator('h1').textContent(), target.title);
    assert.ok((await page.locator('#history tr[data-version="1"]').count()) === 1);
    await shot(page, 'archivist-03-document');

    // The login was more than the re-authentication window ago: invalidating asks for the card again.
    demo.advance(6 * MINUTE);
    await page.click('#open-invalidate');
    await page.waitForURL(/\/login\/demo\?reauth=1/);
    await shot(page, 'archivist-04-reauth');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/invalidate$/);

    await page.fill('#f-reason', 'vrh');
    await page.click('#confirm-invalidate');
    await page.waitForSelector('#reason-error');
    assert.match((await page.locator('#reason-error').textContent()) ?? '', /vähintään 5 merkkiä/);
    await shot(page, 'archivist-05-invalidate-error');

    await page.fill('#f-reason', 'Arkistoitu väärälle asiakkaalle');
    await shot(page, 'archivist-06-invalidate');
    await page.click('#confirm-invalidate');
    await page.waitForURL(/done=invalidated/);
    assert.equal(await page.locator('dl.facts [data-status]').getAttribute('data-status'), 'invalidated');
    assert.equal(await page.locator('#invalidation-reason').textContent(), 'Arkistoitu väärälle asiakkaalle');
    assert.equal(await page.locator('#open-invalidate').count(), 0);
    await shot(page, 'archivist-07-invalidated');

    await page.goto(`${origin}/archivist`);
    await page.fill('#f-client', target.client_key);
    await page.uncheck('#f-status-current');
    await page.check('#f-status-invalidated');
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector(`#results tr[data-document-id="${target.document_id}"]`);
    assert.equal(
      await page.locator(`#results tr[data-document-id="${target.document_id}"] [data-status]`).getAttribute('data-status'),
      'invalidated',
    );
    await shot(page, 'archivist-08-invalidated-search');

    const stored = await db.query<{ status: string }>('SELECT status FROM document WHERE register_keeper_oid = $1 AND document_id = $2', [
      RK,
      target.document_id,
    ]);
    assert.equal(stored.rows[0]!.status, 'invalidated');
    const logged = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM usage_log WHERE user_id = 'archivist-vaasa' AND action = 'invalidate' AND outcome = 'success' AND $1 = ANY(document_ids)`,
      [target.document_id],
    );
    assert.equal(logged.rows[0]!.n, 1);

    await page.click(`#results tr[data-document-id="${target.document_id}"] td:nth-child(4) a`);
    await page.waitForSelector('section[data-service-task]');
    await shot(page, 'archivist-09-client');
    await context.close();
  });

  test('reviews a log-monitoring alert: sees the rows it rests on, acknowledges and records the outcome', async () => {
    const { origin, ctx, db } = demo;
    // Reading a turvakielto client's document is something the monitor always raises for review.
    const protectedDoc = (
      await db.query<{ document_id: string }>(
        `SELECT d.document_id FROM document d JOIN person p ON p.client_key = d.client_key WHERE d.register_keeper_oid = $1 AND p.turvakielto LIMIT 1`,
        [RK],
      )
    ).rows[0]!;
    await readDocument(depsOf(ctx), ctx.demoUsers!.find((u) => u.userId === 'archivist-vaasa')!, protectedDoc.document_id);
    await runLogMonitor(depsOf(ctx), { registerKeeperOid: RK });
    const alert = (
      await db.query<{ alert_id: number; rule: string }>(
        `SELECT alert_id, rule FROM log_alert WHERE register_keeper_oid = $1 AND status = 'open' ORDER BY alert_id LIMIT 1`,
        [RK],
      )
    ).rows[0];
    assert.ok(alert, 'the demo log gives the monitor something to raise');
    const context = await newContext(demo);
    const page = await context.newPage();
    await loginProfessional(page, origin, 'archivist-vaasa');
    await page.goto(`${origin}/archivist/alerts?status=open`);
    await page.waitForSelector('#alerts');
    await shot(page, 'archivist-10-alerts');
    await page.click(`#alerts tr[data-alert-id="${alert.alert_id}"] td:first-child a`);
    await page.waitForSelector('#alert-uses');
    assert.ok((await page.locator('#alert-uses tbody tr').count()) > 0);
    await shot(page, 'archivist-11-alert');

    await page.click('#acknowledge');
    await page.waitForSelector('#handling [data-status="acknowledged"]');
    await page.click('#save-review'); // no outcome chosen: the browser's required check stops it
    assert.equal(await page.locator('#handling [data-status="reviewed"]').count(), 0);
    await page.check('#f-outcome-justified');
    // Only spaces pass the browser's required check; the server's refusal (400) is swapped in by htmx.
    await page.fill('#f-note', '   ');
    await page.click('#save-review');
    await page.waitForSelector('#handling [role="alert"]');
    assert.equal(await page.locator('#handling [data-status="reviewed"]').count(), 0);
    await page.check('#f-outcome-justified');
    await page.fill('#f-note', 'Tarkistettu: käyttö liittyi asiakkaan palvelutarpeen arvioon.');
    await page.click('#save-review');
    await page.waitForSelector('#handling [data-status="reviewed"]');
    assert.equal(
      await page.locator('#alert-events tr[data-kind="reviewed"] td:nth-child(4)').textContent(),
      'Tarkistettu: käyttö liittyi asiakkaan palvelutarpeen arvioon.',
    );
    await shot(page, 'archivist-12-alert-reviewed');
    const stored = await db.query<{ status: string; outcome: string }>(
      'SELECT status, outcome FROM log_alert WHERE register_keeper_oid = $1 AND alert_id = $2',
      [RK, alert.alert_id],
    );
    assert.deepEqual(stored.rows[0], { status: 'reviewed', outcome: 'justified' });

    await page.goto(`${origin}/archivist/report`);
    await page.waitForSelector('#report-alerts');
    await shot(page, 'archivist-13-report');

    demo.advance(6 * MINUTE);
    await page.goto(`${origin}/archivist/export`);
    await page.waitForURL(/reauth=1/);
    await page.click('main form button[type=submit]');
    await page.waitForSelector('#export-form');
    await shot(page, 'archivist-14-export');
    const download = page.waitForEvent('download');
    await page.click('#download-export');
    const file = await download;
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
    assert.match(text.split('\n')[0]!, /^id,logged_at,register_keeper_oid,client_key/);
    assert.ok(text.split('\n').length > 10);
    await context.close();
  });

  test('a signed CDA document opens as the signed original and as its PDF rendering', async () => {
    const { origin, db } = demo;
    const cda = await db.query<{ document_id: string }>(
      "SELECT document_id FROM document WHERE format = 'cda' AND register_keeper_oid = $1 ORDER BY document_id LIMIT 1",
      [RK],
    );
    const id = cda.rows[0]!.document_id;
    const context = await newContext(demo);
    const page = await context.newPage();
    await loginProfessional(page, origin, 'archivist-vaasa');
    await page.goto(`${origin}/archivist/documents/${encodeURIComponent(id)}`);
    const pdfHref = await page.locator('#open-pdf').getAttribute('href');
    const pdf = await context.request.get(`${origin}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    const original = await context.request.get(`${origin}/archivist/documents/${encodeURIComponent(id)}/body`);
    assert.match(original.headers()['content-type'] ?? '', /^application\/hl7-v3\+xml/);
    assert.match((await original.body()).toString('utf8'), /<ds:Signature|<Signature/, 'the original is the signed CDA');
    await context.close();
  });

  test('pages through the whole register with htmx, and stays inside its own register keeper', async () => {
    const { origin, db } = demo;
    const context = await newContext(demo, 'en-GB');
    const page = await context.newPage();
    await loginProfessional(page, origin, 'archivist-vaasa');
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector('#results tbody tr');
    const first = await page.locator('#results tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-document-id')!));
    assert.equal(first.length, 25);
    await page.click('#results button[data-page="next"]');
    await page.waitForSelector('#results button[data-page="first"]');
    const second = await page.locator('#results tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-document-id')!));
    assert.ok(second.length > 0 && second.every((id) => !first.includes(id)), 'the next page continues where the first ended');
    assert.equal(await page.locator('h1').textContent(), 'Document search');
    await shot(page, 'archivist-15-page-2-en');
    const rks = await db.query<{ register_keeper_oid: string }>(
      'SELECT DISTINCT register_keeper_oid FROM document WHERE document_id = ANY($1::text[])',
      [[...first, ...second]],
    );
    assert.deepEqual(
      rks.rows.map((r) => r.register_keeper_oid),
      [RK],
    );

    // Eksote's archivist cannot open a Vaasa document by its URL, and a social worker has no archivist pages.
    const other = await newContext(demo);
    const otherPage = await other.newPage();
    await loginProfessional(otherPage, origin, 'archivist-eksote');
    const refused = await otherPage.goto(`${origin}/archivist/documents/${first[0]}`);
    assert.equal(refused?.status(), 403);
    assert.doesNotMatch(
      (await otherPage.locator('main').textContent()) ?? '',
      new RegExp(RK.replaceAll('.', '\\.')),
      'the refusal does not say whose register the document is in',
    );
    await shot(otherPage, 'archivist-16-other-register-refused');
    await other.close();
    const worker = await newContext(demo);
    const workerPage = await worker.newPage();
    await loginProfessional(workerPage, origin, 'sw-vaasa-ls');
    assert.equal((await workerPage.goto(`${origin}/archivist`))?.status(), 403);
    await worker.close();
    await context.close();
  });
});
