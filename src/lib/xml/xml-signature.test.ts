// Signing: the produced signature has exactly the system-signature profile, is deterministic, changes
// nothing but adding itself, and bad input or key material is refused before anything is signed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ArkkiError } from '../errors.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaDocument, certificateBody, keyOf, signatureXml } from '../../../test/support/xml-signature.ts';
import { parseXmlOrThrow } from './safe-xml.ts';
import { DSIG_NS, pemCertificateBodies, REFERENCE_TRANSFORMS, SIGNATURE_ALGORITHMS, signEnveloped } from './xml-signature.ts';

let f: PkiFixture;
before(async () => {
  f = await createPkiFixture();
});
after(() => f.cleanup());

function refusedWith(run: () => unknown, rule: string): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof ArkkiError, String(e));
    assert.equal(e.issues[0]?.rule, rule, e.message);
    return true;
  });
}

describe('signEnveloped', () => {
  test('adds one ds:Signature as the last child of the document element, in the profile', () => {
    const signed = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
    const doc = parseXmlOrThrow(signed);
    const signatures = doc.getElementsByTagNameNS(DSIG_NS, 'Signature');
    assert.equal(signatures.length, 1);
    const signature = signatures.item(0)!;
    assert.equal(signature.parentNode, doc.documentElement);
    assert.equal(doc.documentElement!.lastChild, signature);

    const algorithm = (name: string) => {
      const list = doc.getElementsByTagNameNS(DSIG_NS, name);
      return Array.from({ length: list.length }, (_, i) => list.item(i)!.getAttribute('Algorithm'));
    };
    assert.deepEqual(algorithm('CanonicalizationMethod'), [SIGNATURE_ALGORITHMS.canonicalization]);
    assert.deepEqual(algorithm('SignatureMethod'), [SIGNATURE_ALGORITHMS.signature]);
    assert.deepEqual(algorithm('DigestMethod'), [SIGNATURE_ALGORITHMS.digest]);
    assert.deepEqual(algorithm('Transform'), REFERENCE_TRANSFORMS);
    const references = doc.getElementsByTagNameNS(DSIG_NS, 'Reference');
    assert.equal(references.length, 1);
    assert.equal(references.item(0)!.getAttribute('URI'), '');
    assert.equal(references.item(0)!.hasAttribute('URI'), true);
  });

  test('KeyInfo carries the signing certificate first, then the chain', () => {
    const signed = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
    const certificates = [...signatureXml(signed).matchAll(/<ds:X509Certificate>([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(certificates, [certificateBody(f.certs.signing.certPem), certificateBody(f.pki.intermediate.toString('pem'))]);
    const withoutChain = signEnveloped(cdaDocument(), keyOf(f.certs.signing));
    assert.equal([...signatureXml(withoutChain).matchAll(/<ds:X509Certificate>/g)].length, 1);
  });

  test('is deterministic: the same document and key give the same bytes', () => {
    const a = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
    const b = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
    assert.equal(a, b);
    const other = signEnveloped(cdaDocument('Hylätään hakemus.'), keyOf(f.certs.signing, f));
    const value = (s: string) => /<ds:SignatureValue>([^<]*)</.exec(s)![1];
    assert.notEqual(value(other), value(a));
  });

  test('changes nothing in the document but adding the signature', () => {
    const input = cdaDocument();
    const signed = signEnveloped(input, keyOf(f.certs.signing, f));
    assert.equal(signed.replace(signatureXml(signed), '').trimEnd(), input.trimEnd());
  });

  test('refuses a document that is signed already (the verifier accepts exactly one signature)', () => {
    const signed = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
    refusedWith(() => signEnveloped(signed, keyOf(f.certs.storingSigning, f)), 'already-signed');
  });

  test('parses the input through safe-xml: a DTD is refused, not signed', () => {
    const xxe = cdaDocument().replace(
      '<ClinicalDocument',
      '<!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<ClinicalDocument',
    );
    refusedWith(() => signEnveloped(xxe, keyOf(f.certs.signing, f)), 'doctype');
    refusedWith(() => signEnveloped('<ClinicalDocument><title></ClinicalDocument>', keyOf(f.certs.signing, f)), 'malformed');
  });

  test('refuses key material that cannot produce a verifiable signature', () => {
    const mismatched = { ...keyOf(f.certs.signing), privateKeyPem: f.certs.storingSigning.keyPem };
    refusedWith(() => signEnveloped(cdaDocument(), mismatched), 'private-key');
    refusedWith(() => signEnveloped(cdaDocument(), { ...keyOf(f.certs.signing), privateKeyPem: 'not a key' }), 'private-key');
    refusedWith(() => signEnveloped(cdaDocument(), { ...keyOf(f.certs.signing), certificatePem: '' }), 'certificate');
    const two = f.certs.signing.certPem + f.certs.storingSigning.certPem;
    refusedWith(() => signEnveloped(cdaDocument(), { ...keyOf(f.certs.signing), certificatePem: two }), 'certificate');
    refusedWith(() => signEnveloped(cdaDocument(), { ...keyOf(f.certs.signing), chainPem: 'no certificate here' }), 'certificate');
  });

  test('pemCertificateBodies reads every certificate block in order', () => {
    const chain = f.certs.signing.certPem + '\n' + f.pki.intermediate.toString('pem');
    assert.deepEqual(pemCertificateBodies(chain), [
      certificateBody(f.certs.signing.certPem),
      certificateBody(f.pki.intermediate.toString('pem')),
    ]);
  });
});
