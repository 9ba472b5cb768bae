// A decision's professional e-signature stored with its document version and served as a FHIR
// Provenance: verified on the way in (over what the system signature covers), kept byte for byte,
// append-only, and read only through the access policy with a usage-log row.
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { after, before, describe, it } from 'node:test';
import {
  archiveFixture,
  clientDocument,
  NOW,
  prepareClient,
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu, logLine, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { fhirStructureProblems } from '../../../test/support/fhir-shapes.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaDocument, DECISION_TEXT, keyOf, replaceOnce } from '../../../test/support/xml-signature.ts';
import { verifyEnveloped } from '../../lib/xml/verify-signature.ts';
import { signProfessional } from '../../lib/xml/xades-sign.ts';
import { verifyProfessionalSignature } from '../../lib/xml/xades-verify.ts';
import { signEnveloped } from '../../lib/xml/xml-signature.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { checkProfessionalSignature } from '../service/professional-signatures.ts';
import { storeDocuments } from '../service/store-documents.ts';
import { insertProfessionalSignatures } from '../store/professional-signature-store.ts';
import { buildArchiveApp } from '../server.ts';
import type { Json } from './document-reference.ts';
import { installFhirBasics } from './fhir-plugin.ts';
import { provenanceRoutes } from './provenance-routes.ts';
import { adapterContextOf } from '../adapter-context.ts';

for (const database of testDatabases()) {
  describe(`professional e-signature storage and FHIR Provenance on ${database.name}`, () => {
    let f: ArchiveFixture;
    let pki: PkiFixture;
    let app: FastifyInstance;
    let worker: FhirClient;
    let signed: ArchivedDocument;
    let unsigned: ArchivedDocument;
    let signature: string;
    let signedXml: string;
    const signingTime = new Date(NOW.getTime() - 60 * 60 * 1000);

    before(async () => {
      f = await archiveFixture(await database.open());
      pki = await createPkiFixture(new Date(NOW.getTime() - 24 * 60 * 60 * 1000));
      const client = { kind: 'hetu' as const, value: freshHetu() };
      const caseId = await prepareClient(f, { hetu: client.value });
      const [a, b] = await storeDocuments(f.deps, f.users['system-vaasa']!, [
        submission(clientDocument(caseId, { client, title: 'Päätös kotipalvelusta' })),
        submission(clientDocument(caseId, { client })),
      ]);
      signed = accepted(a);
      unsigned = accepted(b);

      const cda = cdaDocument();
      const system = await verifyEnveloped(signEnveloped(cda, keyOf(pki.certs.signing, pki)), { trust: pki.trust, now: NOW });
      assert.ok(system.ok);
      signedXml = system.signedXml;
      signature = signProfessional(cda, keyOf(pki.certs.professional, pki), { signingTime });
      const check = await checkProfessionalSignature(
        { ...f.deps, signatureTrust: () => pki.trust },
        {
          signatureXml: Buffer.from(signature),
          signedXml,
          doc: signed,
          signerIsAuthor: true,
        },
      );
      assert.ok(check.ok, check.ok ? '' : check.issue.message);
      await f.db.transaction((tx) => insertProfessionalSignatures(tx, [check.row]));

      app = Fastify();
      await app.register(
        async (fhir) => {
          installFhirBasics(fhir, adapterContextOf(f.ctx));
          await fhir.register(provenanceRoutes(adapterContextOf(f.ctx)));
        },
        { prefix: '/fhir/R4' },
      );
      worker = fhirClient(app, 'sw-vaasa-ls');
    });
    after(async () => {
      await app?.close();
      await pki?.cleanup();
      await f?.db.close();
    });

    const provenanceOf = async (client: FhirClient, target: string) => {
      const res = await client.get(`Provenance?target=${encodeURIComponent(target)}`);
      return { status: res.status, body: res.body, resource: (res.body.entry as Array<{ resource: Json }> | undefined)?.[0]?.resource };
    };

    it("serves the signed version's Provenance with the XAdES document as received, and logs the read", async () => {
      const mark = await usageMark(f.db);
      const { status, body, resource } = await provenanceOf(worker, `DocumentReference/${signed.setId}/_history/1`);
      assert.equal(status, 200, issueLines(body).join('\n'));
      assert.equal(body.total, 1);
      assert.ok(resource);
      assert.deepEqual(fhirStructureProblems(resource), []);
      assert.deepEqual(resource.target, [{ reference: `DocumentReference/${signed.setId}/_history/1` }]);
      const [sig] = resource.signature as Json[];
      assert.equal(sig!.sigFormat, 'application/vnd.etsi.xades+xml');
      assert.equal(sig!.when, new Date(Math.floor(signingTime.getTime() / 1000) * 1000).toISOString());
      assert.deepEqual(((sig!.who as Json).identifier as Json).value, 'DEMO-1001');
      const returned = Buffer.from(String(sig!.data), 'base64').toString('utf8');
      assert.equal(returned, signature, 'byte for byte');
      // Whoever fetches it can verify it again, independently of the archive's word.
      const again = await verifyProfessionalSignature(returned, signedXml, { trust: pki.trust, now: NOW });
      assert.ok(again.ok);
      const agents = resource.agent as Json[];
      assert.equal(((agents[0]!.type as Json).coding as Json[])[0]!.code, 'CST');
      assert.equal(((agents[0]!.who as Json).identifier as Json).value, RK);
      assert.deepEqual(
        (await usageSince(f.db, mark)).map(logLine).map((l) => [l.userId, l.action, l.outcome, l.documentIds]),
        [['sw-vaasa-ls', 'read', 'success', [signed.documentId]]],
      );
    });

    it('a version without a professional signature has a Provenance without one', async () => {
      const { status, resource } = await provenanceOf(worker, `DocumentReference/${unsigned.setId}`);
      assert.equal(status, 200);
      assert.equal(resource!.signature, undefined);
      assert.equal((resource!.agent as Json[]).length, 2);
    });

    it("another register keeper's worker is refused, and the refusal is logged", async () => {
      const mark = await usageMark(f.db);
      const { status } = await provenanceOf(fhirClient(app, 'sw-eksote-ls'), `DocumentReference/${signed.setId}`);
      assert.equal(status, 403);
      assert.deepEqual(
        (await usageSince(f.db, mark)).map((r) => [r.userId, r.outcome]),
        [['sw-eksote-ls', 'denied']],
      );
    });

    it('refuses a malformed or missing target and answers 404 for an unknown set', async () => {
      assert.equal((await provenanceOf(worker, 'Patient/123')).status, 400);
      assert.equal((await worker.get('Provenance')).status, 400);
      assert.equal((await worker.get('Provenance?agent=x')).status, 400);
      assert.equal((await provenanceOf(worker, 'DocumentReference/1.2.246.10.9990001.98.2.999')).status, 404);
    });

    it('a refused signature names its reason and nothing is stored for it', async () => {
      const deps = { ...f.deps, signatureTrust: () => pki.trust };
      const changed = await verifyEnveloped(
        signEnveloped(replaceOnce(cdaDocument(), DECISION_TEXT, 'Hylätään hakemus.'), keyOf(pki.certs.signing, pki)),
        { trust: pki.trust, now: NOW },
      );
      assert.ok(changed.ok);
      const tampered = await checkProfessionalSignature(deps, {
        signatureXml: Buffer.from(signature),
        signedXml: changed.signedXml,
        doc: unsigned,
      });
      assert.ok(!tampered.ok && tampered.issue.rule === 'digest-mismatch', JSON.stringify(tampered));
      const notAuthor = await checkProfessionalSignature(deps, {
        signatureXml: Buffer.from(signature),
        signedXml,
        doc: { ...unsigned, author: { ...unsigned.author, professionalId: 'DEMO-2002' } },
        signerIsAuthor: true,
      });
      assert.ok(!notAuthor.ok && notAuthor.issue.rule === 'wrong-signer');
      const noTrust = await checkProfessionalSignature(
        { ...f.deps, signatureTrust: undefined },
        { signatureXml: Buffer.from(signature), signedXml, doc: unsigned },
      );
      assert.ok(!noTrust.ok && noTrust.issue.rule === 'no-trust');
    });

    it('the archive server serves it at /fhir/R4/Provenance', async () => {
      const server = await buildArchiveApp(f.ctx);
      try {
        const { status, resource } = await provenanceOf(fhirClient(server, 'archivist-vaasa'), `DocumentReference/${signed.setId}`);
        assert.equal(status, 200);
        assert.equal((resource!.signature as Json[]).length, 1);
      } finally {
        await server.close();
      }
    });

    it('the database keeps stored signatures append-only', async () => {
      await assert.rejects(
        f.db.query(`UPDATE professional_signature SET professional_id = 'X' WHERE document_id = $1`, [signed.documentId]),
        /not allowed/,
      );
      await assert.rejects(f.db.query('DELETE FROM professional_signature WHERE document_id = $1', [signed.documentId]), /not allowed/);
    });
  });
}
