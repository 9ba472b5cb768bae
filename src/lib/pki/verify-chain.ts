// Certification path validation (the parts of RFC 5280 §6 a closed national PKI needs): a path of
// signatures ending at one of our roots, CA constraints, validity periods and revocation by CRL.
// Fails closed: without a current CRL from the issuer the certificate is not accepted.
import { x509 } from './x509.ts';
import type { CertificateTrust } from './trust.ts';

export type ChainFailureReason = 'unknown-issuer' | 'expired' | 'not-yet-valid' | 'revoked' | 'revocation-unknown';

export type ChainResult = { ok: true; path: x509.X509Certificate[] } | { ok: false; reason: ChainFailureReason; detail: string };

// Deeper than any sane national hierarchy; also bounds the work an attacker's chain can cause.
const MAX_PATH = 5;

function sameBytes(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
}

// Serialising a Name re-encodes its ASN.1 on every call; a certificate's names never change.
const nameBytes = new WeakMap<x509.Name, Buffer>();
function bytesOf(name: x509.Name): Buffer {
  let bytes = nameBytes.get(name);
  if (!bytes) {
    bytes = Buffer.from(name.toArrayBuffer());
    nameBytes.set(name, bytes);
  }
  return bytes;
}

function sameName(a: x509.Name, b: x509.Name): boolean {
  return bytesOf(a).equals(bytesOf(b));
}

/** A CA certificate that may sign others: basicConstraints cA and, when present, keyCertSign. */
function mayIssue(ca: x509.X509Certificate, intermediatesBelow: number): boolean {
  const bc = ca.getExtension(x509.BasicConstraintsExtension);
  if (!bc?.ca) return false;
  if (bc.pathLength !== undefined && intermediatesBelow > bc.pathLength) return false;
  const ku = ca.getExtension(x509.KeyUsagesExtension);
  return !ku || (ku.usages & x509.KeyUsageFlags.keyCertSign) !== 0;
}

// Signature checks are pure functions of the bytes involved, and the same few certificates and CRLs are
// checked for every signed document of a batch: remember the answers (bounded), keyed by the signed
// object's bytes and the issuer's. Validity periods and revocation entries are still read on every call.
const MEMO_LIMIT = 4096;
const signatureMemo = new Map<string, Promise<boolean>>();

function memoised(signed: { rawData: ArrayBuffer }, issuer: x509.X509Certificate, check: () => Promise<boolean>): Promise<boolean> {
  const key = `${Buffer.from(signed.rawData).toString('base64')}|${Buffer.from(issuer.rawData).toString('base64')}`;
  let answer = signatureMemo.get(key);
  if (!answer) {
    if (signatureMemo.size >= MEMO_LIMIT) signatureMemo.delete(signatureMemo.keys().next().value!);
    answer = check().catch(() => false);
    signatureMemo.set(key, answer);
  }
  return answer;
}

async function findIssuer(
  cert: x509.X509Certificate,
  candidates: x509.X509Certificate[],
  intermediatesBelow: number,
): Promise<x509.X509Certificate | null> {
  for (const candidate of candidates) {
    if (!sameName(candidate.subjectName, cert.issuerName) || !mayIssue(candidate, intermediatesBelow)) continue;
    // Same name is not enough: a foreign CA may copy our CA's name. The signature decides.
    if (await memoised(cert, candidate, () => cert.verify({ publicKey: candidate.publicKey, signatureOnly: true }))) return candidate;
  }
  return null;
}

function describe(cert: x509.X509Certificate, index: number): string {
  return index === 0 ? 'the certificate' : `CA certificate "${cert.subject}"`;
}

async function checkRevocation(
  cert: x509.X509Certificate,
  issuer: x509.X509Certificate,
  crls: x509.X509Crl[],
  now: Date,
  label: string,
): Promise<ChainResult | null> {
  for (const crl of crls) {
    if (!sameName(crl.issuerName, issuer.subjectName)) continue;
    if (!(await memoised(crl, issuer, () => crl.verify({ publicKey: issuer.publicKey })))) continue;
    if (crl.nextUpdate && crl.nextUpdate < now) {
      return {
        ok: false,
        reason: 'revocation-unknown',
        detail: `the CRL of "${issuer.subject}" expired at ${crl.nextUpdate.toISOString()}; publish a new one`,
      };
    }
    const entry = crl.findRevoked(cert.serialNumber);
    if (entry && entry.revocationDate <= now) {
      return {
        ok: false,
        reason: 'revoked',
        detail: `${label} (serial ${cert.serialNumber}) was revoked at ${entry.revocationDate.toISOString()}`,
      };
    }
    return null;
  }
  return { ok: false, reason: 'revocation-unknown', detail: `no valid CRL from "${issuer.subject}"` };
}

/**
 * Builds and checks the path from `leaf` to one of `trust.roots`. `presented` are extra certificates
 * the peer sent (e.g. its intermediate); they are used only if they chain to a trusted root.
 */
export async function verifyChain(
  leaf: x509.X509Certificate,
  trust: CertificateTrust,
  now: Date,
  presented: x509.X509Certificate[] = [],
): Promise<ChainResult> {
  const candidates = [...trust.roots, ...trust.intermediates, ...presented];
  const path = [leaf];
  while (!trust.roots.some((r) => sameBytes(r, path[path.length - 1]!))) {
    if (path.length > MAX_PATH) return { ok: false, reason: 'unknown-issuer', detail: `no trusted root within ${MAX_PATH} certificates` };
    const current = path[path.length - 1]!;
    const issuer = await findIssuer(current, candidates, path.length - 1);
    if (!issuer || path.some((c) => sameBytes(c, issuer))) {
      return {
        ok: false,
        reason: 'unknown-issuer',
        detail: `${describe(current, path.length - 1)} was not issued by a trusted CA (issuer "${current.issuer}")`,
      };
    }
    path.push(issuer);
  }
  for (const [i, cert] of path.entries()) {
    if (now < cert.notBefore)
      return { ok: false, reason: 'not-yet-valid', detail: `${describe(cert, i)} is valid only from ${cert.notBefore.toISOString()}` };
    if (now > cert.notAfter)
      return { ok: false, reason: 'expired', detail: `${describe(cert, i)} expired at ${cert.notAfter.toISOString()}` };
  }
  for (let i = 0; i < path.length - 1; i++) {
    const failure = await checkRevocation(path[i]!, path[i + 1]!, trust.crls, now, describe(path[i]!, i));
    if (failure) return failure;
  }
  return { ok: true, path };
}
