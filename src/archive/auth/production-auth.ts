import type { Authenticator } from '../../lib/identity/identity.ts';
import { httpsOptionsFromPki, loadTrust, type CertificateTrust, type PkiHttpsOptions } from '../../lib/pki/index.ts';
import { registerKeeperOf } from '../domain/organisation.ts';
import type { PublicRegisters } from '../service/public-services.ts';
import { certificateAuthenticator } from './certificate-authenticator.ts';

/** How often revocation lists are re-read, so a revocation takes effect without a restart. */
const TRUST_RELOAD_MS = 5 * 60 * 1000;

export interface ProductionAuth {
  authenticator: Authenticator;
  https: PkiHttpsOptions;
  /** The same trust (reloaded CRLs included) for system signatures on incoming documents. */
  trust: () => CertificateTrust;
  stop: () => void;
}

/**
 * Production mode: HTTPS asking every caller for a client certificate, and the certificate authenticator
 * mapping a system certificate's organisation to its register keeper from the organisation register.
 */
export async function productionAuth(registers: Pick<PublicRegisters, 'organisations'>, pkiDir: string): Promise<ProductionAuth> {
  let trust: CertificateTrust = await loadTrust(pkiDir);
  const https = await httpsOptionsFromPki(pkiDir);
  const organisations = new Map((await registers.organisations()).map((o) => [o.oid, o]));
  const keeperOf = (oid: string) => registerKeeperOf(oid, (o) => organisations.get(o))?.oid;
  const timer = setInterval(() => {
    loadTrust(pkiDir).then(
      (t) => {
        trust = t;
      },
      () => {
        /* keep the last good trust; the CRL check refuses when it expires */
      },
    );
  }, TRUST_RELOAD_MS);
  timer.unref();
  return {
    authenticator: certificateAuthenticator({ trust: () => trust, registerKeeperOf: keeperOf }),
    https,
    trust: () => trust,
    stop: () => clearInterval(timer),
  };
}
