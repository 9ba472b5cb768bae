import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PKI_FILES } from '../../lib/pki/index.ts';
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
});
