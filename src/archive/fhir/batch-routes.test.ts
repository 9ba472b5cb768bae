import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import { makeHetu } from '../../lib/identifiers/hetu.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { signEnveloped } from '../../lib/xml/xml-signature.ts';
import {
  NOW,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  prepareClient,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { batchBundle, documentReferencePayload, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import {
  cdaArchive,
  cdaOnlyDocumentReference,
  cdaXml,
  signedDocumentReference,
  withoutHeaderNode,
} from '../../../test/support/signed-cda.ts';
import { keyOf } from '../../../test/support/xml-signature.ts';
import type { Json } from './document-reference.ts';

// The batch Bundle (POST /fhir/R4) is how a load queue and the nightly batch archive: entries are answered
// one by one in order; valid ones are stored even when others in the same batch are refused. Each entry is
// a DocumentReference with the signed CDA (system signature); an unsigned one is that entry's refusal.

type Entry = { resource?: Json; response: { status: string; location?: string; etag?: string; outcome?: Json } };

describe('FHIR batch', () => {
  let f: ArchiveFixture & { app: FastifyInstance };
  let app: FastifyInstance;
  let pki: PkiFixture;
  let system: FhirClient;
  let people = 0;
  /** A fresh test client (individual numbers 900–999) with no clienthood yet. */
  const newClient = () => ({ kind: 'hetu' as const, value: makeHetu('2014-02-03', 940 + people++) });
  const fhir = (meta: DocumentMetadata) => signedDocumentReference(pki, meta, f.ctx.codeSets);
  const documents = async (hetu: string) =>
    (await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM document WHERE client_key = $1', [hetu])).rows[0]!.n;
  async function batch(client: FhirClient, resources: unknown[] | Json): Promise<Entry[]> {
    const res = await client.post('', Array.isArray(resources) ? batchBundle(resources) : resources);
    assert.equal(res.status, 200, issueLines(res.body).join('\n'));
    assert.equal(res.body.resourceType, 'Bundle');
    assert.equal(res.body.type, 'batch-response');
    return res.body.entry as Entry[];
  }
  const statuses = (list: Entry[]) => list.map((e) => e.response.status);

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki);
    app = f.app;
    system = fhirClient(app, 'system-vaasa');
  });
  after(async () => {
    await app.close();
    await f.db.close();
    await pki.cleanup();
  });

  it('archives clienthoods, a case and a client document given in order: all 201, and 200 when resent', async () => {
    const client = newClient();
    const caseId = newOid(3);
    const metas = [
      clienthoodDocument('social-welfare', { client }),
      clienthoodDocument('service-task', { client }),
      caseDocument(caseId, { client }),
      clientDocument(caseId, { client }),
    ];
    const first = await batch(system, metas.map(fhir));
    assert.deepEqual(
      statuses(first),
      ['201 Created', '201 Created', '201 Created', '201 Created'],
      JSON.stringify(first.map((e) => e.response.outcome)),
    );
    first.forEach((e, i) => {
      assert.equal(e.response.location, `http://localhost:80/fhir/R4/DocumentReference/${metas[i]!.setId}/_history/1`);
      assert.equal(e.response.etag, 'W/"1"');
      assert.equal(e.resource!.id, metas[i]!.setId);
    });
    assert.equal(await documents(client.value), 4);
    const again = await batch(system, metas.map(fhir));
    assert.deepEqual(statuses(again), ['200 OK', '200 OK', '200 OK', '200 OK']);
    assert.equal(await documents(client.value), 4);
  });

  it('a document before its clienthood in the same batch is refused with 422; the order of entries matters', async () => {
    const client = newClient();
    const caseId = newOid(3);
    const res = await batch(system, [clientDocument(caseId, { client }), clienthoodDocument('social-welfare', { client })].map(fhir));
    assert.deepEqual(statuses(res), ['422 Unprocessable Entity', '201 Created']);
    const outcome = res[0]!.response.outcome!;
    assert.equal(outcome.resourceType, 'OperationOutcome');
    assert.match(issueLines(outcome).join('\n'), /archive-first/);
    assert.equal(await documents(client.value), 1);
  });

  it('stores the valid entries of a mixed batch and answers each invalid one with its own outcome', async () => {
    const caseId = await prepareClient(f);
    const good = clientDocument(caseId);
    const good2 = clientDocument(caseId);
    // Signed, but the header lacks its title (the metadata field is mandatory).
    const noTitle = cdaOnlyDocumentReference(
      signEnveloped(withoutHeaderNode(cdaXml(clientDocument(caseId), f.ctx.codeSets), 'title'), keyOf(pki.certs.signing, pki)),
    );
    const badCode = fhir(clientDocument(caseId, { serviceTask: '99' }));
    const wrongHash = fhir(clientDocument(caseId));
    ((wrongHash.content as Json[])[0]!.attachment as Json).hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const bundle = batchBundle([fhir(good), noTitle, badCode, { resourceType: 'Patient' }, wrongHash, fhir(good2)]);
    (bundle.entry as Json[]).push({ resource: fhir(clientDocument(caseId)), request: { method: 'PUT', url: 'DocumentReference/x' } });
    (bundle.entry as Json[]).push(null as unknown as Json, { request: { method: 'POST', url: 'DocumentReference' } });
    // The same metadata with a PDF body and no signed CDA: unsigned, refused.
    (bundle.entry as Json[]).push({
      resource: documentReferencePayload(clientDocument(caseId), f.ctx.codeSets),
      request: { method: 'POST', url: 'DocumentReference' },
    });
    const res = await batch(system, bundle);
    assert.deepEqual(statuses(res), [
      '201 Created',
      '400 Bad Request',
      '400 Bad Request',
      '400 Bad Request',
      '400 Bad Request',
      '201 Created',
      '400 Bad Request',
      '400 Bad Request',
      '400 Bad Request',
      '400 Bad Request',
    ]);
    const rule = (i: number) => issueLines(res[i]!.response.outcome!).join('\n');
    assert.match(rule(1), /\/ClinicalDocument\/title \| required/);
    assert.match(rule(2), /serviceEvent\/code.* \| code-unknown \| .*code '99' is not in code set service-tasks/);
    assert.match(rule(3), /resource-type/);
    assert.match(rule(4), /hash-mismatch \| body\.hash/);
    assert.match(rule(6), /^Bundle\.entry\[6\]\.request \| batch-interaction/);
    assert.match(rule(7), /^Bundle\.entry\[7\]/);
    assert.match(rule(8), /resource-type/);
    assert.match(
      rule(9),
      /^DocumentReference\.extension\('[^']*storage-format'\) \| system-signature-required \| format .*storage format 'pdf'/,
    );
    for (const i of [1, 2, 3, 4, 6, 7, 8, 9]) assert.equal(res[i]!.resource, undefined);
    const stored = await f.db.query<{ document_id: string }>('SELECT document_id FROM document WHERE case_id = $1 AND document_type = $2', [
      caseId,
      '1001',
    ]);
    assert.deepEqual(stored.rows.map((r) => r.document_id).sort(), [good.documentId, good2.documentId].sort());
  });

  it('takes a first version and its new version in one batch', async () => {
    const caseId = await prepareClient(f);
    const v1 = clientDocument(caseId);
    const v2: DocumentMetadata = { ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId, title: 'Korjattu' };
    const res = await batch(system, [fhir(v1), fhir(v2)]);
    assert.deepEqual(statuses(res), ['201 Created', '201 Created']);
    assert.equal(res[1]!.response.location, `http://localhost:80/fhir/R4/DocumentReference/${v1.setId}/_history/2`);
    const read = await system.get(`DocumentReference/${v1.setId}`);
    assert.equal(read.body.description, 'Korjattu');
  });

  it("refuses entries for another register keeper's register with 403 per entry", async () => {
    const client = newClient();
    const eksote = fhirClient(app, 'sw-eksote-ls');
    const res = await batch(eksote, [fhir(clienthoodDocument('social-welfare', { client }))]);
    assert.deepEqual(statuses(res), ['403 Forbidden']);
    assert.match(issueLines(res[0]!.response.outcome!).join('\n'), /other-register-keeper/);
    assert.equal(await documents(client.value), 0);
  });

  it('refuses what is not a batch Bundle with 400, and answers an empty batch with an empty response', async () => {
    for (const body of [
      { resourceType: 'Bundle', type: 'transaction', entry: [] },
      { resourceType: 'Parameters' },
      { resourceType: 'Bundle', type: 'batch', entry: {} },
    ]) {
      const res = await system.post('', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.resourceType, 'OperationOutcome');
    }
    // FHIR JSON has no empty arrays: an empty batch-response has no entry element at all.
    const empty = await system.post('', { resourceType: 'Bundle', type: 'batch' });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, { resourceType: 'Bundle', type: 'batch-response' });
    const text = await system.post('', 'x', { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
  });
});
