// Where the arkki TEST PKI keeps its files and what its index records; shared by creating, issuing and revoking.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { x509 } from './x509.ts';
import type { SystemProfile } from '../identity/identity.ts';
import type { CertificateKind } from './arkki-oids.ts';
import { type CryptoKey, TEST_KEY_SUFFIX } from './test-keys.ts';

export const PKI_FILES = {
  rootCert: 'root-ca.cert.pem',
  rootKey: `root-ca${TEST_KEY_SUFFIX}`,
  rootCrl: 'root-ca.crl.pem',
  intermediateCert: 'intermediate-ca.cert.pem',
  intermediateKey: `intermediate-ca${TEST_KEY_SUFFIX}`,
  intermediateCrl: 'intermediate-ca.crl.pem',
  /** Intermediate then root: what a server or client configures as its trusted `ca`. */
  chain: 'ca-chain.pem',
  index: 'index.json',
  readme: 'README.TEST-ONLY.txt',
  issuedDir: 'issued',
} as const;

/** One issued end-entity certificate as recorded in index.json (paths relative to the PKI directory). */
export interface IssuedEntry {
  serial: string;
  kind: CertificateKind;
  subject: string;
  certFile: string;
  keyFile: string;
  notBefore: string;
  notAfter: string;
  organisationOid?: string;
  profile?: SystemProfile;
  revokedAt?: string;
}

export interface PkiIndex {
  name: string;
  /** Increases with every CRL written (RFC 5280 §5.2.3). */
  crlNumber: number;
  issued: IssuedEntry[];
}

export interface TestPki {
  dir: string;
  root: x509.X509Certificate;
  rootKey: CryptoKey;
  intermediate: x509.X509Certificate;
  intermediateKey: CryptoKey;
  index: PkiIndex;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Positive 16-byte serial with the top bits set so its hex form never loses a leading zero. */
export function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString('hex');
}

/** Hex serial as @peculiar/x509 prints it: lowercase, no separators, no leading zero bytes. */
export function normalizeSerial(serial: string): string {
  return serial
    .replace(/[:\s]/g, '')
    .toLowerCase()
    .replace(/^(00)+(?=[0-9a-f]{2})/, '');
}

export async function saveIndex(pki: TestPki): Promise<void> {
  await writeFile(join(pki.dir, PKI_FILES.index), JSON.stringify(pki.index, null, 2) + '\n');
}
