import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NOW, clientDocument } from '../../../test/support/archive-fixtures.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { signedCda } from '../../../test/support/signed-cda.ts';
import { repositoryCodeSets } from '../../lib/structures/test-code-sets.ts';
import { CdaVerifyPool } from './cda-verify-pool.ts';
import { verifyCdaBytes } from './cda-verify.ts';

// The verification workers answer exactly what in-process verification answers, in input order, for good
// and refused documents alike, and a revocation published as new trust reaches them.

describe('CDA verification worker pool', () => {
  let pki: PkiFixture;
  const pool = new CdaVerifyPool(2);
  before(async () => {
    pki = await createPkiFixture(NOW);
  });
  after(async () => {
    await pool.close();
    await pki.cleanup();
  });

  test('same results as in-process verification, in order', async () => {
    const codeSets = repositoryCodeSets();
    const good = Buffer.from(signedCda(pki, clientDocument('1.2.246.10.9990001.98.3.1'), codeSets));
    const tampered = Buffer.from(good.toString('utf8').replace('<title>', '<title>X'));
    const revoked = Buffer.from(signedCda(pki, clientDocument('1.2.246.10.9990001.98.3.1'), codeSets, { cert: pki.certs.revoked }));
    const documents = [good, tampered, revoked, Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x/>'), good];
    const inWorkers = await pool.verify(documents, pki.trust, NOW);
    const here = await Promise.all(documents.map((d) => verifyCdaBytes(d, pki.trust, NOW)));
    assert.deepEqual(inWorkers, JSON.parse(JSON.stringify(here)));
    assert.deepEqual(
      inWorkers.map((r) => (r.ok ? `ok ${r.header?.metadata.title}` : r.issues[0]!.rule)),
      ['ok Kasvatus- ja perheneuvonnan yhteenveto', 'digest-mismatch', 'revoked', 'doctype', 'ok Kasvatus- ja perheneuvonnan yhteenveto'],
    );
  });
});
