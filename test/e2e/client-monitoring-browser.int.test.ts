import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoAuthenticator, readDemoUsers } from '../../src/archive/auth/demo-authenticator.ts';
import { prepareArchive } from '../../src/archive/bootstrap.ts';
import { DEMO_DIR, readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';
import { loadClientConfig } from '../../src/client/config.ts';
import { CLIENT_DEMO_STORIES, seedClientDemo } from '../../src/client/demo/seed-client-demo.ts';
import { type StartedWorkbench, startWorkbench } from '../../src/client/http/start-workbench.ts';
import { readArchiveCopies } from '../../src/client/service/read-back.ts';
import { type ClientSystem, startClientSystem } from '../../src/client/start.ts';
import { createArchiveApi } from '../../src/lib/archive-api/index.ts';
import type { Db } from '../../src/lib/db/db.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { CHROMIUM, chromiumThere } from './ui-archivist-browser.ts';

// The client system's demo stories against the real archive, read back as archive copies, and the archiving
// monitoring page a team lead opens: charts, tables, the refused item with its reason and fix, the CSV —
// in fi/sv/en, with no serious or critical axe finding; screenshots in ARKKI_UI_SCREENSHOTS (or a temp dir).

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as Array<{ id: string; impact: string; nodes: unknown[] }>)
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
  });
  assert.deepEqual(violations, [], `${name}: axe`);
}

describe('client demo stories, archive copies and the archiving monitoring page', { skip: !chromiumThere }, () => {
  let pki: PkiFixture;
  let archiveDb: Db;
  let archiveApp: FastifyInstance;
  let cs: ClientSystem;
  let wb: StartedWorkbench;
  let browser: Browser;
  let shots: string;
  let base: string;

  before(async () => {
    shots = process.env.ARKKI_UI_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), 'arkki-monitoring-shots-')));
    pki = await createPkiFixture(new Date());
    archiveDb = await openPglite();
    const ctx = await prepareArchive(archiveDb, 'demo', 1024 * 1024, () => new Date());
    await importOrganisations(archiveDb, await readDemoOrganisations());
    ctx.authenticate = demoAuthenticator(await readDemoUsers(`${DEMO_DIR}users.json`));
    ctx.signatureTrust = () => pki.trust;
    archiveApp = await buildArchiveApp(ctx);
    base = `${await archiveApp.listen({ host: '127.0.0.1', port: 0 })}/fhir/R4`;
    const certFile = join(pki.dir, 'cs.cert.pem');
    const keyFile = join(pki.dir, 'cs.key.pem');
    await writeFile(certFile, pki.certs.system.certPem);
    await writeFile(keyFile, pki.certs.system.keyPem);
    const signingCertFile = join(pki.dir, 'cs-signing.cert.pem');
    const signingKeyFile = join(pki.dir, 'cs-signing.key.pem');
    await writeFile(signingCertFile, pki.certs.signing.certPem);
    await writeFile(signingKeyFile, pki.certs.signing.keyPem);
    const config = loadClientConfig({
      ARKKI_MODE: 'demo',
      ARKKI_CLIENT_ARCHIVE_URL: base,
      ARKKI_CLIENT_SYSTEM_CERT: certFile,
      ARKKI_CLIENT_SYSTEM_KEY: keyFile,
      ARKKI_CLIENT_SIGNING_CERT: signingCertFile,
      ARKKI_CLIENT_SIGNING_KEY: signingKeyFile,
      ARKKI_CLIENT_CA_CHAIN: join(pki.dir, PKI_FILES.chain),
      ARKKI_CLIENT_PORT: '0',
    });
    cs = await startClientSystem({ config, db: await openPglite(), codeSets: ctx.codeSets, worker: false });
    wb = await startWorkbench(config, cs);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await wb?.app.close();
    await cs?.close();
    await cs?.db.close();
    await archiveApp?.close();
    await archiveDb?.close();
    await pki?.cleanup();
    if (!process.env.ARKKI_UI_SCREENSHOTS && shots) await rm(shots, { recursive: true, force: true });
  });

  it('seeds the stories once (a second run finds them), archives them, and one refusal waits to be fixed', async () => {
    const lines: string[] = [];
    const first = await seedClientDemo(cs, (l) => lines.push(l));
    assert.equal(first.clients, CLIENT_DEMO_STORIES.length);
    assert.match(lines.at(-1)!, /4 clients and 13 documents recorded/);
    const again = await seedClientDemo(cs, () => {});
    assert.deepEqual(again, { clients: 0, found: 4, documents: 0 });
    const round = await cs.queue.drain();
    assert.equal(round.refused, 1, JSON.stringify(round));
    const errors = await cs.archiving.archivingErrors('fi');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.title, 'Palvelutarpeen arviointi');
    assert.equal(errors[0]!.explained.class, 'bad-code');
    const waitingForNight = await cs.db.query(`SELECT title FROM client_document WHERE state = 'finished'`);
    assert.deepEqual(waitingForNight.rows, [{ title: 'Asiakassuunnitelma' }]);
  });

  it('the archive copies page: the archive refuses without a client relation, the professional states a special reason, the copies come with the access granted', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    await page.goto(`${wb.url}/login`);
    await page
      .locator('form', { has: page.locator('input[name="user"][value="sw-vaasa-ls"]') })
      .locator('button')
      .click();
    await page.waitForURL(/\/clients$/);
    await page.getByLabel('Henkilötunnus tai nimi').fill('191013A950A');
    await page.getByRole('button', { name: 'Hae' }).click();
    await page.getByRole('link', { name: 'Rantanen Veeti' }).click();
    await page.getByRole('link', { name: 'Arkistokopiot' }).click();
    // His clienthood and case ended: without a client relation the archive asks for a special reason.
    assert.equal(await page.locator('#archive-access h2').textContent(), 'Arkisto ei antanut tietoja');
    assert.match(
      (await page.locator('#archive-access > p').textContent()) ?? '',
      /ei ole asiakkuutta eikä avointa asiaa/,
      'the refusal in Finnish',
    );
    assert.equal(await page.locator('#archived-documents').count(), 0, 'nothing shown on a refusal');
    assert.equal(await page.locator('details#special-reason').getAttribute('open'), '', 'the special-reason form is open');
    await axe(page, 'archive copies refused');
    await page.screenshot({ path: join(shots, 'client-archive-copies-refused-fi.png'), fullPage: true });

    await page.locator('#sr-task').selectOption('10');
    await page.locator('#sr-reason').selectOption('x-yhteydenotto');
    await page.locator('#sr-comment').fill('Uusi ilmoitus koululta, aiemmat tiedot tarvitaan arviointiin');
    await page.getByRole('button', { name: 'Ilmoita syy ja hae tiedot' }).click();
    await page.locator('#archived-documents').waitFor();
    const access = (await page.locator('#archive-access').textContent()) ?? '';
    assert.match(access, /Erityinen syy: Asiakkaan yhteydenotto ennen asiakkuuden kirjaamista \(Lastensuojelu\)/);
    assert.match(access, /Voimassa .* asti/);
    const docs = (await page.locator('#archived-documents tbody').textContent()) ?? '';
    for (const title of ['Lastensuojeluilmoitus koululta', 'Loppuarvio', 'Palvelutarpeen arviointi'])
      assert.ok(docs.includes(title), title);
    assert.ok((await page.locator('.badge', { hasText: 'ARKISTOKOPIO' }).count()) >= 1, 'marked as archive copies');
    await axe(page, 'archive copies granted');
    assert.match((await page.locator('p.notice[role="status"]').textContent()) ?? '', /Erityinen syy ilmoitettu/);
    // Until the end of the working day the archive honours the reason on every read (a reload states nothing again).
    await page.reload();
    assert.match((await page.locator('#archive-access').textContent()) ?? '', /Erityinen syy: /);
    assert.equal(await page.locator('#archived-documents').count(), 1);
    // The same page in Swedish, and on a phone: no sideways scroll, no serious axe finding.
    const copiesPath = new URL(page.url()).pathname;
    await page.goto(`${wb.url}/ui/lang/sv?return=${encodeURIComponent(copiesPath)}`);
    assert.match((await page.locator('#archive-access').textContent()) ?? '', /Särskilt skäl: /);
    await axe(page, 'archive copies sv');
    await page.screenshot({ path: join(shots, 'client-archive-copies-sv.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll at 390 px');
    await axe(page, 'archive copies sv 390 px');
    await page.screenshot({ path: join(shots, 'client-archive-copies-sv-390.png'), fullPage: true });
    await page.goto(`${wb.url}/ui/lang/fi?return=${encodeURIComponent(copiesPath)}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(shots, 'client-archive-copies-fi.png'), fullPage: true });

    // A statement without a comment is refused at the form, naming the field; the archive is not asked.
    const res = await page.evaluate(async () => {
      const form = document.querySelector('#special-reason form') as HTMLFormElement;
      const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
      body.set('comment', ' ');
      const r = await fetch(form.action, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      return { status: r.status, text: await r.text() };
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /Pakollinen tieto puuttuu/);
    await page.close();
  });

  it('reads Veeti Rantanen back from the archive as archive copies, with the special reason the archive granted', async () => {
    const api = createArchiveApi({ baseUrl: base, identity: { kind: 'demo-user', userId: 'sw-vaasa-ls' } });
    try {
      // The special reason stated on the page above is still in force: the access says so.
      const plain = await readArchiveCopies(api, '191013A950A', { serviceTask: '10' });
      assert.equal(plain.archiveCopy, true);
      assert.equal(plain.access.basis, 'special-reason', JSON.stringify(plain.access));
      assert.ok(plain.access.basis === 'special-reason' && plain.access.statedEarlier);
      const copies = await readArchiveCopies(api, '191013A950A', {
        specialReason: { serviceTask: '10', reasonCode: 'x-yhteydenotto', comment: 'Uusi ilmoitus, aiemmat tiedot tarvitaan' },
      });
      assert.equal(copies.access.basis, 'special-reason', JSON.stringify(copies.access));
      // A second statement for the same task while one is in force: the archive refuses it, the grant in force is the access.
      assert.ok(copies.access.basis === 'special-reason' && copies.access.validUntil && copies.access.statedEarlier);
      assert.deepEqual(
        copies.documents
          .map((d) => d.title)
          .filter((t) => t !== 'Asiakkuusasiakirja' && t !== 'Asia-asiakirja')
          .sort(),
        ['Lastensuojeluilmoitus koululta', 'Loppuarvio', 'Palvelutarpeen arviointi'],
      );
      assert.ok(copies.summary?.serviceTasks.some((t) => t.serviceTask === '10'));
    } finally {
      await api.close();
    }
  });

  it('the monitoring page: charts and tables in fi/sv/en, the refused item with reason and fix, the CSV', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    await page.goto(`${wb.url}/login`);
    await page.locator('form[action="/login/demo"]:has(input[value="lead-team"]) button').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${wb.url}/monitoring`);
    assert.equal(await page.locator('nav a[href="/monitoring"]').count(), 1, 'in the team lead’s main nav');
    assert.equal(await page.locator('h1').textContent(), 'Arkistoinnin seuranta');
    assert.equal(await page.locator('svg[role="img"]').count(), 4, 'the day chart and three group charts');
    const refused = page.locator('#refused tbody tr');
    assert.equal(await refused.count(), 1);
    const row = (await refused.textContent()) ?? '';
    assert.match(row, /Koodi ei ole kansallisessa koodistossa/);
    assert.match(row, /Arkistointinäyttö: Sosiaalipalvelut/);
    assert.match(row, /Pekka Palveluohjaaja/);
    const byAuthor = (await page.locator('#by-author tbody').textContent()) ?? '';
    assert.match(byAuthor, /Sanna Sosiaalityöntekijä/);
    await axe(page, 'monitoring fi');
    await page.screenshot({ path: join(shots, 'client-monitoring-fi.png'), fullPage: true });

    for (const [lang, heading] of [
      ['sv', 'Uppföljning av arkiveringen'],
      ['en', 'Archiving monitoring'],
    ] as const) {
      await page.goto(`${wb.url}/ui/lang/${lang}?return=/monitoring`);
      assert.equal(await page.locator('h1').textContent(), heading);
      await axe(page, `monitoring ${lang}`);
    }
    assert.match((await page.locator('#refused tbody tr').textContent()) ?? '', /Archiving screen: Social services/);
    await page.screenshot({ path: join(shots, 'client-monitoring-en.png'), fullPage: true });

    const csv = await page.evaluate(async () => (await fetch('/monitoring.csv')).text());
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'section,group,sent,accepted,refused,retried,queued,waiting');
    assert.match(lines.at(-1)!, /^total,,\d+,\d+,1,/);
    assert.ok(lines.some((l) => l.startsWith('author,Pekka Palveluohjaaja,')));

    // A professional does not see the organisation's traffic.
    const other = await browser.newPage();
    await other.goto(`${wb.url}/login`);
    await other.locator('form[action="/login/demo"] button').first().click();
    const res = await other.goto(`${wb.url}/monitoring`);
    assert.equal(res?.status(), 403);
    await page.close();
    await other.close();
  });
});
