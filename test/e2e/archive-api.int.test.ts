import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import type { CodeSets } from '../../src/lib/codes/code-sets.ts';
import { loadArchiveConfig } from '../../src/archive/config.ts';
import { openDatabase } from '../../src/lib/db/open.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { startArchive } from '../../src/archive/bootstrap.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';
import { migrateArchive } from '../../src/archive/store/migrate-archive.ts';
import {
  ArchiveApiError,
  createArchiveApi,
  patientIdOf,
  SERVICE_TASK_SYSTEM,
  signedCdaDocumentReference,
  type ArchiveApi,
  type DocumentReference,
} from '../../src/lib/archive-api/index.ts';
import {
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  NOW,
  pdf,
  RK,
  UNIT_LS,
  type ArchiveFixture,
} from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { documentReferencePayload } from '../support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, signedCda, signedDocumentReference } from '../support/signed-cda.ts';
import { ext } from '../../src/archive/fhir/systems.ts';

// lib/archive-api against the real archive server over real sockets: in demo mode (demo user header) on
// PGlite and PostgreSQL, and in production mode with the system certificate as TLS client certificate.

const failure = async (p: Promise<unknown>): Promise<ArchiveApiError> => {
  const err = await p.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ArchiveApiError, String(err));
  return err;
};

for (const database of testDatabases()) {
  describe(`archive API client against the archive in demo mode on ${database.name}`, () => {
    let pki: PkiFixture;
    let f: ArchiveFixture & { app: FastifyInstance };
    let base: string;
    let api: ArchiveApi;
    const client = { kind: 'hetu' as const, value: makeHetu('2012-03-04', 962) };
    const caseId = newOid(3);
    // Every document goes as a client system sends it: the metadata with its CDA, system-signed.
    const fhir = (meta: DocumentMetadata, body = pdf()) =>
      signedDocumentReference(pki, meta, f.ctx.codeSets, { body }) as unknown as DocumentReference;

    before(async () => {
      pki = await createPkiFixture(NOW);
      f = await cdaArchive(await database.open(), pki);
      base = `${await f.app.listen({ host: '127.0.0.1', port: 0 })}/fhir/R4`;
      api = createArchiveApi({ baseUrl: base, identity: { kind: 'demo-user', userId: 'system-vaasa' }, userAgent: 'arkki-test' });
    });
    after(async () => {
      await api.close();
      await f.app.close();
      await f.db.close();
      await pki.cleanup();
    });

    it('reads the CapabilityStatement without an identity', async () => {
      const open = createArchiveApi({ baseUrl: base, identity: { kind: 'none' } });
      try {
        const cs = await open.referenceData.capabilities();
        assert.equal(cs.fhirVersion, '4.0.1');
        assert.equal((await failure(open.documents.search({}))).kind, 'unauthorised');
      } finally {
        await open.close();
      }
    });

    it('reads reference data: the organisation register and the code server', async () => {
      const org = await api.referenceData.organisation(RK);
      assert.equal(org.identifier?.[0]?.value, RK);
      const units = await api.referenceData.organisations({ partOf: '1.2.246.10.9990001.10.100' });
      assert.ok(units.resources.some((o) => o.identifier?.[0]?.value === UNIT_LS));
      const display = await api.referenceData.lookup(SERVICE_TASK_SYSTEM, '10', { displayLanguage: 'sv' });
      assert.ok(
        display.parameter?.some((p) => p.name === 'display' && p.valueString),
        JSON.stringify(display),
      );
      const tasks = await api.referenceData.expand('service-tasks', { displayLanguage: 'en' });
      assert.ok(tasks.expansion?.contains?.some((c) => c.code === '10'));
      const miss = await failure(api.referenceData.lookup(SERVICE_TASK_SYSTEM, '99'));
      assert.equal(miss.kind, 'not-found');
    });

    it('joins a client in a batch, archives a described signed CDA and a bare one, and reads them back', async () => {
      const joined = await api.documents.batch([
        fhir(clienthoodDocument('social-welfare', { client })),
        fhir(clienthoodDocument('service-task', { client })),
        signedCdaDocumentReference(signedCda(pki, caseDocument(caseId, { client }), f.ctx.codeSets)),
      ]);
      assert.deepEqual(
        joined.map((r) => (r.ok ? r.created : r.error.message)),
        [true, true, true],
      );

      const meta = clientDocument(caseId, { client });
      const body = pdf('Päätös avohuollon tukitoimesta');
      const created = await api.documents.create(fhir(meta, body));
      assert.equal(created.created, true);
      assert.equal(created.location, `${base}/DocumentReference/${meta.setId}/_history/1`);
      const resend = await api.documents.create(fhir(meta, body));
      assert.equal(resend.created, false, 'a resend of the same document id is answered 200, not archived twice');
      assert.equal(resend.resource.meta?.versionId, '1');

      const read = await api.asDemoUser('sw-vaasa-ls').documents.read(meta.setId);
      // content[0] is the signed CDA; content[1] its phase I PDF, the bytes the signature covers.
      const stored = await api.documents.body(read.content[1]!.attachment.url!);
      assert.equal(stored.contentType, 'application/pdf');
      assert.ok(stored.data.equals(body.data));

      const cdaMeta = clientDocument(caseId, { client });
      const cda = signedCda(pki, cdaMeta, f.ctx.codeSets);
      const archived = await api.documents.createSignedCda(cda);
      assert.equal(archived.created, true);
      assert.equal(archived.resource.id, cdaMeta.setId);
      assert.equal(archived.resource.content.length, 2, 'the signed CDA and its PDF');
      const signed = await api.documents.body(`Binary/${cdaMeta.documentId}`);
      assert.equal(signed.contentType, 'application/hl7-v3+xml');
      assert.equal(signed.data.toString('utf8'), cda, 'archived as sent, so the signature verifies again');
      assert.equal((await api.documents.createSignedCda(cda)).created, false);
    });

    it('searches page by page, summarises, archives a new version and invalidates', async () => {
      const v1 = clientDocument(caseId, { client, title: 'Arvio' });
      await api.documents.create(fhir(v1));
      const v2: DocumentMetadata = { ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId, title: 'Korjattu arvio' };
      const corrected = await api.documents.newVersion(fhir(v2));
      assert.equal(corrected.resource.meta?.versionId, '2');
      assert.equal((await api.documents.vread(v1.setId, 1)).status, 'superseded');

      const worker = api.asDemoUser('sw-vaasa-ls');
      const first = await worker.documents.search({ client: { hetu: client.value }, count: 2 });
      assert.equal(first.resources.length, 2);
      assert.ok(first.next, 'more than one page');
      const all: string[] = [];
      for await (const doc of worker.documents.searchAll({ client: { hetu: client.value }, count: 2 })) all.push(doc.id!);
      assert.equal(all.length, 6, 'two clienthoods, the case, two documents and the corrected set');
      assert.equal(new Set(all).size, 6);
      const phase = await worker.documents.search({
        client: { hetu: client.value },
        processPhase: 'arviointi',
        completed: { from: '2026-11-01' },
      });
      assert.equal(phase.resources.length, 3);

      const patient = await worker.patients.findByHetu(client.value);
      assert.ok(patient?.id);
      assert.equal(await worker.patients.findByHetu(makeHetu('2012-03-04', 964)), undefined);
      const summary = await worker.patients.summary(patient.id, { serviceTask: '10' });
      assert.deepEqual(
        summary.serviceTasks.map((t) => t.serviceTask),
        ['10'],
      );
      assert.equal(summary.serviceTasks[0]!.cases[0]!.caseId, caseId);

      const archivist = api.asDemoUser('archivist-vaasa');
      const invalidated = await archivist.documents.invalidate(v1.setId, 'arkistoitu väärälle asiakkaalle');
      assert.equal(invalidated.status, 'entered-in-error');
      const again = await failure(archivist.documents.invalidate(v1.setId, 'arkistoitu väärälle asiakkaalle'));
      assert.equal(again.kind, 'conflict');
      assert.equal(again.retryable, false);
      assert.deepEqual(
        (await archivist.documents.history(v1.setId)).map((d) => d.status),
        ['entered-in-error', 'superseded'],
      );
      const hidden = await worker.documents.search({ setId: v1.setId });
      assert.deepEqual(hidden.resources, []);
    });

    it('states a special reason, comments on it and lists it; a wrong reason code is refused by field', async () => {
      // A special reason is possible only where the client has data but the caller no relation (issue 13 item 9):
      // an ended disability-services clienthood gives the client data in service task 20.
      const ended = await api.documents.create(
        fhir(
          clienthoodDocument('service-task', {
            client,
            serviceTask: '20',
            clienthood: { level: 'service-task', serviceTask: '20', start: '2025-01-01', end: '2025-12-31' },
          }),
        ),
      );
      assert.equal(ended.created, true);
      const worker = api.asDemoUser('sw-vaasa-vammais');
      const denied = await failure(worker.patients.findByHetu(client.value));
      assert.equal(denied.kind, 'forbidden', 'no relation: the disability worker may not read the client');
      const patientId = patientIdOf(client.value);
      const wrong = await failure(
        worker.patients.stateSpecialReason(patientId, { serviceTask: '20', reasonCode: 'x-uteliaisuus', comment: 'Asiakas soitti' }),
      );
      assert.equal(wrong.kind, 'refused');
      assert.ok(
        wrong.issues.some((i) => i.field === 'reasonCode'),
        JSON.stringify(wrong.issues),
      );
      const grant = await worker.patients.stateSpecialReason(patientId, {
        serviceTask: '20',
        reasonCode: 'x-kiireellinen',
        comment: 'Asiakas soitti päivystykseen',
      });
      const grantId = grant.parameter?.find((p) => p.name === 'grantId')?.valueId;
      assert.ok(grantId, JSON.stringify(grant));
      await worker.patients.commentSpecialReason(grantId, 'Tarkistettu esimiehen kanssa');
      const own = await worker.patients.ownSpecialReasons(1);
      const mine = own.parameter?.find((p) => p.part?.some((q) => q.name === 'grantId' && q.valueId === grantId));
      assert.ok(mine, JSON.stringify(own));
      assert.deepEqual(
        mine.part?.filter((q) => q.name === 'comment').map((c) => c.part?.find((t) => t.name === 'text')?.valueString),
        ['Asiakas soitti päivystykseen', 'Tarkistettu esimiehen kanssa'],
        'the statement and the comment added to it',
      );
    });

    it('surfaces a refusal with the rule and the field, and tells the kinds apart', async () => {
      // A document without the system signature (metadata and a PDF, no signed CDA): the rule and the field.
      const resource = documentReferencePayload(clientDocument(caseId, { client }), f.ctx.codeSets) as unknown as DocumentReference;
      const refused = await failure(api.documents.create(resource));
      assert.equal(refused.kind, 'refused');
      assert.equal(refused.status, 400);
      assert.equal(refused.retryable, false);
      const issue = refused.issues.find((i) => i.rule === 'system-signature-required');
      assert.ok(issue, JSON.stringify(refused.issues));
      assert.equal(issue.field, 'format');
      assert.equal(issue.expression, `DocumentReference.extension('${ext('storage-format')}')`);
      assert.match(issue.message, /system signature/);

      // A client document before the client's clienthood: the archive says what to archive first.
      const stranger = { kind: 'hetu' as const, value: makeHetu('2011-01-02', 966) };
      const early = await failure(api.documents.create(fhir(clientDocument(newOid(3), { client: stranger }))));
      assert.equal(early.status, 422);
      assert.equal(early.issuesWithRule('archive-first').length > 0, true, JSON.stringify(early.issues));

      const inBatch = await api.documents.batch([resource]);
      assert.equal(inBatch[0]!.ok, false);
      if (!inBatch[0]!.ok) assert.equal(inBatch[0]!.error.issues.find((i) => i.field === 'format')?.rule, 'system-signature-required');

      assert.equal((await failure(api.documents.read(newOid(2)))).kind, 'not-found');
      assert.equal((await failure(api.asDemoUser('nobody').documents.read(newOid(2)))).kind, 'unauthorised');
      const archivistWrites = await failure(api.asDemoUser('archivist-vaasa').documents.create(fhir(clientDocument(caseId, { client }))));
      assert.equal(archivistWrites.kind, 'forbidden');
      const unknownParam = await failure(api.documents.search({ extra: { color: 'red' } }));
      assert.equal(unknownParam.issues[0]!.rule, 'unknown-search-parameter');
      assert.equal(unknownParam.issues[0]!.field, 'color');
    });
  });
}

describe('archive API client against the archive in production mode (mTLS with a system certificate)', () => {
  let fx: PkiFixture;
  let app: FastifyInstance;
  let base: string;
  let ca: string;
  let codeSets: CodeSets;
  let stop: () => void;

  before(async () => {
    fx = await createPkiFixture();
    ca = await readFile(join(fx.dir, PKI_FILES.chain), 'utf8');
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
    base = `https://localhost:${(app.server.address() as { port: number }).port}/fhir/R4`;
  });
  after(async () => {
    await app?.close();
    stop?.();
    await fx?.cleanup();
  });

  const systemApi = (cert: keyof PkiFixture['certs'], options: { ca?: boolean } = {}) =>
    createArchiveApi({
      baseUrl: base,
      identity: { kind: 'system-certificate', certPem: fx.certs[cert].certPem, keyPem: fx.certs[cert].keyPem },
      ...(options.ca === false ? {} : { caPem: ca }),
      retry: { attempts: 2, baseDelayMs: 10 },
    });

  it('a connected system archives signed CDA documents and searches them with its certificate', async () => {
    const api = systemApi('system');
    try {
      const caseId = newOid(3);
      const cs = codeSets;
      const joined = await api.documents.batch(
        [clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId)].map((m) =>
          signedCdaDocumentReference(signedCda(fx, m, cs)),
        ),
      );
      assert.deepEqual(
        joined.map((r) => (r.ok ? r.created : r.error.message)),
        [true, true, true],
      );
      const meta = clientDocument(caseId);
      assert.equal((await api.documents.createSignedCda(signedCda(fx, meta, cs))).created, true);
      const found = await api.documents.search({ caseId, count: 10 });
      assert.ok(found.resources.some((d) => d.id === meta.setId));

      const revokedSigner = await failure(
        api.documents.createSignedCda(signedCda(fx, clientDocument(caseId), cs, { cert: fx.certs.revoked })),
      );
      assert.equal(revokedSigner.kind, 'refused');
      assert.equal(revokedSigner.issues[0]!.rule, 'revoked');
      assert.equal(revokedSigner.issues[0]!.field, 'signature');
    } finally {
      await api.close();
    }
  });

  it('a revoked client certificate is unauthorised, a storing system may not search, an untrusted server is a TLS error', async () => {
    for (const [cert, kind, ca] of [
      ['revoked', 'unauthorised', true],
      ['storingSystem', 'forbidden', true],
      ['system', 'tls', false],
    ] as const) {
      const api = systemApi(cert, { ca });
      try {
        const err = await failure(api.documents.search({ count: 1 }));
        assert.equal(err.kind, kind, `${cert}: ${err.message}`);
        assert.equal(err.retryable, false);
      } finally {
        await api.close();
      }
    }
  });

  it('the demo identity is refused in production mode', async () => {
    const api = createArchiveApi({ baseUrl: base, identity: { kind: 'demo-user', userId: 'system-vaasa' }, caPem: ca });
    try {
      assert.equal((await failure(api.documents.search({}))).kind, 'unauthorised');
    } finally {
      await api.close();
    }
  });
});
