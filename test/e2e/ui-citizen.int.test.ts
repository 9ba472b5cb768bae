import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER_HEADER } from '../../src/archive/auth/demo-authenticator.ts';
import { depsOf } from '../../src/archive/context.ts';
import { recordDisclosureRule } from '../../src/archive/service/consents.ts';
import { chromiumThere, loginProfessional, newContext, shot, startDemoApp, type DemoApp } from './ui-archivist-browser.ts';

// The citizen view in real Chromium against the real app (demo mode, PGlite, seeded demo data): the client
// sees his or her own documents and, after a professional has read one, who looked; another person's
// document cannot be reached by editing the URL, and that try is logged.

const RK = '1.2.246.10.9990001.10.1';

describe('citizen view in the browser', { skip: !chromiumThere }, () => {
  let demo: DemoApp;
  /** A Vaasa child-welfare client (sw-vaasa-ls has the service task) and one of his or her documents. */
  let me: { client_key: string; document_id: string; set_id: string; name: string };
  /** Somebody else's document. */
  let other: { client_key: string; document_id: string };

  before(async () => {
    demo = await startDemoApp();
    me = (
      await demo.db.query<typeof me>(
        `SELECT d.client_key, d.document_id, d.set_id, p.given_names || ' ' || p.family_name AS name
         FROM document d JOIN person p ON p.client_key = d.client_key
        WHERE d.register_keeper_oid = $1 AND d.service_task = '10' AND d.status = 'current' AND d.citizen_visible AND d.document_type NOT IN ('1', '2')
          AND EXISTS (SELECT 1 FROM clienthood c WHERE c.client_key = d.client_key AND c.service_task = '10' AND c.end_date IS NULL)
        ORDER BY d.completed_at DESC LIMIT 1`,
        [RK],
      )
    ).rows[0]!;
    other = (
      await demo.db.query<typeof other>(
        `SELECT client_key, document_id FROM document WHERE client_key <> $1 AND status = 'current' ORDER BY completed_at DESC LIMIT 1`,
        [me.client_key],
      )
    ).rows[0]!;
  });
  after(async () => {
    await demo?.close();
  });

  async function signIn() {
    const context = await newContext(demo);
    const page = await context.newPage();
    await page.goto(`${demo.origin}/citizen/login`);
    await shot(page, 'citizen-01-login');
    await page
      .locator('form', { has: page.locator(`input[name="client"][value="${me.client_key}"]`) })
      .locator('button')
      .click();
    await page.waitForURL(/\/citizen\/start$/);
    return { context, page };
  }

  test('sees own documents, opens one, and after a professional reads it sees who looked', async () => {
    // A social worker of the client's service task reads the document through the API (real HTTP).
    const read = await fetch(`${demo.origin}/fhir/R4/DocumentReference/${me.set_id}`, { headers: { [DEMO_USER_HEADER]: 'sw-vaasa-ls' } });
    assert.equal(read.status, 200, await read.clone().text());

    // The client has denied disclosure of child-welfare data; the social worker records it.
    const worker = demo.ctx.demoUsers!.find((u) => u.userId === 'sw-vaasa-ls')!;
    await recordDisclosureRule(depsOf(demo.ctx), worker, { kind: 'denial', clientKey: me.client_key, serviceTasks: ['10'] });

    const { context, page } = await signIn();
    assert.equal((await page.locator('.who-name').textContent())?.trim(), me.name);
    await shot(page, 'citizen-02-home');

    await page.click('nav.main-nav a[href="/citizen/documents"]');
    await page.waitForSelector('#my-documents');
    const ids = await page.locator('#my-documents li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-document-id')!));
    assert.ok(ids.includes(me.document_id));
    const owners = await demo.db.query<{ client_key: string; status: string }>(
      'SELECT DISTINCT client_key, status FROM document WHERE document_id = ANY($1::text[])',
      [ids],
    );
    assert.deepEqual(owners.rows, [{ client_key: me.client_key, status: 'current' }]);
    await shot(page, 'citizen-03-documents');

    await page.click(`#my-documents li[data-document-id="${me.document_id}"] a`);
    await page.waitForSelector('#open-body');
    await shot(page, 'citizen-04-document');
    const body = await context.request.get(`${demo.origin}/citizen/documents/${me.document_id}/body`);
    assert.equal(body.status(), 200);
    assert.equal(body.headers()['content-type'], 'application/pdf');
    assert.equal((await body.body()).subarray(0, 5).toString(), '%PDF-');

    await page.click('nav.main-nav a[href="/citizen/register"]');
    await page.waitForSelector('#clienthoods table');
    await shot(page, 'citizen-05-register');

    await page.click('nav.main-nav a[href="/citizen/log"]');
    await page.waitForSelector('#uses');
    const swRead = page.locator('#uses tr[data-action="read"]', { hasText: 'Sosiaalihuollon ammattilainen' });
    assert.ok((await swRead.count()) >= 1, "the social worker's read is listed");
    assert.match((await swRead.first().textContent()) ?? '', /Pohjanmaan hyvinvointialue/);
    assert.doesNotMatch((await page.locator('#uses').textContent()) ?? '', /Sanna Sosiaalityöntekijä/, 'no professional names by default');
    await shot(page, 'citizen-06-log');

    await page.click('nav.main-nav a[href="/citizen/disclosures"]');
    await page.waitForSelector('#rules tr[data-kind="denial"]');
    assert.match(
      (await page.locator('#rules tr[data-kind="denial"]').textContent()) ?? '',
      /Kielto.*Pohjanmaan hyvinvointialue.*kaikille.*Lastensuojelu/,
    );
    await shot(page, 'citizen-07-disclosures');

    await page.click('header .langs a[hreflang="sv"]');
    await page.waitForURL(/\/citizen\/disclosures$/);
    assert.equal(await page.locator('h1').textContent(), 'Utlämnanden');
    await page.goto(`${demo.origin}/citizen/documents`);
    await shot(page, 'citizen-08-documents-sv');
    await context.close();
  });

  test("cannot reach another person's document by editing the URL, and the try is logged", async () => {
    const { context, page } = await signIn();
    const before = await demo.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM usage_log WHERE client_key = $1 AND role = 'citizen' AND outcome = 'denied'`,
      [other.client_key],
    );
    const res = await page.goto(`${demo.origin}/citizen/documents/${other.document_id}`);
    assert.equal(res?.status(), 404);
    const text = (await page.locator('main').textContent()) ?? '';
    assert.doesNotMatch(text, new RegExp(other.client_key));
    await shot(page, 'citizen-09-refused');
    const missing = await page.goto(`${demo.origin}/citizen/documents/1.2.246.10.9990001.99.1.999999999`);
    assert.equal(missing?.status(), 404);
    assert.equal(
      await page.locator('main').textContent(),
      text.replace(other.document_id, '1.2.246.10.9990001.99.1.999999999'),
      'same answer as for a missing document',
    );
    const body = await context.request.get(`${demo.origin}/citizen/documents/${other.document_id}/body`);
    assert.equal(body.status(), 404);
    const afterRows = await demo.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM usage_log WHERE client_key = $1 AND role = 'citizen' AND outcome = 'denied'`,
      [other.client_key],
    );
    assert.equal(afterRows.rows[0]!.n - before.rows[0]!.n, 2);

    const archivistPage = await page.goto(`${demo.origin}/archivist`);
    assert.equal(archivistPage?.status(), 403);
    await context.close();
  });

  test('a professional cannot use the citizen view', async () => {
    const context = await newContext(demo);
    const page = await context.newPage();
    await loginProfessional(page, demo.origin, 'archivist-vaasa');
    const res = await page.goto(`${demo.origin}/citizen/documents`);
    assert.equal(res?.status(), 403);
    await context.close();
  });

  test("a deep link without a session leads to the citizen sign-in, not the professionals' login", async () => {
    const context = await newContext(demo);
    const page = await context.newPage();
    await page.goto(`${demo.origin}/citizen/log`);
    assert.equal(new URL(page.url()).pathname, '/citizen/login');
    await context.close();
  });
});
