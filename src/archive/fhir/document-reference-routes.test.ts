import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import {
  HETU,
  HETU_2,
  NOW,
  clientDocument,
  newOid,
  pdf,
  prepareClient,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { documentReferencePayload, entries, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, signedDocumentReference } from '../../../test/support/signed-cda.ts';
import type { Json } from './document-reference.ts';
import { PROCESS_PHASE_SYSTEM, SERVICE_TASK_SYSTEM, ext } from './systems.ts';

// DocumentReference as a vendor's client system and an archivist see it: create (idempotent), read,
// vread, history, new version, $invalidate, Binary, and every search parameter with paging. Every document
// comes in as a client system sends it: a DocumentReference with the CDA signed by its system signing certificate.

describe('FHIR DocumentReference routes', () => {
  let f: ArchiveFixture & { app: FastifyInstance };
  let app: FastifyInstance;
  let system: FhirClient;
  let worker: FhirClient;
  let archivist: FhirClient;
  let caseId: string;
  let pki: PkiFixture;
  const payload = (meta: DocumentMetadata, body = pdf()) => signedDocumentReference(pki, meta, f.ctx.codeSets, { body });
  const create = (meta: DocumentMetadata, body = pdf()) => system.post('DocumentReference', payload(meta, body));

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki);
    app = f.app;
    system = fhirClient(app, 'system-vaasa');
    worker = fhirClient(app, 'sw-vaasa-ls');
    archivist = fhirClient(app, 'archivist-vaasa');
    caseId = await prepareClient(f);
  });
  after(async () => {
    await app.close();
    await f.db.close();
    await pki.cleanup();
  });

  it('creates with 201 and a version Location, and answers a resend with 200 and the same resource', async () => {
    const meta = clientDocument(caseId);
    const first = await create(meta);
    assert.equal(first.status, 201, issueLines(first.body).join('\n'));
    assert.equal(first.headers.location, `http://localhost:80/fhir/R4/DocumentReference/${meta.setId}/_history/1`);
    assert.equal(first.headers.etag, 'W/"1"');
    assert.match(String(first.headers['content-type']), /^application\/fhir\+json/);
    assert.equal(first.body.id, meta.setId);
    assert.deepEqual(first.body.meta && (first.body.meta as Json).versionId, '1');
    assert.equal(first.body.status, 'current');
    assert.deepEqual(first.body.masterIdentifier, { system: 'urn:ietf:rfc:3986', value: `urn:oid:${meta.documentId}` });

    const again = await create(meta);
    assert.equal(again.status, 200);
    assert.equal(again.headers.location, first.headers.location);
    assert.deepEqual(again.body, first.body);
    const count = await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM document WHERE document_id = $1', [meta.documentId]);
    assert.equal(count.rows[0]!.n, 1);
  });

  it('refuses the same document id with different content as a 409 conflict', async () => {
    const meta = clientDocument(caseId);
    assert.equal((await create(meta)).status, 201);
    const changed = await create({ ...meta, title: 'Toinen otsikko' });
    assert.equal(changed.status, 409);
    // The signed header is the document's metadata: the refusal names its place there.
    assert.match(
      issueLines(changed.body).join('\n'),
      /^\/ClinicalDocument\/id\/@root \| immutable \| .*already archived with different content/,
    );
  });

  it('reads by set id, vreads, versions with relatesTo and lists the history newest first', async () => {
    const v1 = clientDocument(caseId);
    assert.equal((await create(v1)).status, 201);
    const read = await worker.get(`DocumentReference/${v1.setId}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.id, v1.setId);
    assert.equal(read.body.description, v1.title);

    const v2: DocumentMetadata = { ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId, title: 'Korjattu yhteenveto' };
    const second = await create(v2);
    assert.equal(second.status, 201, issueLines(second.body).join('\n'));
    assert.equal(second.headers.location, `http://localhost:80/fhir/R4/DocumentReference/${v1.setId}/_history/2`);
    const relatesTo = second.body.relatesTo as Json[];
    assert.deepEqual(relatesTo[0], {
      code: 'replaces',
      target: { identifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:${v1.documentId}` } },
    });

    const latest = await worker.get(`DocumentReference/${v1.setId}`);
    assert.equal((latest.body.meta as Json).versionId, '2');
    assert.equal(latest.body.description, 'Korjattu yhteenveto');
    const old = await worker.get(`DocumentReference/${v1.setId}/_history/1`);
    assert.equal(old.status, 200);
    assert.equal(old.body.status, 'superseded');
    assert.equal((await worker.get(`DocumentReference/${v1.setId}/_history/3`)).status, 404);
    assert.equal((await worker.get(`DocumentReference/${v1.setId}/_history/x`)).status, 400);
    assert.equal((await worker.get(`DocumentReference/${newOid(2)}`)).status, 404);

    const history = await worker.get(`DocumentReference/${v1.setId}/_history`);
    assert.equal(history.status, 200);
    assert.equal(history.body.type, 'history');
    assert.deepEqual(
      entries(history.body).map((r) => (r.meta as Json).versionId),
      ['2', '1'],
    );
  });

  it('invalidates with a reason: entered-in-error, hidden from search, visible to the archivist', async () => {
    const meta = clientDocument(caseId, { client: { kind: 'hetu', value: HETU } });
    assert.equal((await create(meta)).status, 201);
    const noReason = await archivist.post(`DocumentReference/${meta.setId}/$invalidate`, { resourceType: 'Parameters', parameter: [] });
    assert.equal(noReason.status, 400);
    assert.match(issueLines(noReason.body).join('\n'), /reason/);

    const params = { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'tallennettu väärälle asiakkaalle' }] };
    const res = await archivist.post(`DocumentReference/${meta.setId}/$invalidate`, params);
    assert.equal(res.status, 200, issueLines(res.body).join('\n'));
    assert.equal(res.body.status, 'entered-in-error');
    const inv = (res.body.extension as Json[]).find((e) => e.url === ext('invalidation'))!;
    assert.deepEqual(
      (inv.extension as Json[]).find((e) => e.url === 'reason'),
      { url: 'reason', valueString: 'tallennettu väärälle asiakkaalle' },
    );

    const byId = `identifier=urn:oid:${meta.setId}`;
    assert.deepEqual(entries((await worker.get(`DocumentReference?${byId}`)).body), []);
    assert.deepEqual(entries((await archivist.get(`DocumentReference?${byId}`)).body), []);
    const seen = await archivist.get(`DocumentReference?${byId}&status=entered-in-error`);
    assert.deepEqual(
      entries(seen.body).map((r) => r.status),
      ['entered-in-error'],
    );
    const forbidden = await worker.get(`DocumentReference?${byId}&status=entered-in-error`);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.resourceType, 'OperationOutcome');
    assert.equal((await worker.get(`DocumentReference/${meta.setId}`)).status, 403);
    assert.equal((await archivist.get(`DocumentReference/${meta.setId}`)).body.status, 'entered-in-error');
    const twice = await archivist.post(`DocumentReference/${meta.setId}/$invalidate`, params);
    assert.equal(twice.status, 409);
  });

  it('serves the body from Binary as the exact bytes, or as a FHIR Binary for application/fhir+json', async () => {
    const meta = clientDocument(caseId);
    const body = pdf('Binary-testi: äöå');
    const sent = payload(meta, body);
    const signed = Buffer.from(((sent.content as Json[])[0]!.attachment as Json).data as string, 'base64');
    const created = await system.post('DocumentReference', sent);
    assert.equal(created.status, 201, issueLines(created.body).join('\n'));
    const [url, pdfUrl] = (created.body.content as Json[]).map((c) => (c.attachment as Json).url as string);
    assert.equal(url, `Binary/${meta.documentId}`);
    assert.equal(pdfUrl, `Binary/${meta.documentId}-pdf`);
    const raw = await worker.get(url!);
    assert.equal(raw.status, 200);
    assert.match(String(raw.headers['content-type']), /^application\/hl7-v3\+xml/);
    assert.ok(raw.raw.rawPayload.equals(signed), 'the signed CDA exactly as it came');
    assert.equal(raw.headers['x-content-type-options'], 'nosniff');
    const rendering = await worker.get(pdfUrl!);
    assert.equal(rendering.headers['content-type'], 'application/pdf');
    assert.ok(rendering.raw.rawPayload.equals(body.data), 'the phase I PDF the signature covers');
    const json = await worker.get(url!, { accept: 'application/fhir+json' });
    assert.equal(json.status, 200);
    assert.equal(json.body.resourceType, 'Binary');
    assert.equal(json.body.contentType, 'application/hl7-v3+xml');
    assert.ok(Buffer.from(json.body.data as string, 'base64').equals(signed));
    assert.equal((await worker.get(`Binary/${newOid(1)}`)).status, 404);

    const cda = clientDocument(caseId, { format: 'cda' });
    const xml = {
      contentType: 'application/hl7-v3+xml',
      data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>'),
    };
    // A CDA body goes through signed-CDA ingest (cda-ingest-routes.test.ts): an unsigned one is never stored.
    const refused = await system.post('DocumentReference', documentReferencePayload(cda, f.ctx.codeSets, xml));
    assert.equal(refused.status, 400, issueLines(refused.body).join('\n'));
    assert.equal((await worker.get(`Binary/${cda.documentId}`)).status, 404);
  });

  it('accepts FHIR-natural variants: subject as a Patient reference, a foreign type coding before the national one', async () => {
    const meta = clientDocument(caseId);
    const r = payload(meta);
    r.subject = { reference: `Patient/${HETU}` };
    const type = r.type as { coding: Json[] };
    type.coding.unshift({ system: 'http://loinc.org', code: '11488-4' });
    const res = await system.post('DocumentReference', r);
    assert.equal(res.status, 201, issueLines(res.body).join('\n'));
    assert.equal(((res.body.subject as Json).identifier as Json).value, HETU);
    assert.equal(((res.body.type as Json).coding as Json[])[0]!.code, meta.documentType);
    const json = await worker.get(`Binary/${meta.documentId}?_format=json`);
    assert.equal(json.body.resourceType, 'Binary');

    const badRef = payload(clientDocument(caseId));
    badRef.subject = { reference: 'Patient/010516A901X' };
    assert.match(
      issueLines((await system.post('DocumentReference', badRef)).body).join('\n'),
      /client-id \| client.*wrong check character/,
    );
  });

  it('refuses a new version whose relatesTo names the replaced version only by reference', async () => {
    const v1 = clientDocument(caseId);
    assert.equal((await create(v1)).status, 201);
    const r = payload({ ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId });
    r.relatesTo = [{ code: 'replaces', target: { reference: `DocumentReference/${v1.setId}` } }];
    const res = await system.post('DocumentReference', r);
    assert.equal(res.status, 400);
    assert.match(issueLines(res.body).join('\n'), /relatesTo.*\| identifier-required \| replaces/);
  });

  describe('search', () => {
    let caseB: string;
    const docs: Record<string, DocumentMetadata> = {};
    const setIds = async (client: FhirClient, query: string) => {
      const res = await client.get(`DocumentReference?${query}`);
      assert.equal(res.status, 200, `${query}: ${issueLines(res.body).join('\n')}`);
      return entries(res.body)
        .map((r) => r.id as string)
        .sort();
    };
    const ids = (...names: string[]) => names.map((n) => docs[n]!.setId).sort();

    before(async () => {
      caseB = await prepareClient(f, { hetu: HETU_2 });
      const second = { kind: 'hetu' as const, value: HETU_2 };
      const plan: Record<string, Partial<DocumentMetadata>> = {
        a: { processPhase: 'vireilletulo', socialServices: ['94'], completed: '2026-03-01T10:00:00Z', created: '2026-03-01T09:00:00Z' },
        b: {
          processPhase: 'suunnittelu',
          socialServices: ['31'],
          completed: '2026-04-01T10:00:00Z',
          created: '2026-04-01T09:00:00Z',
          documentType: '1000',
        },
        c: {
          client: second,
          processPhase: 'toteutus',
          socialServices: ['94', '31'],
          completed: '2026-05-01T10:00:00Z',
          created: '2026-05-01T09:00:00Z',
        },
      };
      for (const [name, over] of Object.entries(plan)) {
        const meta = clientDocument(name === 'c' ? caseB : caseId, over);
        const res = await create(meta);
        assert.equal(res.status, 201, issueLines(res.body).join('\n'));
        docs[name] = meta;
      }
    });

    const inSpring = 'completed=ge2026-03-01&completed=lt2026-06-01';
    it('filters by patient.identifier, subject:identifier and identifier', async () => {
      // The clienthood and case documents of the client count too: 3 from prepareClient, completed in November.
      assert.equal((await setIds(worker, `patient.identifier=urn:oid:1.2.246.21|${HETU_2}`)).length, 4);
      assert.deepEqual(await setIds(worker, `${inSpring}&patient.identifier=urn:oid:1.2.246.21|${HETU_2}`), ids('c'));
      assert.deepEqual(await setIds(worker, `${inSpring}&subject:identifier=urn:oid:1.2.246.21|${HETU_2}`), ids('c'));
      assert.deepEqual(await setIds(worker, `${inSpring}&patient.identifier=urn:oid:1.2.246.21|${HETU}`), ids('a', 'b'));
      assert.deepEqual(await setIds(worker, `identifier=urn:oid:${docs.a!.setId}`), ids('a'));
      assert.deepEqual(await setIds(worker, `identifier=urn:ietf:rfc:3986|urn:oid:${docs.b!.setId}`), ids('b'));
    });

    it('filters by category (service task and process phase), service-task, process-phase and social-service', async () => {
      assert.deepEqual(await setIds(worker, `${inSpring}&category=${SERVICE_TASK_SYSTEM}|10`), ids('a', 'b', 'c'));
      assert.deepEqual(await setIds(archivist, `${inSpring}&category=${SERVICE_TASK_SYSTEM}|20`), []);
      assert.equal((await worker.get(`DocumentReference?category=${SERVICE_TASK_SYSTEM}|20`)).status, 403);
      assert.deepEqual(await setIds(worker, `${inSpring}&category=${PROCESS_PHASE_SYSTEM}|suunnittelu`), ids('b'));
      assert.deepEqual(await setIds(worker, `${inSpring}&service-task=10&process-phase=toteutus`), ids('c'));
      assert.deepEqual(await setIds(worker, `${inSpring}&social-service=31`), ids('b', 'c'));
      const bad = await worker.get('DocumentReference?category=http://example.org|10');
      assert.equal(bad.status, 400);
      assert.match(issueLines(bad.body).join('\n'), /category/);
    });

    it('filters by case, type, completed range and status', async () => {
      assert.deepEqual(await setIds(worker, `${inSpring}&case=urn:oid:${caseB}`), ids('c'));
      assert.deepEqual(await setIds(worker, `${inSpring}&case=${caseB}`), ids('c'));
      assert.equal((await setIds(worker, `case=${caseB}`)).length, 2, 'the case document (asia-asiakirja) is found by its case too');
      assert.deepEqual(await setIds(worker, `${inSpring}&type=1000`), ids('b'));
      assert.deepEqual(await setIds(worker, 'completed=ge2026-04-01&completed=lt2026-05-01'), ids('b'));
      assert.deepEqual(await setIds(worker, 'completed=2026-03-01'), ids('a'));
      assert.deepEqual(await setIds(worker, `${inSpring}&status=current`), ids('a', 'b', 'c'));
      assert.deepEqual(await setIds(archivist, `${inSpring}&status=superseded`), []);
    });

    it('pages with _count and follows next links to the end without repeats', async () => {
      const seen: string[] = [];
      let url: string | undefined = `DocumentReference?${inSpring}&_count=1`;
      let pages = 0;
      while (url) {
        const res = await worker.get(url);
        assert.equal(res.status, 200, issueLines(res.body).join('\n'));
        const page = entries(res.body);
        assert.ok(page.length <= 1);
        seen.push(...page.map((r) => r.id as string));
        url = (res.body.link as Json[]).find((l) => l.relation === 'next')?.url as string | undefined;
        // FHIR clients follow links as given and check them against the server: they must be absolute.
        if (url) assert.match(url, /^http:\/\/localhost(:\d+)?\/fhir\/R4\/DocumentReference\?.*_page_token=/);
        for (const e of (res.body.entry ?? []) as Json[])
          assert.match(e.fullUrl as string, /^http:\/\/localhost(:\d+)?\/fhir\/R4\/DocumentReference\/[0-9.]+$/);
        pages += 1;
        assert.ok(pages < 10, 'paging does not end');
      }
      assert.deepEqual(seen, [...new Set(seen)]);
      assert.deepEqual(seen.sort(), ids('a', 'b', 'c'));
    });

    it('refuses unknown parameters, a bad _count and a bad date with 400 naming the parameter', async () => {
      for (const [query, name] of [
        ['colour=blue', 'colour'],
        ['_count=0', '_count'],
        ['_count=abc', '_count'],
        ['_count=100000', '_count'],
        ['completed=yesterday', 'completed'],
        ['status=deleted', 'status'],
        ['patient.identifier=010516A901V', 'patient.identifier'],
        ['_page_token=forged', '_page_token'],
      ]) {
        const res = await worker.get(`DocumentReference?${query}`);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.resourceType, 'OperationOutcome');
        const issue = (res.body.issue as Json[])[0]!;
        assert.deepEqual(issue.expression, [name], query);
        assert.match(String(issue.diagnostics), new RegExp(name.replace('.', '\\.')), query);
      }
    });
  });
});
