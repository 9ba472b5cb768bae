import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROCESS_PHASES } from '../../src/client/domain/process-phase.ts';
import { listDocuments } from '../../src/client/store/document-store.ts';
import { listItems } from '../../src/client/store/queue-store.ts';
import { patientIdOf } from '../../src/lib/archive-api/index.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { UNIT_LS } from '../support/archive-fixtures.ts';
import { startWorkbenchFixture, type WorkbenchFixture } from '../support/client-workbench.ts';
import { requireSystemDependency } from '../support/system-deps.ts';
import { CHROMIUM, chromiumThere, shot } from './ui-archivist-browser.ts';

// Issue 11's scenario, as a new social worker would go through it in real Chromium: log in, find the
// client, open the child-welfare service-task clienthood and a named case, write one national-structure
// document in each of the five phases in the generated forms (the first with a mistake the form points
// out), lock them on the archiving screen choosing social services, let the load queue deliver them, and
// find them in the archive's summary — with a system signature that Debian's xmlsec1 verifies.

const xmlsecThere = spawnSync('xmlsec1', ['--version']).error === undefined;
if (!xmlsecThere) requireSystemDependency('xmlsec1');
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One document type per phase: child-welfare and common structures with their national kinds. */
const PLAN: Record<(typeof PROCESS_PHASES)[number], { code: string; social?: string }> = {
  vireilletulo: { code: '3007' }, // Lastensuojeluhakemus
  arviointi: { code: '1006' }, // Lastensuojeluilmoituksen arvio
  suunnittelu: { code: '15026', social: '94' }, // Lastensuojelun toteuttamissuunnitelma (a plan: a social service is required)
  jarjestaminen: { code: '11061', social: '94' }, // Toimeenpanopäätös (a decision)
  toteutus: { code: '19005' }, // Merkintä tapaamisesta tai yhteydenotosta
};

async function checkPage(page: Page, name: string): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= inner, `${name}: the page is ${scroll} px wide in a ${inner} px window`);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>)
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
  });
  assert.deepEqual(violations, [], `${name}: axe`);
  await shot(page, name);
}

/** What a social worker types into a field the form says is missing or wrong. */
async function fillField(page: Page, id: string): Promise<void> {
  const el = page.locator(`[id="${id}"]`);
  const tag = await el.evaluate((e) => e.tagName.toLowerCase());
  if (tag === 'fieldset' || tag === 'div') {
    // A part that must be there: fill its first empty field (the form then says what else it needs).
    const first = el.locator('input[type="text"]:not([disabled]), textarea, select').first();
    const inner = await first.getAttribute('id');
    if (inner) await fillField(page, inner);
    return;
  }
  if (tag === 'select') {
    const value = await el.evaluate((s) => Array.from((s as HTMLSelectElement).options).find((o) => o.value !== '')?.value ?? '');
    await el.selectOption(value);
    return;
  }
  const hint = (await page.locator(`[id="${id}-hint"]`).count()) > 0 ? await page.locator(`[id="${id}-hint"]`).innerText() : '';
  const mode = await el.getAttribute('inputmode');
  if (/1\.12\.2026/.test(hint)) await el.fill('20.11.2026');
  else if (mode === 'numeric' || mode === 'decimal') await el.fill('1');
  else if (id.endsWith('-code')) await el.fill('kpl');
  else await el.fill('Kirjattu tapaamisessa huoltajan kanssa.');
}

describe('the social worker’s workbench in a browser (issue 11)', { skip: !chromiumThere && 'chromium not installed' }, () => {
  let f: WorkbenchFixture;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const hetu = makeHetu('2014-06-07', 925);
  const cspErrors: string[] = [];

  before(async () => {
    f = await startWorkbenchFixture();
    await f.recordClient(hetu, { familyName: 'Virtanen', givenNames: 'Aino' }, { address: 'Koulukatu 5, 65100 Vaasa' });
    dir = await mkdtemp(join(tmpdir(), 'arkki-workbench-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await f?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('logs in, finds the client, opens the child-welfare clienthoods and a named case', async () => {
    const origin = f.workbench.url;
    await page.goto(`${origin}/`);
    assert.match(page.url(), /\/login/);
    await checkPage(page, 'workbench-01-login');
    await page
      .locator('form', { has: page.locator('input[name="user"][value="sw-vaasa-ls"]') })
      .locator('button')
      .click();
    await page.waitForURL(/\/clients$/);
    await checkPage(page, 'workbench-02-search');
    await page.getByLabel('Henkilötunnus tai nimi').fill(hetu);
    await page.getByRole('button', { name: 'Hae' }).click();
    await checkPage(page, 'workbench-03-results');
    await page.getByRole('link', { name: 'Virtanen Aino' }).click();
    assert.ok(!page.url().includes(hetu), 'the henkilötunnus is not in the URL');
    await page.getByText('Koulukatu 5, 65100 Vaasa').waitFor();

    for (const level of ['social-welfare', 'service-task'] as const) {
      await page.locator('summary', { hasText: 'Avaa asiakkuus' }).click();
      await page.locator('#ch-level').selectOption(level);
      await page.locator('#ch-task').selectOption('10');
      await page.locator('#ch-unit').selectOption(UNIT_LS);
      await page.locator('#ch-start').fill('2.11.2026');
      await page.getByRole('button', { name: 'Avaa asiakkuus' }).click();
      await page.waitForLoadState('load');
    }
    await page.getByRole('cell', { name: 'Palvelutehtävän asiakkuus' }).waitFor();
    await page.locator('#case-name').fill('Huoli koulunkäynnistä');
    await page.locator('#case-unit').selectOption(UNIT_LS);
    await page.locator('#case-opened').fill('2.11.2026');
    await page.getByRole('button', { name: 'Avaa asia' }).click();
    await page.getByRole('heading', { name: /Asia: Huoli koulunkäynnistä/ }).waitFor();
    await checkPage(page, 'workbench-04-client');
  });

  it('writes one document in each of the five phases through the generated forms and locks them on the archiving screen', async () => {
    let n = 5;
    for (const phase of PROCESS_PHASES) {
      const plan = PLAN[phase];
      await page.getByRole('link', { name: new RegExp(`^Uusi asiakirja – ${phaseName(phase)}$`) }).click();
      if (phase === 'vireilletulo') {
        await page.locator('#type-filter').fill('lastensuojeluhakemus');
        assert.ok(
          await page.locator(`#documentType option[value="${plan.code}"]:not([hidden])`).count(),
          'the filter keeps the type typed',
        );
        await checkPage(page, `workbench-${String(n++).padStart(2, '0')}-type-picker`);
      }
      await page.locator('#documentType').selectOption(plan.code);
      await page.getByRole('button', { name: 'Uusi asiakirja' }).click();
      await page.locator('form.document-form').waitFor();
      // The client part is prefilled from the client's record.
      assert.equal(
        await page.locator('input[name$=".asiakas[0].sukunimi"], input[name$=".asiakas.sukunimi"]').first().inputValue(),
        'Virtanen',
      );
      if (phase === 'vireilletulo') {
        // The mistake first: an impossible day, and nothing else filled in.
        await page.locator('input[name$=".paivamaara"]').fill('31.2.2026');
        await page.getByRole('button', { name: 'Valmis: arkistointinäyttöön' }).click();
        await page.locator('#issues').waitFor();
        const field = page.locator('input[name$=".paivamaara"]');
        assert.equal(await field.getAttribute('aria-invalid'), 'true');
        assert.equal(await field.inputValue(), '31.2.2026', 'what was typed is kept');
        await page.getByText('Anna päivämäärä muodossa 1.12.2026 tai 2026-12-01.').first().waitFor();
        await checkPage(page, `workbench-${String(n++).padStart(2, '0')}-validation-error`);
        await field.fill('20.11.2026');
        // Saving the draft keeps it; it is resumed from the client view later as it was.
        await page.getByRole('button', { name: 'Tallenna luonnos' }).click();
        await page.getByText(/Luonnos tallennettu/).waitFor();
      }
      // Fill what the form says is missing until it validates (at most a few rounds, as a person would).
      for (let round = 0; round < 6; round++) {
        await page.getByRole('button', { name: 'Valmis: arkistointinäyttöön' }).click();
        await page.waitForLoadState('load');
        if (/\/archiving$/.test(page.url())) break;
        const targets = await page.locator('#issues a').evaluateAll((as) => as.map((a) => (a.getAttribute('href') ?? '').slice(1)));
        assert.ok(targets.length > 0, `${phase}: the form says what to correct`);
        for (const id of [...new Set(targets)]) await fillField(page, id);
      }
      assert.match(page.url(), /\/archiving$/, `${phase}: reached the archiving screen`);
      if (plan.social) {
        // A plan or a decision needs its social service: the screen says so when none is chosen.
        await page.getByRole('button', { name: 'Lukitse ja arkistoi' }).click();
        await page.getByText('Valitse vähintään yksi sosiaalipalvelu.').first().waitFor();
        await page.locator(`input[name="socialServices"][value="${plan.social}"]`).check();
      }
      if (phase === 'arviointi') await checkPage(page, `workbench-${String(n++).padStart(2, '0')}-archiving-screen`);
      await page.getByRole('button', { name: 'Lukitse ja arkistoi' }).click();
      await page.getByText('Asiakirja lukittiin ja lähetetään arkistoon.').waitFor();
    }
    await checkPage(page, `workbench-${String(n++).padStart(2, '0')}-client-locked`);
    const ref = { registerKeeperOid: f.workbench.deps.registerKeeperOid, clientKey: hetu };
    const docs = await listDocuments(f.cs.db, ref);
    assert.deepEqual(
      docs.map((d) => d.state),
      Array(5).fill('locked'),
    );
    assert.deepEqual(
      docs.map((d) => d.documentType).sort(),
      Object.values(PLAN)
        .map((p) => p.code)
        .sort(),
    );
    const decision = docs.find((d) => d.documentType === '11061')!;
    assert.deepEqual(decision.choices?.socialServices, ['94'], 'the archiving screen’s choice is the document’s metadata');
    assert.equal(decision.choices?.retentionRule, 'lastensuojelu-pitka', 'child welfare is kept by its own rule');

    // A locked document opens read-only.
    await page.getByRole('link', { name: decision.title }).click();
    await page.getByText('Asiakirja on lukittu eikä sitä voi muuttaa.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Tallenna luonnos' }).count(), 0);
    assert.ok(await page.locator('form.document-form input[name^="f:"]').first().isDisabled());
    await checkPage(page, 'workbench-10-locked-document');
  });

  it('the load queue delivers them; the archive’s summary lists them and xmlsec1 verifies the system signature', async () => {
    const round = await f.cs.queue.drain();
    assert.equal(round.refused, 0, JSON.stringify(await listItems(f.cs.db, { status: 'refused' })));
    assert.equal(round.archived, 8, 'two clienthoods, the case and the five documents');
    const ref = { registerKeeperOid: f.workbench.deps.registerKeeperOid, clientKey: hetu };
    const docs = await listDocuments(f.cs.db, ref);

    const summary = await f.api.asDemoUser('sw-vaasa-ls').patients.summary(patientIdOf(hetu), { serviceTask: '10' });
    const archived = summary.serviceTasks[0]!.phases.flatMap((p) => p.latest.map((d) => d.documentId)).sort();
    assert.deepEqual(archived, docs.map((d) => d.documentId).sort());

    // The same through the workbench: archive copies, marked as such.
    await page.getByRole('link', { name: 'Takaisin asiakkaaseen' }).click();
    await page.getByRole('link', { name: 'Arkistokopiot' }).click();
    await page.getByText('ARKISTOKOPIO').first().waitFor();
    for (const d of docs) await page.getByRole('cell', { name: d.title }).first().waitFor();
    await checkPage(page, 'workbench-11-archive-copies');

    const worklists = await page.goto(`${f.workbench.url}/worklists`);
    assert.equal(worklists?.status(), 200);
    await page.getByText('Arkistointivirheet korjattavaksi (0)').waitFor();
    await checkPage(page, 'workbench-12-worklists');

    if (!xmlsecThere) return;
    const body = await f.api.asDemoUser('sw-vaasa-ls').documents.body(`Binary/${docs[0]!.documentId}`);
    const file = join(dir, 'archived.xml');
    await writeFile(file, body.data);
    const root = join(f.pki.dir, PKI_FILES.rootCert);
    const intermediate = join(f.pki.dir, PKI_FILES.intermediateCert);
    const out = await new Promise<{ code: number; text: string }>((resolve) =>
      execFile(
        'xmlsec1',
        ['--verify', '--enabled-reference-uris', 'empty', '--trusted-pem', root, '--untrusted-pem', intermediate, file],
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, text: `${stdout}${stderr}` }),
      ),
    );
    assert.equal(out.code, 0, out.text);
    assert.match(out.text, /^OK$/m);
  });

  it('reads the same in Swedish at laptop width, without CSP errors', async () => {
    await page.goto(`${f.workbench.url}/ui/lang/sv?return=/worklists`);
    await page.getByRole('heading', { name: 'Arbetslistor' }).waitFor();
    await checkPage(page, 'workbench-13-worklists-sv');
    await page.getByRole('link', { name: 'Klienter' }).click();
    await page.getByLabel('Personbeteckning eller namn').fill('Virtanen');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByRole('link', { name: 'Virtanen Aino' }).click();
    await checkPage(page, 'workbench-14-client-sv');
    await page.locator('ul.docs a').first().click();
    await checkPage(page, 'workbench-15-document-sv');
    assert.deepEqual(cspErrors, []);
  });
});

function phaseName(phase: string): string {
  return {
    vireilletulo: 'Vireilletulo',
    arviointi: 'Palvelutarpeen arviointi',
    suunnittelu: 'Asiakkuuden suunnittelu',
    jarjestaminen: 'Palvelun järjestäminen',
    toteutus: 'Palvelun toteutus',
  }[phase]!;
}
