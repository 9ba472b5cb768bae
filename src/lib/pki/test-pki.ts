// The arkki TEST PKI on disk: a root CA, an intermediate CA that issues every end-entity certificate,
// their CRLs and an index of what was issued. For demos and tests only; real certificates come from DVV.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x509 } from './x509.ts';
import { writeCrl } from './crl.ts';
import { DAY_MS, newSerial, PKI_FILES, saveIndex, type PkiIndex, type TestPki } from './pki-store.ts';
import {
  type CryptoKey,
  type CryptoKeyPair,
  generateKeyPair,
  privateKeyFromPem,
  privateKeyToPem,
  SIGNING_ALGORITHM,
  TEST_KEY_SUFFIX,
} from './test-keys.ts';

export type { IssuedEntry, PkiIndex, TestPki } from './pki-store.ts';

export interface CreateTestPkiOptions {
  /** Label in the CA names, so two test PKIs are told apart in logs. Default 'arkki TEST'. */
  name?: string;
  now?: Date;
  caValidityYears?: number;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function caExtensions(keys: CryptoKeyPair, pathLength: number, issuerKey?: CryptoKey): Promise<x509.Extension[]> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuerKey) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerKey));
  return extensions;
}

function caName(label: string, role: string): x509.JsonName {
  return [{ CN: [`${label} ${role}`] }, { O: ['arkki test PKI (not for production)'] }, { C: ['FI'] }];
}

/** Creates a new test PKI in `dir` (refused if one is there) and publishes its first, empty CRLs. */
export async function createTestPki(dir: string, options: CreateTestPkiOptions = {}): Promise<TestPki> {
  if (await exists(join(dir, PKI_FILES.rootCert))) {
    throw new Error(`${dir} already holds a test PKI; keep using it or choose another directory`);
  }
  const label = options.name ?? 'arkki TEST';
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + (options.caValidityYears ?? 10) * 365 * DAY_MS);

  const rootKeys = await generateKeyPair();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: caName(label, 'root CA'),
    notBefore,
    notAfter,
    keys: rootKeys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: await caExtensions(rootKeys, 1),
  });
  const intermediateKeys = await generateKeyPair();
  const intermediate = await x509.X509CertificateGenerator.create({
    serialNumber: newSerial(),
    subject: caName(label, 'intermediate CA'),
    issuer: root.subjectName,
    notBefore,
    notAfter,
    publicKey: intermediateKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: await caExtensions(intermediateKeys, 0, rootKeys.publicKey),
  });

  await mkdir(join(dir, PKI_FILES.issuedDir), { recursive: true });
  // The default place ($ARKKI_DATA_DIR/pki = ./data/pki) is inside the repository: keep every file out of git.
  await writeFile(join(dir, '.gitignore'), '# arkki TEST PKI: generated keys and certificates are never committed\n*\n');
  await writeFile(join(dir, PKI_FILES.readme), README_TEXT);
  await writeFile(join(dir, PKI_FILES.rootCert), root.toString('pem') + '\n');
  await writeFile(join(dir, PKI_FILES.rootKey), await privateKeyToPem(rootKeys.privateKey), { mode: 0o600 });
  await writeFile(join(dir, PKI_FILES.intermediateCert), intermediate.toString('pem') + '\n');
  await writeFile(join(dir, PKI_FILES.intermediateKey), await privateKeyToPem(intermediateKeys.privateKey), { mode: 0o600 });
  await writeFile(join(dir, PKI_FILES.chain), `${intermediate.toString('pem')}\n${root.toString('pem')}\n`);

  const pki: TestPki = {
    dir,
    root,
    rootKey: rootKeys.privateKey,
    intermediate,
    intermediateKey: intermediateKeys.privateKey,
    index: { name: label, crlNumber: 0, issued: [] },
  };
  await saveIndex(pki);
  await writeCrl(pki, { now });
  return pki;
}

/** Opens an existing test PKI, keys included (only the issuing commands need them). */
export async function loadPki(dir: string): Promise<TestPki> {
  if (!(await exists(join(dir, PKI_FILES.rootCert)))) {
    throw new Error(`${dir} holds no test PKI; create one with: arkki pki init --dir ${dir}`);
  }
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  return {
    dir,
    root: new x509.X509Certificate(await read(PKI_FILES.rootCert)),
    rootKey: await privateKeyFromPem(await read(PKI_FILES.rootKey)),
    intermediate: new x509.X509Certificate(await read(PKI_FILES.intermediateCert)),
    intermediateKey: await privateKeyFromPem(await read(PKI_FILES.intermediateKey)),
    index: JSON.parse(await read(PKI_FILES.index)) as PkiIndex,
  };
}

const README_TEXT = `arkki TEST PKI — for demos and automated tests only.

Every private key here (*${TEST_KEY_SUFFIX}) was generated on this machine, protects nothing
and must never be used in production or committed to a repository.

  ${PKI_FILES.rootCert} / ${PKI_FILES.intermediateCert}   the test CAs
  ${PKI_FILES.chain}                          intermediate + root, to configure as trusted CA
  ${PKI_FILES.rootCrl} / ${PKI_FILES.intermediateCrl}     revocation lists (arkki pki crl refreshes them)
  ${PKI_FILES.issuedDir}/                               issued certificates and their TEST keys
  ${PKI_FILES.index}                             what was issued and revoked
`;
