import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPkiFixture, ORG_EKSOTE, ORG_UNKNOWN, ORG_VAASA, type PkiFixture } from '../../../test/support/pki.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { CertificateKind } from '../../lib/pki/arkki-oids.ts';
import { certificateIdentity, type CertificateIdentityOptions, type CertificateRefusal } from './certificate-identity.ts';

// Issue 5 item 2: the certificate identifies the calling organisation and system; expired, revoked,
// unknown-issuer and wrong-organisation certificates are refused with a reason for the server log.

type Cert = keyof PkiFixture['certs'];
type Expect = { identity: Partial<Identity> } | { reason: CertificateRefusal; detail: RegExp };
type Accept = readonly CertificateKind[];
type Row = [string, Cert, Expect, Accept?];

const SYSTEM_AND_CARD = ['system', 'professional'] as const;

const rows: Row[] = [
  [
    'valid system certificate → system identity of its organisation, profile from the policy',
    'system',
    {
      identity: {
        role: 'system',
        name: 'Pohjanmaan ATJ',
        systemId: 'Pohjanmaan ATJ',
        organisationOid: ORG_VAASA,
        registerKeeperOid: ORG_VAASA,
        serviceTasks: ['*'],
        systemProfile: 'connected',
        userId: `system:${ORG_VAASA}:Pohjanmaan ATJ`,
      },
    },
  ],
  [
    'profile mapping: a storing (tallentava) system of another organisation',
    'storingSystem',
    {
      identity: { role: 'system', organisationOid: ORG_EKSOTE, registerKeeperOid: ORG_EKSOTE, systemProfile: 'storing' },
    },
  ],
  [
    'valid card → the professional with the role assigned in that organisation',
    'professional',
    {
      identity: {
        role: 'social-worker',
        userId: 'sw-vaasa-ls',
        name: 'Sanna Sosiaalityöntekijä',
        professionalId: 'DEMO-1001',
        organisationOid: ORG_VAASA,
        registerKeeperOid: ORG_VAASA,
        serviceTasks: ['10'],
        systemId: 'arkki-archive-ui',
      },
    },
    SYSTEM_AND_CARD,
  ],
  ['expired', 'expired', { reason: 'expired', detail: /expired at/ }],
  ['not yet valid', 'notYetValid', { reason: 'not-yet-valid', detail: /valid only from/ }],
  ['revoked (CRL)', 'revoked', { reason: 'revoked', detail: /was revoked at/ }],
  ['signed by a different CA (with our CA names)', 'unknownCa', { reason: 'unknown-issuer', detail: /not issued by a trusted CA/ }],
  [
    'organisation unknown to the archive',
    'wrongOrganisation',
    { reason: 'wrong-organisation', detail: new RegExp(`organisation ${ORG_UNKNOWN.replace(/\./g, '\\.')}`) },
  ],
  [
    'card of a professional without a role in the organisation',
    'professionalNoRole',
    { reason: 'wrong-organisation', detail: /DEMO-9999 has no role/ },
    SYSTEM_AND_CARD,
  ],
  [
    'a card at the system API (systems only by default)',
    'professional',
    { reason: 'wrong-kind', detail: /professional certificate is not accepted/ },
  ],
  ['a citizen certificate', 'citizen', { reason: 'wrong-kind', detail: /citizen certificate is not accepted/ }, SYSTEM_AND_CARD],
  ['a server certificate used as a client certificate', 'server', { reason: 'wrong-kind', detail: /server/ }, SYSTEM_AND_CARD],
];

describe('certificateIdentity', () => {
  let f: PkiFixture;
  const now = new Date();
  before(async () => {
    f = await createPkiFixture(now);
  });
  after(() => f.cleanup());

  const options = (accept?: readonly CertificateKind[]): CertificateIdentityOptions => ({
    trust: f.trust,
    now,
    registerKeeperOf: f.registerKeeperOf,
    professionalRole: f.professionalRole,
    ...(accept ? { accept } : {}),
  });

  for (const [what, cert, expected, accept] of rows) {
    it(what, async () => {
      const result = await certificateIdentity(f.certs[cert].certPem, options(accept));
      if ('identity' in expected) {
        assert.ok(result.ok, JSON.stringify(result));
        for (const [key, value] of Object.entries(expected.identity)) assert.deepEqual(result.identity[key as keyof Identity], value, key);
      } else {
        assert.equal(result.ok, false);
        if (!result.ok) {
          assert.equal(result.reason, expected.reason, result.detail);
          assert.match(result.detail, expected.detail);
        }
      }
    });
  }

  it('returns the profile beside the identity', async () => {
    const result = await certificateIdentity(f.certs.storingSystem.certificate, options());
    assert.ok(result.ok && result.kind === 'system' && result.profile === 'storing');
  });

  it('accepts the certificate as DER too', async () => {
    const result = await certificateIdentity(new Uint8Array(f.certs.system.certificate.rawData), options());
    assert.ok(result.ok);
  });

  it('checks validity against the given clock, not the machine clock', async () => {
    const inTwoYears = new Date(now.getTime() + 2 * 365 * 24 * 60 * 60 * 1000);
    const result = await certificateIdentity(f.certs.system.certPem, { ...options(), now: inTwoYears });
    assert.equal(result.ok ? 'ok' : result.reason, 'expired');
  });

  const malformed: Array<[string, () => string | Uint8Array]> = [
    ['garbage instead of a certificate', () => 'not a certificate'],
    ['a truncated certificate', () => new Uint8Array(f.certs.system.certificate.rawData).slice(0, 100)],
    ['our own CA certificate', () => f.pki.intermediate.toString('pem')],
  ];
  for (const [what, input] of malformed) {
    it(`${what} → malformed`, async () => {
      const result = await certificateIdentity(input(), options());
      assert.equal(result.ok ? 'ok' : result.reason, 'malformed');
    });
  }
});
