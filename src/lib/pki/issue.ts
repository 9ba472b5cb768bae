// Issuing end-entity certificates from the TEST PKI's intermediate CA. What a certificate is (system,
// professional card, citizen, server) is said by its certificate policy under arkki's test arc.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x509 } from './x509.ts';
import type { SystemProfile } from '../identity/identity.ts';
import { parseHetu } from '../identifiers/hetu.ts';
import { oidToUrn, validateOid } from '../identifiers/oid.ts';
import { KIND_POLICY, PROFILE_POLICY, SUBJECT_SERIAL_NUMBER, type CertificateKind } from './arkki-oids.ts';
import { DAY_MS, newSerial, PKI_FILES, saveIndex, type IssuedEntry, type TestPki } from './pki-store.ts';
import { generateKeyPair, privateKeyToPem, SIGNING_ALGORITHM, TEST_KEY_SUFFIX } from './test-keys.ts';

export interface ValidityOptions {
  now?: Date;
  /** Defaults to a minute before `now` (small clock differences between machines). */
  validFrom?: Date;
  /** Defaults to `validFrom` + `validityDays`. */
  validTo?: Date;
  validityDays?: number;
}

export interface IssuedCertificate extends IssuedEntry {
  certificate: x509.X509Certificate;
  certPem: string;
  keyPem: string;
}

export interface SystemCertificateOptions extends ValidityOptions {
  organisationOid: string;
  profile: SystemProfile;
  /** The system's name; becomes the subject CN and so the identity's systemId. */
  name: string;
}

export interface ProfessionalCertificateOptions extends ValidityOptions {
  name: string;
  /** As on a SOTE card (subject serialNumber); test ids are free text such as DEMO-1001. */
  professionalId: string;
  organisationOid: string;
}

export interface CitizenCertificateOptions extends ValidityOptions {
  name: string;
  /** Only test henkilötunnus numbers (individual number 900–999) are accepted. */
  hetu: string;
}

export interface ServerCertificateOptions extends ValidityOptions {
  name?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
}

// X.520 serialNumber is a PrintableString.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

function requireText(value: string, what: string): string {
  const v = value.trim();
  if (v === '') throw new RangeError(`${what} must not be empty`);
  return v;
}

function requireOid(value: string, what: string): string {
  const error = validateOid(value);
  if (error) throw new RangeError(`${what}: ${error}`);
  return value;
}

function slug(name: string): string {
  const s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return s.slice(0, 40) || 'certificate';
}

interface LeafSpec {
  kind: CertificateKind;
  subject: x509.JsonName;
  policies: string[];
  /** Empty: no extendedKeyUsage extension at all (a signing certificate authenticates nothing). */
  extendedKeyUsages: string[];
  /** Default digitalSignature + keyEncipherment (what a TLS client or server key does). */
  keyUsages?: number;
  altNames?: x509.JsonGeneralNames;
  fileName: string;
  record?: Pick<IssuedEntry, 'organisationOid' | 'profile'>;
}

async function issueLeaf(pki: TestPki, spec: LeafSpec, validity: ValidityOptions): Promise<IssuedCertificate> {
  const now = validity.now ?? new Date();
  const notBefore = validity.validFrom ?? new Date(now.getTime() - 60_000);
  const notAfter = validity.validTo ?? new Date(notBefore.getTime() + (validity.validityDays ?? 365) * DAY_MS);
  if (notAfter <= notBefore) throw new RangeError('the certificate must be valid until after it becomes valid');
  const keys = await generateKeyPair();
  const serial = newSerial();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(spec.keyUsages ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    ...(spec.extendedKeyUsages.length > 0 ? [new x509.ExtendedKeyUsageExtension(spec.extendedKeyUsages)] : []),
    new x509.CertificatePolicyExtension(spec.policies),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(pki.intermediate.publicKey),
  ];
  if (spec.altNames?.length) extensions.push(new x509.SubjectAlternativeNameExtension(spec.altNames));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: spec.subject,
    issuer: pki.intermediate.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: pki.intermediateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions,
  });
  const base = `${PKI_FILES.issuedDir}/${spec.kind}-${slug(spec.fileName)}-${serial.slice(0, 8)}`;
  const certPem = certificate.toString('pem') + '\n';
  const keyPem = await privateKeyToPem(keys.privateKey);
  const entry: IssuedEntry = {
    serial: certificate.serialNumber,
    kind: spec.kind,
    subject: certificate.subject,
    certFile: `${base}.cert.pem`,
    keyFile: `${base}${TEST_KEY_SUFFIX}`,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    ...spec.record,
  };
  await writeFile(join(pki.dir, entry.certFile), certPem);
  await writeFile(join(pki.dir, entry.keyFile), keyPem, { mode: 0o600 });
  pki.index.issued.push(entry);
  await saveIndex(pki);
  return { ...entry, certificate, certPem, keyPem };
}

/** A client system's certificate: organisation OID as URI SAN `urn:oid:…`, profile as a certificate policy. */
export async function issueSystemCertificate(pki: TestPki, options: SystemCertificateOptions): Promise<IssuedCertificate> {
  const organisationOid = requireOid(options.organisationOid, 'organisation OID');
  const name = requireText(options.name, 'system name');
  const profilePolicy = PROFILE_POLICY[options.profile];
  if (!profilePolicy) throw new RangeError(`unknown system profile '${options.profile}' (connected, storing, viewing, archiving)`);
  return issueLeaf(
    pki,
    {
      kind: 'system',
      fileName: name,
      subject: [{ CN: [name] }, { C: ['FI'] }],
      policies: [KIND_POLICY.system, profilePolicy],
      extendedKeyUsages: [x509.ExtendedKeyUsage.clientAuth],
      altNames: [{ type: 'url', value: oidToUrn(organisationOid) }],
      record: { organisationOid, profile: options.profile },
    },
    options,
  );
}

/**
 * A client system's system signing certificate (järjestelmäallekirjoitusvarmenne): the same organisation
 * and profile as its TLS certificate, but keyUsage digitalSignature + nonRepudiation and no extended key
 * usage, so it cannot authenticate a TLS connection; the archive accepts system signatures only from it.
 */
export async function issueSystemSigningCertificate(pki: TestPki, options: SystemCertificateOptions): Promise<IssuedCertificate> {
  const organisationOid = requireOid(options.organisationOid, 'organisation OID');
  const name = requireText(options.name, 'system name');
  const profilePolicy = PROFILE_POLICY[options.profile];
  if (!profilePolicy) throw new RangeError(`unknown system profile '${options.profile}' (connected, storing, viewing, archiving)`);
  return issueLeaf(
    pki,
    {
      kind: 'signing',
      fileName: name,
      subject: [{ CN: [name] }, { C: ['FI'] }],
      policies: [KIND_POLICY.signing, profilePolicy],
      extendedKeyUsages: [],
      keyUsages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      altNames: [{ type: 'url', value: oidToUrn(organisationOid) }],
      record: { organisationOid, profile: options.profile },
    },
    options,
  );
}

/** A professional's card certificate: name, professional id in subject serialNumber, organisation as URI SAN. */
export async function issueProfessionalCertificate(pki: TestPki, options: ProfessionalCertificateOptions): Promise<IssuedCertificate> {
  const organisationOid = requireOid(options.organisationOid, 'organisation OID');
  const name = requireText(options.name, 'name');
  const professionalId = requireText(options.professionalId, 'professional id');
  if (!PRINTABLE.test(professionalId))
    throw new RangeError(`professional id '${professionalId}' may contain only letters A–Z, digits, spaces and ' ( ) + , - . / : = ?`);
  return issueLeaf(
    pki,
    {
      kind: 'professional',
      fileName: name,
      subject: [{ CN: [name] }, { [SUBJECT_SERIAL_NUMBER]: [professionalId] }, { C: ['FI'] }],
      policies: [KIND_POLICY.professional],
      extendedKeyUsages: [x509.ExtendedKeyUsage.clientAuth],
      altNames: [{ type: 'url', value: oidToUrn(organisationOid) }],
      record: { organisationOid },
    },
    options,
  );
}

/** A citizen test identity: name and a TEST henkilötunnus in subject serialNumber (provisional: DVV uses SATU). */
export async function issueCitizenCertificate(pki: TestPki, options: CitizenCertificateOptions): Promise<IssuedCertificate> {
  const name = requireText(options.name, 'name');
  const parsed = parseHetu(options.hetu);
  if (!parsed.ok) throw new RangeError(parsed.message);
  if (!parsed.hetu.isTestNumber)
    throw new RangeError(`henkilötunnus ${options.hetu} is not a test number; test identities use individual numbers 900–999`);
  return issueLeaf(
    pki,
    {
      kind: 'citizen',
      fileName: name,
      subject: [{ CN: [name] }, { [SUBJECT_SERIAL_NUMBER]: [options.hetu] }, { C: ['FI'] }],
      policies: [KIND_POLICY.citizen],
      extendedKeyUsages: [x509.ExtendedKeyUsage.clientAuth],
    },
    options,
  );
}

/** The archive's TLS server certificate; by default for localhost and 127.0.0.1. */
export async function issueServerCertificate(pki: TestPki, options: ServerCertificateOptions = {}): Promise<IssuedCertificate> {
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1'];
  const name = options.name ?? dnsNames[0] ?? 'arkki server';
  return issueLeaf(
    pki,
    {
      kind: 'server',
      fileName: name,
      subject: [{ CN: [name] }, { C: ['FI'] }],
      policies: [KIND_POLICY.server],
      extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth],
      altNames: [
        ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ],
    },
    options,
  );
}
