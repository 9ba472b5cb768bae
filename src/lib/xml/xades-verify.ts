// Verifies a professional e-signature (detached XAdES-BES, profile in xades.ts) over a decision's CDA
// and says who signed it and when. Order:
//   1. both inputs through safe-xml; the signature document against the strict profile (xades-structure.ts);
//   2. the signer is the one end-entity certificate in KeyInfo, and SigningCertificateV2 names exactly it
//      (a swapped KeyInfo certificate fails here, before its key is ever used);
//   3. SignatureValue over SignedInfo with that certificate's key; the SignedProperties digest; the
//      content digest over the CDA's exclusive c14n, and the content URI names this CDA;
//   4. the certificate AT THE SIGNING TIME: path to our root, valid then, not revoked then (revocation
//      read from CRLs that are current now), a professional card; the signing time itself bounded by now.
// SigningTime in XAdES-BES is the signer's own claim: without a time-stamp (XAdES-T) a revoked card could
// backdate. Bounding it to `maxSigningAgeMs` before receipt limits that window (docs/e-signature.md).
import { constants, createPublicKey, createVerify, timingSafeEqual } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import { readArkkiFields } from '../pki/certificate-fields.ts';
import type { CertificateTrust } from '../pki/trust.ts';
import { verifyChain, type ChainFailureReason } from '../pki/verify-chain.ts';
import { x509 } from '../pki/x509.ts';
import { keyInfoSigner } from './keyinfo-certificates.ts';
import { parseXmlSafely } from './safe-xml.ts';
import { verifyEnveloped, type SystemSigner, type VerifyOptions } from './verify-signature.ts';
import { readXadesStructure, type XadesRefusal, type XadesRefusalReason } from './xades-structure.ts';
import { canonical, contentUriOf, sha256Base64, type CommitmentType } from './xades.ts';
import { DSIG_NS } from './xml-signature.ts';

export type { XadesRefusal, XadesRefusalReason } from './xades-structure.ts';

export interface ProfessionalVerifyOptions {
  trust: CertificateTrust;
  /** Time of receipt: the signing time may not be after it, and CRLs must be current at it. */
  now: Date;
  /** How long before `now` the signing time may lie. Default 30 days. */
  maxSigningAgeMs?: number;
  /** When given, the card must belong to this organisation. */
  expectedOrganisationOid?: string;
  /** When given (e.g. the CDA author's id), the card must carry this professional id. */
  expectedProfessionalId?: string;
}

export interface ProfessionalSigner {
  /** Subject CN of the card: the professional's name. */
  name: string;
  /** Subject serialNumber of the card: the professional id. */
  professionalId: string;
  organisationOid: string;
  /** Card certificate serial, hex. */
  serial: string;
  /** SHA-256 of the card certificate, hex. */
  certificateSha256: string;
  /** The SigningTime the signature asserts, ISO 8601 UTC. */
  signingTime: string;
  commitment?: CommitmentType;
}

export type ProfessionalVerifyResult = { ok: true; signer: ProfessionalSigner; contentUri: string } | XadesRefusal;

const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
// Clocks of the signing workstation and the archive differ a little.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function refuse(reason: XadesRefusalReason, detail: string): XadesRefusal {
  return { ok: false, reason, detail };
}

const CHAIN_REASON: Record<ChainFailureReason, XadesRefusalReason> = {
  'unknown-issuer': 'untrusted-certificate',
  expired: 'expired',
  'not-yet-valid': 'expired',
  revoked: 'revoked',
  'revocation-unknown': 'untrusted-certificate',
};

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function signerCertificate(bodies: string[]): { leaf: x509.X509Certificate; presented: x509.X509Certificate[] } | XadesRefusal {
  const signer = keyInfoSigner(bodies);
  if (signer.ok) return { leaf: signer.leaf, presented: signer.presented };
  if (signer.unreadable !== undefined) return refuse('malformed', `a KeyInfo certificate cannot be read: ${signer.unreadable}`);
  return refuse('malformed', `KeyInfo must hold exactly one end-entity certificate (the card's), found ${signer.endEntities}`);
}

/** Path validation at the signing time, with only the CRLs that are still current at receipt. */
async function checkCardAt(
  leaf: x509.X509Certificate,
  presented: x509.X509Certificate[],
  signingTime: Date,
  options: ProfessionalVerifyOptions,
): Promise<XadesRefusal | null> {
  const current = options.trust.crls.filter((crl) => !crl.nextUpdate || crl.nextUpdate >= options.now);
  const chain = await verifyChain(leaf, { ...options.trust, crls: current }, signingTime, presented);
  if (!chain.ok)
    return refuse(CHAIN_REASON[chain.reason], `card certificate at the signing time ${signingTime.toISOString()}: ${chain.detail}`);
  const keyUsage = leaf.getExtension(x509.KeyUsagesExtension);
  if (keyUsage && (keyUsage.usages & x509.KeyUsageFlags.digitalSignature) === 0) {
    return refuse('untrusted-certificate', 'the card certificate does not allow digital signatures');
  }
  return null;
}

function contentDocument(content: string | Uint8Array | Document): Document | XadesRefusal {
  if (typeof content === 'object' && 'documentElement' in content) return content;
  const parsed = parseXmlSafely(content, { field: 'signed content' });
  if (!parsed.ok) return refuse('malformed', `the signed content is refused: ${parsed.issue.message}`);
  return parsed.document;
}

/**
 * Verifies the detached professional signature `signatureXml` over `content`: the decision's CDA as the
 * professional signed it, i.e. without the system signature. On ingest pass the `signedXml` (or
 * `signedDocument`) that verifyEnveloped returned — or use verifyDecisionSignatures, which does both.
 */
export async function verifyProfessionalSignature(
  signatureXml: string | Uint8Array,
  content: string | Uint8Array | Document,
  options: ProfessionalVerifyOptions,
): Promise<ProfessionalVerifyResult> {
  const input = parseXmlSafely(signatureXml, { field: 'professional signature', maxBytes: 1024 * 1024, maxDepth: 32 });
  if (!input.ok) return refuse('malformed', `refused before signature checking: ${input.issue.message}`);
  const parts = readXadesStructure(input.document);
  if (!parts.ok) return parts;

  const certificates = signerCertificate(parts.certificates);
  if ('ok' in certificates) return certificates;
  const { leaf, presented } = certificates;
  const leafDer = Buffer.from(leaf.rawData);
  if (!sameBytes(Buffer.from(sha256Base64(leafDer), 'base64'), parts.certificateDigest)) {
    return refuse('certificate-mismatch', 'SigningCertificateV2 does not name the certificate in KeyInfo');
  }

  const verifier = createVerify('RSA-SHA256').update(canonical(parts.signedInfo));
  let valid = false;
  try {
    // Node picks the scheme from the key: an EC card key would be checked as ECDSA under an RSA algorithm name.
    const key = createPublicKey(leaf.toString('pem'));
    if (key.asymmetricKeyType !== 'rsa')
      return refuse('unsupported-algorithm', `the card key is ${key.asymmetricKeyType ?? 'unknown'}; the profile signs with RSA-SHA256`);
    valid = verifier.verify({ key, padding: constants.RSA_PKCS1_PADDING }, parts.signatureValue);
  } catch (e) {
    return refuse('bad-signature', `the signature value cannot be checked: ${(e as Error).message}`);
  }
  if (!valid) return refuse('bad-signature', 'the signature value does not match SignedInfo with the key of the card certificate');
  if (!sameBytes(Buffer.from(sha256Base64(canonical(parts.properties.element)), 'base64'), parts.properties.digest)) {
    return refuse('digest-mismatch', 'the signed properties (signing time, certificate, commitment) were changed after signing');
  }

  const document = contentDocument(content);
  if ('ok' in document) return document;
  if (document.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
    return refuse(
      'wrong-content',
      "the content still carries a signature: pass the CDA as the system signature covers it (verifyEnveloped's signedXml)",
    );
  }
  const named = contentUriOf(document);
  if ('problem' in named) return refuse('wrong-content', named.problem);
  if (named.uri !== parts.content.uri)
    return refuse('wrong-content', `the signature is over "${parts.content.uri}", not this document ("${named.uri}")`);
  if (!sameBytes(Buffer.from(sha256Base64(canonical(document.documentElement!)), 'base64'), parts.content.digest)) {
    return refuse('digest-mismatch', 'the document was changed after the professional signed it');
  }

  const signingTime = parts.signingTime;
  if (signingTime.getTime() > options.now.getTime() + CLOCK_SKEW_MS) {
    return refuse(
      'signing-time',
      `the signing time ${signingTime.toISOString()} is after the time of receipt ${options.now.toISOString()}`,
    );
  }
  const maxAge = options.maxSigningAgeMs ?? DEFAULT_MAX_AGE_MS;
  if (signingTime.getTime() < options.now.getTime() - maxAge) {
    return refuse(
      'signing-time',
      `the signing time ${signingTime.toISOString()} is more than ${Math.round(maxAge / 86_400_000)} days before receipt`,
    );
  }
  const card = await checkCardAt(leaf, presented, signingTime, options);
  if (card) return card;

  const read = readArkkiFields(leaf);
  if (!read.ok) return refuse('untrusted-certificate', `the signing certificate is not an arkki certificate: ${read.detail}`);
  const { kind, commonName, subjectSerialNumber, organisationOid } = read.fields;
  if (kind !== 'professional' || !subjectSerialNumber || !organisationOid) {
    return refuse('untrusted-certificate', `a ${kind} certificate cannot make a professional e-signature`);
  }
  if (options.expectedOrganisationOid !== undefined && organisationOid !== options.expectedOrganisationOid) {
    return refuse('wrong-signer', `signed with a card of organisation ${organisationOid}, expected ${options.expectedOrganisationOid}`);
  }
  if (options.expectedProfessionalId !== undefined && subjectSerialNumber !== options.expectedProfessionalId) {
    return refuse('wrong-signer', `signed by professional ${subjectSerialNumber}, expected ${options.expectedProfessionalId}`);
  }
  return {
    ok: true,
    contentUri: parts.content.uri,
    signer: {
      name: commonName,
      professionalId: subjectSerialNumber,
      organisationOid,
      serial: leaf.serialNumber,
      certificateSha256: Buffer.from(sha256Base64(leafDer), 'base64').toString('hex'),
      signingTime: signingTime.toISOString(),
      ...(parts.commitment ? { commitment: parts.commitment } : {}),
    },
  };
}

export type DecisionVerifyResult =
  | { ok: true; system: SystemSigner; professional: ProfessionalSigner; signedDocument: Document; signedXml: string }
  | ({ which: 'system' | 'professional' } & XadesRefusal);

/**
 * Both signatures of a phase-2 decision: the enveloped system signature on the received CDA, then the
 * professional's detached signature over the content the system signature covers.
 */
export async function verifyDecisionSignatures(
  systemSignedCda: string,
  professionalSignature: string | Uint8Array,
  options: { system: VerifyOptions; professional?: Omit<ProfessionalVerifyOptions, 'trust' | 'now'> },
): Promise<DecisionVerifyResult> {
  const system = await verifyEnveloped(systemSignedCda, options.system);
  if (!system.ok) return { which: 'system', ...system };
  // One trust and one time of receipt for both signatures.
  const professional = await verifyProfessionalSignature(professionalSignature, system.signedXml, {
    ...options.professional,
    trust: options.system.trust,
    now: options.system.now,
  });
  if (!professional.ok) return { which: 'professional', ...professional };
  return {
    ok: true,
    system: system.signer,
    professional: professional.signer,
    signedDocument: system.signedDocument,
    signedXml: system.signedXml,
  };
}
