import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testDatabases } from '../support/databases.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import {
  archiveFixture,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  HETU,
  HETU_2,
  NOW,
  prepareClient,
  submission,
  type ArchiveFixture,
} from '../support/archive-fixtures.ts';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import { upsertPerson } from '../../src/archive/store/person-store.ts';

// The UI shell and the professional's pages in demo mode, over fastify's inject: demo login, session
// cookie, role and CSRF checks, re-authentication, language, henkilötunnus validation, logout.

const MIN = 60_000;
/** Child-welfare clienthood and case ended last year: nobody has a relation today. */
const NO_RELATION = '150590-9087';

for (const database of testDatabases())
  describe(`web UI shell and professional pages (demo mode, ${database.name})`, () => {
    let f: ArchiveFixture;
    let app: FastifyInstance;
    let offset = 0;

    before(async () => {
      f = await archiveFixture(await database.open());
      f.ctx.now = () => new Date(NOW.getTime() + offset);
      const caseId = await prepareClient(f);
      await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(clientDocument(caseId, { title: 'Palvelutarpeen arvio' }))]);
      const ended = { client: { kind: 'hetu' as const, value: NO_RELATION }, serviceTask: '10' };
      const case3 = '1.2.246.10.9990001.98.3.777';
      const stored = await storeDocuments(f.deps, f.users['system-vaasa']!, [
        submission(
          clienthoodDocument('social-welfare', {
            ...ended,
            clienthood: { level: 'social-welfare', start: '2024-01-01', end: '2025-06-30' },
          }),
        ),
        submission(
          clienthoodDocument('service-task', {
            ...ended,
            clienthood: { level: 'service-task', serviceTask: '10', start: '2024-01-01', end: '2025-06-30' },
          }),
        ),
        submission(caseDocument(case3, { ...ended, caseRecord: { opened: '2024-02-01', closed: '2025-06-30' } })),
      ]);
      assert.ok(stored.every((r) => r.outcome !== 'rejected'));
      // A second client with turvakielto and an address in the population data.
      const case2 = await prepareClient(f, { hetu: HETU_2 });
      await storeDocuments(f.deps, f.users['system-vaasa']!, [
        submission(clientDocument(case2, { client: { kind: 'hetu', value: HETU_2 }, title: 'Turvakieltoasiakkaan arvio' })),
      ]);
      await upsertPerson(f.db, {
        clientKey: HETU_2,
        idKind: 'hetu',
        familyName: 'Turva',
        givenNames: 'Tiina',
        birthDate: '2016-05-02',
        municipalityCode: '905',
        turvakielto: true,
        contact: {
          streetAddress: 'Salainen katu 1',
          postalCode: '65100',
          postOffice: 'Vaasa',
          phone: '0401234567',
          email: 'tiina@example.invalid',
        },
      });
      app = await buildArchiveApp(f.ctx);
    });
    after(async () => {
      await app?.close();
      await f?.db.close();
    });

    const cookieOf = (r: LightMyRequestResponse) => r.cookies.find((c) => c.name === 'arkki_session');

    /** The demo login as a browser does it: the login page gives the sign-in cookie and the form its token. */
    async function postLogin(user: string, withToken = true): Promise<LightMyRequestResponse> {
      const page = await app.inject({ url: '/login' });
      const signIn = page.cookies.find((c) => c.name === 'arkki_sign_in')!;
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return app.inject({
        method: 'POST',
        url: '/login/demo',
        headers: { cookie: `arkki_sign_in=${signIn.value}` },
        payload: withToken ? { user, _csrf: token } : { user },
      });
    }

    async function login(user: string): Promise<{ cookie: string; csrf: string }> {
      const r = await postLogin(user);
      assert.equal(r.statusCode, 303);
      const cookie = `arkki_session=${cookieOf(r)!.value}`;
      const page = await app.inject({ url: '/pro/special-reasons', headers: { cookie } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? /X-CSRF-Token&quot;:&quot;([^&]+)&quot;/.exec(page.body)?.[1];
      return { cookie, csrf: csrf ?? '' };
    }

    test('the demo login page lists the demo professionals, not the client systems', async () => {
      const r = await app.inject({ url: '/login', headers: { 'accept-language': 'fi' } });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /Sanna Sosiaalityöntekijä/);
      assert.match(r.body, /Arja Arkistonhoitaja/);
      assert.doesNotMatch(r.body, /system-vaasa/);
      assert.match(r.body, /Demotila/);
    });

    test("login sets an httpOnly, SameSite=Strict session cookie and lands on the role's home page", async () => {
      const r = await postLogin('sw-vaasa-ls');
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/pro/clients');
      const c = cookieOf(r)!;
      assert.equal(c.httpOnly, true);
      assert.equal(c.sameSite, 'Strict');
      assert.equal(c.path, '/');
      const refused = await postLogin('system-vaasa');
      assert.equal(cookieOf(refused), undefined, 'a client system cannot log in to the UI');
    });

    test('the demo login form carries a CSRF token: a login POST without it, or with a foreign one, is refused', async () => {
      const page = await app.inject({ url: '/login' });
      const signIn = page.cookies.find((c) => c.name === 'arkki_sign_in')!;
      assert.equal(signIn.httpOnly, true);
      assert.equal(signIn.sameSite, 'Strict');
      const tokens = [...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(tokens.length >= 3 && tokens.every((t) => t === signIn.value), 'every demo user form carries the token');
      const without = await postLogin('sw-vaasa-ls', false);
      assert.equal(without.statusCode, 403);
      assert.equal(cookieOf(without), undefined);
      const forged = await app.inject({ method: 'POST', url: '/login/demo', payload: { user: 'sw-vaasa-ls', _csrf: signIn.value } });
      assert.equal(forged.statusCode, 403, 'a token without its cookie (another site posting) is refused');
      assert.equal(cookieOf(forged), undefined);
      const citizenPage = await app.inject({ url: '/citizen/login', headers: { cookie: `arkki_sign_in=${signIn.value}` } });
      assert.match(citizenPage.body, new RegExp(`name="_csrf" value="${signIn.value}"`));
      const citizen = await app.inject({ method: 'POST', url: '/citizen/login/demo', payload: { client: HETU } });
      assert.equal(citizen.statusCode, 403);
    });

    test('a page shows who is logged in and carries the security headers', async () => {
      const { cookie } = await login('sw-vaasa-ls');
      const r = await app.inject({ url: '/pro/clients', headers: { cookie, 'accept-language': 'en' } });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /Sanna Sosiaalityöntekijä/);
      assert.match(r.body, /Social welfare professional/);
      assert.match(r.body, /Client search/);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(r.headers['x-frame-options'], 'DENY');
    });

    test('no session: pages redirect to the login (htmx requests get HX-Redirect)', async () => {
      const r = await app.inject({ url: '/pro/clients' });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/login?return=%2Fpro%2Fclients');
      const h = await app.inject({ url: '/pro/clients', headers: { 'hx-request': 'true' } });
      assert.equal(h.headers['hx-redirect'], '/login?return=%2Fpro%2Fclients');
    });

    test('the role is checked: an archivist does not get the professional pages', async () => {
      const { cookie } = await login('archivist-vaasa');
      const r = await app.inject({ url: '/pro/clients', headers: { cookie, 'accept-language': 'fi' } });
      assert.equal(r.statusCode, 403);
      assert.match(r.body, /Ei käyttöoikeutta/);
    });

    test('a form without the CSRF token is refused', async () => {
      const { cookie } = await login('sw-vaasa-ls');
      const r = await app.inject({
        method: 'POST',
        url: '/pro/clients',
        headers: { cookie, 'accept-language': 'en' },
        payload: { hetu: HETU },
      });
      assert.equal(r.statusCode, 403);
      assert.match(r.body, /The form has expired/);
      const wrong = await app.inject({
        method: 'POST',
        url: '/pro/clients',
        headers: { cookie, 'x-csrf-token': 'x'.repeat(32) },
        payload: { hetu: HETU },
      });
      assert.equal(wrong.statusCode, 403);
    });

    for (const [input, message] of [
      ['', /Anna henkilötunnus/],
      ['0105', /ei ole oikeassa muodossa/],
      ['010516A901X', /tarkistusmerkki ei täsmää/],
      ['310216A901V', /syntymäaika ei ole mahdollinen/],
    ] as const) {
      test(`henkilötunnus '${input}' is refused with a clear message`, async () => {
        const { cookie, csrf } = await login('sw-vaasa-ls');
        const r = await app.inject({
          method: 'POST',
          url: '/pro/clients',
          headers: { cookie, 'accept-language': 'fi' },
          payload: { hetu: input, _csrf: csrf },
        });
        assert.equal(r.statusCode, 400);
        assert.match(r.body, message);
        assert.match(r.body, /aria-invalid="true"/);
      });
    }

    test('a valid henkilötunnus leads to the client by an opaque link; the page reads through the services', async () => {
      const { cookie, csrf } = await login('sw-vaasa-ls');
      const r = await app.inject({
        method: 'POST',
        url: '/pro/clients',
        headers: { cookie },
        payload: { hetu: ` ${HETU.toLowerCase()} `, _csrf: csrf },
      });
      assert.equal(r.statusCode, 303);
      const location = String(r.headers.location);
      assert.match(location, /^\/pro\/clients\/[A-Za-z0-9_-]+$/);
      assert.ok(!location.includes(HETU));
      const before = await f.db.query<{ n: string }>('SELECT count(*)::text AS n FROM usage_log');
      const page = await app.inject({ url: location, headers: { cookie, 'accept-language': 'fi' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Palvelutarpeen arvio/);
      assert.match(page.body, /Lastensuojelu/);
      const afterRows = await f.db.query<{ n: string }>('SELECT count(*)::text AS n FROM usage_log');
      assert.equal(Number(afterRows.rows[0]!.n) - Number(before.rows[0]!.n), 2, 'person read and summary each leave one usage-log row');
      const forged = await app.inject({ url: '/pro/clients/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', headers: { cookie } });
      assert.equal(forged.statusCode, 404);
    });

    async function clientPage(cookie: string, csrf: string, hetu: string): Promise<string> {
      const r = await app.inject({ method: 'POST', url: '/pro/clients', headers: { cookie }, payload: { hetu, _csrf: csrf } });
      return String(r.headers.location);
    }

    test('turvakielto: the client page shows the mark and hides address and contact data', async () => {
      const { cookie, csrf } = await login('sw-vaasa-ls');
      const page = await app.inject({ url: await clientPage(cookie, csrf, HETU_2), headers: { cookie, 'accept-language': 'fi' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Turvakielto/);
      assert.match(page.body, /Ei näytetä \(turvakielto\)/);
      assert.match(page.body, /Turva, Tiina/);
      for (const secret of ['Salainen katu', '65100', '0401234567', 'tiina@example.invalid'])
        assert.ok(!page.body.includes(secret), secret);
    });

    test('all documents page, document page and the PDF body, each through the services', async () => {
      const { cookie, csrf } = await login('sw-vaasa-ls');
      const client = await clientPage(cookie, csrf, HETU);
      const list = await app.inject({ url: `${client}/documents`, headers: { cookie, 'accept-language': 'en' } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /The client&#39;s documents|The client's documents/);
      const link = /href="(\/pro\/documents\/[^"]+)">Palvelutarpeen arvio/.exec(list.body)?.[1];
      assert.ok(link, 'the document is listed');
      const doc = await app.inject({ url: link, headers: { cookie, 'accept-language': 'en' } });
      assert.equal(doc.statusCode, 200);
      assert.match(doc.body, /Child welfare/);
      assert.match(doc.body, /Secret/);
      const logged = async () =>
        Number((await f.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM usage_log WHERE action = 'read-body'`)).rows[0]!.n);
      const before = await logged();
      const body = await app.inject({ url: `${link}/body`, headers: { cookie } });
      assert.equal(body.statusCode, 200);
      assert.equal(body.headers['content-type'], 'application/pdf');
      assert.equal(body.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.equal(await logged(), before + 1);
    });

    test('a special reason: form errors by field, the grant opens the client, comments close after 7 days', async () => {
      const { cookie, csrf } = await login('sw-vaasa-ls');
      const client = await clientPage(cookie, csrf, NO_RELATION);
      const denied = await app.inject({ url: client, headers: { cookie, 'accept-language': 'en' } });
      assert.equal(denied.statusCode, 403);
      assert.match(denied.body, /No client relation/);
      assert.ok(denied.body.includes(`href="${client}/special-reason"`));

      const empty = await app.inject({
        method: 'POST',
        url: `${client}/special-reason`,
        headers: { cookie, 'accept-language': 'en' },
        payload: { _csrf: csrf, serviceTask: '', reasonCode: '', comment: ' ' },
      });
      assert.equal(empty.statusCode, 400);
      for (const m of [/Choose a service task/, /Choose a reason/, /Write a comment/]) assert.match(empty.body, m);
      const notInRole = await app.inject({
        method: 'POST',
        url: `${client}/special-reason`,
        headers: { cookie, 'accept-language': 'en' },
        payload: { _csrf: csrf, serviceTask: '20', reasonCode: 'x-kiireellinen', comment: 'Kiireellinen' },
      });
      assert.equal(notInRole.statusCode, 400, "only the role's own service tasks");

      const stated = await app.inject({
        method: 'POST',
        url: `${client}/special-reason`,
        headers: { cookie },
        payload: { _csrf: csrf, serviceTask: '10', reasonCode: 'x-yhteydenotto', comment: 'Asiakas soitti päivystykseen.' },
      });
      assert.equal(stated.statusCode, 303);
      assert.equal(stated.headers.location, client);
      const open = await app.inject({ url: client, headers: { cookie, 'accept-language': 'en' } });
      assert.equal(open.statusCode, 200);
      assert.match(open.body, /under the special reason you stated for service task Child welfare/);

      const mine = await app.inject({ url: '/pro/special-reasons', headers: { cookie, 'accept-language': 'en' } });
      const grantId = /\/pro\/special-reasons\/([^/]+)\/comments/.exec(mine.body)?.[1];
      assert.ok(grantId);
      const comment = await app.inject({
        method: 'POST',
        url: `/pro/special-reasons/${grantId}/comments`,
        headers: { cookie, 'hx-request': 'true', 'x-csrf-token': csrf, 'accept-language': 'en' },
        payload: { comment: 'Soitto kirjattu.' },
      });
      assert.equal(comment.statusCode, 200);
      assert.doesNotMatch(comment.body, /<html/, 'an htmx fragment');
      assert.match(comment.body, /Comment saved/);
      assert.match(comment.body, /Soitto kirjattu/);

      offset += 8 * 24 * 60 * MIN;
      try {
        const later = await login('sw-vaasa-ls');
        const sealedList = await app.inject({ url: '/pro/special-reasons', headers: { cookie: later.cookie, 'accept-language': 'en' } });
        assert.match(sealedList.body, /Sealed/);
        assert.doesNotMatch(sealedList.body, new RegExp(`/pro/special-reasons/${grantId}/comments`));
        const tooLate = await app.inject({
          method: 'POST',
          url: `/pro/special-reasons/${grantId}/comments`,
          headers: { cookie: later.cookie, 'accept-language': 'en' },
          payload: { _csrf: later.csrf, comment: 'Liian myöhään' },
        });
        assert.equal(tooLate.statusCode, 409);
        assert.match(tooLate.body, /sealed/);
      } finally {
        offset -= 8 * 24 * 60 * MIN;
      }
    });

    test('the language switch sets a cookie and returns only to a local page', async () => {
      const r = await app.inject({ url: '/ui/lang/sv?return=/login' });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/login');
      const lang = r.cookies.find((c) => c.name === 'arkki_lang');
      assert.equal(lang?.value, 'sv');
      const page = await app.inject({ url: '/login', headers: { cookie: 'arkki_lang=sv', 'accept-language': 'en' } });
      assert.match(page.body, /<html lang="sv"/);
      assert.match(page.body, /Inloggning/);
      const evil = await app.inject({ url: '/ui/lang/fi?return=//evil.example/' });
      assert.equal(evil.headers.location, '/');
    });

    test('a sensitive page after the re-authentication window asks to confirm again (demo stand-in for the card)', async () => {
      const { cookie, csrf } = await login('sw-vaasa-ls');
      const search = await app.inject({ method: 'POST', url: '/pro/clients', headers: { cookie }, payload: { hetu: HETU, _csrf: csrf } });
      // The client has a relation, so the page refuses a special reason (403) — but only after the card check.
      const formUrl = `${search.headers.location}/special-reason`;
      assert.equal((await app.inject({ url: formUrl, headers: { cookie } })).statusCode, 403);
      offset += 6 * MIN;
      try {
        const r = await app.inject({ url: formUrl, headers: { cookie } });
        assert.equal(r.statusCode, 303);
        assert.equal(r.headers.location, `/login/demo?reauth=1&return=${encodeURIComponent(formUrl)}`);
        const confirm = await app.inject({
          method: 'POST',
          url: '/login/demo',
          headers: { cookie },
          payload: { user: 'sw-vaasa-ls', reauth: '1', return: formUrl, _csrf: csrf },
        });
        assert.equal(confirm.statusCode, 303);
        assert.equal(confirm.headers.location, formUrl);
        assert.equal((await app.inject({ url: formUrl, headers: { cookie } })).statusCode, 403);
      } finally {
        offset -= 6 * MIN;
      }
    });

    test('idle timeout ends the session and says so', async () => {
      const { cookie } = await login('sw-vaasa-ls');
      offset += 15 * MIN;
      try {
        const r = await app.inject({ url: '/pro/clients', headers: { cookie } });
        assert.equal(r.statusCode, 303);
        assert.match(String(r.headers.location), /^\/login\/ended/);
        const again = await app.inject({ url: '/pro/clients', headers: { cookie } });
        assert.match(String(again.headers.location), /^\/login\?/, 'the session row is gone');
      } finally {
        offset -= 15 * MIN;
      }
    });

    test('logout needs the token, destroys the session and clears the cookie', async () => {
      const { cookie, csrf } = await login('sw-vaasa-ls');
      assert.equal((await app.inject({ method: 'POST', url: '/logout', headers: { cookie }, payload: {} })).statusCode, 403);
      const r = await app.inject({ method: 'POST', url: '/logout', headers: { cookie }, payload: { _csrf: csrf } });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/logged-out');
      assert.equal(cookieOf(r)?.value, '');
      assert.equal((await app.inject({ url: '/pro/clients', headers: { cookie } })).statusCode, 303);
    });

    test('the card login route does not exist in demo mode, the static files are served', async () => {
      assert.equal((await app.inject({ url: '/login/card' })).statusCode, 404);
      const css = await app.inject({ url: '/ui/static/app.css' });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['content-type']), /text\/css/);
      const htmx = await app.inject({ url: '/ui/static/htmx.min.js' });
      assert.equal(htmx.statusCode, 200);
      assert.match(htmx.body, /htmx/);
    });
  });
