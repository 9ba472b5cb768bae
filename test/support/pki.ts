// One test PKI per test file, generated at run time into a temp dir (keys never touch the repository),
// with one certificate for every case the certificate checks must tell apart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoleAssignment } from '../../src/lib/identity/role-assignment.ts';
import {
  createTestPki,
  issueCitizenCertificate,
  issueProfessionalCertificate,
  issueServerCertificate,
  issueSystemCertificate,
  issueSystemSigningCertificate,
  loadTrust,
  revoke,
  type CertificateTrust,
  type IssuedCertificate,
  type TestPki,
} from '../../src/lib/pki/index.ts';

export const ORG_VAASA = '1.2.246.10.9990001.10.1';
export const ORG_EKSOTE = '1.2.246.10.9990002.10.1';
/** A well-formed organisation OID the archive does not know. */
export const ORG_UNKNOWN = '1.2.246.10.9990099.10.1';

export interface PkiFixture {
  dir: string;
  pki: TestPki;
  trust: CertificateTrust;
  /** Valid unless the name says otherwise. */
  certs: {
    system: IssuedCertificate; // connected system of Vaasa: its TLS certificate
    storingSystem: IssuedCertificate; // storing system of Eksote: its TLS certificate
    /** The system signing certificates of those two systems: every system signature is made with these. */
    signing: IssuedCertificate;
    storingSigning: IssuedCertificate;
    professional: IssuedCertificate; // social worker of Vaasa with a role
    professionalNoRole: IssuedCertificate;
    citizen: IssuedCertificate;
    server: IssuedCertificate;
    expired: IssuedCertificate;
    notYetValid: IssuedCertificate;
    revoked: IssuedCertificate;
    wrongOrganisation: IssuedCertificate;
    // expired, notYetValid, revoked and unknownCa are signing certificates (they test signatures and chains);
    // wrongOrganisation is a TLS one (it tests the caller's organisation), signingWrongOrganisation its signing twin.
    signingWrongOrganisation: IssuedCertificate;
    /** Issued by another test PKI whose CAs carry the very same names as ours. */
    unknownCa: IssuedCertificate;
  };
  registerKeeperOf: (organisationOid: string) => string | undefined;
  professionalRole: (p: { professionalId: string; organisationOid: string }) => RoleAssignment | undefined;
  cleanup: () => Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;

export async function createPkiFixture(now = new Date()): Promise<PkiFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'arkki-pki-'));
  const pki = await createTestPki(join(dir, 'pki'), { now });
  const foreign = await createTestPki(join(dir, 'foreign-pki'), { now });
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  const system = await issueSystemCertificate(pki, { organisationOid: ORG_VAASA, profile: 'connected', name: 'Pohjanmaan ATJ', now });
  const storingSystem = await issueSystemCertificate(pki, {
    organisationOid: ORG_EKSOTE,
    profile: 'storing',
    name: 'Eksote vanha ATJ',
    now,
  });
  const signing = await issueSystemSigningCertificate(pki, {
    organisationOid: ORG_VAASA,
    profile: 'connected',
    name: 'Pohjanmaan ATJ',
    now,
  });
  const storingSigning = await issueSystemSigningCertificate(pki, {
    organisationOid: ORG_EKSOTE,
    profile: 'storing',
    name: 'Eksote vanha ATJ',
    now,
  });
  const professional = await issueProfessionalCertificate(pki, {
    organisationOid: ORG_VAASA,
    name: 'Sanna Sosiaalityöntekijä',
    professionalId: 'DEMO-1001',
    now,
  });
  const professionalNoRole = await issueProfessionalCertificate(pki, {
    organisationOid: ORG_VAASA,
    name: 'Rooliton Henkilö',
    professionalId: 'DEMO-9999',
    now,
  });
  const citizen = await issueCitizenCertificate(pki, { name: 'Testi Kansalainen', hetu: '020516C903K', now });
  const server = await issueServerCertificate(pki, { now });
  const expired = await issueSystemSigningCertificate(pki, {
    organisationOid: ORG_VAASA,
    profile: 'connected',
    name: 'Vanhentunut ATJ',
    validFrom: at(-30),
    validTo: at(-1),
  });
  const notYetValid = await issueSystemSigningCertificate(pki, {
    organisationOid: ORG_VAASA,
    profile: 'connected',
    name: 'Tuleva ATJ',
    validFrom: at(1),
    validTo: at(30),
  });
  const revoked = await issueSystemSigningCertificate(pki, {
    organisationOid: ORG_VAASA,
    profile: 'connected',
    name: 'Mitätöity ATJ',
    now,
  });
  const wrongOrganisation = await issueSystemCertificate(pki, {
    organisationOid: ORG_UNKNOWN,
    profile: 'connected',
    name: 'Tuntematon ATJ',
    now,
  });
  const signingWrongOrganisation = await issueSystemSigningCertificate(pki, {
    organisationOid: ORG_UNKNOWN,
    profile: 'connected',
    name: 'Tuntematon ATJ',
    now,
  });
  const unknownCa = await issueSystemSigningCertificate(foreign, {
    organisationOid: ORG_VAASA,
    profile: 'connected',
    name: 'Väärennetty ATJ',
    now,
  });
  await revoke(pki, revoked.serial, { now });

  const registerKeepers = new Map([
    [ORG_VAASA, ORG_VAASA],
    [ORG_EKSOTE, ORG_EKSOTE],
  ]);
  return {
    dir: join(dir, 'pki'),
    pki,
    trust: await loadTrust(join(dir, 'pki')),
    certs: {
      system,
      storingSystem,
      signing,
      storingSigning,
      professional,
      professionalNoRole,
      citizen,
      server,
      expired,
      notYetValid,
      revoked,
      wrongOrganisation,
      signingWrongOrganisation,
      unknownCa,
    },
    registerKeeperOf: (oid) => registerKeepers.get(oid),
    professionalRole: ({ professionalId, organisationOid }) =>
      professionalId === 'DEMO-1001' && organisationOid === ORG_VAASA
        ? { role: 'social-worker', serviceTasks: ['10'], registerKeeperOid: ORG_VAASA, userId: 'sw-vaasa-ls' }
        : undefined,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
