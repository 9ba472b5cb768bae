import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadArchiveConfig } from '../../src/archive/config.ts';
import { openDatabase } from '../../src/lib/db/open.ts';
import type { CodeSets } from '../../src/lib/codes/code-sets.ts';
import { startArchive } from '../../src/archive/bootstrap.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';
import { migrateArchive } from '../../src/archive/store/migrate-archive.ts';
import { caseDocument, clientDocument, clienthoodDocument, newOid } from '../support/archive-fixtures.ts';
import { batchBundle } from '../support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaOnlyDocumentReference, signedCda } from '../support/signed-cda.ts';

// Production mode wires the trust of ARKKI_PKI_DIR into signed-CDA ingest: a system that authenticates with
// its client certificate archives documents its organisation signed, and a revoked signing certificate is
// refused with its reason (unlike authentication, a document refusal names the rule for the sender to fix).

describe('signed CDA ingest in production mode (mTLS, trust from ARKKI_PKI_DIR)', () => {
  let fx: PkiFixture;
  let app: FastifyInstance;
  let port: number;
  let codeSets: CodeSets;
  let stop: () => void;

  before(async () => {
    fx = await createPkiFixture();
    const dataDir = join(fx.dir, '..', 'data');
    const config = loadArchiveConfig({ ARKKI_MODE: 'production', ARKKI_DATA_DIR: dataDir, ARKKI_PKI_DIR: fx.dir, PORT: '0' });
    const db = await openDatabase({ pgliteDir: join(dataDir, 'db', 'archive') });
    await migrateArchive(db);
    await importOrganisations(db, await readDemoOrganisations());
    await db.close();
    const started = await startArchive(config);
    codeSets = started.ctx.codeSets;
    stop = () => {
      started.stop();
      void started.ctx.db.close();
    };
    app = await buildArchiveApp(started.ctx, { https: started.https });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  after(async () => {
    await app?.close();
    stop?.();
    await fx?.cleanup();
  });

  function post(path: string, contentType: string, body: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const client = { cert: fx.certs.system.certPem, key: fx.certs.system.keyPem };
    return new Promise((resolve, reject) => {
      const req = request(
        {
          method: 'POST',
          host: 'localhost',
          port,
          path,
          ca: readFileSync(join(fx.dir, 'ca-chain.pem')),
          agent: false,
          headers: { 'content-type': contentType },
          ...client,
        },
        (res) => {
          let data = '';
          res.on('data', (d) => {
            data += d;
          });
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(data) as Record<string, unknown> }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  test('a system archives signed CDA documents; a revoked signing certificate is refused by name', async () => {
    const caseId = newOid(3);
    const setup = batchBundle(
      [clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId)].map((m) =>
        cdaOnlyDocumentReference(signedCda(fx, m, codeSets)),
      ),
    );
    const batch = await post('/fhir/R4', 'application/fhir+json', JSON.stringify(setup));
    assert.equal(batch.status, 200);
    assert.deepEqual(
      (batch.body.entry as Array<{ response: { status: string } }>).map((e) => e.response.status),
      ['201 Created', '201 Created', '201 Created'],
      JSON.stringify(batch.body),
    );

    const created = await post('/fhir/R4/DocumentReference', 'application/hl7-v3+xml', signedCda(fx, clientDocument(caseId), codeSets));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((created.body.content as unknown[]).length, 2);

    const revoked = await post(
      '/fhir/R4/DocumentReference',
      'application/hl7-v3+xml',
      signedCda(fx, clientDocument(caseId), codeSets, { cert: fx.certs.revoked }),
    );
    assert.equal(revoked.status, 400);
    assert.match(JSON.stringify(revoked.body), /"code":"revoked"/);
  });
});
