import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import {
  CHILD_WELFARE,
  HETU_2,
  NOW,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  pdf,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { batchBundle, documentReferencePayload, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, cdaOnlyDocumentReference, cdaXml, signedCda } from '../../../test/support/signed-cda.ts';
import { replaceOnce } from '../../../test/support/xml-signature.ts';
import { generateCda } from '../../lib/cda/cda-header.ts';
import { signEnveloped } from '../../lib/xml/xml-signature.ts';
import { keyOf } from '../../../test/support/xml-signature.ts';
import type { Json } from './document-reference.ts';

// Signed CDA documents through the FHIR API as a client system sends them: the CDA itself, a DocumentReference
// with only the CDA, a full DocumentReference that must agree with the signed header, and a batch Bundle.
// Every refusal names its rule and place, and a refused document leaves nothing behind.

const CDA = 'application/hl7-v3+xml';

for (const database of testDatabases()) {
  describe(`signed CDA ingest over FHIR (${database.name})`, () => {
    let pki: PkiFixture;
    let f: ArchiveFixture & { app: FastifyInstance };
    let system: FhirClient;
    let worker: FhirClient;
    let caseId: string;

    const sign = (m: DocumentMetadata, options: Parameters<typeof signedCda>[3] = {}) => signedCda(pki, m, f.ctx.codeSets, options);
    const postCda = (xml: string, client = system) =>
      client.request({ method: 'POST', url: 'DocumentReference', headers: { 'content-type': CDA }, payload: xml });
    const rules = (body: Json) => issueLines(body).map((l) => l.split(' | ')[1]);
    const count = async (table: string) => Number((await f.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

    before(async () => {
      pki = await createPkiFixture(NOW);
      f = await cdaArchive(await database.open(), pki);
      system = fhirClient(f.app, 'system-vaasa');
      worker = fhirClient(f.app, 'sw-vaasa-ls');
      // The client's clienthoods and case arrive as signed CDA documents too, in one batch.
      caseId = newOid(3);
      const setup = [clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId)].map((m) =>
        cdaOnlyDocumentReference(sign(m)),
      );
      const res = await system.post('', batchBundle(setup));
      assert.equal(res.status, 200);
      const statuses = (res.body.entry as Json[]).map((e) => (e.response as Json).status);
      assert.deepEqual(statuses, ['201 Created', '201 Created', '201 Created'], JSON.stringify(res.body));
    });
    after(async () => {
      await f.app.close();
      await f.db.close();
      await pki.cleanup();
    });

    it('archives a POSTed signed CDA as is, offers it and its PDF, and answers a resend with 200', async () => {
      const meta = clientDocument(caseId);
      const body = pdf('Päätös: myönnetään tukea – äöå');
      const xml = sign(meta, { body: { kind: 'pdf', data: body.data } });
      const created = await postCda(xml);
      assert.equal(created.status, 201, issueLines(created.body).join('\n'));
      assert.equal(created.headers.location, `http://localhost:80/fhir/R4/DocumentReference/${meta.setId}/_history/1`);
      const content = created.body.content as Json[];
      assert.equal(content.length, 2);
      assert.deepEqual(
        content.map((c) => (c.attachment as Json).contentType),
        [CDA, 'application/pdf'],
      );

      const served = await worker.get(`Binary/${meta.documentId}`);
      assert.equal(served.status, 200);
      assert.equal(served.headers['content-type'], CDA);
      assert.ok(served.raw.rawPayload.equals(Buffer.from(xml)), 'the signed bytes come back unchanged');
      assert.match(String(served.headers['content-security-policy']), /sandbox/);
      const rendered = await worker.get(String((content[1]!.attachment as Json).url));
      assert.equal(rendered.status, 200);
      assert.equal(rendered.headers['content-type'], 'application/pdf');
      assert.ok(rendered.raw.rawPayload.equals(body.data), 'phase I: the PDF is the one in nonXMLBody');

      const stored = [await count('document'), await count('document_body'), await count('usage_log')];
      const again = await postCda(xml);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, meta.setId);
      assert.deepEqual(
        [await count('document'), await count('document_body'), await count('usage_log')],
        stored,
        'a resend stores nothing new',
      );
    });

    it('takes a DocumentReference with only the CDA, or with metadata that agrees with the header', async () => {
      const minimal = clientDocument(caseId);
      const r1 = await system.post('DocumentReference', cdaOnlyDocumentReference(sign(minimal)));
      assert.equal(r1.status, 201, issueLines(r1.body).join('\n'));
      assert.equal(r1.body.description, minimal.title);

      const full = clientDocument(caseId);
      const xml = sign(full);
      const payload = documentReferencePayload({ ...full, format: 'cda' }, f.ctx.codeSets, { contentType: CDA, data: Buffer.from(xml) });
      const r2 = await system.post('DocumentReference', payload);
      assert.equal(r2.status, 201, issueLines(r2.body).join('\n'));
    });

    it('refuses a DocumentReference whose metadata differs from the signed header, naming both places', async () => {
      const meta = clientDocument(caseId);
      const payload = documentReferencePayload({ ...meta, format: 'cda', title: 'Toinen otsikko' }, f.ctx.codeSets, {
        contentType: CDA,
        data: Buffer.from(sign(meta)),
      });
      const res = await system.post('DocumentReference', payload);
      assert.equal(res.status, 400);
      const [line] = issueLines(res.body);
      assert.match(line!, /^DocumentReference\.description \| header-mismatch \| .*Toinen otsikko.*\/ClinicalDocument\/title/);
    });

    it('refuses unsigned, wrongly signed and invalid documents with the rule and place, storing nothing', async () => {
      const documents = await count('document');
      const log = await count('usage_log');
      const meta = clientDocument(caseId);

      const unsigned = await postCda(cdaXml(meta, f.ctx.codeSets));
      assert.equal(unsigned.status, 400);
      assert.deepEqual(rules(unsigned.body), ['missing-signature']);

      const otherOrg = await postCda(sign(meta, { cert: pki.certs.storingSigning }));
      assert.equal(otherOrg.status, 400);
      assert.deepEqual(rules(otherOrg.body), ['wrong-organisation']);
      assert.match(issueLines(otherOrg.body)[0]!, /1\.2\.246\.10\.9990002\.10\.1/);

      // National header rule: an unknown service task, reported at its XPath.
      const badTask = await postCda(sign({ ...meta, serviceTask: '999' }));
      assert.equal(badTask.status, 400);
      assert.ok(
        issueLines(badTask.body).some((l) =>
          l.startsWith(
            "/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='1.2.246.537.6.1221' or @codeSystem='2.999.27551.4.1221']/@code | code-unknown",
          ),
        ),
        issueLines(badTask.body).join('\n'),
      );

      // XSD: an element the CDA schema does not allow, reported with its line; signed, so only the XSD finds it.
      const extra = replaceOnce(
        generateCda({ ...meta, format: 'cda' }, { kind: 'pdf', data: pdf().data }, { codeSets: f.ctx.codeSets }),
        '  <setId ',
        '  <extraElement/>\n  <setId ',
      );
      const xsd = await postCda(signEnveloped(extra, keyOf(pki.certs.signing, pki)));
      assert.equal(xsd.status, 400);
      const line = extra.split('\n').findIndex((l) => l.includes('<extraElement')) + 1;
      assert.ok(
        issueLines(xsd.body).some((l) => l.includes('| xsd |') && l.includes(`line ${line}:`) && l.includes('extraElement')),
        issueLines(xsd.body).join('\n'),
      );

      // Header says storage format pdf: a signed CDA is archived as cda.
      const pdfFormat = await postCda(
        signEnveloped(
          generateCda({ ...meta, format: 'pdf' }, { kind: 'pdf', data: pdf().data }, { codeSets: f.ctx.codeSets }),
          keyOf(pki.certs.signing, pki),
        ),
      );
      assert.deepEqual(rules(pdfFormat.body), ['format']);

      // Register order: a case the client does not have, reported at the case's XPath.
      const noCase = await postCda(sign(clientDocument(newOid(3))));
      assert.equal(noCase.status, 422);
      assert.ok(
        issueLines(noCase.body)[0]!.startsWith('/ClinicalDocument/componentOf/encompassingEncounter/id/@root | archive-first'),
        issueLines(noCase.body).join('\n'),
      );

      assert.equal(await count('document'), documents, 'nothing of a refused document is stored');
      assert.equal(await count('usage_log'), log, 'validation refusals write no usage-log rows');
    });

    it('a batch of signed CDA entries is answered per entry, in order, and a bad entry does not stop the rest', async () => {
      const good = clientDocument(caseId);
      const bad = clientDocument(caseId);
      const second = clientDocument(caseId, { client: { kind: 'hetu', value: HETU_2 } });
      const bundle = batchBundle([
        cdaOnlyDocumentReference(sign(good)),
        cdaOnlyDocumentReference(replaceOnce(sign(bad), `<title>${bad.title}</title>`, '<title>Muutettu otsikko</title>')),
        cdaOnlyDocumentReference(sign(second)),
      ]);
      const res = await system.post('', bundle);
      const answers = res.body.entry as Json[];
      assert.equal((answers[0]!.response as Json).status, '201 Created');
      assert.equal((answers[1]!.response as Json).status, '400 Bad Request');
      assert.deepEqual(rules((answers[1]!.response as Json).outcome as Json), ['digest-mismatch']);
      // HETU_2 has no clienthood in this register yet: archive-first, at the service task's XPath.
      assert.equal((answers[2]!.response as Json).status, '422 Unprocessable Entity');
      assert.equal(String(CHILD_WELFARE), good.serviceTask);
    });

    it('refuses a CDA POSTed by a caller of another register keeper (access policy), logging the denial', async () => {
      const other = fhirClient(f.app, 'system-eksote');
      const log = await count('usage_log');
      const res = await postCda(sign(clientDocument(caseId)), other);
      assert.equal(res.status, 403);
      assert.equal(await count('usage_log'), log + 1);
    });
  });
}
