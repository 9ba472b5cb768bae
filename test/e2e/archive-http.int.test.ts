import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { DEMO_USER_HEADER } from '../../src/archive/auth/demo-authenticator.ts';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import type { Json } from '../../src/archive/fhir/document-reference.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { NOW, caseDocument, clientDocument, clienthoodDocument, newOid, pdf, type ArchiveFixture } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { batchBundle } from '../support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, signedDocumentReference } from '../support/signed-cda.ts';
import { assertValidFhir } from '../support/fhir-validator.ts';

// One client system's day over real HTTP (fetch against a listening server), on PGlite and on PostgreSQL:
// joining a client (batch), archiving, a correction, reading back bytes, paging a search, invalidation by
// the archivist and the usage log; and resends and competing versions racing on the same ids. Every
// document is sent as a client system sends it: the CDA signed with its system signing certificate.

for (const database of testDatabases()) {
  describe(`archive over HTTP on ${database.name}`, () => {
    let f: ArchiveFixture;
    let app: FastifyInstance;
    let pki: PkiFixture;
    let base: string;
    const client = { kind: 'hetu' as const, value: makeHetu('2013-06-07', 960) };
    const patient = `urn:oid:1.2.246.21|${client.value}`;
    const caseId = newOid(3);

    async function call(
      user: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Response> {
      return fetch(new URL(path, base), {
        method,
        headers: { [DEMO_USER_HEADER]: user, ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    }
    // Every FHIR answer of the day also passes the independent R4 validator (test/support/fhir-validator.ts).
    const json = async (res: Response) => {
      const body = (await res.json()) as Json;
      assertValidFhir(body, `${res.url} → ${res.status}`);
      return body;
    };
    const fhir = (meta: DocumentMetadata, body = pdf()) => signedDocumentReference(pki, meta, f.ctx.codeSets, { body });

    before(async () => {
      pki = await createPkiFixture(NOW);
      const archive = await cdaArchive(await database.open(), pki);
      f = archive;
      app = archive.app;
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      base = `${address}/fhir/R4/`;
    });
    after(async () => {
      await app.close();
      await f.db.close();
      await pki.cleanup();
    });

    it('serves metadata without identity over a real socket', async () => {
      const res = await fetch(new URL('metadata', base));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
      assert.equal((await json(res)).resourceType, 'CapabilityStatement');
    });

    it('joins a client with a batch, archives, corrects, reads back, pages a search and invalidates', async () => {
      const joined = await call(
        'system-vaasa',
        'POST',
        '',
        batchBundle([
          fhir(clienthoodDocument('social-welfare', { client })),
          fhir(clienthoodDocument('service-task', { client })),
          fhir(caseDocument(caseId, { client })),
        ]),
      );
      assert.equal(joined.status, 200);
      assert.deepEqual(
        ((await json(joined)).entry as Json[]).map((e) => (e.response as Json).status),
        ['201 Created', '201 Created', '201 Created'],
      );

      const v1 = clientDocument(caseId, { client });
      const body = pdf('Päätös lastensuojelun avohuollon tukitoimesta');
      const created = await call('system-vaasa', 'POST', 'DocumentReference', fhir(v1, body));
      assert.equal(created.status, 201);
      const location = created.headers.get('location')!;
      assert.equal(location, `${base}DocumentReference/${v1.setId}/_history/1`);
      const vread = await call('sw-vaasa-ls', 'GET', location);
      assert.equal(vread.status, 200);
      const resource = await json(vread);
      // The signed CDA is the document; its phase I PDF is offered beside it, the very bytes signed.
      const [cda, rendering] = (resource.content as Json[]).map((c) => c.attachment as Json);
      assert.match(String(cda!.contentType), /^application\/hl7-v3\+xml/);
      const binary = await call('sw-vaasa-ls', 'GET', rendering!.url as string);
      assert.equal(binary.headers.get('content-type'), 'application/pdf');
      assert.ok(Buffer.from(await binary.arrayBuffer()).equals(body.data));

      const v2: DocumentMetadata = { ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId, title: 'Korjattu päätös' };
      const corrected = await call('system-vaasa', 'POST', 'DocumentReference', fhir(v2));
      assert.equal(corrected.status, 201);
      for (let i = 0; i < 3; i += 1) {
        assert.equal((await call('system-vaasa', 'POST', 'DocumentReference', fhir(clientDocument(caseId, { client })))).status, 201);
      }

      // Page through everything of the client, following next links as a FHIR client does.
      const seen: string[] = [];
      let next: string | undefined = `DocumentReference?patient.identifier=${encodeURIComponent(patient)}&_count=2`;
      while (next) {
        const page = await json(await call('sw-vaasa-ls', 'GET', next));
        assert.equal(page.resourceType, 'Bundle', JSON.stringify(page));
        seen.push(...((page.entry ?? []) as Json[]).map((e) => (e.resource as Json).id as string));
        next = (page.link as Json[]).find((l) => l.relation === 'next')?.url as string | undefined;
        if (next) assert.ok(next.startsWith(`${base}DocumentReference?`), `next link ${next} is absolute on this server`);
      }
      assert.equal(seen.length, 7, 'clienthoods, case, corrected document and three more');
      assert.equal(new Set(seen).size, 7);

      const invalidated = await call('archivist-vaasa', 'POST', `DocumentReference/${v1.setId}/$invalidate`, {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'arkistoitu väärälle asiakkaalle' }],
      });
      assert.equal(invalidated.status, 200);
      assert.equal((await json(invalidated)).status, 'entered-in-error');
      const hidden = await json(await call('sw-vaasa-ls', 'GET', `DocumentReference?identifier=urn:oid:${v1.setId}`));
      assert.deepEqual(hidden.entry ?? [], []);
      const history = await json(await call('archivist-vaasa', 'GET', `DocumentReference/${v1.setId}/_history`));
      assert.deepEqual(
        (history.entry as Json[]).map((e) => (e.resource as Json).status),
        ['entered-in-error', 'superseded'],
      );

      const log = await json(
        await call('archivist-vaasa', 'GET', `AuditEvent?patient.identifier=${encodeURIComponent(patient)}&action=invalidate`),
      );
      assert.deepEqual(
        (log.entry as Json[]).map((e) => (e.resource as Json).outcome),
        ['0'],
      );
    });

    it('answers racing resends of one document with exactly one 201 and the same resource to all', async () => {
      const meta = clientDocument(caseId, { client });
      const payload = fhir(meta);
      const answers = await Promise.all(Array.from({ length: 8 }, () => call('system-vaasa', 'POST', 'DocumentReference', payload)));
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
      const ids = new Set(await Promise.all(answers.map(async (r) => ((await json(r)).meta as Json).versionId)));
      assert.deepEqual([...ids], ['1']);
      const rows = await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM document WHERE document_id = $1', [meta.documentId]);
      assert.equal(rows.rows[0]!.n, 1);
    });

    it('lets only one of several competing corrections of the same version win', async () => {
      const v1 = clientDocument(caseId, { client });
      assert.equal((await call('system-vaasa', 'POST', 'DocumentReference', fhir(v1))).status, 201);
      const rivals = Array.from({ length: 5 }, (_, i) =>
        fhir({ ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId, title: `Korjaus ${i}` }),
      );
      const answers = await Promise.all(rivals.map((r) => call('system-vaasa', 'POST', 'DocumentReference', r)));
      assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
      const loser = await json(answers.find((r) => r.status === 409)!);
      assert.equal(loser.resourceType, 'OperationOutcome');
      const versions = await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM document WHERE set_id = $1', [v1.setId]);
      assert.equal(versions.rows[0]!.n, 2);
    });

    it('refuses a request body over the HTTP limit with 413 over a real socket', async () => {
      const huge =
        '{"resourceType":"DocumentReference","description":"' + 'x'.repeat(f.ctx.config.maxBodyBytes * 2 + 1024 * 1024 + 10) + '"}';
      const res = await fetch(new URL('DocumentReference', base), {
        method: 'POST',
        headers: { [DEMO_USER_HEADER]: 'system-vaasa', 'content-type': 'application/fhir+json' },
        body: huge,
      });
      assert.equal(res.status, 413);
      assert.equal((await json(res)).resourceType, 'OperationOutcome');
    });
  });
}
