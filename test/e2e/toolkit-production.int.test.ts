import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArchiveApi } from '../../src/lib/archive-api/index.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { loadToolkitConfig } from '../../src/toolkit/config.ts';
import { type StartedToolkit, startToolkit } from '../../src/toolkit/start.ts';

// The toolkit in production mode over HTTP: it signs nobody in itself. Without the organisation's single
// sign-on configured it does not start (the message names the setting); with it, a request without the
// sign-on's header, or for a user not in the users file, gets no page; a listed user gets the pages of
// their role, and there is no demo picker.
describe('deployment toolkit in production mode', () => {
  let dir: string;
  let toolkit: StartedToolkit;
  const env = (extra: Record<string, string>) => ({
    ARKKI_MODE: 'production',
    ARKKI_DATA_DIR: dir,
    TOOLKIT_PORT: '0',
    ARKKI_TOOLKIT_ARCHIVE_URL: 'http://127.0.0.1:9/fhir/R4',
    ARKKI_TOOLKIT_ARCHIVE_CERT: join(dir, 'toolkit.cert.pem'),
    ARKKI_TOOLKIT_ARCHIVE_KEY: join(dir, 'toolkit.key.pem'),
    ARKKI_TOOLKIT_SESSION_SECRET: 'a-production-secret-of-more-than-32-characters',
    ...extra,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arkki-toolkit-prod-'));
    await writeFile(
      join(dir, 'users.json'),
      JSON.stringify([{ userId: 'paula@hyvinvointialue.example', name: 'Paula P', role: 'project-manager' }]),
    );
    const config = loadToolkitConfig(env({ ARKKI_TOOLKIT_SSO_HEADER: 'X-Remote-User', ARKKI_TOOLKIT_USERS: join(dir, 'users.json') }));
    // The archive is not asked by the pages used here; its client only has to exist.
    const archive = createArchiveApi({ baseUrl: config.archiveUrl, identity: { kind: 'demo-user', userId: 'none' } });
    toolkit = await startToolkit({ config, db: await openPglite(), archive });
  });
  after(async () => {
    await toolkit?.close();
    await toolkit?.db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('does not start without sign-in configured, and says which setting is missing', async () => {
    assert.throws(() => loadToolkitConfig(env({})), /ARKKI_TOOLKIT_SSO_HEADER: is required in production/);
    const demoLike = { ...loadToolkitConfig(env({ ARKKI_TOOLKIT_SSO_HEADER: 'x-remote-user', ARKKI_TOOLKIT_USERS: 'u.json' })) };
    delete demoLike.signIn;
    const db = await openPglite();
    await assert.rejects(startToolkit({ config: demoLike, db, listen: false }), /ARKKI_TOOLKIT_SSO_HEADER/);
    await db.close();
  });

  it('opens no page without the single sign-on, and the pages of their role to a listed user', async () => {
    const anonymous = await fetch(`${toolkit.url}/conformance`, { redirect: 'manual', headers: { 'accept-language': 'en' } });
    assert.equal(anonymous.status, 401);
    assert.match(await anonymous.text(), /not signed in or not added as a user/);
    const stranger = await fetch(`${toolkit.url}/conformance`, { redirect: 'manual', headers: { 'x-remote-user': 'mallory' } });
    assert.equal(stranger.status, 401);
    const picker = await fetch(`${toolkit.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ user: 'pm-demo' }),
      redirect: 'manual',
    });
    assert.equal(picker.status, 403, 'no demo users in production');

    const paula = await fetch(`${toolkit.url}/conformance`, {
      headers: { 'x-remote-user': 'paula@hyvinvointialue.example', 'accept-language': 'fi' },
    });
    assert.equal(paula.status, 200);
    const page = await paula.text();
    assert.match(page, /Paula P/);
    // No test archive configured in production: the page says so and names the settings for the administrator.
    assert.match(page, /ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE/);
    const post = await fetch(`${toolkit.url}/projects`, {
      method: 'POST',
      headers: { 'x-remote-user': 'paula@hyvinvointialue.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'organisation=1.2.3',
    });
    assert.equal(post.status, 403, 'a POST without the form token is refused');
  });
});
