// The XHTML rendering of every national structure, opened by a real browser (Debian Chromium) as
// application/xhtml+xml: its XML parser (not arkki's) accepts it, the page shows the title and the
// header block, and nothing is fetched from anywhere.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { renderXhtml } from '../../src/lib/render/render-xhtml.ts';
import { loadStructureRegistry } from '../../src/lib/structures/registry.ts';
import { sampleContent } from '../../src/lib/structures/sample-content.ts';
import { repositoryCodeSets } from '../../src/lib/structures/test-code-sets.ts';
import { requireSystemDependency } from '../support/system-deps.ts';
import { sampleMetadata } from '../../src/lib/render/test-metadata.ts';

const CHROMIUM = '/usr/bin/chromium';
const chromiumThere = existsSync(CHROMIUM);
if (!chromiumThere) requireSystemDependency('chromium');

const registry = await loadStructureRegistry();
const codeSets = repositoryCodeSets();

describe('XHTML renderings in Chromium', { skip: !chromiumThere && 'chromium not installed' }, () => {
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];
  const pages = new Map<string, string>();

  before(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    // Every request is answered here: a rendering page is served, anything else is recorded and refused.
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      const body = pages.get(url);
      if (body === undefined) {
        outside.push(url);
        return route.abort();
      }
      return route.fulfill({ status: 200, contentType: 'application/xhtml+xml; charset=utf-8', body });
    });
  });

  after(async () => {
    await browser?.close();
  });

  test('the check can fail: Chromium reports broken XHTML', async () => {
    const url = 'http://render.invalid/broken.xhtml';
    pages.set(url, '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>a & b</p></body></html>');
    await page.goto(url);
    assert.ok((await page.evaluate(() => document.getElementsByTagName('parsererror').length)) > 0);
    pages.delete(url);
  });

  test('every structure: parsed as XHTML without errors, title and header block shown, no other requests', async () => {
    for (const [i, d] of registry.all().entries()) {
      const metadata = sampleMetadata({ documentType: d.code, title: `${d.name.fi} – åäö & <muistio>`, format: 'cda' });
      const url = `http://render.invalid/${i}.xhtml`;
      pages.set(url, renderXhtml({ metadata, definition: d, content: sampleContent(d, { seed: 13, codeSets }), codeSets }));
      await page.goto(url);
      const seen = await page.evaluate(() => ({
        contentType: document.contentType,
        errors: document.getElementsByTagName('parsererror').length,
        h1: document.querySelector('h1')?.textContent ?? null,
        headerLabels: Array.from(document.querySelectorAll('header dt'), (e) => e.textContent),
        sections: document.querySelectorAll('main section').length,
        scripts: document.scripts.length,
      }));
      assert.equal(seen.contentType, 'application/xhtml+xml', d.oid);
      assert.equal(seen.errors, 0, `${d.oid}: Chromium's XML parser reports an error`);
      assert.equal(seen.h1, metadata.title, d.oid);
      assert.ok(seen.headerLabels.includes('Asiakas') && seen.headerLabels.includes('Laatija'), d.oid);
      assert.equal(seen.scripts, 0, d.oid);
      pages.delete(url);
    }
    assert.deepEqual(outside, []);
  });
});
