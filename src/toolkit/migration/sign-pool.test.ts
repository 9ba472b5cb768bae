import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../lib/codes/code-set-files.ts';
import { CodeSets } from '../../lib/codes/code-sets.ts';
import { verifyEnveloped } from '../../lib/xml/verify-signature.ts';
import { sampleMetadata } from '../../lib/render/test-metadata.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { inProcessSigner, SignPool } from './sign-pool.ts';

// The run's resend safety rests on signing being deterministic: the worker pool must give exactly the
// bytes the main thread would (same CDA, same signature), in the order of the input, split or not.

describe('migration signing pool', () => {
  let pki: PkiFixture;
  let pool: SignPool;
  before(async () => {
    pki = await createPkiFixture();
  });
  after(async () => {
    await pool?.close();
    await pki?.cleanup();
  });

  it('gives the same signed DocumentReferences as signing in the main thread, in input order', async () => {
    const key = { privateKeyPem: pki.certs.signing.keyPem, certificatePem: pki.certs.signing.certPem };
    const codeSets = CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR));
    const items = Array.from({ length: 20 }, (_, i) => ({
      metadata: sampleMetadata({
        documentId: `1.2.246.10.9990001.98.1.${500 + i}`,
        setId: `1.2.246.10.9990001.98.2.${500 + i}`,
        format: 'cda',
      }),
      pdf: Buffer.from(`%PDF-1.7\n${'x'.repeat(100 + i)}\n%%EOF\n`),
    }));
    pool = new SignPool(2, key, DEFAULT_CODES_DIR);
    const fromPool = await pool.sign(items);
    const inProcess = await inProcessSigner(codeSets, key)(items);
    assert.equal(fromPool.length, items.length);
    assert.deepEqual(fromPool, inProcess);
    const cda = Buffer.from(fromPool[7]!.content[0]!.attachment.data!, 'base64').toString('utf8');
    assert.match(cda, /1\.2\.246\.10\.9990001\.98\.1\.507/);
    const verified = await verifyEnveloped(cda, { trust: pki.trust, now: new Date() });
    assert.ok(verified.ok, verified.ok ? '' : `${verified.reason}: ${verified.detail}`);
  });
});
