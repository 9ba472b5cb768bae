import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import { productionAuthenticator } from '../auth/demo-authenticator.ts';
import type { ArchiveContext } from '../context.ts';
import { buildArchiveApp } from '../server.ts';
import { HETU, NOW, clientDocument, prepareClient, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';
import { entries, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import type { Json } from './document-reference.ts';
import { DOCUMENT_SEARCH_PARAMS } from './search-params.ts';
import { ext } from './systems.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, signedDocumentReference } from '../../../test/support/signed-cda.ts';

// Who may call what: every FHIR interaction but metadata needs an identity; demo identities only in demo
// mode; another register keeper's data is refused (403) and the refused attempt is in the usage log.

describe('FHIR authentication and authorisation', () => {
  let f: ArchiveFixture & { app: FastifyInstance };
  let pki: PkiFixture;
  let app: FastifyInstance;
  let anonymous: FhirClient;
  let system: FhirClient;
  let setId: string;
  let documentId: string;

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki);
    app = f.app;
    anonymous = fhirClient(app, undefined);
    system = fhirClient(app, 'system-vaasa');
    const caseId = await prepareClient(f);
    const meta = clientDocument(caseId);
    assert.equal((await system.post('DocumentReference', signedDocumentReference(pki, meta, f.ctx.codeSets))).status, 201);
    setId = meta.setId;
    documentId = meta.documentId;
  });
  after(async () => {
    await app.close();
    await f.db.close();
    await pki.cleanup();
  });

  it('answers every interaction without an identity with 401 and a login OperationOutcome', async () => {
    const calls: Array<[string, string]> = [
      ['GET', 'DocumentReference'],
      ['GET', `DocumentReference/${setId}`],
      ['GET', `DocumentReference/${setId}/_history`],
      ['GET', `Binary/${documentId}`],
      ['GET', `Patient/${HETU}`],
      ['GET', `Patient/${HETU}/$client-summary`],
      ['GET', 'AuditEvent'],
      ['POST', 'DocumentReference'],
      ['POST', ''],
      ['POST', `DocumentReference/${setId}/$invalidate`],
      ['GET', 'Organization'],
      ['GET', 'CodeSystem'],
      ['GET', 'DocumentReference/metadata'],
    ];
    for (const [method, url] of calls) {
      const res = method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, { resourceType: 'Parameters' });
      assert.equal(res.status, 401, `${method} ${url}`);
      assert.equal(res.body.resourceType, 'OperationOutcome');
      assert.equal((res.body.issue as Json[])[0]!.code, 'login');
      assert.match(issueLines(res.body).join('\n'), /X-Arkki-Demo-User/);
    }
  });

  it('refuses an unknown demo user with 401 naming the user', async () => {
    const res = await fhirClient(app, 'mallory').get('DocumentReference');
    assert.equal(res.status, 401);
    assert.match(issueLines(res.body).join('\n'), /unknown demo user 'mallory'.*\/demo\/users/);
  });

  it('serves the CapabilityStatement without an identity, listing resources, search parameters and operations', async () => {
    const res = await anonymous.get('metadata');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    const cs = res.body;
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.equal(cs.fhirVersion, '4.0.1');
    const rest = (cs.rest as Json[])[0]!;
    const resources = rest.resource as Json[];
    assert.deepEqual(resources.map((r) => r.type).sort(), [
      'AuditEvent',
      'Binary',
      'CodeSystem',
      'DocumentReference',
      'OperationDefinition',
      'Organization',
      'Patient',
      'Provenance',
      'ValueSet',
    ]);
    const dr = resources.find((r) => r.type === 'DocumentReference')!;
    assert.deepEqual(
      (dr.searchParam as Json[]).map((p) => p.name),
      [...DOCUMENT_SEARCH_PARAMS],
    );
    assert.deepEqual(
      (dr.interaction as Json[]).map((i) => i.code),
      ['create', 'read', 'vread', 'history-instance', 'search-type'],
    );
    assert.deepEqual(
      (dr.operation as Json[]).map((o) => o.name),
      ['invalidate'],
    );
    const patient = resources.find((r) => r.type === 'Patient')!;
    assert.deepEqual(
      (patient.operation as Json[]).map((o) => o.name),
      ['client-summary', 'special-reason'],
    );
    assert.deepEqual(
      (patient.searchParam as Json[]).map((p) => p.name),
      ['identifier', '_id'],
    );
    assert.ok((resources.find((r) => r.type === 'AuditEvent')!.searchParam as Json[]).some((p) => p.name === 'patient'));
    assert.deepEqual(
      (rest.interaction as Json[]).map((i) => i.code),
      ['batch'],
    );
    assert.equal((await anonymous.get('metadata?_format=json')).status, 200);
  });

  it("refuses a social worker of another register keeper with 403, logged under the document's register keeper", async () => {
    const eksote = fhirClient(app, 'sw-eksote-ls');
    for (const url of [
      `DocumentReference/${setId}`,
      `DocumentReference/${setId}/_history/1`,
      `DocumentReference/${setId}/_history`,
      `Binary/${documentId}`,
    ]) {
      const res = await eksote.get(url);
      assert.equal(res.status, 403, url);
      assert.equal((res.body.issue as Json[])[0]!.code, 'forbidden');
      assert.match(issueLines(res.body).join('\n'), /other-register-keeper/, url);
    }
    const invalidate = await eksote.post(`DocumentReference/${setId}/$invalidate`, {
      resourceType: 'Parameters',
      parameter: [{ name: 'reason', valueString: 'väärä asiakas' }],
    });
    assert.equal(invalidate.status, 403);
    // A search is scoped to the caller's own register: nothing found, nothing disclosed.
    const search = await eksote.get(`DocumentReference?patient.identifier=urn:oid:1.2.246.21|${HETU}`);
    assert.equal(search.status, 200);
    assert.deepEqual(entries(search.body), []);

    const log = await fhirClient(app, 'archivist-vaasa').get(`AuditEvent?patient.identifier=urn:oid:1.2.246.21|${HETU}&agent=sw-eksote-ls`);
    assert.equal(log.status, 200);
    const denied = entries(log.body);
    assert.deepEqual(denied.map((e) => (e.subtype as Json[])[0]!.code).sort(), ['history', 'invalidate', 'read', 'read', 'read-body']);
    for (const e of denied) {
      assert.equal(e.outcome, '4');
      assert.equal((e.extension as Json[]).find((x) => x.url === ext('access-rule'))!.valueCode, 'other-register-keeper');
    }
    // Eksote's own archivist does not see Vaasa's usage log.
    const theirs = await fhirClient(app, 'archivist-eksote').get('AuditEvent?agent=sw-eksote-ls&action=read');
    assert.deepEqual(entries(theirs.body), []);
  });

  it('refuses writes the role does not allow: an archivist does not archive, a worker only in own service tasks', async () => {
    const caseId = await prepareClient(f);
    const byArchivist = await fhirClient(app, 'archivist-vaasa').post(
      'DocumentReference',
      signedDocumentReference(pki, clientDocument(caseId), f.ctx.codeSets),
    );
    assert.equal(byArchivist.status, 403);
    assert.match(issueLines(byArchivist.body).join('\n'), /archivist-does-not-write/);
    const otherTask = await fhirClient(app, 'sw-vaasa-vammais').post(
      'DocumentReference',
      signedDocumentReference(pki, clientDocument(caseId), f.ctx.codeSets),
    );
    assert.equal(otherTask.status, 403);
    assert.match(issueLines(otherTask.body).join('\n'), /service-task-not-in-role/);
  });

  it('serves the landing page and /demo/users in demo mode', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /<html[^>]*>/);
    assert.match(page.body, /\/fhir\/R4\/metadata/);
    assert.match(page.body, /sw-vaasa-ls/);
    const users = await app.inject({ method: 'GET', url: '/demo/users' });
    assert.equal(users.statusCode, 200);
    const list = users.json() as Array<{ id: string; role: string; registerKeeper: string }>;
    assert.ok(list.some((u) => u.id === 'archivist-vaasa' && u.role === 'archivist'));
    assert.equal(list.length, Object.keys(f.users).length);
  });

  describe('production mode', () => {
    let prod: FastifyInstance;
    before(async () => {
      const ctx: ArchiveContext = {
        ...f.ctx,
        config: { ...f.ctx.config, mode: 'production' },
        authenticate: productionAuthenticator(),
        demoUsers: undefined,
      };
      prod = await buildArchiveApp(ctx);
    });
    after(() => prod.close());

    it('refuses the demo header with 401, and anything else until certificates exist', async () => {
      const withHeader = await fhirClient(prod, 'system-vaasa').get('DocumentReference');
      assert.equal(withHeader.status, 401);
      assert.match(issueLines(withHeader.body).join('\n'), /not accepted in production/);
      const without = await fhirClient(prod, undefined).get('DocumentReference');
      assert.equal(without.status, 401);
      assert.match(issueLines(without.body).join('\n'), /certificate/);
    });

    it('still serves metadata and the landing page, but no demo users', async () => {
      assert.equal((await fhirClient(prod, undefined).get('metadata')).status, 200);
      assert.equal((await prod.inject({ method: 'GET', url: '/demo/users' })).statusCode, 404);
      const page = await prod.inject({ method: 'GET', url: '/' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /production mode/);
      assert.doesNotMatch(page.body, /sw-vaasa-ls|X-Arkki-Demo-User/);
    });
  });
});
