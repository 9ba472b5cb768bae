// Shared by the archivist and citizen browser tests: the real app in demo mode on PGlite with the demo data
// seeded, and real Chromium. Not a test file itself.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openPglite } from '../../src/lib/db/pglite.ts';
import type { Db } from '../../src/lib/db/db.ts';
import { ensureDemoPki } from '../../src/archive/auth/demo-pki.ts';
import { prepareArchive } from '../../src/archive/bootstrap.ts';
import { loadTrust } from '../../src/lib/pki/index.ts';
import { depsOf, type ArchiveContext } from '../../src/archive/context.ts';
import { seedDemo } from '../../src/archive/demo/seed.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { requireSystemDependency } from '../support/system-deps.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumThere = existsSync(CHROMIUM);
if (!chromiumThere) requireSystemDependency('chromium');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** ARKKI_UI_SCREENSHOTS=<dir> saves a full-page PNG of each page the tests visit. */
const SHOTS = process.env.ARKKI_UI_SCREENSHOTS;
export async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export interface DemoApp {
  ctx: ArchiveContext;
  db: Db;
  app: FastifyInstance;
  origin: string;
  browser: Browser;
  /** Moves the app's clock forward (the re-authentication window is judged by it). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startDemoApp(): Promise<DemoApp> {
  const db = await openPglite();
  let offset = 0;
  const ctx = await prepareArchive(db, 'demo', 1024 * 1024, () => new Date(Date.now() + offset));
  // As `npm start` seeds it: client documents signed with the demo systems' certificates of a demo PKI.
  const pkiDir = await mkdtemp(join(tmpdir(), 'arkki-ui-pki-'));
  await ensureDemoPki(pkiDir, ctx.demoUsers ?? []);
  const trust = await loadTrust(pkiDir);
  ctx.signatureTrust = () => trust;
  await seedDemo(depsOf(ctx), ctx.demoUsers ?? [], undefined, pkiDir);
  const app = await buildArchiveApp(ctx);
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    ctx,
    db,
    app,
    origin,
    browser,
    advance(ms) {
      offset += ms;
    },
    async close() {
      await browser.close();
      await app.close();
      await db.close();
      await rm(pkiDir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser profile (own cookies) reading Finnish. */
export function newContext(demo: DemoApp, locale = 'fi-FI'): Promise<BrowserContext> {
  return demo.browser.newContext({ viewport: { width: 1280, height: 900 }, locale, acceptDownloads: true });
}

/** Demo login of a professional from the list at /login. */
export async function loginProfessional(page: Page, origin: string, userId: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page
    .locator('form', { has: page.locator(`input[name="user"][value="${userId}"]`) })
    .locator('button')
    .click();
  await page.waitForLoadState('load');
}
