import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { crlPem, revoke, writeCrl } from './crl.ts';
import { PKI_FILES } from './pki-store.ts';
import { loadTrust } from './trust.ts';
import { verifyChain, type ChainFailureReason } from './verify-chain.ts';
import { x509 } from './x509.ts';

// Path validation against our root and CRLs (RFC 5280 §6, the parts a closed national PKI needs).

describe('verifyChain', () => {
  let f: PkiFixture;
  const now = new Date();
  before(async () => {
    f = await createPkiFixture(now);
  });
  after(() => f.cleanup());

  const rows: Array<[string, keyof PkiFixture['certs'], true | ChainFailureReason]> = [
    ['a valid system certificate', 'system', true],
    ['a valid card certificate', 'professional', true],
    ['an expired certificate', 'expired', 'expired'],
    ['a certificate not valid yet', 'notYetValid', 'not-yet-valid'],
    ['a revoked certificate', 'revoked', 'revoked'],
    ['a certificate from a foreign CA with the same CA names', 'unknownCa', 'unknown-issuer'],
  ];
  for (const [what, cert, expected] of rows) {
    it(`${what} → ${expected === true ? 'ok' : expected}`, async () => {
      const result = await verifyChain(f.certs[cert].certificate, f.trust, now);
      if (expected === true) assert.ok(result.ok, JSON.stringify(result));
      else assert.equal(result.ok ? 'ok' : result.reason, expected);
    });
  }

  it('a path ends at the root: the leaf, our intermediate, our root', async () => {
    const result = await verifyChain(f.certs.system.certificate, f.trust, now);
    assert.ok(result.ok);
    assert.deepEqual(
      result.path.map((c) => c.subject),
      [f.certs.system.subject, f.pki.intermediate.subject, f.pki.root.subject],
    );
  });

  it('a foreign intermediate the peer presents does not make its leaf trusted', async () => {
    const foreignIntermediate = new x509.X509Certificate(
      await readFile(join(f.dir, '..', 'foreign-pki', PKI_FILES.intermediateCert), 'utf8'),
    );
    const result = await verifyChain(f.certs.unknownCa.certificate, f.trust, now, [foreignIntermediate]);
    assert.equal(result.ok ? 'ok' : result.reason, 'unknown-issuer');
  });

  it('fails closed without a CRL from the issuer, and once the CRL is past its nextUpdate', async () => {
    const noCrl = { ...f.trust, crls: f.trust.crls.filter((c) => c.issuer !== f.pki.intermediate.subject) };
    const missing = await verifyChain(f.certs.system.certificate, noCrl, now);
    assert.equal(missing.ok ? 'ok' : missing.reason, 'revocation-unknown');
    const later = new Date(now.getTime() + 31 * 24 * 60 * 60 * 1000);
    const stale = await verifyChain(f.certs.system.certificate, f.trust, later);
    assert.equal(stale.ok ? 'ok' : stale.reason, 'revocation-unknown');
  });

  it('ignores a CRL that our CA did not sign', async () => {
    const foreignCrl = new x509.X509Crl(await readFile(join(f.dir, '..', 'foreign-pki', PKI_FILES.intermediateCrl), 'utf8'));
    const result = await verifyChain(f.certs.system.certificate, { ...f.trust, crls: [f.trust.crls[0]!, foreignCrl] }, now);
    assert.equal(result.ok ? 'ok' : result.reason, 'revocation-unknown');
  });
});

describe('revoke and writeCrl', () => {
  let f: PkiFixture;
  before(async () => {
    f = await createPkiFixture();
  });
  after(() => f.cleanup());

  it('revocation takes effect once the new CRL is loaded; CRL numbers increase', async () => {
    const before = new x509.X509Crl(await readFile(join(f.dir, PKI_FILES.intermediateCrl), 'utf8'));
    assert.ok(await verifyChain(f.certs.storingSystem.certificate, f.trust, new Date()).then((r) => r.ok));
    await revoke(f.pki, f.certs.storingSystem.serial.toUpperCase());
    const trust = await loadTrust(f.dir);
    const result = await verifyChain(f.certs.storingSystem.certificate, trust, new Date());
    assert.equal(result.ok ? 'ok' : result.reason, 'revoked');
    const crl = trust.crls.find((c) => c.issuer === f.pki.intermediate.subject)!;
    assert.ok(await crl.verify({ publicKey: f.pki.intermediate.publicKey }));
    assert.deepEqual(crl.entries.map((e) => e.serialNumber).sort(), [f.certs.revoked.serial, f.certs.storingSystem.serial].sort());
    // CRL number extension value: DER INTEGER (tag, length, big-endian bytes).
    const number = (c: x509.X509Crl) => {
      const der = Buffer.from(c.getExtension('2.5.29.20')!.value);
      return der.readUIntBE(2, der[1]!);
    };
    assert.ok(number(crl) > number(before));
  });

  it('writes PEM with the X509 CRL label that OpenSSL expects', async () => {
    const { intermediate } = await writeCrl(f.pki);
    assert.match(crlPem(intermediate), /^-----BEGIN X509 CRL-----/);
    assert.match(await readFile(join(f.dir, PKI_FILES.intermediateCrl), 'utf8'), /^-----BEGIN X509 CRL-----/);
  });

  it('refuses to revoke a serial it never issued', async () => {
    await assert.rejects(revoke(f.pki, 'deadbeef'), /no certificate with serial deadbeef/);
  });
});
