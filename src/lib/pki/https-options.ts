// TLS settings for serving the archive with a test-PKI server certificate and asking every caller for
// a client certificate.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PKI_FILES, type PkiIndex } from './pki-store.ts';

export interface PkiHttpsOptions {
  key: string;
  /** Server certificate followed by the intermediate, so clients that trust only the root can verify it. */
  cert: string;
  ca: string;
  requestCert: true;
  /**
   * The handshake accepts any certificate (or none); the certificate authenticator decides per request.
   * That way a refused caller gets a 401 with a generic message and the server log gets the reason,
   * instead of an anonymous TLS alert.
   */
  rejectUnauthorized: false;
}

/** Uses the newest unrevoked server certificate in the PKI's index (issue one with issueServerCertificate). */
export async function httpsOptionsFromPki(dir: string): Promise<PkiHttpsOptions> {
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  const index = JSON.parse(await read(PKI_FILES.index)) as PkiIndex;
  const server = index.issued.filter((e) => e.kind === 'server' && e.revokedAt === undefined).at(-1);
  if (!server) throw new Error(`the test PKI in ${dir} has no server certificate; issue one first`);
  return {
    key: await read(server.keyFile),
    cert: (await read(server.certFile)) + (await read(PKI_FILES.intermediateCert)),
    ca: await read(PKI_FILES.chain),
    requestCert: true,
    rejectUnauthorized: false,
  };
}
