// Revocation for the TEST PKI: the intermediate CA's CRL lists revoked end-entity certificates; the root's
// CRL (empty until an intermediate is ever revoked) lets a verifier check the whole chain the same way.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x509 } from './x509.ts';
import { DAY_MS, normalizeSerial, PKI_FILES, saveIndex, type IssuedEntry, type TestPki } from './pki-store.ts';
import { type CryptoKey, SIGNING_ALGORITHM } from './test-keys.ts';

export interface WriteCrlOptions {
  now?: Date;
  /** nextUpdate − thisUpdate; a verifier refuses certificates once the CRL is older than this. Default 30 days. */
  validityDays?: number;
}

/** DER INTEGER for the CRL number extension; the library has no class for it. */
function derInteger(n: number): Uint8Array<ArrayBuffer> {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return new Uint8Array([0x02, bytes.length, ...bytes]);
}

const CRL_NUMBER = '2.5.29.20';

async function signCrl(
  issuer: x509.X509Certificate,
  key: CryptoKey,
  entries: x509.X509CrlEntryParams[],
  crlNumber: number,
  now: Date,
  validityDays: number,
): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create({
    issuer: issuer.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + validityDays * DAY_MS),
    signingKey: key,
    signingAlgorithm: SIGNING_ALGORITHM,
    entries,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
      new x509.Extension(CRL_NUMBER, false, derInteger(crlNumber)),
    ],
  });
}

/** PEM with the RFC 7468 label OpenSSL expects; the library's own PEM says "CRL", which OpenSSL refuses. */
export function crlPem(crl: x509.X509Crl): string {
  return x509.PemConverter.encode(crl.rawData, 'X509 CRL') + '\n';
}

/** Signs and writes both CRLs from the index; call it again before nextUpdate to keep them current. */
export async function writeCrl(pki: TestPki, options: WriteCrlOptions = {}): Promise<{ root: x509.X509Crl; intermediate: x509.X509Crl }> {
  const now = options.now ?? new Date();
  const validityDays = options.validityDays ?? 30;
  pki.index.crlNumber += 1;
  const revoked: x509.X509CrlEntryParams[] = pki.index.issued
    .filter((e): e is IssuedEntry & { revokedAt: string } => e.revokedAt !== undefined)
    .map((e) => ({ serialNumber: e.serial, revocationDate: new Date(e.revokedAt) }));
  const intermediate = await signCrl(pki.intermediate, pki.intermediateKey, revoked, pki.index.crlNumber, now, validityDays);
  const root = await signCrl(pki.root, pki.rootKey, [], pki.index.crlNumber, now, validityDays);
  await writeFile(join(pki.dir, PKI_FILES.intermediateCrl), crlPem(intermediate));
  await writeFile(join(pki.dir, PKI_FILES.rootCrl), crlPem(root));
  await saveIndex(pki);
  return { root, intermediate };
}

/** Marks an issued certificate revoked and publishes new CRLs at once: an unpublished revocation protects nothing. */
export async function revoke(pki: TestPki, serial: string, options: WriteCrlOptions = {}): Promise<IssuedEntry> {
  const wanted = normalizeSerial(serial);
  const entry = pki.index.issued.find((e) => normalizeSerial(e.serial) === wanted);
  if (!entry) throw new Error(`no certificate with serial ${serial} was issued by this test PKI (${pki.dir})`);
  if (entry.revokedAt === undefined) {
    entry.revokedAt = (options.now ?? new Date()).toISOString();
  }
  await writeCrl(pki, options);
  return entry;
}
