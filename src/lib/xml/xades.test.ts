// The professional e-signature: a detached XAdES-BES signature by a card certificate over the unsigned
// CDA, verified alone and together with the system signature added afterwards; every refusal with its reason.
import assert from 'node:assert/strict';
import { createSign } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { after, before, describe, test } from 'node:test';
import { createPkiFixture, ORG_VAASA, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaDocument, certificateBody, DECISION_TEXT, keyOf, replaceOnce } from '../../../test/support/xml-signature.ts';
import { issueProfessionalCertificate, loadTrust, revoke, type IssuedCertificate } from '../pki/index.ts';
import { ArkkiError } from '../errors.ts';
import { canonical, sha256Base64, XADES_NS } from './xades.ts';
import { signProfessional } from './xades-sign.ts';
import { verifyDecisionSignatures, verifyProfessionalSignature, type ProfessionalVerifyResult } from './xades-verify.ts';
import { DSIG_NS, signEnveloped } from './xml-signature.ts';
import { verifyEnveloped } from './verify-signature.ts';

const DAY = 24 * 60 * 60 * 1000;

function reasonOf(result: ProfessionalVerifyResult): string {
  return result.ok ? 'ok' : result.reason;
}

/**
 * Re-signs an edited signature document honestly with `cert` (new SigningCertificateV2, SignedProperties
 * digest and SignatureValue): how an attacker holding some other valid key would build one.
 */
function resign(signatureXml: string, cert: IssuedCertificate): string {
  const doc = new DOMParser().parseFromString(signatureXml, 'application/xml');
  const certEl = doc.getElementsByTagNameNS(DSIG_NS, 'X509Certificate').item(0)!;
  certEl.textContent = certificateBody(cert.certPem);
  const certDigest = doc.getElementsByTagNameNS(XADES_NS, 'CertDigest').item(0)!.getElementsByTagNameNS(DSIG_NS, 'DigestValue').item(0)!;
  certDigest.textContent = sha256Base64(Buffer.from(cert.certificate.rawData));
  const properties = doc.getElementsByTagNameNS(XADES_NS, 'SignedProperties').item(0)!;
  doc.getElementsByTagNameNS(DSIG_NS, 'DigestValue').item(1)!.textContent = sha256Base64(canonical(properties));
  const signedInfo = doc.getElementsByTagNameNS(DSIG_NS, 'SignedInfo').item(0)!;
  doc.getElementsByTagNameNS(DSIG_NS, 'SignatureValue').item(0)!.textContent = createSign('RSA-SHA256')
    .update(canonical(signedInfo))
    .sign(cert.keyPem, 'base64');
  return new XMLSerializer().serializeToString(doc);
}

describe('professional e-signature (XAdES-BES, detached)', () => {
  const now = new Date();
  let f: PkiFixture;
  let cda: string;
  let signature: string;
  let otherCard: IssuedCertificate;
  let expiredCard: IssuedCertificate;
  let revokedCard: IssuedCertificate;
  const verify = (sig: string, content: string = cda, extra: Partial<Parameters<typeof verifyProfessionalSignature>[2]> = {}) =>
    verifyProfessionalSignature(sig, content, { trust: f.trust, now, ...extra });

  before(async () => {
    // The test PKI exists since 60 days ago, so signing times in the past can fall inside its CAs' validity.
    f = await createPkiFixture(new Date(now.getTime() - 60 * DAY));
    otherCard = await issueProfessionalCertificate(f.pki, {
      organisationOid: ORG_VAASA,
      name: 'Toinen Työntekijä',
      professionalId: 'DEMO-1002',
      now,
    });
    expiredCard = await issueProfessionalCertificate(f.pki, {
      organisationOid: ORG_VAASA,
      name: 'Vanha Kortti',
      professionalId: 'DEMO-1003',
      validFrom: new Date(now.getTime() - 30 * DAY),
      validTo: new Date(now.getTime() - DAY),
    });
    revokedCard = await issueProfessionalCertificate(f.pki, {
      organisationOid: ORG_VAASA,
      name: 'Kadonnut Kortti',
      professionalId: 'DEMO-1004',
      validFrom: new Date(now.getTime() - 10 * DAY),
    });
    // Revoked one day ago: signatures made before that stay valid, later ones do not.
    await revoke(f.pki, revokedCard.serial, { now: new Date(now.getTime() - DAY) });
    f.trust = await loadTrust(f.dir);
    cda = cdaDocument();
    signature = signProfessional(cda, keyOf(f.certs.professional, f), { signingTime: now });
  });
  after(() => f.cleanup());

  test('verifies and names the professional, the card, the signing time and the commitment', async () => {
    const result = await verify(signature);
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.detail}`);
    assert.equal(result.signer.name, 'Sanna Sosiaalityöntekijä');
    assert.equal(result.signer.professionalId, 'DEMO-1001');
    assert.equal(result.signer.organisationOid, ORG_VAASA);
    assert.equal(result.signer.commitment, 'proof-of-approval');
    assert.equal(result.signer.signingTime, new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString());
    assert.equal(result.contentUri, '1.2.246.10.9990001.10.1.2024.1.xml');
    assert.equal(signProfessional(cda, keyOf(f.certs.professional, f), { signingTime: now }), signature, 'same input, same bytes');
  });

  test('the signature has the XAdES-BES parts: SigningTime, SigningCertificateV2, commitment, two references', () => {
    assert.match(signature, /<xades:SigningTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/xades:SigningTime>/);
    assert.match(signature, /<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>/);
    assert.ok(signature.includes(sha256Base64(Buffer.from(f.certs.professional.certificate.rawData))), "certificate digest is the card's");
    assert.match(signature, /#ProofOfApproval<\/xades:Identifier>/);
    assert.equal(signature.match(/<ds:Reference /g)?.length, 2);
    assert.match(signature, /Type="http:\/\/uri\.etsi\.org\/01903#SignedProperties"/);
    assert.doesNotMatch(signature, /sha1/i);
  });

  test('coexists with the system signature added afterwards: both verify over the same content', async () => {
    const systemSigned = signEnveloped(cda, keyOf(f.certs.signing, f));
    const both = await verifyDecisionSignatures(systemSigned, signature, {
      system: { trust: f.trust, now, registerKeeperOf: f.registerKeeperOf },
      professional: { expectedProfessionalId: 'DEMO-1001' },
    });
    assert.ok(both.ok, both.ok ? '' : `${both.which} ${both.reason}: ${both.detail}`);
    assert.equal(both.system.systemName, 'Pohjanmaan ATJ');
    assert.equal(both.professional.professionalId, 'DEMO-1001');
    const system = await verifyEnveloped(systemSigned, { trust: f.trust, now });
    assert.ok(system.ok);
    assert.equal(reasonOf(await verify(signature, system.signedXml)), 'ok');
    // The raw system-signed CDA is not what the professional signed: the caller is told what to pass.
    assert.equal(reasonOf(await verify(signature, systemSigned)), 'wrong-content');
  });

  test('a decision changed after the professional signed it is refused, also when the system signs the change', async () => {
    const changed = replaceOnce(cda, DECISION_TEXT, 'Myönnetään kotipalvelua 40 tuntia kuukaudessa.');
    assert.equal(reasonOf(await verify(signature, changed)), 'digest-mismatch');
    const both = await verifyDecisionSignatures(signEnveloped(changed, keyOf(f.certs.signing, f)), signature, {
      system: { trust: f.trust, now },
      professional: {},
    });
    assert.ok(!both.ok && both.which === 'professional' && both.reason === 'digest-mismatch');
    assert.equal(reasonOf(await verify(signature, cdaDocument().replace('2024.1"/>\n  <code', '2024.2"/>\n  <code'))), 'wrong-content');
  });

  test('changed signed properties or SignedInfo are refused', async () => {
    const later = replaceOnce(
      signature,
      /<xades:SigningTime>[^<]+</,
      `<xades:SigningTime>${new Date(now.getTime() - DAY).toISOString().slice(0, 19)}Z<`,
    );
    assert.equal(reasonOf(await verify(later)), 'digest-mismatch');
    assert.equal(reasonOf(await verify(replaceOnce(signature, '#ProofOfApproval', '#ProofOfOrigin'))), 'digest-mismatch');
    assert.equal(
      reasonOf(
        await verify(
          replaceOnce(
            signature,
            /<ds:DigestValue>[^<]+<\/ds:DigestValue><\/ds:Reference><ds:Reference Type/,
            `<ds:DigestValue>${sha256Base64('x')}</ds:DigestValue></ds:Reference><ds:Reference Type`,
          ),
        ),
      ),
      'bad-signature',
    );
  });

  test('a swapped certificate is refused: KeyInfo alone, and KeyInfo with SigningCertificateV2', async () => {
    const keyInfoOnly = replaceOnce(signature, certificateBody(f.certs.professional.certPem), certificateBody(otherCard.certPem));
    assert.equal(reasonOf(await verify(keyInfoOnly)), 'certificate-mismatch');
    const both = replaceOnce(
      keyInfoOnly,
      sha256Base64(Buffer.from(f.certs.professional.certificate.rawData)),
      sha256Base64(Buffer.from(otherCard.certificate.rawData)),
    );
    assert.equal(reasonOf(await verify(both)), 'bad-signature');
    // Honestly re-signed by another valid card: valid, but not the professional the caller expects.
    const other = resign(signature, otherCard);
    assert.equal(reasonOf(await verify(other)), 'ok');
    assert.equal(reasonOf(await verify(other, cda, { expectedProfessionalId: 'DEMO-1001' })), 'wrong-signer');
    assert.equal(reasonOf(await verify(signature, cda, { expectedOrganisationOid: '1.2.246.10.9990002.10.1' })), 'wrong-signer');
  });

  test('only a professional card can make it: system and citizen certificates are refused', async () => {
    assert.throws(
      () => signProfessional(cda, keyOf(f.certs.signing, f)),
      (e) => e instanceof ArkkiError && /professional card/.test(e.message),
    );
    assert.equal(reasonOf(await verify(resign(signature, f.certs.signing))), 'untrusted-certificate');
    assert.equal(reasonOf(await verify(resign(signature, f.certs.citizen))), 'untrusted-certificate');
    assert.equal(reasonOf(await verify(resign(signature, f.certs.unknownCa))), 'untrusted-certificate');
  });

  test('the card is judged at the signing time: expired or revoked then is refused, revoked later is not', async () => {
    const sign = (card: IssuedCertificate, at: Date) => signProfessional(cda, keyOf(card, f), { signingTime: at });
    assert.equal(reasonOf(await verify(sign(expiredCard, now))), 'expired');
    assert.equal(reasonOf(await verify(sign(expiredCard, new Date(now.getTime() - 10 * DAY)))), 'ok');
    assert.equal(reasonOf(await verify(sign(revokedCard, now))), 'revoked');
    assert.equal(reasonOf(await verify(sign(revokedCard, new Date(now.getTime() - 2 * DAY)))), 'ok');
    // Without current revocation information nothing is accepted.
    assert.equal(
      reasonOf(await verify(signature, cda, { now: new Date(now.getTime() + 31 * DAY), maxSigningAgeMs: 40 * DAY })),
      'untrusted-certificate',
    );
  });

  test('a signing time in the future or too long before receipt is refused', async () => {
    const future = signProfessional(cda, keyOf(f.certs.professional, f), { signingTime: new Date(now.getTime() + 60 * 60 * 1000) });
    assert.equal(reasonOf(await verify(future)), 'signing-time');
    assert.equal(reasonOf(await verify(signature, cda, { now: new Date(now.getTime() + 2 * DAY), maxSigningAgeMs: DAY })), 'signing-time');
  });

  test('wrapping attempts are refused before cryptography', async () => {
    const props = /<xades:SignedProperties[\s\S]*<\/xades:SignedProperties>/.exec(signature)![0];
    // Original properties moved into a second Object, forged ones in their place.
    const forged = replaceOnce(signature, /<xades:SignedProperties Id="[^"]+"/, '<xades:SignedProperties Id="forged"');
    const moved = replaceOnce(
      forged,
      '</ds:Object>',
      `</ds:Object><ds:Object><xades:QualifyingProperties xmlns:xades="${XADES_NS}">${props}</xades:QualifyingProperties></ds:Object>`,
    );
    assert.equal(reasonOf(await verify(moved)), 'wrapping');
    // The same id twice: "#id" would name two elements.
    const twice = replaceOnce(
      signature,
      '<xades:SignedSignatureProperties>',
      `<xades:SignedSignatureProperties Id="${/Id="([^"]+-signed-properties)"/.exec(signature)![1]}">`,
    );
    assert.equal(reasonOf(await verify(twice)), 'wrapping');
    assert.equal(reasonOf(await verify(replaceOnce(signature, /URI="[0-9.]+\.xml"/, 'URI=""'))), 'wrapping');
    assert.equal(reasonOf(await verify(replaceOnce(signature, /URI="#([^"]+)"/, 'URI="#elsewhere"'))), 'wrapping');
    const third = /<ds:Reference Type[\s\S]*?<\/ds:Reference>/.exec(signature)![0];
    assert.equal(reasonOf(await verify(replaceOnce(signature, '</ds:SignedInfo>', `${third}</ds:SignedInfo>`))), 'wrapping');
    assert.equal(reasonOf(await verify(replaceOnce(signature, /Target="#[^"]+"/, 'Target="#other"'))), 'wrapping');
  });

  test('other algorithms, unsigned properties and hostile XML are refused', async () => {
    const sha1 = replaceOnce(
      signature,
      /(<ds:Reference Id[^>]*><ds:Transforms>[\s\S]*?<ds:DigestMethod Algorithm=")[^"]+/,
      '$1http://www.w3.org/2000/09/xmldsig#sha1',
    );
    assert.equal(reasonOf(await verify(sha1)), 'unsupported-algorithm');
    const xslt = replaceOnce(
      signature,
      /(<ds:Reference Id[^>]*><ds:Transforms>)/,
      '$1<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>',
    );
    assert.equal(reasonOf(await verify(xslt)), 'unsupported-algorithm');
    const unsigned = replaceOnce(signature, '</xades:SignedProperties>', '</xades:SignedProperties><xades:UnsignedProperties/>');
    assert.equal(reasonOf(await verify(unsigned)), 'malformed');
    const dtd = signature.replace('<ds:Signature', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ds:Signature');
    const started = Date.now();
    assert.equal(reasonOf(await verify(dtd)), 'malformed');
    assert.ok(Date.now() - started < 1000);
    assert.equal(reasonOf(await verify(cda)), 'missing-signature');
    // 50 MB and a billion laughs: refused by size or DTD before any parsing work.
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const laughs = `<!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${signature.replace(/^<\?xml[^>]*>\n/, '').replace('</ds:Signature>', '&b;</ds:Signature>')}`;
    for (const hostile of [huge, laughs]) {
      const t = Date.now();
      const result = await verify(hostile as string);
      assert.equal(reasonOf(result), 'malformed');
      assert.ok(Date.now() - t < 1000, `refused in ${Date.now() - t} ms`);
    }
    // Deeply nested content inside the signature document.
    assert.equal(
      reasonOf(await verify(replaceOnce(signature, '<ds:Object>', `<ds:Object>${'<x>'.repeat(100)}${'</x>'.repeat(100)}`))),
      'malformed',
    );
  });

  test('the signer refuses what it must not sign', () => {
    assert.throws(() => signProfessional(signEnveloped(cda, keyOf(f.certs.signing, f)), keyOf(f.certs.professional, f)), /signed already/);
    assert.throws(() => signProfessional(cda, { ...keyOf(f.certs.professional, f), privateKeyPem: otherCard.keyPem }), /does not belong/);
    assert.throws(() => signProfessional('<a/>', keyOf(f.certs.professional, f)), /ClinicalDocument/);
  });
});
