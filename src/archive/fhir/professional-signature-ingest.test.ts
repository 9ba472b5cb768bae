// A decision sent with the professional's e-signature (a second DocumentReference.content entry, the
// detached XAdES document) is verified on ingest after the system signature and stored in the document's
// own transaction; the Provenance read then shows it. A refused signature refuses the document, names the
// field and the rule, and leaves nothing behind; a resend is answered as before.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  NOW,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { batchBundle, documentReferencePayload, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { createPkiFixture, ORG_VAASA, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, cdaOnlyDocumentReference, cdaXml } from '../../../test/support/signed-cda.ts';
import { keyOf } from '../../../test/support/xml-signature.ts';
import { createTestPki, issueProfessionalCertificate, loadTrust, revoke, type IssuedCertificate } from '../../lib/pki/index.ts';
import type { SigningKey } from '../../lib/xml/xml-signature.ts';
import { signEnveloped } from '../../lib/xml/xml-signature.ts';
import { signProfessional } from '../../lib/xml/xades-sign.ts';
import { XADES_MIME_TYPE } from '../../lib/xml/xades.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { Json } from './document-reference.ts';
import { PROFESSIONAL_SIGNATURE_PATH } from './professional-signature-input.ts';
import { ext } from './systems.ts';

const DAY = 24 * 60 * 60 * 1000;
const SIGNED_AT = new Date(NOW.getTime() - 60 * 60 * 1000);

for (const database of testDatabases()) {
  describe(`professional e-signature on signed-CDA ingest (${database.name})`, () => {
    let pki: PkiFixture;
    let f: ArchiveFixture & { app: FastifyInstance };
    let system: FhirClient;
    let worker: FhirClient;
    let caseId: string;
    let revokedCard: IssuedCertificate;
    let foreignCard: SigningKey;

    /** The decision as the client system sends it: system-signed CDA plus the card's XAdES over the unsigned CDA. */
    const decision = (m: DocumentMetadata, options: { card?: SigningKey; signedCda?: string; signingTime?: Date } = {}) => {
      const unsigned = cdaXml(m, f.ctx.codeSets);
      const xades = signProfessional(options.signedCda ?? unsigned, options.card ?? keyOf(pki.certs.professional, pki), {
        signingTime: options.signingTime ?? SIGNED_AT,
      });
      const resource = cdaOnlyDocumentReference(signEnveloped(unsigned, keyOf(pki.certs.signing, pki)));
      (resource.content as Json[]).push({ attachment: { contentType: XADES_MIME_TYPE, data: Buffer.from(xades).toString('base64') } });
      return { resource, xades };
    };
    const count = async (table: string) => Number((await f.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    const counts = async () => [await count('document'), await count('professional_signature'), await count('usage_log')];
    const provenance = async (setId: string) => {
      const res = await worker.get(`Provenance?target=${encodeURIComponent(`DocumentReference/${setId}`)}`);
      assert.equal(res.status, 200, issueLines(res.body).join('\n'));
      return (res.body.entry as Array<{ resource: Json }>)[0]!.resource;
    };

    before(async () => {
      // The PKI exists since two days ago, so a card can have been revoked yesterday.
      pki = await createPkiFixture(new Date(NOW.getTime() - 2 * DAY));
      revokedCard = await issueProfessionalCertificate(pki.pki, {
        organisationOid: ORG_VAASA,
        name: 'Kadonnut Kortti',
        professionalId: 'DEMO-1004',
        now: new Date(NOW.getTime() - 2 * DAY),
      });
      await revoke(pki.pki, revokedCard.serial, { now: new Date(NOW.getTime() - DAY) });
      pki.trust = await loadTrust(pki.dir);
      // A card from another PKI with the very same CA names, the professional and organisation of ours.
      const foreign = await createTestPki(join(pki.dir, '..', 'foreign-cards'), { now: new Date(NOW.getTime() - 2 * DAY) });
      const card = await issueProfessionalCertificate(foreign, {
        organisationOid: ORG_VAASA,
        name: 'Sanna Sosiaalityöntekijä',
        professionalId: 'DEMO-1001',
        now: new Date(NOW.getTime() - 2 * DAY),
      });
      foreignCard = { privateKeyPem: card.keyPem, certificatePem: card.certPem, chainPem: foreign.intermediate.toString('pem') };

      f = await cdaArchive(await database.open(), pki);
      system = fhirClient(f.app, 'system-vaasa');
      worker = fhirClient(f.app, 'sw-vaasa-ls');
      caseId = newOid(3);
      const setup = [clienthoodDocument('social-welfare'), clienthoodDocument('service-task'), caseDocument(caseId)].map((m) =>
        cdaOnlyDocumentReference(signEnveloped(cdaXml(m, f.ctx.codeSets), keyOf(pki.certs.signing, pki))),
      );
      const res = await system.post('', batchBundle(setup));
      assert.deepEqual(
        (res.body.entry as Json[]).map((e) => (e.response as Json).status),
        ['201 Created', '201 Created', '201 Created'],
        JSON.stringify(res.body),
      );
    });
    after(async () => {
      await f?.app.close();
      await f?.db.close();
      await pki?.cleanup();
    });

    it('stores a decision with a valid card signature; Provenance shows it; a resend is answered 200 and stores nothing', async () => {
      const meta = clientDocument(caseId, { title: 'Päätös kotipalvelusta' });
      const { resource, xades } = decision(meta);
      const before = await counts();
      const res = await system.post('DocumentReference', resource);
      assert.equal(res.status, 201, issueLines(res.body).join('\n'));
      assert.deepEqual(await counts(), [before[0]! + 1, before[1]! + 1, before[2]! + 1]);

      const p = await provenance(meta.setId);
      const [sig] = p.signature as Json[];
      assert.equal(sig!.sigFormat, XADES_MIME_TYPE);
      assert.equal(((sig!.who as Json).identifier as Json).value, 'DEMO-1001');
      assert.equal(sig!.when, SIGNED_AT.toISOString());
      assert.equal(Buffer.from(String(sig!.data), 'base64').toString('utf8'), xades, 'the signature document byte for byte');

      const mark = await counts();
      const again = await system.post('DocumentReference', resource);
      assert.equal(again.status, 200, issueLines(again.body).join('\n'));
      assert.deepEqual((await counts()).slice(0, 2), mark.slice(0, 2), 'a resend stores nothing new');

      // The same document without its signature is not the same submission: a signature cannot be dropped or added later.
      const bare = { ...resource, content: [(resource.content as Json[])[0]] };
      const changed = await system.post('DocumentReference', bare);
      assert.equal(changed.status, 409);
      assert.match(issueLines(changed.body)[0]!, /\| immutable \| .*already archived with a professional e-signature/);
      assert.equal(issueLines(changed.body)[0]!.split(' | ')[0], PROFESSIONAL_SIGNATURE_PATH);
    });

    it('refuses a tampered, foreign, revoked or future-dated signature with the field and rule, storing nothing', async () => {
      const cases: Array<[string, (m: DocumentMetadata) => Json, string]> = [
        // Signed over another decision text: the content digest no longer matches this CDA.
        [
          'tampered',
          (m) => decision(m, { signedCda: cdaXml({ ...m, title: 'Hylätään hakemus' }, f.ctx.codeSets) }).resource,
          'digest-mismatch',
        ],
        ['foreign card', (m) => decision(m, { card: foreignCard }).resource, 'untrusted-certificate'],
        ['card revoked before signing', (m) => decision(m, { card: keyOf(revokedCard, pki) }).resource, 'revoked'],
        ['signed in the future', (m) => decision(m, { signingTime: new Date(NOW.getTime() + DAY) }).resource, 'signing-time'],
      ];
      for (const [name, make, rule] of cases) {
        const before = await counts();
        const meta = clientDocument(caseId);
        const res = await system.post('DocumentReference', make(meta));
        assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.body)}`);
        const lines = issueLines(res.body);
        assert.equal(lines.length, 1, name);
        const [path, got, message] = lines[0]!.split(' | ');
        assert.equal(path, PROFESSIONAL_SIGNATURE_PATH, name);
        assert.equal(got, rule, `${name}: ${message}`);
        assert.match(message!, /professional e-signature/, name);
        assert.deepEqual(await counts(), before, `${name}: nothing stored, nothing logged`);
        assert.equal((await worker.get(`DocumentReference/${meta.setId}`)).status, 404, name);
      }
    });

    it('refuses an unreadable signature entry before any verification', async () => {
      const { resource } = decision(clientDocument(caseId));
      (resource.content as Json[])[1] = { attachment: { contentType: XADES_MIME_TYPE, data: 'not base64!' } };
      const res = await system.post('DocumentReference', resource);
      assert.equal(res.status, 400);
      assert.deepEqual(
        issueLines(res.body).map((l) => l.split(' | ').slice(0, 2)),
        [[PROFESSIONAL_SIGNATURE_PATH, 'base64']],
      );
    });

    it('writes the document and its signature together or neither (a failing signature insert leaves no document)', async () => {
      const meta = clientDocument(caseId);
      const before = await counts();
      await f.db.exec(`
        CREATE FUNCTION crash_now() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$;
        CREATE TRIGGER crash_now BEFORE INSERT ON professional_signature FOR EACH ROW EXECUTE FUNCTION crash_now();`);
      try {
        const res = await system.post('DocumentReference', decision(meta).resource);
        assert.equal(res.status, 500);
      } finally {
        await f.db.exec('DROP TRIGGER crash_now ON professional_signature; DROP FUNCTION crash_now();');
      }
      assert.deepEqual(await counts(), before);
      // The sender retries: now it goes in, whole.
      assert.equal((await system.post('DocumentReference', decision(meta).resource)).status, 201);
      assert.equal(((await provenance(meta.setId)).signature as Json[]).length, 1);
    });

    it('refuses a professional e-signature sent with a JSON (non-CDA) submission: unsigned, there is no CDA it could sign', async () => {
      const meta = clientDocument(caseId);
      const resource = documentReferencePayload(meta, f.ctx.codeSets);
      (resource.content as Json[]).push({ attachment: { contentType: XADES_MIME_TYPE, data: Buffer.from('<x/>').toString('base64') } });
      const res = await system.post('DocumentReference', resource);
      assert.equal(res.status, 400);
      assert.deepEqual(
        issueLines(res.body).map((l) => l.split(' | ').slice(0, 2)),
        [[`DocumentReference.extension('${ext('storage-format')}')`, 'system-signature-required']],
      );
    });

    it('in a batch, a bad signature refuses only its own entry; the others are archived with theirs', async () => {
      const good = clientDocument(caseId);
      const bad = clientDocument(caseId);
      const plain = clientDocument(caseId);
      const before = await counts();
      const res = await system.post(
        '',
        batchBundle([
          decision(good).resource,
          decision(bad, { card: keyOf(revokedCard, pki) }).resource,
          cdaOnlyDocumentReference(signEnveloped(cdaXml(plain, f.ctx.codeSets), keyOf(pki.certs.signing, pki))),
        ]),
      );
      assert.equal(res.status, 200);
      const entries = res.body.entry as Json[];
      assert.deepEqual(
        entries.map((e) => (e.response as Json).status),
        ['201 Created', '400 Bad Request', '201 Created'],
      );
      assert.deepEqual(
        issueLines((entries[1]!.response as Json).outcome as Json).map((l) => l.split(' | ').slice(0, 2)),
        [[PROFESSIONAL_SIGNATURE_PATH, 'revoked']],
      );
      assert.deepEqual((await counts()).slice(0, 2), [before[0]! + 2, before[1]! + 1]);
      assert.equal(((await provenance(good.setId)).signature as Json[]).length, 1);
      assert.equal((await provenance(plain.setId)).signature, undefined);
    });
  });
}
