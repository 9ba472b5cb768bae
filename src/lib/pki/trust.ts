// The trust material a verifier needs: which roots to anchor on, which intermediates may be used to build
// a path, and the current CRLs. No private keys: a server loads this, never the CA keys.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x509 } from './x509.ts';
import { PKI_FILES } from './pki-store.ts';

export interface CertificateTrust {
  roots: x509.X509Certificate[];
  intermediates: x509.X509Certificate[];
  crls: x509.X509Crl[];
}

/** Reads the CA certificates and CRLs of a test PKI directory; call again after `arkki pki crl`. */
export async function loadTrust(dir: string): Promise<CertificateTrust> {
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  return {
    roots: [new x509.X509Certificate(await read(PKI_FILES.rootCert))],
    intermediates: [new x509.X509Certificate(await read(PKI_FILES.intermediateCert))],
    crls: [new x509.X509Crl(await read(PKI_FILES.rootCrl)), new x509.X509Crl(await read(PKI_FILES.intermediateCrl))],
  };
}
