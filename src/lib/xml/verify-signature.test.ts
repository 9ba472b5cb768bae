// Verification: a good signature names its system and returns what was signed; a changed document,
// a changed SignedInfo, a removed signature, a swapped certificate and every certificate that must not
// sign (foreign CA, revoked, expired, not yet valid, wrong kind, unknown organisation) are refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { privateKeyToPem } from '../pki/test-keys.ts';
import { x509 } from '../pki/x509.ts';
import { createPkiFixture, ORG_EKSOTE, ORG_UNKNOWN, ORG_VAASA, type PkiFixture } from '../../../test/support/pki.ts';
import {
  cdaDocument,
  cdaText,
  certificateBody,
  CLIENT_HETU,
  DECISION_TEXT,
  keyOf,
  replaceOnce,
  signatureXml,
} from '../../../test/support/xml-signature.ts';
import { DSIG_NS, signEnveloped } from './xml-signature.ts';
import { verifyEnveloped, type SignatureRefusalReason, type VerifyOptions, type VerifyResult } from './verify-signature.ts';

const now = new Date();
let f: PkiFixture;
let options: VerifyOptions;
let signed: string;
before(async () => {
  f = await createPkiFixture(now);
  options = { trust: f.trust, now };
  signed = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
});
after(() => f.cleanup());

async function refused(xml: string, reason: SignatureRefusalReason, extra: Partial<VerifyOptions> = {}): Promise<string> {
  const result = await verifyEnveloped(xml, { ...options, ...extra });
  assert.equal(result.ok, false, 'expected a refusal');
  if (result.ok) return '';
  assert.equal(result.reason, reason, result.detail);
  assert.ok(result.detail.length > 0);
  return result.detail;
}

async function accepted(xml: string, extra: Partial<VerifyOptions> = {}): Promise<Extract<VerifyResult, { ok: true }>> {
  const result = await verifyEnveloped(xml, { ...options, ...extra });
  assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.detail}`);
  return result;
}

describe('verifyEnveloped: signature and content', () => {
  test('a document signed with a valid system certificate verifies and names the system', async () => {
    const result = await accepted(signed, { registerKeeperOf: f.registerKeeperOf, expectedOrganisationOid: ORG_VAASA });
    assert.deepEqual(result.signer, {
      organisationOid: ORG_VAASA,
      systemName: 'Pohjanmaan ATJ',
      serial: f.certs.signing.certificate.serialNumber,
      profile: 'connected',
      registerKeeperOid: ORG_VAASA,
    });
  });

  test('the returned document is the signed content: same data, no signature element', async () => {
    const { signedDocument, signedXml } = await accepted(signed);
    assert.equal(signedDocument.documentElement!.localName, 'ClinicalDocument');
    assert.equal(signedDocument.getElementsByTagNameNS(DSIG_NS, 'Signature').length, 0);
    assert.equal(cdaText(signedDocument, 'text'), DECISION_TEXT);
    assert.equal(signedDocument.getElementsByTagNameNS('urn:hl7-org:v3', 'id').item(1)!.getAttribute('extension'), CLIENT_HETU);
    assert.ok(!signedXml.includes('Signature'));
  });

  test('a system TLS certificate (clientAuth only) cannot make a system signature: signing-key-usage', async () => {
    const detail = await refused(signEnveloped(cdaDocument(), keyOf(f.certs.system, f)), 'signing-key-usage');
    assert.match(detail, /signing certificate/);
    const usage = f.certs.signing.certificate.getExtension(x509.KeyUsagesExtension)!.usages;
    assert.equal(usage, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    assert.equal(f.certs.signing.certificate.getExtension(x509.ExtendedKeyUsageExtension), null);
  });

  test('the chain may come from KeyInfo or from the trust material', async () => {
    await accepted(signEnveloped(cdaDocument(), keyOf(f.certs.signing)));
    await accepted(signed, { trust: { ...f.trust, intermediates: [] } });
    await refused(signEnveloped(cdaDocument(), keyOf(f.certs.signing)), 'untrusted-certificate', {
      trust: { ...f.trust, intermediates: [] },
    });
  });

  test('changed text content → digest-mismatch', async () => {
    await refused(replaceOnce(signed, DECISION_TEXT, 'Myönnetään kotipalvelua 40 tuntia kuukaudessa.'), 'digest-mismatch');
    await refused(replaceOnce(signed, `extension="${CLIENT_HETU}"`, 'extension="020516C903K"'), 'digest-mismatch');
  });

  test('changed SignedInfo → bad-signature', async () => {
    // Whitespace inside SignedInfo survives c14n: the signed bytes change, the document digest does not.
    await refused(replaceOnce(signed, '<ds:SignatureMethod', '\n<ds:SignatureMethod'), 'bad-signature');
    // The attacker's best move: change the content and put its correct digest into SignedInfo.
    const forgedText = 'Myönnetään kotipalvelua 40 tuntia kuukaudessa.';
    const forged = signEnveloped(cdaDocument(forgedText), keyOf(f.certs.storingSigning));
    const digest = (s: string) => /<ds:DigestValue>([^<]*)</.exec(s)![1]!;
    const attack = replaceOnce(replaceOnce(signed, DECISION_TEXT, forgedText), digest(signed), digest(forged));
    await refused(attack, 'bad-signature');
  });

  test('changed SignatureValue → bad-signature', async () => {
    const value = /<ds:SignatureValue>([^<]*)</.exec(signed)![1]!;
    const flipped = (value[0] === 'A' ? 'B' : 'A') + value.slice(1);
    await refused(replaceOnce(signed, value, flipped), 'bad-signature');
  });

  test('signature removed → missing-signature', async () => {
    await refused(signed.replace(signatureXml(signed), ''), 'missing-signature');
    await refused(cdaDocument(), 'missing-signature');
    // A look-alike in another namespace is not a signature.
    const lookAlike = signed.replace(/xmlns:ds="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"/, 'xmlns:ds="urn:not-xmldsig"');
    await refused(lookAlike, 'missing-signature');
  });

  test('a valid certificate of another system swapped into KeyInfo → bad-signature', async () => {
    const swapped = replaceOnce(signed, certificateBody(f.certs.signing.certPem), certificateBody(f.certs.storingSigning.certPem));
    await refused(swapped, 'bad-signature');
  });

  test('the signer is the one end-entity certificate in KeyInfo, whatever the order', async () => {
    const leaf = certificateBody(f.certs.signing.certPem);
    const ca = certificateBody(f.pki.intermediate.toString('pem'));
    const cert = (body: string) => `<ds:X509Certificate>${body}</ds:X509Certificate>`;
    await accepted(replaceOnce(signed, cert(leaf) + cert(ca), cert(ca) + cert(leaf)));
    const twoLeaves = replaceOnce(signed, cert(ca), cert(certificateBody(f.certs.storingSigning.certPem)));
    assert.match(await refused(twoLeaves, 'malformed'), /2 end-entity certificates/);
  });

  test('KeyInfo that is not exactly X509Data/X509Certificate → malformed', async () => {
    const keyInfo = /<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/;
    await refused(signed.replace(keyInfo, '<ds:KeyInfo><ds:RetrievalMethod URI="http://example.invalid/cert"/></ds:KeyInfo>'), 'malformed');
    await refused(signed.replace(keyInfo, ''), 'malformed');
    await refused(replaceOnce(signed, certificateBody(f.certs.signing.certPem), 'bm90IGEgY2VydGlmaWNhdGU='), 'malformed');
  });
});

describe('verifyEnveloped: the signing certificate', () => {
  const signWith = (name: keyof PkiFixture['certs']) => signEnveloped(cdaDocument(), keyOf(f.certs[name], f));

  test('issued by an unknown CA (with our CA names) → untrusted-certificate', async () => {
    await refused(signWith('unknownCa'), 'untrusted-certificate');
    // Without a current CRL the revocation status is unknown: fail closed.
    assert.match(await refused(signed, 'untrusted-certificate', { trust: { ...f.trust, crls: [] } }), /no valid CRL/);
  });

  test('revoked → revoked', async () => {
    await refused(signWith('revoked'), 'revoked');
  });

  test('expired or not yet valid at `now` → expired', async () => {
    assert.match(await refused(signWith('expired'), 'expired'), /expired at/);
    assert.match(await refused(signWith('notYetValid'), 'expired'), /valid only from/);
    // Validity is judged at `now` (the time of receipt), not at the clock of the machine.
    const later = new Date(f.certs.signing.certificate.notAfter.getTime() + 60_000);
    assert.match(await refused(signed, 'expired', { now: later }), /expired at/);
  });

  test('a certificate that is not a system certificate → untrusted-certificate', async () => {
    assert.match(await refused(signWith('professional'), 'untrusted-certificate'), /professional certificate/);
    assert.match(await refused(signWith('server'), 'untrusted-certificate'), /not an arkki certificate|server/);
    const caKey = { privateKeyPem: await privateKeyToPem(f.pki.intermediateKey), certificatePem: f.pki.intermediate.toString('pem') };
    assert.match(await refused(signEnveloped(cdaDocument(), caKey), 'untrusted-certificate'), /CA certificate/);
  });

  test('organisation not a known register keeper, or not the one expected → wrong-organisation', async () => {
    assert.match(
      await refused(signWith('signingWrongOrganisation'), 'wrong-organisation', { registerKeeperOf: f.registerKeeperOf }),
      new RegExp(ORG_UNKNOWN.replace(/\./g, '\\.')),
    );
    await refused(signed, 'wrong-organisation', { expectedOrganisationOid: ORG_EKSOTE });
    // Without those options the organisation is only reported.
    assert.equal((await accepted(signWith('signingWrongOrganisation'))).signer.organisationOid, ORG_UNKNOWN);
  });
});
