import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Identity } from '../../lib/identity/identity.ts';
import {
  createTestPki,
  issueProfessionalCertificate,
  issueServerCertificate,
  issueSystemCertificate,
  issueSystemSigningCertificate,
  loadPki,
  PKI_FILES,
  writeCrl,
} from '../../lib/pki/index.ts';
import { x509 } from '../../lib/pki/x509.ts';

/** A demo CRL with less validity left than this is re-signed at start (demo trust is read once at start). */
const CRL_RENEW_BEFORE_MS = 15 * 24 * 3600 * 1000;

/**
 * Demo mode, first start: a TEST PKI in ARKKI_DATA_DIR/pki with a server certificate, a system (TLS)
 * certificate and a system signing certificate for each demo client system and a card certificate for
 * each demo professional, so the certificate-based paths can be tried without any real PKI. A directory
 * that already holds one is kept and upgraded: a system without a signing certificate (a PKI made by an
 * older arkki, whose system certificates signed too) gets one from the same CA, and the CRLs are
 * re-signed when they have less than 15 days left.
 */
/** Whether a demo TEST PKI was created in `dir` already (a later start only reads it). */
export async function demoPkiExists(dir: string): Promise<boolean> {
  return access(join(dir, PKI_FILES.rootCert)).then(
    () => true,
    () => false,
  );
}

export async function ensureDemoPki(
  dir: string,
  users: Identity[],
  now: Date = new Date(),
): Promise<{ created: boolean; dir: string; crlRenewed?: boolean; signingIssued?: number }> {
  try {
    await access(join(dir, PKI_FILES.rootCert));
  } catch {
    return createDemoPki(dir, users);
  }
  const signingIssued = await issueMissingSigningCertificates(dir, users, now);
  // An old demo data directory would otherwise refuse every demo certificate (and the demo data's
  // signatures) as revocation-unknown once its 30-day CRL runs out.
  const crl = new x509.X509Crl(await readFile(join(dir, PKI_FILES.intermediateCrl), 'utf8'));
  if (!crl.nextUpdate || crl.nextUpdate.getTime() - now.getTime() < CRL_RENEW_BEFORE_MS) {
    await writeCrl(await loadPki(dir), { now });
    return { created: false, dir, crlRenewed: true, ...(signingIssued > 0 ? { signingIssued } : {}) };
  }
  return { created: false, dir, ...(signingIssued > 0 ? { signingIssued } : {}) };
}

const hasSigning = (
  pki: { index: { issued: { kind: string; organisationOid?: string; subject: string; revokedAt?: string }[] } },
  u: Identity,
) =>
  pki.index.issued.some(
    (e) => e.kind === 'signing' && !e.revokedAt && e.organisationOid === u.organisationOid && e.subject.includes(`CN=${u.systemId}`),
  );

/** The upgrade of a demo PKI made before system signing certificates existed: one per demo system. */
async function issueMissingSigningCertificates(dir: string, users: Identity[], now: Date): Promise<number> {
  let pki: Awaited<ReturnType<typeof loadPki>> | undefined;
  let issued = 0;
  for (const u of users) {
    if (u.role !== 'system') continue;
    pki ??= await loadPki(dir);
    if (hasSigning(pki, u)) continue;
    await issueSystemSigningCertificate(pki, { organisationOid: u.organisationOid, profile: 'connected', name: u.systemId, now });
    issued++;
  }
  return issued;
}

async function createDemoPki(dir: string, users: Identity[]): Promise<{ created: boolean; dir: string }> {
  const pki = await createTestPki(dir, { name: 'arkki demo' });
  await issueServerCertificate(pki, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  for (const u of users) {
    if (u.role === 'system') {
      await issueSystemCertificate(pki, { organisationOid: u.organisationOid, profile: 'connected', name: u.systemId });
      await issueSystemSigningCertificate(pki, { organisationOid: u.organisationOid, profile: 'connected', name: u.systemId });
    } else if (u.professionalId)
      await issueProfessionalCertificate(pki, { name: u.name, professionalId: u.professionalId, organisationOid: u.organisationOid });
  }
  return { created: true, dir };
}
