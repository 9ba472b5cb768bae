// Verifies the system signature on an incoming document and says who signed it. The order matters:
//   1. parse through safe-xml (a DTD, XXE or oversized input never reaches the signature code);
//   2. exactly one ds:Signature, a direct child of the document element, in the one accepted profile
//      (signature-structure.ts) — anything else is refused before cryptography;
//   3. digest and signature value with the public key of the certificate in KeyInfo, and no other key;
//   4. that certificate: path to our root, validity at `now`, CRL, a system certificate, organisation.
// The result carries the document as it was signed: the canonical bytes the digest covered, parsed
// again. Callers read data only from it, never from the input, so content outside what the signature
// covers (comments, a forged wrapper, anything the two parsers might see differently) cannot reach them.
import { SignedXml } from 'xml-crypto';
import type { Document, Element } from '@xmldom/xmldom';
import type { SystemProfile } from '../identity/identity.ts';
import { readArkkiFields } from '../pki/certificate-fields.ts';
import type { CertificateTrust } from '../pki/trust.ts';
import { verifyChain, type ChainFailureReason } from '../pki/verify-chain.ts';
import { x509 } from '../pki/x509.ts';
import { parseXmlSafely } from './safe-xml.ts';
import { readSignatureStructure, type SignatureRefusal, type SignatureRefusalReason } from './signature-structure.ts';
import { DSIG_NS, REFERENCE_TRANSFORMS, SIGNATURE_ALGORITHMS } from './xml-signature.ts';

export type { SignatureRefusal, SignatureRefusalReason } from './signature-structure.ts';

export interface VerifyOptions {
  trust: CertificateTrust;
  /** The time the certificate must be valid and unrevoked at (normally the time of receipt). */
  now: Date;
  /** When given, the signer's organisation must be a known register keeper's (undefined = refused). */
  registerKeeperOf?: (organisationOid: string) => string | undefined;
  /** When given, the signer's organisation must be exactly this one (e.g. the authenticated caller's). */
  expectedOrganisationOid?: string;
}

export interface SystemSigner {
  organisationOid: string;
  /** Subject CN of the system certificate (the system's id). */
  systemName: string;
  /** Certificate serial number, hex as @peculiar/x509 gives it. */
  serial: string;
  profile?: SystemProfile;
  /** From `registerKeeperOf`, when it was given. */
  registerKeeperOid?: string;
}

export type VerifyResult =
  | {
    ok: true;
    signer: SystemSigner;
    /** The signed document (signature removed, comments dropped): read content only from here. */
    signedDocument: Document;
    /** The exclusive-c14n bytes the digest covered, as text. */
    signedXml: string;
  }
  | SignatureRefusal;

function refuse(reason: SignatureRefusalReason, detail: string): SignatureRefusal {
  return { ok: false, reason, detail };
}

/** xml-crypto with only the profile's algorithms registered, so nothing else can run even by mistake. */
function verifierFor(certificatePem: string): SignedXml {
  // getCertFromKeyInfo returning null makes xml-crypto use publicCert: the certificate we check below.
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  const pick = <T extends object>(all: T, keys: readonly string[]): T =>
    Object.fromEntries(keys.map((k) => [k, (all as Record<string, unknown>)[k]])) as T;
  verifier.SignatureAlgorithms = pick(verifier.SignatureAlgorithms, [SIGNATURE_ALGORITHMS.signature]);
  verifier.HashAlgorithms = pick(verifier.HashAlgorithms, [SIGNATURE_ALGORITHMS.digest]);
  verifier.CanonicalizationAlgorithms = pick(verifier.CanonicalizationAlgorithms, REFERENCE_TRANSFORMS);
  return verifier;
}

/** Step 3: digest and signature value; returns the canonical signed bytes. */
function checkCryptography(xml: string, signature: Element, certificatePem: string): { signedXml: string } | SignatureRefusal {
  const verifier = verifierFor(certificatePem);
  try {
    // xml-crypto reads SignedInfo from our (already checked) node and re-parses `xml` for the digest;
    // it finds the enveloped signature there by its SignatureValue, which is unique (one signature).
    verifier.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
    if (!verifier.checkSignature(xml)) {
      const why = verifier.getReferences()[0]?.validationError?.message ?? 'the reference did not validate';
      return refuse('digest-mismatch', `the document was changed after signing: ${why}`);
    }
  } catch (e) {
    const message = (e as Error).message;
    // xml-crypto reports a wrong signature value only by this message (pinned by the tests).
    if (message.startsWith('invalid signature: the signature value')) {
      return refuse('bad-signature', 'the signature value does not match SignedInfo with the key of the certificate in KeyInfo');
    }
    return refuse('malformed', `the signature cannot be checked: ${message.slice(0, 300)}`);
  }
  // Defence in depth: what xml-crypto authenticated must be the profile the structure check read.
  const references = verifier.getReferences();
  const signed = verifier.getSignedReferences();
  const ref = references[0];
  if (references.length !== 1 || signed.length !== 1 || ref?.uri !== '' || ref.transforms.join(' ') !== REFERENCE_TRANSFORMS.join(' ')) {
    return refuse('wrapping', 'the authenticated references are not exactly one reference to the whole document');
  }
  return { signedXml: signed[0]! };
}

const CHAIN_REASON: Record<ChainFailureReason, SignatureRefusalReason> = {
  'unknown-issuer': 'untrusted-certificate',
  'expired': 'expired',
  'not-yet-valid': 'expired',                    // outside its validity period either way
  'revoked': 'revoked',
  'revocation-unknown': 'untrusted-certificate', // fail closed: no current CRL, no trust
};

/** Step 4: the signer's certificate, as a system of a (known) organisation. */
async function checkSigner(leaf: x509.X509Certificate, presented: x509.X509Certificate[], options: VerifyOptions): Promise<SystemSigner | SignatureRefusal> {
  const chain = await verifyChain(leaf, options.trust, options.now, presented);
  if (!chain.ok) return refuse(CHAIN_REASON[chain.reason], `signing certificate: ${chain.detail}`);
  const keyUsage = leaf.getExtension(x509.KeyUsagesExtension);
  if (keyUsage && (keyUsage.usages & x509.KeyUsageFlags.digitalSignature) === 0) {
    return refuse('untrusted-certificate', 'the signing certificate does not allow digital signatures');
  }
  const read = readArkkiFields(leaf);
  if (!read.ok) return refuse('untrusted-certificate', `the signing certificate is not an arkki certificate: ${read.detail}`);
  const { kind, organisationOid, commonName, profile } = read.fields;
  if (kind !== 'system' || !organisationOid) return refuse('untrusted-certificate', `a ${kind} certificate cannot make a system signature`);
  if (options.expectedOrganisationOid !== undefined && organisationOid !== options.expectedOrganisationOid) {
    return refuse('wrong-organisation', `signed by a system of organisation ${organisationOid}, expected ${options.expectedOrganisationOid}`);
  }
  const signer: SystemSigner = { organisationOid, systemName: commonName, serial: leaf.serialNumber, profile };
  if (options.registerKeeperOf) {
    const registerKeeperOid = options.registerKeeperOf(organisationOid);
    if (!registerKeeperOid) return refuse('wrong-organisation', `organisation ${organisationOid} of system "${commonName}" is not a known register keeper's organisation`);
    signer.registerKeeperOid = registerKeeperOid;
  }
  return signer;
}

// Every document of a system carries the same certificates; parsing DER costs more than the RSA check,
// so parsed certificates are kept by their base64 text (bounded; a certificate object is never modified).
const PARSED_LIMIT = 1024;
const parsedCertificates = new Map<string, x509.X509Certificate>();

function parseCertificate(body: string): x509.X509Certificate {
  let cert = parsedCertificates.get(body);
  if (!cert) {
    cert = new x509.X509Certificate(Buffer.from(body, 'base64'));
    if (parsedCertificates.size >= PARSED_LIMIT) parsedCertificates.delete(parsedCertificates.keys().next().value!);
    parsedCertificates.set(body, cert);
  }
  return cert;
}

/**
 * The signer is the one end-entity certificate in KeyInfo, wherever it stands (signers order the
 * chain differently); the CA certificates beside it only help to build the path to our root.
 */
function signerCertificate(bodies: string[]): { leaf: x509.X509Certificate; presented: x509.X509Certificate[] } | SignatureRefusal {
  let certificates: x509.X509Certificate[];
  try {
    certificates = bodies.map(parseCertificate);
  } catch (e) {
    return refuse('malformed', `a KeyInfo certificate cannot be read: ${(e as Error).message}`);
  }
  const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;
  const leaves = certificates.filter((c) => !isCa(c));
  if (leaves.length === 0) return refuse('untrusted-certificate', 'KeyInfo holds only CA certificates; a CA certificate cannot make a system signature');
  if (leaves.length > 1) return refuse('malformed', `KeyInfo holds ${leaves.length} end-entity certificates; only the signer's is accepted`);
  return { leaf: leaves[0]!, presented: certificates.filter(isCa) };
}

/** Verifies the enveloped system signature of `xml`; see the file comment for what is checked. */
export async function verifyEnveloped(xml: string, options: VerifyOptions): Promise<VerifyResult> {
  const parsed = parseXmlSafely(xml, { field: 'document' });
  if (!parsed.ok) return refuse('malformed', `refused before signature checking: ${parsed.issue.message}`);
  const root = parsed.document.documentElement!;

  const signatures = parsed.document.getElementsByTagNameNS(DSIG_NS, 'Signature');
  if (signatures.length === 0) return refuse('missing-signature', 'the document has no XML signature (ds:Signature)');
  if (signatures.length > 1) return refuse('multiple-signatures', `the document has ${signatures.length} ds:Signature elements; exactly one is accepted`);
  const signature = signatures.item(0)!;
  if (signature.parentNode !== root) {
    return refuse('wrapping', `ds:Signature must be a direct child of the document element <${root.tagName}>`);
  }

  const structure = readSignatureStructure(signature);
  if (!structure.ok) return structure;
  const certificates = signerCertificate(structure.certificates);
  if ('ok' in certificates) return certificates;
  const { leaf, presented } = certificates;

  const crypto = checkCryptography(xml, signature, leaf.toString('pem'));
  if ('ok' in crypto) return crypto;
  const signer = await checkSigner(leaf, presented, options);
  if ('ok' in signer) return signer;

  const signedDocument = parseXmlSafely(crypto.signedXml, { field: 'signed document' });
  if (!signedDocument.ok) return refuse('malformed', `the signed content cannot be read: ${signedDocument.issue.message}`);
  // xml-crypto parsed the input with its own xmldom; should the two parsers ever see different trees,
  // the signed content must still be this document without any signature in it.
  const signedRoot = signedDocument.document.documentElement!;
  if (signedRoot.namespaceURI !== root.namespaceURI || signedRoot.localName !== root.localName
    || signedDocument.document.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
    return refuse('wrapping', 'the signed content is not the document that was presented');
  }
  return { ok: true, signer, signedDocument: signedDocument.document, signedXml: crypto.signedXml };
}
