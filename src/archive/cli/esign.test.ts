// `arkki esign sign` and `arkki esign verify` as an operator runs them: files in, a signature document
// out, OK with the signer on success, exit code 1 with the reason on refusal.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaDocument, DECISION_TEXT, keyOf, replaceOnce } from '../../../test/support/xml-signature.ts';
import { signEnveloped } from '../../lib/xml/xml-signature.ts';

const root = new URL('../../..', import.meta.url).pathname;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'esign', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => {
    stdout += d;
  });
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => proc.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

describe('arkki esign', () => {
  let f: PkiFixture;
  let dir: string;
  const file = (name: string) => join(dir, name);

  before(async () => {
    f = await createPkiFixture();
    dir = await mkdtemp(join(tmpdir(), 'arkki-esign-'));
    await writeFile(file('decision.xml'), cdaDocument());
    await writeFile(file('card.cert.pem'), f.certs.professional.certPem);
    await writeFile(file('card.key.pem'), f.certs.professional.keyPem, { mode: 0o600 });
    await writeFile(file('intermediate.pem'), f.pki.intermediate.toString('pem'));
    await writeFile(file('system-signed.xml'), signEnveloped(cdaDocument(), keyOf(f.certs.signing, f)));
    await writeFile(file('changed.xml'), replaceOnce(cdaDocument(), DECISION_TEXT, 'Hylätään hakemus.'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await f.cleanup();
  });

  it('signs a decision with a card and verifies it, also over the system-signed CDA', async () => {
    const signed = await cli(
      'sign',
      '--cda',
      file('decision.xml'),
      '--cert',
      file('card.cert.pem'),
      '--key',
      file('card.key.pem'),
      '--chain',
      file('intermediate.pem'),
      '--out',
      file('decision.xades.xml'),
    );
    assert.equal(signed.code, 0, signed.stderr);
    const verified = await cli(
      'verify',
      '--signature',
      file('decision.xades.xml'),
      '--cda',
      file('decision.xml'),
      '--pki',
      f.dir,
      '--professional-id',
      'DEMO-1001',
    );
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /^OK\nprofessional Sanna Sosiaalityöntekijä \(DEMO-1001\)/);
    assert.match(verified.stdout, /proof-of-approval/);
    const both = await cli('verify', '--signature', file('decision.xades.xml'), '--cda', file('system-signed.xml'), '--pki', f.dir);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stdout, /system Pohjanmaan ATJ/);
  });

  it('refuses a changed decision, another signer and bad options with the reason', async () => {
    const changed = await cli('verify', '--signature', file('decision.xades.xml'), '--cda', file('changed.xml'), '--pki', f.dir);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /refused \(digest-mismatch\)/);
    const other = await cli(
      'verify',
      '--signature',
      file('decision.xades.xml'),
      '--cda',
      file('decision.xml'),
      '--pki',
      f.dir,
      '--professional-id',
      'DEMO-9999',
    );
    assert.match(other.stderr, /wrong-signer/);
    const bad = await cli(
      'sign',
      '--cda',
      file('decision.xml'),
      '--cert',
      file('card.cert.pem'),
      '--key',
      file('card.key.pem'),
      '--commitment',
      'maybe',
      '--out',
      file('x.xml'),
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--commitment must be one of/);
  });
});
