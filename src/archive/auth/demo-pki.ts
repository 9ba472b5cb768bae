import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Identity } from '../../lib/identity/identity.ts';
import {
  createTestPki, issueProfessionalCertificate, issueServerCertificate, issueSystemCertificate, PKI_FILES,
} from '../../lib/pki/index.ts';

/**
 * Demo mode, first start: a TEST PKI in ARKKI_DATA_DIR/pki with a server certificate, a system certificate
 * for each demo client system and a card certificate for each demo professional, so the certificate-based
 * paths can be tried without any real PKI. Returns null when the directory already holds one.
 */
export async function ensureDemoPki(dir: string, users: Identity[]): Promise<{ created: boolean; dir: string }> {
  try {
    await access(join(dir, PKI_FILES.rootCert));
    return { created: false, dir };
  } catch {
    // not there yet: create below
  }
  const pki = await createTestPki(dir, { name: 'arkki demo' });
  await issueServerCertificate(pki, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  for (const u of users) {
    if (u.role === 'system') await issueSystemCertificate(pki, { organisationOid: u.organisationOid, profile: 'connected', name: u.systemId });
    else if (u.professionalId) await issueProfessionalCertificate(pki, { name: u.name, professionalId: u.professionalId, organisationOid: u.organisationOid });
  }
  return { created: true, dir };
}
