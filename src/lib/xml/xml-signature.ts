// The system signature (järjestelmäallekirjoitus) on an archived document: an enveloped XML-DSig over
// the whole document, made with the organisation's system certificate. One fixed profile, so signer
// and verifier agree without negotiation and the verifier can refuse everything else:
//   Reference URI="" (the whole document) · transforms enveloped-signature + exclusive c14n (no comments)
//   RSA-SHA256 over SignedInfo · SHA-256 digest · KeyInfo/X509Data with the signing certificate first,
//   then the chain (intermediates) so a verifier can build the path.
// RSA PKCS#1 v1.5 is deterministic, so the same document and key always give the same bytes.
// Signing a batch: `createSigner(key)` reads and checks the key material once (parsing the key and the
// certificates cost more than the RSA signature itself); `signEnveloped(xml, key)` keeps one prepared signer
// per key object. Per document the signer parses once, canonicalises that one DOM, hashes, signs the
// SignedInfo it wrote itself in canonical form, and splices the signature into the input text before the
// document element's end tag (xml-crypto re-parsed and re-serialised the whole document three times). The
// xml-crypto path stays as the reference the tests compare against and as the fallback for inputs whose
// end tag the splice cannot find safely.
import { createHash, createPrivateKey, createPublicKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { ArkkiError, issue } from '../errors.ts';
import { x509 } from '../pki/x509.ts';
import { parseXmlOrThrow } from './safe-xml.ts';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The only algorithms of the system-signature profile; the verifier refuses any other. */
export const SIGNATURE_ALGORITHMS = {
  canonicalization: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  envelopedTransform: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
} as const;

/** The transforms of the one Reference, in this order. */
export const REFERENCE_TRANSFORMS: readonly string[] = [SIGNATURE_ALGORITHMS.envelopedTransform, SIGNATURE_ALGORITHMS.canonicalization];

export interface SigningKey {
  /** PKCS#8 or PKCS#1 PEM; text before the PEM block (the TEST-ONLY banner) is ignored. */
  privateKeyPem: string;
  /** The system certificate whose public key matches `privateKeyPem`. */
  certificatePem: string;
  /** Intermediate CA certificate(s), PEM, concatenated; carried in KeyInfo after the signer's certificate. */
  chainPem?: string;
}

/** Base64 bodies of the CERTIFICATE blocks in a PEM text, in order. */
export function pemCertificateBodies(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''));
}

function refuse(rule: string, message: string): never {
  throw new ArkkiError('invalid', [issue('signature', rule, message)]);
}

/**
 * Checks the key material before signing: a signature made with a key that does not match the
 * certificate in KeyInfo would fail every verification, so it is an error here, not at the receiver.
 */
function readKeyMaterial(key: SigningKey): { privateKey: KeyObject; certificates: string[] } {
  const own = pemCertificateBodies(key.certificatePem);
  if (own.length !== 1) refuse('certificate', `certificatePem must hold exactly one certificate (found ${own.length})`);
  const chain = key.chainPem === undefined ? [] : pemCertificateBodies(key.chainPem);
  if (key.chainPem !== undefined && chain.length === 0) refuse('certificate', 'chainPem holds no certificate');
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(key.certificatePem);
    for (const body of chain) new x509.X509Certificate(Buffer.from(body, 'base64'));
  } catch (e) {
    refuse('certificate', `not an X.509 certificate: ${(e as Error).message}`);
  }
  let privateKey: KeyObject;
  let publicFromKey: Buffer;
  try {
    privateKey = createPrivateKey(key.privateKeyPem);
    publicFromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  } catch (e) {
    refuse('private-key', `the private key cannot be read: ${(e as Error).message}`);
  }
  if (!publicFromKey.equals(Buffer.from(certificate.publicKey.rawData))) {
    refuse('private-key', 'the private key does not belong to the certificate');
  }
  return { privateKey, certificates: [...own, ...chain] };
}

/** The document parsed through safe-xml, refused if it is signed already (the verifier accepts exactly one signature). */
function parseUnsigned(xml: string): Document {
  const document = parseXmlOrThrow(xml, { field: 'signature.document' });
  if (document.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
    refuse('already-signed', 'the document already carries an XML signature; a document is signed once');
  }
  return document;
}

const keyInfoXml = (certificates: readonly string[], p: string) =>
  `<${p}X509Data>${certificates.map((body) => `<${p}X509Certificate>${body}</${p}X509Certificate>`).join('')}</${p}X509Data>`;

/**
 * SignedInfo of the profile, as xml-crypto writes it into the document (`canonical` false: empty elements
 * self-closed, the ds namespace declared on ds:Signature) or in its exclusive-c14n form, which is what the
 * signature value covers: the namespace declaration moves onto SignedInfo (the apex of the canonicalised
 * subset, where the ds prefix is first used), empty elements get end tags. Every value in it is a fixed URI
 * or base64, so nothing needs escaping and no attribute ordering arises (one attribute per element).
 */
function signedInfoXml(digestBase64: string, canonical: boolean): string {
  const empty = (name: string, algorithm: string) =>
    canonical ? `<ds:${name} Algorithm="${algorithm}"></ds:${name}>` : `<ds:${name} Algorithm="${algorithm}"/>`;
  return (
    `<ds:SignedInfo${canonical ? ` xmlns:ds="${DSIG_NS}"` : ''}>` +
    empty('CanonicalizationMethod', SIGNATURE_ALGORITHMS.canonicalization) +
    empty('SignatureMethod', SIGNATURE_ALGORITHMS.signature) +
    '<ds:Reference URI=""><ds:Transforms>' +
    REFERENCE_TRANSFORMS.map((t) => empty('Transform', t)).join('') +
    '</ds:Transforms>' +
    empty('DigestMethod', SIGNATURE_ALGORITHMS.digest) +
    `<ds:DigestValue>${digestBase64}</ds:DigestValue></ds:Reference></ds:SignedInfo>`
  );
}

/**
 * Where the signature goes in the input text: before the document element's end tag, when only whitespace
 * follows that tag (dropped, as xml-crypto's serialiser drops it). A well-formed text (it was just parsed)
 * ending in `</name>` and whitespace ends with its document element's end tag. Anything else after it
 * (a comment) and a self-closed document element: -1, the xml-crypto fallback.
 */
function endTag(xml: string, rootName: string): { at: number; end: number } | undefined {
  const at = xml.lastIndexOf(`</${rootName}`);
  if (at < 0) return undefined;
  const close = /^\s*>\s*$/.exec(xml.slice(at + rootName.length + 2));
  return close ? { at, end: at + rootName.length + 2 + close[0].trimEnd().length } : undefined;
}

/** xml-crypto's enveloped signature over the whole document: the reference implementation and the fallback. */
function xmlCryptoSign(xml: string, privateKey: KeyObject | string, certificates: readonly string[]): string {
  const signer = new SignedXml({
    privateKey: privateKey as never,
    signatureAlgorithm: SIGNATURE_ALGORITHMS.signature,
    canonicalizationAlgorithm: SIGNATURE_ALGORITHMS.canonicalization,
    getKeyInfoContent: (args) => keyInfoXml(certificates, args?.prefix ? `${args.prefix}:` : ''),
  });
  // isEmptyUri: URI="" names the whole document and needs no Id attribute in the signed content.
  signer.addReference({
    xpath: '/*',
    transforms: [...REFERENCE_TRANSFORMS],
    digestAlgorithm: SIGNATURE_ALGORITHMS.digest,
    isEmptyUri: true,
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return signer.getSignedXml();
}

/** A signer with its key material read and checked once: `sign` per document of a batch. */
export interface PreparedSigner {
  /** As signEnveloped: the input with one enveloped ds:Signature appended to the document element. */
  sign(xml: string): string;
}

/** Reads and checks `key` once (throws `private-key` / `certificate` refusals); then signs any number of documents. */
export function createSigner(key: SigningKey): PreparedSigner {
  const { privateKey, certificates } = readKeyMaterial(key);
  const keyInfo = `<ds:KeyInfo>${keyInfoXml(certificates, 'ds:')}</ds:KeyInfo>`;
  return {
    sign(xml: string): string {
      const document = parseUnsigned(xml);
      const root = document.documentElement!;
      const tag = endTag(xml, root.tagName);
      if (!tag) return xmlCryptoSign(xml, privateKey, certificates);
      // The enveloped transform has nothing to remove yet: the digest covers the canonical unsigned document.
      const canonical = new ExclusiveCanonicalization().process(root as never, {}) as string;
      const digest = createHash('sha256').update(canonical, 'utf8').digest('base64');
      const value = rsaSign('sha256', Buffer.from(signedInfoXml(digest, true), 'utf8'), privateKey).toString('base64');
      const signature =
        `<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfoXml(digest, false)}` +
        `<ds:SignatureValue>${value}</ds:SignatureValue>${keyInfo}</ds:Signature>`;
      return xml.slice(0, tag.at) + signature + xml.slice(tag.at, tag.end);
    },
  };
}

// One prepared signer per key object: callers that pass the same SigningKey for every document (the client
// system's queue, the migration, the demo) read the key once. A key object is treated as immutable.
const prepared = new WeakMap<SigningKey, PreparedSigner>();

/**
 * Signs `xml` with an enveloped signature over the whole document, appended as the last child of
 * the document element. The input is parsed through safe-xml first (no DTDs, limits) and must not be
 * signed already: the verifier accepts exactly one signature.
 */
export function signEnveloped(xml: string, key: SigningKey): string {
  let signer = prepared.get(key);
  if (!signer) {
    signer = createSigner(key);
    prepared.set(key, signer);
  }
  return signer.sign(xml);
}

/**
 * The signing as it was before the prepared signer: key material read on every call, then xml-crypto.
 * Kept as the reference the fast path is tested against (same bytes) and as the benchmark's baseline.
 */
export function signEnvelopedWithXmlCrypto(xml: string, key: SigningKey): string {
  parseUnsigned(xml);
  const { certificates } = readKeyMaterial(key);
  return xmlCryptoSign(xml, key.privateKeyPem, certificates);
}
