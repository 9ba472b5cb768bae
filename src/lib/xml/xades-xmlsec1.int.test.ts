// Independent check of the professional e-signature with Debian's xmlsec1 (libxmlsec1 + OpenSSL): the
// core signature (SignatureValue and both References, the detached content read from the file beside
// the signature) verifies against the test root, tampering fails there too, and a signature xmlsec1
// computes from our template verifies with ours. xmlsec1 does not know XAdES semantics (signing
// certificate, signing time); those checks are ours alone (xades.test.ts).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import { cdaDocument, DECISION_TEXT, keyOf, replaceOnce } from '../../../test/support/xml-signature.ts';
import { XADES_NS } from './xades.ts';
import { signProfessional } from './xades-sign.ts';
import { verifyProfessionalSignature } from './xades-verify.ts';
import { verifyEnveloped } from './verify-signature.ts';
import { signEnveloped } from './xml-signature.ts';

const installed = spawnSync('xmlsec1', ['--version']).status === 0;
if (!installed) requireSystemDependency('xmlsec1');

interface Run {
  code: number;
  output: string;
}

const CONTENT_FILE = '1.2.246.10.9990001.10.1.2024.1.xml';

describe('professional e-signature and xmlsec1 --verify', { skip: !installed && 'xmlsec1 not installed' }, () => {
  const now = new Date();
  let f: PkiFixture;
  let dir: string;
  let cda: string;
  let signature: string;
  let n = 0;

  function xmlsec1(args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      // cwd: xmlsec1 opens the relative content URI from the working directory.
      execFile('xmlsec1', args, { timeout: 30_000, cwd: dir }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
      });
    });
  }

  /**
   * xmlsec1 trusting only our root. "remote" is xmlsec1's name for any URI without file:// (our
   * relative content file name); the SignedProperties Id must be declared an ID attribute.
   */
  async function verifyWithXmlsec1(signatureXml: string, content: string): Promise<Run> {
    const file = join(dir, `signature-${++n}.xml`);
    await writeFile(file, signatureXml);
    await writeFile(join(dir, CONTENT_FILE), content);
    return xmlsec1([
      '--verify',
      '--enabled-reference-uris',
      'same-doc,remote',
      '--id-attr:Id',
      `${XADES_NS}:SignedProperties`,
      '--trusted-pem',
      join(dir, 'root-ca.pem'),
      file,
    ]);
  }

  before(async () => {
    f = await createPkiFixture(now);
    dir = await mkdtemp(join(tmpdir(), 'arkki-xades-'));
    await writeFile(join(dir, 'root-ca.pem'), f.pki.root.toString('pem'));
    cda = cdaDocument();
    signature = signProfessional(cda, keyOf(f.certs.professional, f));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await f.cleanup();
  });

  test('our XAdES signature verifies with xmlsec1: signature value and both references', async () => {
    const run = await verifyWithXmlsec1(signature, cda);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /^OK$/m);
    assert.match(run.output, /SignedInfo References \(ok\/all\): 2\/2/);
  });

  test('xmlsec1 verifies it over the content the system signature covers', async () => {
    const system = await verifyEnveloped(signEnveloped(cda, keyOf(f.certs.signing, f)), { trust: f.trust, now });
    assert.ok(system.ok);
    const run = await verifyWithXmlsec1(signature, system.signedXml);
    assert.equal(run.code, 0, run.output);
  });

  test('a changed decision or changed signed properties fail xmlsec1 as they fail ours', async () => {
    const changed = replaceOnce(cda, DECISION_TEXT, 'Myönnetään kotipalvelua 40 tuntia kuukaudessa.');
    assert.notEqual((await verifyWithXmlsec1(signature, changed)).code, 0);
    const props = replaceOnce(signature, '#ProofOfApproval', '#ProofOfOrigin');
    assert.notEqual((await verifyWithXmlsec1(props, cda)).code, 0);
    const ours = await verifyProfessionalSignature(props, cda, { trust: f.trust, now });
    assert.equal(ours.ok || ours.reason, 'digest-mismatch');
  });

  test('canonical forms agree with xmlsec1 on awkward content: xsi:type, entities, CR, comments, CDATA, attribute order', async () => {
    const awkward = cda
      .replace(
        '<title>Päätös kotipalvelusta</title>',
        '<title>Päätös &amp; perustelut &lt;A&gt; "lainaus" \u00e5\r\nrivi</title><!-- kommentti -->',
      )
      .replace('<languageCode code="fi"/>', '<languageCode code="fi" xmlns:h="urn:x-h" h:b="2" nullFlavor="NI"/>')
      .replace('<text>', '<text><![CDATA[ 1 < 2 ]]><value xsi:type="PQ" unit="h" value="12"/>')
      .replace('<setId', '<sdtc:raceCode xmlns:sdtc="urn:hl7-org:sdtc" code="x"/><setId');
    assert.notEqual(awkward, cda);
    const sig = signProfessional(awkward, keyOf(f.certs.professional, f));
    const run = await verifyWithXmlsec1(sig, awkward);
    assert.equal(run.code, 0, run.output);
    const ours = await verifyProfessionalSignature(sig, awkward, { trust: f.trust, now });
    assert.ok(ours.ok);
  });

  test('a signature xmlsec1 computes from our template verifies with ours', async () => {
    // The template is our own signature with the computed values emptied; xmlsec1 fills them in.
    const template = signature
      .replace(/<ds:DigestValue>[^<]*<\/ds:DigestValue><\/ds:Reference>/g, '<ds:DigestValue/></ds:Reference>')
      .replace(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, '<ds:SignatureValue/>')
      .replace(/<ds:X509Data>[\s\S]*<\/ds:X509Data>/, '<ds:X509Data><ds:X509Certificate/></ds:X509Data>');
    assert.equal(template.match(/<ds:DigestValue\/>/g)?.length, 2);
    const files = {
      template: join(dir, 'template.xml'),
      key: join(dir, 'card.key.pem'),
      cert: join(dir, 'card.cert.pem'),
      chain: join(dir, 'intermediate.pem'),
      out: join(dir, 'xmlsec1-signed.xml'),
    };
    await writeFile(files.template, template);
    await writeFile(join(dir, CONTENT_FILE), cda);
    await writeFile(files.key, f.certs.professional.keyPem, { mode: 0o600 });
    await writeFile(files.cert, f.certs.professional.certPem);
    await writeFile(files.chain, f.pki.intermediate.toString('pem'));
    const run = await xmlsec1([
      '--sign',
      '--enabled-reference-uris',
      'same-doc,remote',
      '--id-attr:Id',
      `${XADES_NS}:SignedProperties`,
      '--privkey-pem',
      `${files.key},${files.cert},${files.chain}`,
      '--output',
      files.out,
      files.template,
    ]);
    assert.equal(run.code, 0, run.output);
    const theirs = await readFile(files.out, 'utf8');
    assert.notEqual(theirs, signature, 'xmlsec1 writes base64 differently');
    const result = await verifyProfessionalSignature(theirs, cda, { trust: f.trust, now });
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.detail}`);
    assert.equal(result.signer.professionalId, 'DEMO-1001');
  });
});
