// The prepared signer (createSigner, and signEnveloped through it) writes the same ds:Signature as
// xml-crypto — so the same digest over the same canonical form, the same SignedInfo and value — for every
// national structure's sample CDA and for a phase I CDA with a PDF body, and leaves the input text as it was
// (xml-crypto re-serialised it: `&quot;` in text became `"`, the same content in other bytes). Where its
// splice cannot be placed safely it falls back to xml-crypto; what it signs verifies.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { generateCda } from '../cda/cda-header.ts';
import { sampleMetadata } from '../render/test-metadata.ts';
import { loadStructureRegistry } from '../structures/registry.ts';
import { sampleContent } from '../structures/sample-content.ts';
import { repositoryCodeSets } from '../structures/test-code-sets.ts';
import { ArkkiError } from '../errors.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaDocument, keyOf, signatureXml } from '../../../test/support/xml-signature.ts';
import { verifyEnveloped } from './verify-signature.ts';
import { createSigner, signEnveloped, signEnvelopedWithXmlCrypto } from './xml-signature.ts';

let f: PkiFixture;
before(async () => {
  f = await createPkiFixture();
});
after(() => f.cleanup());

const codeSets = repositoryCodeSets();

/** The signed text is the input (trailing whitespace dropped) with the signature before the root's end tag. */
function splicedInto(signed: string, input: string): void {
  const signature = signatureXml(signed);
  sameText(signed.replace(signature, ''), input.trimEnd(), 'the input around the signature');
}

/** Equal texts, or a failure that shows where they part (a signed CDA is ~35 KB: too long for a diff). */
function sameText(actual: string, expected: string, label: string): void {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  assert.fail(
    `${label}: differs at ${i} of ${actual.length}/${expected.length}: ${JSON.stringify(actual.slice(i - 60, i + 60))} vs ${JSON.stringify(expected.slice(i - 60, i + 60))}`,
  );
}

describe('createSigner', () => {
  test('writes xml-crypto’s signature into the sample CDA of every national structure, and it verifies', async () => {
    const registry = await loadStructureRegistry();
    const key = keyOf(f.certs.signing, f);
    const signer = createSigner(key);
    const definitions = registry.all();
    assert.ok(definitions.length >= 200, `expected the full structure set, got ${definitions.length}`);
    for (const d of definitions) {
      const content = sampleContent(d, { seed: 7, codeSets });
      const metadata = sampleMetadata({ documentType: d.code, title: `${d.name.fi} – <&> "åäö"`, format: 'structured' });
      const xml = generateCda(metadata, { kind: 'structured', content, definition: d }, { codeSets, structureOid: d.oid });
      const signed = signer.sign(xml);
      sameText(signatureXml(signed), signatureXml(signEnvelopedWithXmlCrypto(xml, key)), d.oid);
      splicedInto(signed, xml);
      const verified = await verifyEnveloped(signed, { trust: f.trust, now: new Date() });
      assert.ok(verified.ok, verified.ok ? '' : `${d.oid}: ${verified.detail}`);
    }
  });

  test('gives the same bytes as xml-crypto for a phase I CDA with a PDF body, and it verifies', async () => {
    const key = keyOf(f.certs.signing, f);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(24 * 1024)]);
    const xml = generateCda(sampleMetadata({ format: 'cda' }), { kind: 'pdf', data: pdf }, { codeSets });
    const signed = createSigner(key).sign(xml);
    sameText(signed, signEnvelopedWithXmlCrypto(xml, key), 'phase I');
    const verified = await verifyEnveloped(signed, { trust: f.trust, now: new Date() });
    assert.ok(verified.ok, verified.ok ? '' : verified.detail);
  });

  test('inputs the splice does not take (a comment after the end tag naming it, a self-closed root, CRLF) still sign and verify', async () => {
    const key = keyOf(f.certs.signing, f);
    const signer = createSigner(key);
    const inputs = [
      `${cdaDocument().trimEnd()}\n<!-- </ClinicalDocument> -->\n`,
      '<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>',
      cdaDocument().replaceAll('\n', '\r\n'),
      cdaDocument().replace('<title>', '<title a=\'1\'  b = "&#x9;x">').replace('Päätös kotipalvelusta', 'a &gt; b &amp; c'),
    ];
    for (const xml of inputs) {
      const signed = signer.sign(xml);
      const verified = await verifyEnveloped(signed, { trust: f.trust, now: new Date() });
      assert.ok(verified.ok, verified.ok ? '' : `${verified.detail}\n${xml}`);
      // Same signed content as xml-crypto's, whether or not the text around it was kept as given.
      const reference = await verifyEnveloped(signEnvelopedWithXmlCrypto(xml, key), { trust: f.trust, now: new Date() });
      assert.ok(reference.ok);
      assert.equal(verified.signedXml, reference.signedXml);
    }
  });

  test('reads the key once: a bad key is refused by createSigner, bad input by sign', () => {
    assert.throws(() => createSigner({ ...keyOf(f.certs.signing), privateKeyPem: f.certs.storingSigning.keyPem }), ArkkiError);
    const signer = createSigner(keyOf(f.certs.signing, f));
    assert.throws(
      () => signer.sign('<a><b></a>'),
      (e: unknown) => e instanceof ArkkiError && e.issues[0]?.rule === 'malformed',
    );
    const key = keyOf(f.certs.signing, f);
    assert.throws(
      () => signer.sign(signEnveloped(cdaDocument(), key)),
      (e: unknown) => e instanceof ArkkiError && e.issues[0]?.rule === 'already-signed',
    );
  });

  test('signEnveloped prepares a key object once: the client queue, the migration and the demo seed pass one key object for every document', () => {
    const key = keyOf(f.certs.signing, f);
    const first = signEnveloped(cdaDocument(), key);
    // A key object is treated as immutable: what was read the first time is used, the text is not read again.
    const again = signEnveloped(cdaDocument(), { ...key });
    (key as { privateKeyPem: string }).privateKeyPem = 'not read again';
    assert.equal(signEnveloped(cdaDocument(), key), first);
    assert.equal(again, first);
  });
});
