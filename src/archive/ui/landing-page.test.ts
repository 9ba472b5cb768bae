import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import { productionAuthenticator } from '../auth/demo-authenticator.ts';
import { buildArchiveApp } from '../server.ts';
import { archiveFixture, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';

// The landing page is a shell page: same header, language switch and stylesheet as every UI page, in the
// visitor's language; demo users (with their service tasks) only in demo mode.

describe('landing page', () => {
  let f: ArchiveFixture;
  let demo: FastifyInstance;
  let prod: FastifyInstance;
  before(async () => {
    f = await archiveFixture(await openPglite());
    demo = await buildArchiveApp(f.ctx);
    prod = await buildArchiveApp({
      ...f.ctx,
      config: { ...f.ctx.config, mode: 'production' },
      authenticate: productionAuthenticator(),
      demoUsers: undefined,
    });
  });
  after(async () => {
    await demo.close();
    await prod.close();
    await f.db.close();
  });

  it('is drawn in the shell, in the chosen language, with the demo users and their service tasks', async () => {
    const sv = await demo.inject({ method: 'GET', url: '/', headers: { cookie: 'arkki_lang=sv' } });
    assert.equal(sv.statusCode, 200);
    assert.match(sv.body, /<html lang="sv">/);
    assert.match(sv.body, /<link rel="stylesheet" href="\/ui\/static\/app.css"/);
    assert.match(sv.body, /<header class="top">/);
    assert.match(sv.body, /href="\/ui\/lang\/fi\?return=%2F"/);
    assert.match(sv.body, /Arkivets tjänster/);
    assert.match(sv.body, /href="\/login"/);
    assert.match(sv.body, /href="\/citizen"/);
    assert.match(sv.body, /href="\/demo\/users"/);
    assert.match(sv.body, /<code>sw-vaasa-ls<\/code>/);
    assert.match(sv.body, new RegExp(f.ctx.codeSets.display('service-tasks', '10', 'sv')!));
    assert.equal(sv.headers['content-security-policy']?.toString().includes("default-src 'self'"), true);
    const fi = await demo.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'fi' } });
    assert.match(fi.body, /<html lang="fi">/);
    assert.match(fi.body, /Demokäyttäjät/);
  });

  it('lists no users in production', async () => {
    const page = await prod.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Running in production mode/);
    assert.doesNotMatch(page.body, /sw-vaasa-ls|Demo users|\/demo\/users|X-Arkki-Demo-User/);
  });
});
