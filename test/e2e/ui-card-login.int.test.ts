import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadArchiveConfig } from '../../src/archive/config.ts';
import { openDatabase } from '../../src/lib/db/open.ts';
import type { Identity } from '../../src/lib/identity/identity.ts';
import { issueProfessionalCertificate, type IssuedCertificate } from '../../src/lib/pki/index.ts';
import { prepareArchive, startArchive, type StartedArchive } from '../../src/archive/bootstrap.ts';
import { depsOf } from '../../src/archive/context.ts';
import { readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { listLogAlerts } from '../../src/archive/service/log-alerts.ts';
import { runLogMonitor } from '../../src/archive/service/log-monitoring.ts';
import { importRoles, readRolesFile } from '../../src/archive/service/roles.ts';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';
import { caseDocument, clientDocument, clienthoodDocument, newOid, pdf, RK } from '../support/archive-fixtures.ts';
import { createPkiFixture, ORG_VAASA, type PkiFixture } from '../support/pki.ts';
import { requireSystemDependency } from '../support/system-deps.ts';

// Issue 5, done when: a professional logs in to the archive's UI with a card certificate (TLS client
// certificate, real HTTPS server in production mode, real Chromium), opens a client without a relation,
// states a special reason, reads the client; the log monitor then raises the special-reason alert.

const CHROMIUM = '/usr/bin/chromium';
const CLIENT = '150590-9087'; // test number (900–999)
const MINUTE = 60_000;

/** ARKKI_UI_SCREENSHOTS=<dir> saves a full-page PNG of each step, for looking at the pages. */
const SHOTS = process.env.ARKKI_UI_SCREENSHOTS;
async function shot(page: Page, name: string): Promise<void> {
  await assertAccessibleBasics(page, name);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Checked on every page the test visits: language, one h1, a main landmark, a label for every field. */
async function assertAccessibleBasics(page: Page, name: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    if (!document.documentElement.lang) found.push('html has no lang');
    if (document.querySelectorAll('h1').length !== 1) found.push(`${document.querySelectorAll('h1').length} h1 elements`);
    if (!document.querySelector('main')) found.push('no main landmark');
    document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach((el) => {
      const field = el as HTMLInputElement;
      if ((field.labels?.length ?? 0) === 0 && !field.getAttribute('aria-label')) found.push(`field ${field.name} has no label`);
    });
    document.querySelectorAll('button, a').forEach((el) => {
      if (!(el.textContent ?? '').trim() && !el.getAttribute('aria-label')) found.push(`${el.tagName} without text`);
    });
    return found;
  });
  assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
}

const chromiumThere = existsSync(CHROMIUM);
if (!chromiumThere) requireSystemDependency('chromium');

/** A client of Vaasa whose child-welfare clienthood and case have ended: nobody has a relation today. */
async function seedClientWithoutRelation(dataDir: string): Promise<void> {
  const db = await openDatabase({ pgliteDir: join(dataDir, 'db', 'archive') });
  try {
    const ctx = await prepareArchive(db, 'production', 1024 * 1024);
    await importOrganisations(db, await readDemoOrganisations());
    await importRoles(db, ctx.codeSets, await readRolesFile());
    const client = { kind: 'hetu' as const, value: CLIENT };
    const caseId = newOid(3);
    const over = { client, serviceTask: '10' };
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
      {
        metadata: clienthoodDocument('social-welfare', {
          ...over,
          clienthood: { level: 'social-welfare', start: '2024-01-01', end: '2025-06-30' },
        }),
        body: pdf(),
      },
      {
        metadata: clienthoodDocument('service-task', {
          ...over,
          clienthood: { level: 'service-task', serviceTask: '10', start: '2024-01-01', end: '2025-06-30' },
        }),
        body: pdf(),
      },
      { metadata: caseDocument(caseId, { ...over, caseRecord: { opened: '2024-02-01', closed: '2025-06-30' } }), body: pdf() },
      {
        metadata: clientDocument(caseId, {
          ...over,
          title: 'Lastensuojeluilmoituksen arvio',
          created: '2025-03-01T09:00:00+02:00',
          completed: '2025-03-01T10:00:00+02:00',
        }),
        body: pdf('Arvio'),
      },
    ]);
    const rejected = results.find((r) => r.outcome === 'rejected');
    if (rejected && rejected.outcome === 'rejected') throw rejected.error;
  } finally {
    await db.close();
  }
}

describe('professional card login in the browser (production mode, HTTPS, client certificates)', { skip: !chromiumThere }, () => {
  let fx: PkiFixture;
  let archivistCard: IssuedCertificate;
  let started: StartedArchive;
  let app: FastifyInstance;
  let origin: string;
  let browser: Browser;
  let clockOffset = 0;
  const logs: Array<Record<string, unknown>> = [];

  before(async () => {
    fx = await createPkiFixture();
    archivistCard = await issueProfessionalCertificate(fx.pki, {
      organisationOid: ORG_VAASA,
      name: 'Arja Arkistonhoitaja',
      professionalId: 'DEMO-1009',
    });
    const dataDir = join(fx.dir, '..', 'data');
    await seedClientWithoutRelation(dataDir);
    started = await startArchive(
      loadArchiveConfig({ ARKKI_MODE: 'production', ARKKI_DATA_DIR: dataDir, ARKKI_PKI_DIR: fx.dir, PORT: '0' }),
    );
    // The tests move the clock forward to reach the idle timeout and the re-authentication window.
    started.ctx.now = () => new Date(Date.now() + clockOffset);
    const logger = {
      level: 'info',
      stream: {
        write: (line: string) => {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    };
    app = await buildArchiveApp(started.ctx, { https: started.https, logger });
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

  async function withCard(card: IssuedCertificate | null): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'fi-FI',
      ...(card ? { clientCertificates: [{ origin, cert: Buffer.from(card.certPem), key: Buffer.from(card.keyPem) }] } : {}),
    });
    return { context, page: await context.newPage() };
  }

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${origin}/login`);
    await shot(page, 'card-00-login');
    await page.getByRole('link', { name: 'Kirjaudu kortilla' }).click();
    await page.waitForURL(/\/pro\/clients$|\/archivist/);
  }

  const uiEvents = (event: string) => logs.filter((l) => l.ui === event);

  test('a card logs in, opens a client without relation, states a special reason and reads the client; the monitor raises the alert', async () => {
    const { context, page } = await withCard(fx.certs.professional);
    try {
      await logIn(page);
      assert.match(await page.locator('header').innerText(), /Sanna Sosiaalityöntekijä/);
      assert.match(await page.locator('header').innerText(), /Sosiaalihuollon ammattihenkilö/);
      assert.equal(uiEvents('login').at(-1)?.user, 'sw-vaasa-ls');
      // The session holds the identity the card and the organisation's role tables gave.
      const sessions = await started.ctx.db.query<{ identity: Record<string, unknown> | string }>(
        `SELECT identity FROM ui_session WHERE auth_method = 'card'`,
      );
      const identity = sessions.rows
        .map((r) => (typeof r.identity === 'string' ? JSON.parse(r.identity) : r.identity) as Record<string, unknown>)
        .find((i) => i.userId === 'sw-vaasa-ls');
      assert.deepEqual(
        [identity?.professionalId, identity?.roleCode, identity?.systemId],
        ['DEMO-1001', 'ls-sosiaalityontekija', 'arkki-archive-ui'],
      );
      assert.equal('processPart' in (identity ?? {}), false, 'the identity carries no process part that would decide nothing');

      await shot(page, 'card-01-search');
      await page.getByLabel('Henkilötunnus').fill(CLIENT);
      await page.getByRole('button', { name: 'Hae' }).click();
      await page.waitForLoadState();
      await shot(page, 'card-02-no-relation');
      assert.doesNotMatch(page.url(), new RegExp(CLIENT), 'the henkilötunnus is not in the URL');
      assert.equal(await page.locator('h1').innerText(), 'Ei asiakassuhdetta');

      await page.getByRole('link', { name: 'Ilmoita asiayhteys' }).click();
      await page.getByLabel('Palvelutehtävä').selectOption('10');
      await page.getByLabel('Peruste').selectOption('x-kiireellinen');
      await page.getByLabel('Kommentti').fill('Päivystystilanne: lapsen turvallisuuden arviointi ennen asiakkuuden avaamista.');
      await shot(page, 'card-03-special-reason-form');
      await page.getByRole('button', { name: 'Ilmoita ja avaa tiedot' }).click();
      await page.waitForLoadState();

      assert.match(await page.locator('h1').innerText(), /^Asiakas/);
      const main = await page.locator('main').innerText();
      assert.match(main, /ilmoittamallasi asiayhteydellä/);
      assert.match(main, /Lastensuojeluilmoituksen arvio/);
      await shot(page, 'card-04-client');
      await page.getByRole('link', { name: 'Lastensuojeluilmoituksen arvio' }).click();
      assert.equal(await page.locator('h1').innerText(), 'Lastensuojeluilmoituksen arvio');
      await shot(page, 'card-05-document');

      // The professional's own list shows the statement, open for comments.
      await page.getByRole('link', { name: 'Asiayhteydellä avatut' }).click();
      assert.match(await page.locator('main').innerText(), new RegExp(CLIENT));
      await page.getByLabel('Uusi kommentti').fill('Lisätieto: yhteydenotto poliisilta.');
      await page.getByRole('button', { name: 'Tallenna kommentti' }).click();
      await page.getByText('Kommentti tallennettu.').waitFor();
      assert.match(await page.locator('main').innerText(), /yhteydenotto poliisilta/);
      await shot(page, 'card-06-own-special-reasons');
    } finally {
      await context.close();
    }

    // Log monitoring over the usage log the UI wrote.
    const deps = depsOf(started.ctx);
    await runLogMonitor(deps);
    const { context: archivistContext, page: archivistPage } = await withCard(archivistCard);
    try {
      await logIn(archivistPage);
      assert.match(await archivistPage.locator('header').innerText(), /Arja Arkistonhoitaja/);
      const archivist = uiEvents('login').at(-1);
      assert.equal(archivist?.user, 'archivist-vaasa');
      // The archivist's log-monitoring page (C2's archivist UI) lists the alert.
      await archivistPage.getByRole('link', { name: 'Lokivalvonta' }).click();
      await archivistPage.waitForURL(/\/archivist\/alerts/);
      const alertsText = await archivistPage.locator('main').innerText();
      await shot(archivistPage, 'card-10-archivist-alerts');
      assert.match(alertsText, /Erityinen syy/);
      assert.match(alertsText, /Sanna Sosiaalityöntekijä/);
    } finally {
      await archivistContext.close();
    }
    const archivistIdentity: Identity = {
      userId: 'archivist-vaasa',
      name: 'Arja Arkistonhoitaja',
      professionalId: 'DEMO-1009',
      role: 'archivist',
      organisationOid: ORG_VAASA,
      registerKeeperOid: ORG_VAASA,
      serviceTasks: ['*'],
      systemId: 'arkki-archive-ui',
    };
    const { alerts } = await listLogAlerts(deps, archivistIdentity, {});
    assert.ok(
      alerts.some((a) => a.rule === 'special-reason' && a.userId === 'sw-vaasa-ls'),
      JSON.stringify(alerts.map((a) => [a.rule, a.userId])),
    );
  });

  test('no certificate: the login is refused with a page saying why in general terms, and the server log has the reason', async () => {
    const { context, page } = await withCard(null);
    try {
      const response = await page.goto(`${origin}/login/card`);
      assert.equal(response?.status(), 401);
      assert.equal(await page.locator('h1').innerText(), 'Kirjautuminen epäonnistui');
      await shot(page, 'card-07-refused');
      assert.ok(logs.some((l) => l.reason === 'no-certificate'));
      assert.ok(uiEvents('login-refused').length > 0);
      // Without a session every page leads to the login.
      await page.goto(`${origin}/pro/clients`);
      assert.match(page.url(), /\/login\?return=%2Fpro%2Fclients$/);
    } finally {
      await context.close();
    }
  });

  test('idle timeout ends the session: the user is told and logs in again', async () => {
    const { context, page } = await withCard(fx.certs.professional);
    try {
      await logIn(page);
      clockOffset += 16 * MINUTE;
      await page.goto(`${origin}/pro/clients`);
      assert.equal(await page.locator('h1').innerText(), 'Istunto päättyi');
      await shot(page, 'card-08-timeout');
      assert.ok(uiEvents('session-timeout').length > 0);
      await page.getByRole('link', { name: 'Kirjaudu uudelleen' }).click();
      await page.getByRole('link', { name: 'Kirjaudu kortilla' }).click();
      await page.waitForURL(/\/pro\/clients$/);
      assert.equal(await page.locator('h1').innerText(), 'Asiakkaan haku');
    } finally {
      await context.close();
    }
  });

  test('a sensitive action after the re-authentication window asks for the card again, then continues', async () => {
    const { context, page } = await withCard(fx.certs.professional);
    try {
      await logIn(page);
      await page.getByLabel('Henkilötunnus').fill(CLIENT);
      await page.getByRole('button', { name: 'Hae' }).click();
      await page.waitForLoadState();
      const clientUrl = page.url();
      clockOffset += 6 * MINUTE; // past the 5-minute window, within the 15-minute idle timeout
      const before = uiEvents('re-authentication').length;
      const movedBefore = uiEvents('card-check-new-connection').length;
      await page.goto(`${clientUrl}/special-reason`);
      await page.waitForURL(/\/special-reason$/);
      assert.equal(uiEvents('re-authentication').length, before + 1);
      // The form, or (the reason stated in the earlier test is still in force) the refusal: either way after the card check.
      assert.match(await page.locator('h1').innerText(), /^(Asiayhteyden ilmoittaminen|Asiayhteyttä ei voi ilmoittaa)$/);
      assert.equal(uiEvents('card-check-resumed-session').length, 0, 'each card check ran on a full TLS handshake');
      assert.equal(uiEvents('card-check-new-connection').length, movedBefore + 1, 'the check left the keep-alive connection for a new one');
    } finally {
      await context.close();
    }
  });

  test('logout ends the session', async () => {
    const { context, page } = await withCard(fx.certs.professional);
    try {
      await logIn(page);
      await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
      await page.waitForURL(/\/logged-out$/);
      assert.equal(await page.locator('h1').innerText(), 'Olet kirjautunut ulos');
      await shot(page, 'card-09-logged-out');
      assert.ok(uiEvents('logout').length > 0);
      await page.goto(`${origin}/pro/clients`);
      assert.match(page.url(), /\/login\?return=/);
    } finally {
      await context.close();
    }
  });

  test('the demo login page does not exist in production', async () => {
    const { context, page } = await withCard(fx.certs.professional);
    try {
      const response = await page.goto(`${origin}/login/demo`);
      assert.equal(response?.status(), 404);
    } finally {
      await context.close();
    }
  });

  test('a card with no role in its organisation is refused', async () => {
    const { context, page } = await withCard(fx.certs.professionalNoRole);
    try {
      const response = await page.goto(`${origin}/login/card`);
      assert.equal(response?.status(), 401);
      assert.ok(logs.some((l) => l.reason === 'wrong-organisation'));
    } finally {
      await context.close();
    }
  });
});
