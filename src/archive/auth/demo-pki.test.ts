import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, issueSystemCertificate, loadPki, PKI_FILES } from '../../lib/pki/index.ts';
import { readDemoSigners } from '../demo/signed-demo.ts';
import { x509 } from '../../lib/pki/x509.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { ensureDemoPki } from './demo-pki.ts';

const DAY = 24 * 3600 * 1000;
const system: Identity = {
  userId: 'system-vaasa',
  name: 'Demo ATJ',
  role: 'system',
  organisationOid: '1.2.246.10.9990001.10.1',
  registerKeeperOid: '1.2.246.10.9990001.10.1',
  serviceTasks: ['*'],
  systemId: 'arkki-client',
};

async function crlNextUpdate(dir: string): Promise<number> {
  return new x509.X509Crl(await readFile(join(dir, PKI_FILES.intermediateCrl), 'utf8')).nextUpdate!.getTime();
}

describe('demo PKI', () => {
  it('is created once, and an old data directory gets fresh CRLs at start instead of refusing its own certificates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arkki-demo-pki-'));
    try {
      const first = await ensureDemoPki(dir, [system]);
      assert.equal(first.created, true);
      const issuedCrl = await crlNextUpdate(dir);

      const again = await ensureDemoPki(dir, [system]);
      assert.deepEqual([again.created, again.crlRenewed], [false, undefined]);
      assert.equal(await crlNextUpdate(dir), issuedCrl, 'a CRL with most of its validity left is kept');

      const later = new Date(Date.now() + 20 * DAY);
      const renewed = await ensureDemoPki(dir, [system], later);
      assert.deepEqual([renewed.created, renewed.crlRenewed], [false, true]);
      assert.ok((await crlNextUpdate(dir)) > later.getTime() + 15 * DAY, 'the new CRL is valid well past the start');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('issues a system signing certificate per demo system, and upgrades a PKI made before they existed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arkki-demo-pki-'));
    try {
      // An older arkki made only the TLS system certificate, which also signed the demo documents.
      const old = await createTestPki(dir, { name: 'arkki demo' });
      await issueSystemCertificate(old, { organisationOid: system.organisationOid, profile: 'connected', name: system.systemId });
      const upgraded = await ensureDemoPki(dir, [system]);
      assert.equal(upgraded.signingIssued, 1);
      const kinds = (await loadPki(dir)).index.issued.map((e) => e.kind).sort();
      assert.deepEqual(kinds, ['signing', 'system']);
      assert.equal((await ensureDemoPki(dir, [system])).signingIssued, undefined, 'issued once');
      const signer = (await readDemoSigners(dir)).get(system.organisationOid)!;
      const usage = new x509.X509Certificate(signer.certificatePem).getExtension(x509.KeyUsagesExtension)!.usages;
      assert.equal(usage, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
