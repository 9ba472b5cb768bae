// The system signature (järjestelmäallekirjoitus) on an archived document: an enveloped XML-DSig over
// the whole document, made with the organisation's system certificate. One fixed profile, so signer
// and verifier agree without negotiation and the verifier can refuse everything else:
//   Reference URI="" (the whole document) · transforms enveloped-signature + exclusive c14n (no comments)
//   RSA-SHA256 over SignedInfo · SHA-256 digest · KeyInfo/X509Data with the signing certificate first,
//   then the chain (intermediates) so a verifier can build the path.
// RSA PKCS#1 v1.5 is deterministic, so the same document and key always give the same bytes.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
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
function certificateBodies(key: SigningKey): string[] {
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
  let publicFromKey: Buffer;
  try {
    publicFromKey = createPublicKey(createPrivateKey(key.privateKeyPem)).export({ type: 'spki', format: 'der' });
  } catch (e) {
    refuse('private-key', `the private key cannot be read: ${(e as Error).message}`);
  }
  if (!publicFromKey.equals(Buffer.from(certificate.publicKey.rawData))) {
    refuse('private-key', 'the private key does not belong to the certificate');
  }
  return [...own, ...chain];
}

/**
 * Signs `xml` with an enveloped signature over the whole document, appended as the last child of
 * the document element. The input is parsed through safe-xml first (no DTDs, limits) and must not be
 * signed already: the verifier accepts exactly one signature.
 */
export function signEnveloped(xml: string, key: SigningKey): string {
  const document = parseXmlOrThrow(xml, { field: 'signature.document' });
  if (document.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
    refuse('already-signed', 'the document already carries an XML signature; a document is signed once');
  }
  const certificates = certificateBodies(key);

  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    signatureAlgorithm: SIGNATURE_ALGORITHMS.signature,
    canonicalizationAlgorithm: SIGNATURE_ALGORITHMS.canonicalization,
    getKeyInfoContent: (args) => {
      const p = args?.prefix ? `${args.prefix}:` : '';
      const items = certificates.map((body) => `<${p}X509Certificate>${body}</${p}X509Certificate>`).join('');
      return `<${p}X509Data>${items}</${p}X509Data>`;
    },
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
