// The certificates a signature's KeyInfo carries, for both signature profiles (system signature and the
// professional's XAdES). The signer is the one end-entity certificate, wherever it stands (signers order the
// chain differently); the CA certificates beside it only help to build the path to our root.
import { x509 } from '../pki/x509.ts';

// Every document of a system (or every decision of one card) carries the same certificates, and parsing DER
// costs more than the RSA check: parsed certificates are kept by their base64 text (bounded; a certificate
// object is never modified).
const PARSED_LIMIT = 1024;
const parsed = new Map<string, x509.X509Certificate>();

function parseCertificate(body: string): x509.X509Certificate {
  let certificate = parsed.get(body);
  if (!certificate) {
    certificate = new x509.X509Certificate(Buffer.from(body, 'base64'));
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
    parsed.set(body, certificate);
  }
  return certificate;
}

export type KeyInfoSigner =
  | { ok: true; leaf: x509.X509Certificate; presented: x509.X509Certificate[] }
  /** A certificate that cannot be read, or not exactly one end-entity certificate (`endEntities` says how many). */
  | { ok: false; unreadable?: string; endEntities: number };

/** Splits KeyInfo's base64 certificates into the signer and the CA certificates presented with it. */
export function keyInfoSigner(bodies: string[]): KeyInfoSigner {
  let certificates: x509.X509Certificate[];
  try {
    certificates = bodies.map(parseCertificate);
  } catch (e) {
    return { ok: false, unreadable: (e as Error).message, endEntities: 0 };
  }
  const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;
  const leaves = certificates.filter((c) => !isCa(c));
  if (leaves.length !== 1) return { ok: false, endEntities: leaves.length };
  return { ok: true, leaf: leaves[0]!, presented: certificates.filter(isCa) };
}
