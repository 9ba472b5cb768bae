import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../src/lib/db/pglite.ts';
import type { Db } from '../../src/lib/db/db.ts';
import { archiveFixture } from '../support/archive-fixtures.ts';
import { buildArchiveApp, routeInventory } from '../../src/archive/server.ts';
import { PUBLIC_ROUTES, PUBLIC_STATIC_PREFIXES } from '../../src/archive/public-routes.ts';

// Deny by default, checked over every route the app registers: without credentials a route either is on
// the explicit public list or refuses (FHIR 401, a UI page sends to sign-in). A new route that answers
// without an identity and is not listed fails here.

const isPublic = (method: string, url: string) =>
  PUBLIC_ROUTES.some((r) => r.method === method && r.url === url) || PUBLIC_STATIC_PREFIXES.some((p) => url.startsWith(p));

/** A concrete URL for a route pattern (parameters and wildcards filled with a harmless value). */
const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, 'x').replace(/\*/g, 'x');

describe('route inventory', () => {
  let db: Db;
  let app: FastifyInstance;
  before(async () => {
    db = await openPglite();
    const f = await archiveFixture(db);
    // Without credentials: the demo authenticator refuses a request that names no demo user.
    app = await buildArchiveApp(f.ctx);
    await app.ready();
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  it('finds the routes (FHIR API and every UI)', () => {
    const routes = routeInventory(app);
    assert.ok(routes.length > 80, `only ${routes.length} routes`);
    assert.ok(routes.some((r) => r.url === '/fhir/R4/DocumentReference' && r.method === 'GET'));
    assert.ok(routes.some((r) => r.url.startsWith('/archivist')));
  });

  it('every public route exists (the list is not stale)', () => {
    const routes = routeInventory(app);
    const missing = PUBLIC_ROUTES.filter((p) => !p.withCertificateTrust && !routes.some((r) => r.method === p.method && r.url === p.url));
    assert.deepEqual(missing, []);
  });

  it('every other route refuses a caller without credentials', async () => {
    const answered: string[] = [];
    for (const { method, url } of routeInventory(app)) {
      if (isPublic(method, url)) continue;
      const res = await app.inject({
        method: method as 'GET',
        url: concrete(url),
        ...(method === 'POST' ? { payload: {}, headers: { 'content-type': 'application/json' } } : {}),
      });
      const toSignIn = [302, 303].includes(res.statusCode) && /\/(login|citizen)/.test(String(res.headers.location ?? ''));
      const refused = res.statusCode === 401 || res.statusCode === 403 || toSignIn;
      if (!refused) answered.push(`${method} ${url} → ${res.statusCode}`);
    }
    assert.deepEqual(answered, [], `routes that answered without an identity and are not on PUBLIC_ROUTES:\n${answered.join('\n')}`);
  });
});
