// Verifies the system signature on an incoming document and says who signed it. The order matters:
//   1. parse through safe-xml (a DTD, XXE or oversized input never reaches the signature code);
//   2. exactly one ds:Signature, a direct child of the document element, in the one accepted profile
//      (signature-structure.ts) — anything else is refused before cryptography;
//   3. digest and signature value, on the same DOM, with the public key of the certificate in KeyInfo and no other key;
//   4. that certificate: path to our root, validity at `now`, CRL, a system certificate, organisation.
// The result carries the document as it was signed: the tree the digest was computed from, without the
// signature and reduced to what exclusive c14n covers (no comments), and its canonical bytes. Callers
// read data only from it, never from the input text, so content outside what the signature covers
// (comments, a forged wrapper, anything a second parser might see differently) cannot reach them.
import { createHash, createPublicKey, timingSafeEqual, verify as verifySignatureValue, type KeyObject } from 'node:crypto';
import { ExclusiveCanonicalization } from 'xml-crypto';
import type { CharacterData, Document, Element, Node } from '@xmldom/xmldom';
import type { SystemProfile } from '../identity/identity.ts';
import { readArkkiFields } from '../pki/certificate-fields.ts';
import type { CertificateTrust } from '../pki/trust.ts';
import { verifyChain, type ChainFailureReason } from '../pki/verify-chain.ts';
import { x509 } from '../pki/x509.ts';
import { keyInfoSigner } from './keyinfo-certificates.ts';
import { parseXmlSafely } from './safe-xml.ts';
import { readSignatureStructure, type SignatureRefusal, type SignatureRefusalReason } from './signature-structure.ts';
import { DSIG_NS } from './xml-signature.ts';

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

/** The ds-namespace element children of `parent` (the structure check has fixed their order). */
function dsElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === DSIG_NS) out.push(n as Element);
  }
  return out;
}

const base64Text = (el: Element | undefined) => Buffer.from((el?.textContent ?? '').replace(/\s+/g, ''), 'base64');

const publicKeys = new WeakMap<x509.X509Certificate, KeyObject>();
function publicKeyOf(leaf: x509.X509Certificate): KeyObject {
  let key = publicKeys.get(leaf);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(leaf.publicKey.rawData), format: 'der', type: 'spki' });
    publicKeys.set(leaf, key);
  }
  return key;
}

/**
 * Step 3: digest and signature value, computed on the one DOM the safe parser built (so what is hashed is
 * exactly the tree that was structure-checked, and the document is not parsed, searched or cloned again).
 * The profile is fixed and checked (signature-structure.ts): SignedInfo in exclusive c14n without
 * InclusiveNamespaces, RSA-SHA256; one Reference URI="" with enveloped-signature then exclusive c14n,
 * SHA-256. The enveloped transform is applied by detaching the signature from this throwaway tree.
 * Returns the canonical signed bytes.
 */
function checkCryptography(signature: Element, leaf: x509.X509Certificate): { signedXml: string } | SignatureRefusal {
  const [signedInfo, signatureValue] = dsElements(signature);
  const reference = dsElements(signedInfo!).find((e) => e.localName === 'Reference');
  const digestValue = dsElements(reference!).find((e) => e.localName === 'DigestValue');
  const root = signature.parentNode as Element;
  try {
    const c14n = new ExclusiveCanonicalization();
    // Canonicalise SignedInfo while it is still in the tree, then take the signature out (enveloped transform).
    const signedInfoCanon = c14n.process(signedInfo as never, {}) as string;
    root.removeChild(signature);
    const signedXml = c14n.process(root as never, {}) as string;
    const digest = createHash('sha256').update(signedXml, 'utf8').digest();
    const expected = base64Text(digestValue);
    if (digest.length !== expected.length || !timingSafeEqual(digest, expected)) {
      return refuse(
        'digest-mismatch',
        'the document was changed after signing: the SHA-256 digest of the document does not match the signed DigestValue',
      );
    }
    const key = publicKeyOf(leaf);
    if (key.asymmetricKeyType !== 'rsa')
      return refuse('unsupported-algorithm', `the signing certificate has a ${key.asymmetricKeyType} key; the profile is RSA-SHA256`);
    if (!verifySignatureValue('sha256', Buffer.from(signedInfoCanon, 'utf8'), key, base64Text(signatureValue))) {
      return refuse('bad-signature', 'the signature value does not match SignedInfo with the key of the certificate in KeyInfo');
    }
    return { signedXml };
  } catch (e) {
    return refuse('malformed', `the signature cannot be checked: ${(e as Error).message.slice(0, 300)}`);
  }
}

const CHAIN_REASON: Record<ChainFailureReason, SignatureRefusalReason> = {
  'unknown-issuer': 'untrusted-certificate',
  expired: 'expired',
  'not-yet-valid': 'expired', // outside its validity period either way
  revoked: 'revoked',
  'revocation-unknown': 'untrusted-certificate', // fail closed: no current CRL, no trust
};

/** Step 4: the signer's certificate, as a system of a (known) organisation. */
async function checkSigner(
  leaf: x509.X509Certificate,
  presented: x509.X509Certificate[],
  options: VerifyOptions,
): Promise<SystemSigner | SignatureRefusal> {
  const chain = await verifyChain(leaf, options.trust, options.now, presented);
  if (!chain.ok) return refuse(CHAIN_REASON[chain.reason], `signing certificate: ${chain.detail}`);
  const read = readArkkiFields(leaf);
  if (!read.ok) return refuse('untrusted-certificate', `the signing certificate is not an arkki certificate: ${read.detail}`);
  const { kind, organisationOid, commonName, profile } = read.fields;
  // A system's TLS certificate (clientAuth) identifies it on a connection; the system signature is made
  // with its separate signing certificate (keyUsage digitalSignature / nonRepudiation), as in the national PKI.
  if (kind === 'system')
    return refuse(
      'signing-key-usage',
      `the certificate of "${commonName}" is a system TLS certificate (extended key usage clientAuth); a system signature is made with the system's signing certificate (keyUsage digitalSignature / nonRepudiation)`,
    );
  if (kind !== 'signing' || !organisationOid)
    return refuse('untrusted-certificate', `a ${kind} certificate cannot make a system signature`);
  const keyUsage = leaf.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  if ((keyUsage & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) === 0)
    return refuse('signing-key-usage', 'the signing certificate has no keyUsage digitalSignature or nonRepudiation');
  const extended = leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
  if (extended.includes(x509.ExtendedKeyUsage.clientAuth) || extended.includes(x509.ExtendedKeyUsage.serverAuth))
    return refuse('signing-key-usage', 'the signing certificate also allows TLS authentication; a signing certificate signs only');
  if (options.expectedOrganisationOid !== undefined && organisationOid !== options.expectedOrganisationOid) {
    return refuse(
      'wrong-organisation',
      `signed by a system of organisation ${organisationOid}, expected ${options.expectedOrganisationOid}`,
    );
  }
  const signer: SystemSigner = { organisationOid, systemName: commonName, serial: leaf.serialNumber, profile };
  if (options.registerKeeperOf) {
    const registerKeeperOid = options.registerKeeperOf(organisationOid);
    if (!registerKeeperOid)
      return refuse(
        'wrong-organisation',
        `organisation ${organisationOid} of system "${commonName}" is not a known register keeper's organisation`,
      );
    signer.registerKeeperOid = registerKeeperOid;
  }
  return signer;
}

/** The signer's certificate from KeyInfo, with the reason a system signature cannot use what is there. */
function signerCertificate(bodies: string[]): { leaf: x509.X509Certificate; presented: x509.X509Certificate[] } | SignatureRefusal {
  const signer = keyInfoSigner(bodies);
  if (signer.ok) return { leaf: signer.leaf, presented: signer.presented };
  if (signer.unreadable !== undefined) return refuse('malformed', `a KeyInfo certificate cannot be read: ${signer.unreadable}`);
  if (signer.endEntities === 0)
    return refuse('untrusted-certificate', 'KeyInfo holds only CA certificates; a CA certificate cannot make a system signature');
  return refuse('malformed', `KeyInfo holds ${signer.endEntities} end-entity certificates; only the signer's is accepted`);
}

const ELEMENT = 1;
const CDATA = 4;
const COMMENT = 8;

/**
 * Drops comments, turns CDATA sections into text and merges adjacent text: the infoset exclusive c14n keeps.
 * The parser gives one text node per run of character data, so text can only become adjacent where a
 * comment or CDATA section was: the (whole-tree) merge runs only then.
 */
function toCanonicalTree(document: Document): void {
  const stack: Node[] = [document];
  let changed = false;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let child = node.firstChild; child; ) {
      const next = child.nextSibling;
      if (child.nodeType === COMMENT) {
        node.removeChild(child);
        changed = true;
      } else if (child.nodeType === CDATA) {
        node.replaceChild(document.createTextNode((child as CharacterData).data), child);
        changed = true;
      } else if (child.nodeType === ELEMENT) stack.push(child);
      child = next;
    }
  }
  if (changed) document.normalize();
}

/**
 * Verifies the enveloped system signature of `xml`; see the file comment for what is checked. `prescanned`:
 * the caller has run prescanXml over `xml` with the default limits and it passed (see SafeXmlOptions).
 */
export async function verifyEnveloped(xml: string, options: VerifyOptions & { prescanned?: boolean }): Promise<VerifyResult> {
  const parsed = parseXmlSafely(xml, { field: 'document', prescanned: options.prescanned === true });
  if (!parsed.ok) return refuse('malformed', `refused before signature checking: ${parsed.issue.message}`);
  const root = parsed.document.documentElement!;

  const signatures = parsed.document.getElementsByTagNameNS(DSIG_NS, 'Signature');
  if (signatures.length === 0) return refuse('missing-signature', 'the document has no XML signature (ds:Signature)');
  if (signatures.length > 1)
    return refuse('multiple-signatures', `the document has ${signatures.length} ds:Signature elements; exactly one is accepted`);
  const signature = signatures.item(0)!;
  if (signature.parentNode !== root) {
    return refuse('wrapping', `ds:Signature must be a direct child of the document element <${root.tagName}>`);
  }

  const structure = readSignatureStructure(signature);
  if (!structure.ok) return structure;
  const certificates = signerCertificate(structure.certificates);
  if ('ok' in certificates) return certificates;
  const { leaf, presented } = certificates;

  const crypto = checkCryptography(signature, leaf);
  if ('ok' in crypto) return crypto;
  const signer = await checkSigner(leaf, presented, options);
  if ('ok' in signer) return signer;

  // The signed content is the very tree the digest was computed from (the signature already detached),
  // reduced to what exclusive c14n keeps, so it is what parsing the canonical bytes would give: no
  // comments, CDATA as text, adjacent text merged. Reading it needs no second parse.
  const document = parsed.document;
  toCanonicalTree(document);
  // Defence in depth: nothing of a signature may remain in what callers read.
  if (document.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
    return refuse('wrapping', 'the signed content is not the document that was presented');
  }
  return { ok: true, signer, signedDocument: document, signedXml: crypto.signedXml };
}
