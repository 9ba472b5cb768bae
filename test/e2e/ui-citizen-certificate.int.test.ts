import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadArchiveConfig } from '../../src/archive/config.ts';
import { openDatabase } from '../../src/lib/db/open.ts';
import type { Identity } from '../../src/lib/identity/identity.ts';
import type { IssuedCertificate } from '../../src/lib/pki/index.ts';
import { prepareArchive, startArchive, type StartedArchive } from '../../src/archive/bootstrap.ts';
import { depsOf } from '../../src/archive/context.ts';
import { readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';
import { caseDocument, clientDocument, clienthoodDocument, newOid, pdf, RK } from '../support/archive-fixtures.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { CHROMIUM, chromiumThere, shot } from './ui-archivist-browser.ts';

// The citizen view in production mode: HTTPS with client certificates; the client signs in with a citizen
// test certificate (henkilötunnus in the subject), and sees his or her own documents. Other certificates
// are refused at the citizen sign-in.

const CITIZEN = '020516C903K'; // the fixture's citizen certificate

async function seedCitizenDocuments(dataDir: string): Promise<void> {
  const db = await openDatabase({ pgliteDir: join(dataDir, 'db', 'archive') });
  try {
    const ctx = await prepareArchive(db, 'production', 1024 * 1024);
    await importOrganisations(db, await readDemoOrganisations());
    const over = { client: { kind: 'hetu' as const, value: CITIZEN }, serviceTask: '10' };
    const caseId = newOid(3);
    const system: Identity = {
      userId: 'system-vaasa',
      name: 'Pohjanmaan ATJ',
      role: 'system',
      organisationOid: RK,
      registerKeeperOid: RK,
      serviceTasks: ['*'],
      systemId: 'arkki-client',
    };
    const results = await storeDocuments(depsOf(ctx), system, [
      { metadata: clienthoodDocument('social-welfare', over), body: pdf() },
      { metadata: clienthoodDocument('service-task', over), body: pdf() },
      { metadata: caseDocument(caseId, over), body: pdf() },
      { metadata: clientDocument(caseId, { ...over, title: 'Palvelutarpeen arvio' }), body: pdf('Arvio') },
    ]);
    const rejected = results.find((r) => r.outcome === 'rejected');
    if (rejected && rejected.outcome === 'rejected') throw rejected.error;
  } finally {
    await db.close();
  }
}

describe('citizen certificate sign-in (production mode, HTTPS)', { skip: !chromiumThere }, () => {
  let fx: PkiFixture;
  let started: StartedArchive;
  let app: FastifyInstance;
  let origin: string;
  let browser: Browser;

  before(async () => {
    fx = await createPkiFixture();
    const dataDir = join(fx.dir, '..', 'data');
    await seedCitizenDocuments(dataDir);
    started = await startArchive(
      loadArchiveConfig({ ARKKI_MODE: 'production', ARKKI_DATA_DIR: dataDir, ARKKI_PKI_DIR: fx.dir, PORT: '0' }),
    );
    app = await buildArchiveApp(started.ctx, { https: started.https });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `https://localhost:${(app.server.address() as { port: number }).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    started?.stop();
    await started?.ctx.db.close();
    await fx?.cleanup();
  });

  async function withCertificate(cert: IssuedCertificate): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'fi-FI',
      clientCertificates: [{ origin, cert: Buffer.from(cert.certPem), key: Buffer.from(cert.keyPem) }],
    });
    return { context, page: await context.newPage() };
  }

  test('a citizen certificate signs in and shows the own documents; there is no demo picker', async () => {
    const { context, page } = await withCertificate(fx.certs.citizen);
    await page.goto(`${origin}/citizen`);
    await page.waitForURL(/\/citizen\/login$/);
    assert.equal(await page.locator('#demo-citizens').count(), 0);
    await shot(page, 'citizen-cert-01-login');
    await page.getByRole('link', { name: 'Tunnistaudu varmenteella' }).click();
    await page.waitForURL(/\/citizen\/start$/);
    assert.equal((await page.locator('.who-name').textContent())?.trim(), 'Testi Kansalainen');
    await page.goto(`${origin}/citizen/documents`);
    assert.deepEqual(await page.locator('#my-documents li a').allTextContents(), [
      'Palvelutarpeen arvio',
      'Asia-asiakirja',
      'Asiakkuusasiakirja',
      'Asiakkuusasiakirja',
    ]);
    await shot(page, 'citizen-cert-02-documents');
    const demoLogin = await context.request.post(`${origin}/citizen/login/demo`, { form: { client: CITIZEN }, maxRedirects: 0 });
    assert.equal(demoLogin.status(), 404, 'no demo sign-in in production');
    await context.close();
  });

  test("a professional's card does not sign in to the citizen view", async () => {
    const { context, page } = await withCertificate(fx.certs.professional);
    const res = await page.goto(`${origin}/citizen/login/certificate`);
    assert.equal(res?.status(), 401);
    assert.equal(new URL(page.url()).pathname, '/citizen/login/certificate');
    assert.match((await page.locator('[role="alert"]').textContent()) ?? '', /Tunnistautuminen ei onnistunut/);
    await shot(page, 'citizen-cert-03-refused');
    await context.close();
  });
});
