// Hostile signed documents: signature wrapping in its known forms, comment injection, algorithms
// outside the profile (SHA-1, HMAC, inclusive and with-comments c14n, XPath) and DTDs. Each is refused
// with its reason, or — where the document is legitimately valid — the returned document holds only
// what the signature covers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaDocument, cdaText, CLIENT_HETU, DECISION_TEXT, keyOf, replaceOnce, signatureXml } from '../../../test/support/xml-signature.ts';
import { SIGNATURE_ALGORITHMS as ALG, signEnveloped } from './xml-signature.ts';
import { verifyEnveloped, type SignatureRefusalReason } from './verify-signature.ts';

const now = new Date();
let f: PkiFixture;
let signed: string;
before(async () => {
  f = await createPkiFixture(now);
  signed = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
});
after(() => f.cleanup());

const FORGED_HETU = '020516C903K';
const withoutDeclaration = (xml: string) => xml.replace(/^<\?xml[^>]*\?>\s*/, '');

async function refused(xml: string, reason: SignatureRefusalReason): Promise<string> {
  const result = await verifyEnveloped(xml, { trust: f.trust, now });
  assert.equal(result.ok, false, 'expected a refusal');
  if (result.ok) return '';
  assert.equal(result.reason, reason, result.detail);
  return result.detail;
}

/** A signature made by xml-crypto with free choices, as an attacker or a careless signer would. */
function signFreely(xml: string, o: { signature?: string; digest?: string; c14n?: string; transforms?: string[]; xpath?: string }): string {
  const signer = new SignedXml({
    privateKey: f.certs.signing.keyPem,
    publicCert: f.certs.signing.certPem,
    signatureAlgorithm: o.signature ?? ALG.signature,
    canonicalizationAlgorithm: o.c14n ?? ALG.canonicalization,
  });
  signer.addReference({
    xpath: o.xpath ?? '/*',
    transforms: o.transforms ?? [ALG.envelopedTransform, ALG.canonicalization],
    digestAlgorithm: o.digest ?? ALG.digest,
    isEmptyUri: o.xpath === undefined,
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return signer.getSignedXml();
}

describe('signature wrapping', () => {
  test('(a) the signed original inside a wrapper under a forged document element → wrapping', async () => {
    const forgedHeader = cdaDocument()
      .replace(CLIENT_HETU, FORGED_HETU)
      .replace(/<\/ClinicalDocument>\s*$/, '');
    const attack = `${forgedHeader}<component><wrapper>${withoutDeclaration(signed)}</wrapper></component></ClinicalDocument>`;
    assert.match(await refused(attack, 'wrapping'), /direct child of the document element/);
  });

  test('(a) the signature kept at a forged root, the original moved into a wrapper → digest-mismatch', async () => {
    const original = withoutDeclaration(signed.replace(signatureXml(signed), ''));
    const forged = cdaDocument()
      .replace(CLIENT_HETU, FORGED_HETU)
      .replace(/<\/ClinicalDocument>\s*$/, '');
    const attack = `${forged}<component><wrapper>${original}</wrapper></component>${signatureXml(signed)}</ClinicalDocument>`;
    await refused(attack, 'digest-mismatch');
  });

  test('(a) the original hidden in ds:Object or KeyInfo of the signature → refused', async () => {
    const original = withoutDeclaration(signed.replace(signatureXml(signed), ''));
    const forged = signed.replace(CLIENT_HETU, FORGED_HETU);
    await refused(replaceOnce(forged, '</ds:KeyInfo>', `</ds:KeyInfo><ds:Object>${original}</ds:Object>`), 'wrapping');
    await refused(replaceOnce(forged, '</ds:X509Data>', `</ds:X509Data>${original}`), 'malformed');
  });

  test('(b) a Reference to #id covering a hidden part while the visible content is forged → wrapping', async () => {
    // Signed: only <section ID="paatos">. xml-crypto alone accepts the forged client, which is the attack.
    const partSigned = signFreely(cdaDocument(), { xpath: "//*[@ID='paatos']", transforms: [ALG.canonicalization] });
    assert.match(partSigned, /<ds:Reference URI="#paatos">/);
    const forged = replaceOnce(partSigned, `extension="${CLIENT_HETU}"`, `extension="${FORGED_HETU}"`);
    const lax = new SignedXml({ publicCert: f.certs.signing.certPem, getCertFromKeyInfo: () => null });
    const signatureNode = lax.findSignatures(new DOMParser().parseFromString(forged, 'application/xml') as never)[0]!;
    lax.loadSignature(signatureNode);
    assert.equal(lax.checkSignature(forged), true, 'a lax verifier accepts the forged document');

    assert.match(await refused(forged, 'wrapping'), /URI="#paatos"/);
    assert.match(await refused(partSigned, 'wrapping'), /the whole document/);
  });

  test('(c) two signatures, side by side or one hidden deeper → multiple-signatures', async () => {
    const copy = signatureXml(signed);
    await refused(replaceOnce(signed, '</ClinicalDocument>', `${copy}</ClinicalDocument>`), 'multiple-signatures');
    const other = signatureXml(signEnveloped(cdaDocument('Toinen'), keyOf(f.certs.storingSigning, f)));
    await refused(replaceOnce(signed, `<text>${DECISION_TEXT}</text>`, `<text>${DECISION_TEXT}${other}</text>`), 'multiple-signatures');
  });

  test('(c) a second Reference in the one signature → wrapping', async () => {
    const reference = /<ds:Reference[\s\S]*<\/ds:Reference>/.exec(signed)![0];
    await refused(replaceOnce(signed, reference, reference + reference.replace('URI=""', 'URI="#paatos"')), 'wrapping');
  });

  test('(d) a comment injected into text verifies, but cannot split what the caller reads', async () => {
    // Comments are outside exclusive c14n, so the signature stays valid; a reader taking the first text
    // node of the input would see "Myönnetään kotipalvelua" and miss the rest. The returned document
    // has the signed text as one node.
    const injected = replaceOnce(
      signed,
      DECISION_TEXT,
      'Myönnetään kotipalvelua<!---->' + DECISION_TEXT.slice('Myönnetään kotipalvelua'.length),
    );
    const result = await verifyEnveloped(injected, { trust: f.trust, now });
    assert.ok(result.ok, result.ok ? '' : result.detail);
    const text = result.signedDocument.getElementsByTagNameNS('urn:hl7-org:v3', 'text').item(0)!;
    assert.equal(text.childNodes.length, 1);
    assert.equal(text.firstChild!.nodeValue, DECISION_TEXT);
    assert.ok(!result.signedXml.includes('<!--'));
  });

  test('(d) "a<!---->b" is the signed "ab", and a comment cannot turn signed "ab" into "a"', async () => {
    const ab = signEnveloped(cdaDocument('ab'), keyOf(f.certs.signing, f));
    const result = await verifyEnveloped(replaceOnce(ab, '<text>ab</text>', '<text>a<!---->b</text>'), { trust: f.trust, now });
    assert.ok(result.ok, result.ok ? '' : result.detail);
    assert.equal(cdaText(result.signedDocument, 'text'), 'ab');
    assert.equal(result.signedDocument.getElementsByTagNameNS('urn:hl7-org:v3', 'text').item(0)!.firstChild!.nodeValue, 'ab');
    // Commenting text out is a change of content, not of representation.
    await refused(replaceOnce(ab, '<text>ab</text>', '<text>a<!--b--></text>'), 'digest-mismatch');
  });
});

describe('algorithms outside the profile', () => {
  test('SHA-1 signature or digest → unsupported-algorithm', async () => {
    const sha1 = signFreely(cdaDocument(), {
      signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      digest: 'http://www.w3.org/2000/09/xmldsig#sha1',
    });
    assert.match(await refused(sha1, 'unsupported-algorithm'), /SHA-1/);
    assert.match(
      await refused(signFreely(cdaDocument(), { digest: 'http://www.w3.org/2000/09/xmldsig#sha1' }), 'unsupported-algorithm'),
      /digest method/,
    );
  });

  test('HMAC (key confusion), inclusive or with-comments c14n, XPath transform → unsupported-algorithm', async () => {
    await refused(replaceOnce(signed, ALG.signature, 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256'), 'unsupported-algorithm');
    await refused(signFreely(cdaDocument(), { c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' }), 'unsupported-algorithm');
    const withComments = signFreely(cdaDocument(), {
      transforms: [ALG.envelopedTransform, 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments'],
    });
    await refused(withComments, 'unsupported-algorithm');
    const xpathTransform = replaceOnce(
      signed,
      `<ds:Transform Algorithm="${ALG.canonicalization}"/>`,
      '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::*)</ds:XPath></ds:Transform>',
    );
    await refused(xpathTransform, 'unsupported-algorithm');
    const prefixList = replaceOnce(
      signed,
      `<ds:Transform Algorithm="${ALG.canonicalization}"/>`,
      `<ds:Transform Algorithm="${ALG.canonicalization}"><ec:InclusiveNamespaces xmlns:ec="${ALG.canonicalization}" PrefixList="xsi"/></ds:Transform>`,
    );
    await refused(prefixList, 'unsupported-algorithm');
  });

  test('transforms in another order or missing → malformed', async () => {
    await refused(signFreely(cdaDocument(), { transforms: [ALG.canonicalization, ALG.envelopedTransform] }), 'malformed');
    await refused(replaceOnce(signed, `<ds:Transform Algorithm="${ALG.envelopedTransform}"/>`, ''), 'malformed');
  });
});

describe('parser before signature', () => {
  test('a DTD with an external entity in a signed document → malformed, refused by the parser', async () => {
    const xxe = replaceOnce(
      signed,
      '<ClinicalDocument',
      '<!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<ClinicalDocument',
    );
    assert.match(await refused(xxe, 'malformed'), /refused before signature checking.*DTD/);
  });

  test('billion laughs and processing instructions → malformed, quickly', async () => {
    const laughs = replaceOnce(
      signed,
      '<ClinicalDocument',
      `<!DOCTYPE c [<!ENTITY a "${'x'.repeat(10)}">${Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY a${i + 1} "${`&a${i === 0 ? '' : i};`.repeat(10)}">`,
      ).join('')}]>\n<ClinicalDocument`,
    ).replace(DECISION_TEXT, '&a9;');
    const started = performance.now();
    await refused(laughs, 'malformed');
    assert.ok(performance.now() - started < 1000);
    await refused(replaceOnce(signed, '<ClinicalDocument', '<?xml-stylesheet href="x.xsl"?><ClinicalDocument'), 'malformed');
  });

  test('not XML at all → malformed', async () => {
    await refused('', 'malformed');
    await refused(signed.slice(0, signed.length / 2), 'malformed');
  });
});
