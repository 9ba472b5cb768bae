// Independent check with Debian's xmlsec1 (libxmlsec1 + OpenSSL, no code shared with xml-crypto):
// our signatures verify there against the test PKI's root, and what we refuse it refuses too. The
// other direction matters for ingest: a signature xmlsec1 makes in our profile verifies with ours.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import { cdaDocument, cdaText, certificateBody, DECISION_TEXT, keyOf, replaceOnce } from '../../../test/support/xml-signature.ts';
import { signEnveloped } from './xml-signature.ts';
import { verifyEnveloped } from './verify-signature.ts';

const installed = spawnSync('xmlsec1', ['--version']).status === 0;
if (!installed) requireSystemDependency('xmlsec1');

interface Run {
  code: number;
  output: string;
}

function xmlsec1(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('xmlsec1', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('xmlsec1 --verify', { skip: !installed && 'xmlsec1 not installed' }, () => {
  const now = new Date();
  let f: PkiFixture;
  let dir: string;
  let rootPem: string;
  let intermediatePem: string;
  let signed: string;
  let n = 0;

  before(async () => {
    f = await createPkiFixture(now);
    dir = await mkdtemp(join(tmpdir(), 'arkki-xmlsec1-'));
    rootPem = join(dir, 'root-ca.pem');
    intermediatePem = join(dir, 'intermediate-ca.pem');
    await writeFile(rootPem, f.pki.root.toString('pem'));
    await writeFile(intermediatePem, f.pki.intermediate.toString('pem'));
    signed = signEnveloped(cdaDocument(), keyOf(f.certs.signing, f));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await f.cleanup();
  });

  /** `xmlsec1 --verify` trusting only our root; the intermediate is offered as untrusted, as in KeyInfo. */
  async function verifyWithXmlsec1(xml: string): Promise<Run> {
    const file = join(dir, `document-${++n}.xml`);
    await writeFile(file, xml);
    // --enabled-reference-uris empty: like our verifier, accept only Reference URI="".
    return xmlsec1(['--verify', '--enabled-reference-uris', 'empty', '--trusted-pem', rootPem, '--untrusted-pem', intermediatePem, file]);
  }

  test('our signature verifies with xmlsec1 against the test root', async () => {
    const run = await verifyWithXmlsec1(signed);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /^OK$/m);
    // Also with the intermediate only in KeyInfo.
    const file = join(dir, 'keyinfo-chain.xml');
    await writeFile(file, signed);
    const keyInfoOnly = await xmlsec1(['--verify', '--trusted-pem', rootPem, file]);
    assert.equal(keyInfoOnly.code, 0, keyInfoOnly.output);
  });

  test('a document changed after signing fails xmlsec1 (and ours)', async () => {
    const tampered = replaceOnce(signed, DECISION_TEXT, 'Myönnetään kotipalvelua 40 tuntia kuukaudessa.');
    const run = await verifyWithXmlsec1(tampered);
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /FAIL|fail/);
    assert.deepEqual(await verifyEnveloped(tampered, { trust: f.trust, now }).then((r) => r.ok || r.reason), 'digest-mismatch');
  });

  test('a changed SignedInfo or a swapped certificate fails xmlsec1', async () => {
    assert.notEqual((await verifyWithXmlsec1(replaceOnce(signed, '<ds:SignatureMethod', '\n<ds:SignatureMethod'))).code, 0);
    const swapped = replaceOnce(signed, certificateBody(f.certs.signing.certPem), certificateBody(f.certs.storingSigning.certPem));
    assert.notEqual((await verifyWithXmlsec1(swapped)).code, 0);
  });

  test('a certificate from a foreign CA or an expired one fails xmlsec1 too', async () => {
    const foreign = await verifyWithXmlsec1(signEnveloped(cdaDocument(), keyOf(f.certs.unknownCa)));
    assert.notEqual(foreign.code, 0, foreign.output);
    const expired = await verifyWithXmlsec1(signEnveloped(cdaDocument(), keyOf(f.certs.expired, f)));
    assert.notEqual(expired.code, 0, expired.output);
  });

  test('a signature xmlsec1 makes in our profile verifies with ours', async () => {
    // The template is our own signature with the computed values emptied; xmlsec1 fills them in.
    const template = signed
      .replace(/<ds:DigestValue>[^<]*<\/ds:DigestValue>/, '<ds:DigestValue/>')
      .replace(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, '<ds:SignatureValue/>')
      .replace(/<ds:X509Data>[\s\S]*<\/ds:X509Data>/, '<ds:X509Data><ds:X509Certificate/></ds:X509Data>');
    const files = {
      template: join(dir, 'template.xml'),
      key: join(dir, 'system.key.pem'),
      cert: join(dir, 'system.cert.pem'),
      out: join(dir, 'xmlsec1-signed.xml'),
    };
    await writeFile(files.template, template);
    await writeFile(files.key, f.certs.signing.keyPem, { mode: 0o600 });
    await writeFile(files.cert, f.certs.signing.certPem);
    const run = await xmlsec1([
      '--sign',
      '--privkey-pem',
      `${files.key},${files.cert},${intermediatePem}`,
      '--output',
      files.out,
      files.template,
    ]);
    assert.equal(run.code, 0, run.output);
    const theirs = await readFile(files.out, 'utf8');
    assert.notEqual(theirs, signed, 'xmlsec1 wraps base64 differently, so the bytes differ');

    const result = await verifyEnveloped(theirs, { trust: f.trust, now, registerKeeperOf: f.registerKeeperOf });
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.detail}`);
    assert.equal(result.signer.systemName, 'Pohjanmaan ATJ');
    assert.equal(cdaText(result.signedDocument, 'text'), DECISION_TEXT);
  });
});
