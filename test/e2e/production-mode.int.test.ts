import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadArchiveConfig } from '../../src/archive/config.ts';
import { openDatabase } from '../../src/lib/db/open.ts';
import { startArchive } from '../../src/archive/bootstrap.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';
import { migrateArchive } from '../../src/archive/store/migrate-archive.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';

// The real archive app in production mode: HTTPS, a client certificate required on every FHIR call, the
// demo header refused; expired, revoked and foreign certificates get the same generic 401.

describe('archive in production mode', () => {
  let fx: PkiFixture;
  let app: FastifyInstance;
  let port: number;
  let stop: () => void;
  const logged: string[] = [];

  before(async () => {
    fx = await createPkiFixture();
    const dataDir = join(fx.dir, '..', 'data');
    const config = loadArchiveConfig({ ARKKI_MODE: 'production', ARKKI_DATA_DIR: dataDir, ARKKI_PKI_DIR: fx.dir, PORT: '0' });
    // The organisation register is what maps a certificate's organisation to its register keeper.
    const db = await openDatabase({ pgliteDir: join(dataDir, 'db', 'archive') });
    await migrateArchive(db);
    await importOrganisations(db, await readDemoOrganisations());
    await db.close();
    const started = await startArchive(config);
    stop = () => {
      started.stop();
      void started.ctx.db.close();
    };
    app = await buildArchiveApp(started.ctx, { https: started.https, logger: { level: 'warn' } });
    app.log.warn = ((obj: unknown) => {
      logged.push(JSON.stringify(obj));
    }) as typeof app.log.warn;
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  after(async () => {
    await app?.close();
    stop?.();
    await fx?.cleanup();
  });

  function get(
    path: string,
    cert: keyof PkiFixture['certs'] | null,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const client = cert ? { cert: fx.certs[cert].certPem, key: fx.certs[cert].keyPem } : {};
    return new Promise((resolve, reject) => {
      const req = request(
        { host: 'localhost', port, path, ca: readFileSync(join(fx.dir, 'ca-chain.pem')), agent: false, headers, ...client },
        (res) => {
          let data = '';
          res.on('data', (d) => {
            data += d;
          });
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(data) as Record<string, unknown> }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  test('a valid system certificate of a register keeper searches the archive', async () => {
    const r = await get('/fhir/R4/DocumentReference?_count=1', 'system');
    assert.equal(r.status, 200);
    assert.equal(r.body.resourceType, 'Bundle');
  });

  test("a storing system's certificate may not search (system profile)", async () => {
    const r = await get('/fhir/R4/DocumentReference?_count=1', 'storingSystem');
    assert.equal(r.status, 403);
    assert.match(JSON.stringify(r.body), /system-profile-storing/);
  });

  test('the CapabilityStatement needs no certificate', async () => {
    assert.equal((await get('/fhir/R4/metadata', null)).status, 200);
  });

  for (const [label, cert] of [
    ['no certificate', null],
    ['an expired certificate', 'expired'],
    ['a revoked certificate (CRL)', 'revoked'],
    ['a certificate from an unknown CA', 'unknownCa'],
    ['an organisation that is not in the register', 'wrongOrganisation'],
  ] as const) {
    test(`${label} is refused with a generic 401`, async () => {
      const r = await get('/fhir/R4/DocumentReference', cert);
      assert.equal(r.status, 401);
      assert.equal(r.body.resourceType, 'OperationOutcome');
      assert.match(JSON.stringify(r.body), /present a valid client certificate/);
      assert.doesNotMatch(JSON.stringify(r.body), /expired|revoked|unknown-issuer|wrong-organisation/);
    });
  }

  test('the demo header is refused even with no certificate', async () => {
    const r = await get('/fhir/R4/DocumentReference', null, { 'X-Arkki-Demo-User': 'archivist-vaasa' });
    assert.equal(r.status, 401);
  });

  test('the server log names the specific reasons', () => {
    const text = logged.join('\n');
    for (const reason of ['expired', 'revoked', 'unknown-issuer', 'wrong-organisation', 'demo-header'])
      assert.match(text, new RegExp(reason));
  });

  test('demo routes do not exist in production', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: 'localhost', port, path: '/demo/users', ca: readFileSync(join(fx.dir, 'ca-chain.pem')), agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(r, 404);
  });
});
