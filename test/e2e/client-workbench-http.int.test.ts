import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getDocument } from '../../src/client/store/document-store.ts';
import type { ClientRef } from '../../src/client/store/record-store.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { UNIT_LS } from '../support/archive-fixtures.ts';
import { startWorkbenchFixture, type WorkbenchFixture } from '../support/client-workbench.ts';

// The workbench's HTTP surface without a browser: nobody in without signing in, no form without its
// CSRF token, a locked document refused by the server whatever is posted, turvakielto hiding the contact
// data on every page that shows the client.

const choices = {
  socialServices: ['94'],
  publicity: { class: 'secret' as const, basis: 'JulkL 24 § 1 mom 25 k' },
  retentionRule: 'sh-12y',
  citizenVisible: { visible: true },
};

describe('client workbench over HTTP', () => {
  let f: WorkbenchFixture;
  let cookie: string;
  let csrf: string;
  let ref: ClientRef;
  let handle: string;
  let lockedId: string;
  const hetu = makeHetu('2012-03-04', 911);

  const inject = (method: 'GET' | 'POST', url: string, form?: Record<string, string>, withCookie = true) =>
    f.workbench.app.inject({
      method,
      url,
      headers: { ...(withCookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });

  before(async () => {
    f = await startWorkbenchFixture({ archive: false });
    ref = await f.recordClient(
      hetu,
      { familyName: 'Turva', givenNames: 'Tiia' },
      { address: 'Salainen katu 1, 65100 Vaasa', turvakielto: true },
    );
    await f.cs.service.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    await f.cs.service.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    const kase = await f.cs.service.openCase(ref, { name: 'Tuen tarve', serviceTask: '10', serviceUnit: UNIT_LS, opened: '2026-11-02' });
    const d = await f.cs.service.saveDraft(ref, {
      caseId: kase.caseId,
      processPhase: 'arviointi',
      documentType: '1006',
      title: 'Lastensuojeluilmoituksen arvio',
      content: { lastensuojeluilmoituksen_arvio: { kuvaus: 'Alkuperäinen teksti.' } },
      language: 'fi',
      author: { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' },
    });
    await f.cs.service.finish(ref, d.documentId, choices);
    await f.cs.service.lock(ref, d.documentId);
    lockedId = d.documentId;

    // Sign in as a user would: the login page's token (cookie + field), then the demo picker.
    const login = await f.workbench.app.inject({ method: 'GET', url: '/login' });
    const signIn = String(login.headers['set-cookie']).match(/arkki_client_sign_in=([^;]+)/)![1]!;
    const token = login.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const answer = await f.workbench.app.inject({
      method: 'POST',
      url: '/login/demo',
      headers: { cookie: `arkki_client_sign_in=${signIn}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, user: 'sw-vaasa-ls', return: '/clients' }).toString(),
    });
    assert.equal(answer.statusCode, 303);
    cookie = `arkki_client_session=${String(answer.headers['set-cookie']).match(/arkki_client_session=([^;]+)/)![1]}`;
    const page = await inject('GET', '/clients');
    csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const found = await inject('POST', '/clients/search', { _csrf: csrf, q: hetu });
    handle = found.body.match(/href="\/clients\/([A-Za-z0-9_-]+)"/)![1]!;
  });
  after(() => f?.close());

  it('sends a visitor without a session to the login, and refuses a form without the CSRF token', async () => {
    const anonymous = await inject('GET', `/clients/${handle}`, undefined, false);
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/login\?return=/);
    const noToken = await inject('POST', '/clients/search', { q: hetu });
    assert.equal(noToken.statusCode, 403);
    assert.doesNotMatch(noToken.body, /Turva Tiia/);
    const page = await inject('GET', '/clients');
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
  });

  it('keeps the henkilötunnus out of the URLs: the client is addressed by an opaque handle', () => {
    assert.ok(!handle.includes(hetu));
    assert.match(handle, /^[A-Za-z0-9_-]{16}$/);
  });

  it('hides the contact data of a client under turvakielto on the search results and the client view', async () => {
    const found = await inject('POST', '/clients/search', { _csrf: csrf, q: 'Turva' });
    assert.match(found.body, /Turva Tiia/);
    assert.doesNotMatch(found.body, /Salainen katu/);
    const view = await inject('GET', `/clients/${handle}`);
    assert.equal(view.statusCode, 200);
    assert.doesNotMatch(view.body, /Salainen katu|65100/);
    assert.match(view.body, /Turvakielto: yhteystiedot eivät näy/);
  });

  it('refuses any edit of a locked document (409) and leaves it as it was; the page shows it read-only', async () => {
    const url = `/clients/${handle}/documents/${lockedId}`;
    const before = await getDocument(f.cs.db, ref, lockedId);
    for (const _do of ['save', 'finish']) {
      const answer = await inject('POST', url, {
        _csrf: csrf,
        _do,
        title: 'Muutettu',
        'f:lastensuojeluilmoituksen_arvio.kuvaus': 'Muutettu jälkikäteen.',
      });
      assert.equal(answer.statusCode, 409, answer.body.slice(0, 300));
      assert.match(answer.body, /lukittua asiakirjaa ei muuteta koskaan/);
    }
    const archiving = await inject('POST', `${url}/archiving`, { _csrf: csrf, _do: 'lock', socialServices: '94', publicityBasis: 'x' });
    assert.equal(archiving.statusCode, 409);
    assert.deepEqual(await getDocument(f.cs.db, ref, lockedId), before, 'nothing of the locked document changed');

    const page = await inject('GET', url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Asiakirja on lukittu eikä sitä voi muuttaa/);
    assert.doesNotMatch(page.body, /name="_do" value="save"/, 'no save button');
    assert.match(page.body, /<textarea[^>]*disabled/);
  });

  it('a correction of a locked document is a new version that replaces it', async () => {
    const answer = await inject('POST', `/clients/${handle}/documents/${lockedId}/new-version`, { _csrf: csrf });
    assert.equal(answer.statusCode, 303);
    const nextId = String(answer.headers.location).split('/').at(-1)!;
    const next = await getDocument(f.cs.db, ref, nextId);
    assert.equal(next?.version, 2);
    assert.equal(next?.replaces, lockedId);
    assert.equal(next?.state, 'draft');
    const edit = await inject('POST', `/clients/${handle}/documents/${nextId}`, {
      _csrf: csrf,
      _do: 'save',
      'f:lastensuojeluilmoituksen_arvio.kuvaus': 'Korjattu teksti.',
    });
    assert.equal(edit.statusCode, 200);
    assert.deepEqual((await getDocument(f.cs.db, ref, nextId))?.content, {
      lastensuojeluilmoituksen_arvio: { kuvaus: 'Korjattu teksti.' },
    });
  });

  it('shows the work lists: the draft of the correction, the queue waiting for the archive', async () => {
    const page = await inject('GET', '/worklists');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Keskeneräiset luonnokset \(1\)/);
    assert.match(page.body, /Odottaa yöajoa tai arkistointia \(\d+\)/);
  });
});
