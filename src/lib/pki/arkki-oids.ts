// Object identifiers the arkki TEST PKI writes into certificates. None of them is national: Kanta's real
// certificate policies are issued by DVV and are not reproduced here (provisional until mapped).
import type { SystemProfile } from '../identity/identity.ts';

/**
 * arkki's test arc under 2.999, the arc ITU-T X.660 / ISO 9834-1 reserve for examples: never assigned,
 * so a certificate carrying it can't be mistaken for a real (1.2.246 / DVV) one. 27551 is arbitrary.
 * (A UUID arc under 2.25 was tried: its 128-bit arc does not survive @peculiar/x509's OID parser.)
 */
export const ARKKI_TEST_ARC = '2.999.27551';

/**
 * `system` is a client system's TLS certificate (it authenticates the system), `signing` its system
 * signing certificate (järjestelmäallekirjoitusvarmenne: it makes the system signature). The national PKI
 * sells them as separate products, and arkki keeps them apart the same way.
 */
export type CertificateKind = 'system' | 'signing' | 'professional' | 'citizen' | 'server';

/** Certificate policy per kind (arc .1): the policy, not the subject layout, says what a certificate is. */
export const KIND_POLICY: Readonly<Record<CertificateKind, string>> = {
  system: `${ARKKI_TEST_ARC}.1.1`,
  professional: `${ARKKI_TEST_ARC}.1.2`,
  citizen: `${ARKKI_TEST_ARC}.1.3`,
  server: `${ARKKI_TEST_ARC}.1.4`,
  signing: `${ARKKI_TEST_ARC}.1.5`,
};

/** System profile as a second certificate policy on system certificates (arc .2). */
export const PROFILE_POLICY: Readonly<Record<SystemProfile, string>> = {
  connected: `${ARKKI_TEST_ARC}.2.1`,
  storing: `${ARKKI_TEST_ARC}.2.2`,
  viewing: `${ARKKI_TEST_ARC}.2.3`,
  archiving: `${ARKKI_TEST_ARC}.2.4`,
};

export const SYSTEM_PROFILES: readonly SystemProfile[] = ['connected', 'storing', 'viewing', 'archiving'];

/** The Finnish names (domain README §8) accepted wherever a person types a profile. */
const FINNISH_PROFILE: Readonly<Record<string, SystemProfile>> = {
  liittyvä: 'connected',
  liittyva: 'connected',
  tallentava: 'storing',
  katseleva: 'viewing',
  arkistoiva: 'archiving',
};

/** Accepts the code or the Finnish name; null when it is neither. */
export function parseSystemProfile(value: string): SystemProfile | null {
  const v = value.trim().toLowerCase();
  if ((SYSTEM_PROFILES as readonly string[]).includes(v)) return v as SystemProfile;
  return FINNISH_PROFILE[v] ?? null;
}

/** X.520 serialNumber: professional id on a card, henkilötunnus on a citizen test certificate. */
export const SUBJECT_SERIAL_NUMBER = '2.5.4.5';
