import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueCitizenCertificate, loadTrust, revoke } from '../../../lib/pki/index.ts';
import { createPkiFixture, type PkiFixture } from '../../../../test/support/pki.ts';
import { CITIZEN_VIEW_OID, citizenFromCertificate } from './citizen-identity.ts';

// Citizen sign-in by a citizen test certificate: real certificates from a test PKI generated for the run.

describe('citizen certificate → citizen', () => {
  let fx: PkiFixture;
  before(async () => {
    fx = await createPkiFixture();
  });
  after(() => fx.cleanup());
  const der = (c: { certificate: { rawData: ArrayBuffer } }) => new Uint8Array(c.certificate.rawData);

  it('a valid citizen certificate is the client of its henkilötunnus, and nothing more', async () => {
    const r = await citizenFromCertificate(der(fx.certs.citizen), fx.trust, new Date());
    assert.ok(r.ok);
    assert.deepEqual(
      {
        role: r.identity.role,
        clientKey: r.identity.clientKey,
        name: r.identity.name,
        rk: r.identity.registerKeeperOid,
        tasks: r.identity.serviceTasks,
      },
      { role: 'citizen', clientKey: '020516C903K', name: 'Testi Kansalainen', rk: CITIZEN_VIEW_OID, tasks: [] },
    );
  });

  it('refuses other kinds, a foreign CA, expiry, revocation and what is not a certificate', async () => {
    const reason = async (bytes: Uint8Array, now = new Date()) => {
      const r = await citizenFromCertificate(bytes, fx.trust, now);
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(await reason(der(fx.certs.professional)), 'wrong-kind');
    assert.equal(await reason(der(fx.certs.system)), 'wrong-kind');
    assert.equal(await reason(der(fx.certs.unknownCa)), 'unknown-issuer');
    assert.equal(await reason(der(fx.certs.citizen), new Date(Date.now() + 20 * 365 * 86_400_000)), 'expired');
    assert.equal(await reason(new Uint8Array([1, 2, 3])), 'malformed');
    assert.equal(await reason(der(fx.certs.revoked)), 'revoked');
    const revokedCitizen = await issueCitizenCertificate(fx.pki, { name: 'Peruttu Kansalainen', hetu: '010516A901V' });
    await revoke(fx.pki, revokedCitizen.serial);
    assert.equal((await citizenFromCertificate(der(revokedCitizen), await loadTrust(fx.dir), new Date())).ok, false);
  });
});
