// Reads a ds:Signature element against the one profile arkki signs with (see xml-signature.ts) before
// any cryptography runs. XML-DSig allows far more than we need — several References, ID and XPath
// references, XSLT transforms, Objects, keys fetched by RetrievalMethod — and each of those is a known
// way to make a valid signature vouch for something other than what the reader looks at. So anything
// outside the profile is refused here, with the reason the caller reports.
import type { Element, Node } from '@xmldom/xmldom';
import { DSIG_NS, REFERENCE_TRANSFORMS, SIGNATURE_ALGORITHMS } from './xml-signature.ts';

export type SignatureRefusalReason =
  | 'missing-signature'
  | 'multiple-signatures'
  | 'bad-signature'
  | 'digest-mismatch'
  | 'wrapping'
  | 'untrusted-certificate'
  | 'signing-key-usage'
  | 'revoked'
  | 'expired'
  | 'wrong-organisation'
  | 'unsupported-algorithm'
  | 'malformed';

export interface SignatureRefusal {
  ok: false;
  reason: SignatureRefusalReason;
  detail: string;
}

export interface SignatureParts {
  ok: true;
  /** Base64 DER of the KeyInfo certificates: the signer's and the CA certificates sent to build the path. */
  certificates: string[];
}

// More certificates than any path to our root needs; also bounds the parsing an attacker can cause.
const MAX_CERTIFICATES = 5;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

function refusal(reason: SignatureRefusalReason, detail: string): SignatureRefusal {
  return { ok: false, reason, detail };
}

/** Element children, all in the ds namespace; only whitespace may stand between them. */
function dsChildren(parent: Element): Element[] | SignatureRefusal {
  const out: Element[] = [];
  for (let child: Node | null = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) {
      const el = child as Element;
      if (el.namespaceURI !== DSIG_NS)
        return refusal('malformed', `<${el.tagName}> is not an XML-DSig element (inside ds:${parent.localName})`);
      out.push(el);
    } else if (child.nodeType !== TEXT_NODE || (child.nodeValue ?? '').trim() !== '') {
      return refusal('malformed', `ds:${parent.localName} may contain only XML-DSig elements`);
    }
  }
  return out;
}

function names(elements: Element[]): string {
  return elements.map((e) => e.localName).join(', ') || 'nothing';
}

/** Refuses attributes other than namespace declarations and `allowed`. */
function onlyAttributes(el: Element, allowed: readonly string[]): SignatureRefusal | null {
  for (let i = 0; i < el.attributes.length; i++) {
    const name = el.attributes.item(i)!.name;
    if (name === 'xmlns' || name.startsWith('xmlns:') || allowed.includes(name)) continue;
    return refusal('malformed', `attribute ${name} is not accepted on ds:${el.localName}`);
  }
  return null;
}

/** True when an element has content beyond whitespace. */
function hasContent(el: Element): boolean {
  for (let child: Node | null = el.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== TEXT_NODE || (child.nodeValue ?? '').trim() !== '') return true;
  }
  return false;
}

/** The Algorithm of a method element, which must not carry parameters (HMACOutputLength, XPath, InclusiveNamespaces…). */
function algorithm(el: Element, expected: string, what: string): SignatureRefusal | null {
  const value = el.getAttribute('Algorithm') ?? '';
  if (value !== expected) {
    const sha1 = /sha1$/i.test(value) ? ' (SHA-1 is refused)' : '';
    return refusal('unsupported-algorithm', `${what} ${value || '(none)'} is not accepted${sha1}; the profile requires ${expected}`);
  }
  if (hasContent(el)) return refusal('unsupported-algorithm', `parameters of ${what} ${value} are not accepted`);
  return onlyAttributes(el, ['Algorithm']);
}

/** Base64 text content of a leaf element (whitespace and line breaks allowed, as XML-DSig does). */
function base64Of(el: Element): Buffer | SignatureRefusal {
  for (let child: Node | null = el.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== TEXT_NODE) return refusal('malformed', `ds:${el.localName} must hold only base64 text`);
  }
  const text = (el.textContent ?? '').replace(/\s+/g, '');
  if (!BASE64.test(text) || text.length % 4 !== 0) return refusal('malformed', `ds:${el.localName} is not base64`);
  return Buffer.from(text, 'base64');
}

function checkReference(reference: Element): SignatureRefusal | null {
  const uri = reference.getAttributeNode('URI');
  // URI="" is the whole document; "#id" or a missing URI would let the signature cover only a part,
  // leaving the rest free to forge (signature wrapping).
  if (!uri || uri.value !== '')
    return refusal('wrapping', `the Reference must have URI="" (the whole document), not ${uri ? `URI="${uri.value}"` : 'no URI'}`);
  const attrs = onlyAttributes(reference, ['URI']);
  if (attrs) return attrs;
  const children = dsChildren(reference);
  if (!Array.isArray(children)) return children;
  if (names(children) !== 'Transforms, DigestMethod, DigestValue')
    return refusal('malformed', `ds:Reference must contain Transforms, DigestMethod, DigestValue (found ${names(children)})`);
  const [transformsEl, digestMethod, digestValue] = children as [Element, Element, Element];

  const transforms = dsChildren(transformsEl);
  if (!Array.isArray(transforms)) return transforms;
  for (const t of transforms) {
    if (t.localName !== 'Transform') return refusal('malformed', `ds:Transforms may contain only ds:Transform (found ds:${t.localName})`);
    const alg = t.getAttribute('Algorithm') ?? '';
    // XPath, XSLT and the with-comments c14n variants all change what is signed: refused outright.
    if (!REFERENCE_TRANSFORMS.includes(alg))
      return refusal('unsupported-algorithm', `transform ${alg || '(none)'} is not accepted (only enveloped-signature and exclusive c14n)`);
    const problem = algorithm(t, alg, 'transform');
    if (problem) return problem;
  }
  const algorithms = transforms.map((t) => t.getAttribute('Algorithm'));
  if (algorithms.join(' ') !== REFERENCE_TRANSFORMS.join(' ')) {
    return refusal(
      'malformed',
      `the transforms must be exactly enveloped-signature then exclusive c14n (found ${algorithms.join(', ') || 'none'})`,
    );
  }
  const digest = algorithm(digestMethod, SIGNATURE_ALGORITHMS.digest, 'digest method');
  if (digest) return digest;
  const value = base64Of(digestValue);
  if (!Buffer.isBuffer(value)) return value;
  if (value.length !== 32) return refusal('malformed', `a SHA-256 digest has 32 bytes, not ${value.length}`);
  return null;
}

function checkSignedInfo(signedInfo: Element): SignatureRefusal | null {
  const attrs = onlyAttributes(signedInfo, ['Id']);
  if (attrs) return attrs;
  const children = dsChildren(signedInfo);
  if (!Array.isArray(children)) return children;
  const [c14n, method, ...references] = children;
  if (
    c14n?.localName !== 'CanonicalizationMethod' ||
    method?.localName !== 'SignatureMethod' ||
    references.some((r) => r.localName !== 'Reference')
  ) {
    return refusal('malformed', `ds:SignedInfo must contain CanonicalizationMethod, SignatureMethod, Reference (found ${names(children)})`);
  }
  if (references.length !== 1)
    return refusal(
      references.length === 0 ? 'malformed' : 'wrapping',
      `exactly one Reference (to the whole document) is accepted, found ${references.length}`,
    );
  return (
    algorithm(c14n, SIGNATURE_ALGORITHMS.canonicalization, 'canonicalization') ??
    algorithm(method, SIGNATURE_ALGORITHMS.signature, 'signature method') ??
    checkReference(references[0]!)
  );
}

function certificatesOf(keyInfo: Element): string[] | SignatureRefusal {
  const attrs = onlyAttributes(keyInfo, ['Id']);
  if (attrs) return attrs;
  const data = dsChildren(keyInfo);
  if (!Array.isArray(data)) return data;
  // Only certificates carried in the document: KeyValue alone names no one, RetrievalMethod would fetch.
  if (names(data) !== 'X509Data') return refusal('malformed', `ds:KeyInfo must contain exactly one X509Data (found ${names(data)})`);
  const items = dsChildren(data[0]!);
  if (!Array.isArray(items)) return items;
  if (items.length === 0 || items.some((i) => i.localName !== 'X509Certificate')) {
    return refusal('malformed', `ds:X509Data must contain only X509Certificate elements (found ${names(items)})`);
  }
  if (items.length > MAX_CERTIFICATES) return refusal('malformed', `more than ${MAX_CERTIFICATES} certificates in KeyInfo`);
  const out: string[] = [];
  for (const item of items) {
    const der = base64Of(item);
    if (!Buffer.isBuffer(der)) return der;
    out.push(der.toString('base64'));
  }
  return out;
}

/** Checks `signature` against the profile; on success returns the KeyInfo certificates. */
export function readSignatureStructure(signature: Element): SignatureParts | SignatureRefusal {
  const attrs = onlyAttributes(signature, ['Id']);
  if (attrs) return attrs;
  const children = dsChildren(signature);
  if (!Array.isArray(children)) return children;
  // ds:Object is where wrapping attacks hide the original signed content; the profile has no use for it.
  if (children.some((c) => c.localName === 'Object')) return refusal('wrapping', 'ds:Object is not accepted inside the signature');
  if (names(children) !== 'SignedInfo, SignatureValue, KeyInfo') {
    return refusal('malformed', `ds:Signature must contain SignedInfo, SignatureValue, KeyInfo (found ${names(children)})`);
  }
  const [signedInfo, signatureValue, keyInfo] = children as [Element, Element, Element];
  const problem = checkSignedInfo(signedInfo) ?? onlyAttributes(signatureValue, ['Id']);
  if (problem) return problem;
  const value = base64Of(signatureValue);
  if (!Buffer.isBuffer(value)) return value;
  if (value.length === 0) return refusal('malformed', 'ds:SignatureValue is empty');
  const certificates = certificatesOf(keyInfo);
  if (!Array.isArray(certificates)) return certificates;
  return { ok: true, certificates };
}
