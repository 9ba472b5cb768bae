// Reads a detached XAdES signature document against the one profile arkki signs with (xades.ts)
// before any cryptography runs. As for the system signature, everything outside the profile is refused:
// more references, other transforms, ids used twice, a SignedProperties anywhere but its one place
// (the classic XAdES wrapping attack moves the signed properties and puts forged ones where a
// careless reader looks).
import type { Document, Element, Node } from '@xmldom/xmldom';
import type { SignatureRefusalReason } from './signature-structure.ts';
import { DSIG_NS, SIGNATURE_ALGORITHMS } from './xml-signature.ts';
import { commitmentTypeOf, SIGNED_PROPERTIES_TYPE, XADES_NS, XADES_REFERENCE_TRANSFORMS, type CommitmentType } from './xades.ts';

export type XadesRefusalReason =
  | SignatureRefusalReason
  | 'certificate-mismatch' // SigningCertificateV2 does not name the certificate that signed
  | 'signing-time' // the claimed signing time is in the future or too old
  | 'wrong-content' // the content reference names another document
  | 'wrong-signer'; // not the professional / organisation the caller expects

export interface XadesRefusal {
  ok: false;
  reason: XadesRefusalReason;
  detail: string;
}

export interface XadesParts {
  ok: true;
  signatureId: string;
  signedInfo: Element;
  signatureValue: Buffer;
  /** Base64 DER of the KeyInfo certificates. */
  certificates: string[];
  content: { uri: string; digest: Buffer };
  properties: { element: Element; digest: Buffer };
  signingTime: Date;
  /** SHA-256 of the signing certificate, from SigningCertificateV2. */
  certificateDigest: Buffer;
  mimeType?: string;
  commitment?: CommitmentType;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const MAX_CERTIFICATES = 5;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ID_ATTRIBUTES = ['Id', 'ID', 'id'];
// xs:dateTime with a zone: a signing time without one is ambiguous by hours.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function refusal(reason: XadesRefusalReason, detail: string): XadesRefusal {
  return { ok: false, reason, detail };
}

function label(el: Element): string {
  const prefix = el.namespaceURI === DSIG_NS ? 'ds' : el.namespaceURI === XADES_NS ? 'xades' : `{${el.namespaceURI ?? ''}}`;
  return `${prefix}:${el.localName}`;
}

/** Element children; only whitespace may stand between them. */
function children(parent: Element): Element[] | XadesRefusal {
  const out: Element[] = [];
  for (let child: Node | null = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) out.push(child as Element);
    else if (child.nodeType !== TEXT_NODE || (child.nodeValue ?? '').trim() !== '') {
      return refusal('malformed', `${label(parent)} may contain only elements`);
    }
  }
  return out;
}

/** The children of `parent`, which must be exactly `expected` (qualified as `ds:X` / `xades:X`) in order. */
function exactly(parent: Element, expected: string[]): Element[] | XadesRefusal {
  const found = children(parent);
  if (!Array.isArray(found)) return found;
  const names = found.map(label);
  if (names.join(', ') !== expected.join(', ')) {
    return refusal(
      'malformed',
      `${label(parent)} must contain ${expected.join(', ') || 'nothing'} (found ${names.join(', ') || 'nothing'})`,
    );
  }
  return found;
}

function onlyAttributes(el: Element, allowed: readonly string[]): XadesRefusal | null {
  for (let i = 0; i < el.attributes.length; i++) {
    const name = el.attributes.item(i)!.name;
    if (name === 'xmlns' || name.startsWith('xmlns:') || allowed.includes(name)) continue;
    return refusal('malformed', `attribute ${name} is not accepted on ${label(el)}`);
  }
  return null;
}

function textOf(el: Element): string | XadesRefusal {
  for (let child: Node | null = el.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== TEXT_NODE) return refusal('malformed', `${label(el)} must hold only text`);
  }
  return (el.textContent ?? '').trim();
}

function base64Of(el: Element, bytes?: number): Buffer | XadesRefusal {
  const text = textOf(el);
  if (typeof text !== 'string') return text;
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !BASE64.test(compact) || compact.length % 4 !== 0) return refusal('malformed', `${label(el)} is not base64`);
  const value = Buffer.from(compact, 'base64');
  if (bytes !== undefined && value.length !== bytes)
    return refusal('malformed', `a SHA-256 digest has ${bytes} bytes, not ${value.length} (${label(el)})`);
  return value;
}

function algorithm(el: Element, expected: string, what: string): XadesRefusal | null {
  const value = el.getAttribute('Algorithm') ?? '';
  if (value !== expected) {
    return refusal(
      'unsupported-algorithm',
      `${what} ${value || '(none)'} is not accepted${/sha1$/i.test(value) ? ' (SHA-1 is refused)' : ''}; the profile requires ${expected}`,
    );
  }
  const content = children(el);
  if (!Array.isArray(content) || content.length > 0)
    return refusal('unsupported-algorithm', `parameters of ${what} ${value} are not accepted`);
  return onlyAttributes(el, ['Algorithm']);
}

/** One Reference: transforms exactly exc-c14n, SHA-256; returns its digest. */
function referenceDigest(reference: Element): Buffer | XadesRefusal {
  const parts = exactly(reference, ['ds:Transforms', 'ds:DigestMethod', 'ds:DigestValue']);
  if (!Array.isArray(parts)) return parts;
  const [transformsEl, digestMethod, digestValue] = parts as [Element, Element, Element];
  const transforms = children(transformsEl);
  if (!Array.isArray(transforms)) return transforms;
  if (transforms.length !== XADES_REFERENCE_TRANSFORMS.length || transforms.some((t) => label(t) !== 'ds:Transform')) {
    return refusal(
      'unsupported-algorithm',
      `a Reference must have exactly one transform, exclusive c14n (found ${transforms.map((t) => t.getAttribute('Algorithm') ?? label(t)).join(', ') || 'none'})`,
    );
  }
  return (
    algorithm(transforms[0]!, XADES_REFERENCE_TRANSFORMS[0]!, 'transform') ??
    algorithm(digestMethod, SIGNATURE_ALGORITHMS.digest, 'digest method') ??
    base64Of(digestValue, 32)
  );
}

/** Every Id/ID/id value in the document must be unique, so "#x" can name one element only. */
function uniqueIds(document: Document): XadesRefusal | null {
  const seen = new Set<string>();
  const all = document.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) {
    const el = all.item(i)!;
    for (const name of ID_ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      if (seen.has(value)) return refusal('wrapping', `the id "${value}" is used more than once`);
      seen.add(value);
    }
  }
  return null;
}

interface SignedInfoParts {
  content: { uri: string; id: string | null; digest: Buffer };
  propertiesUri: string;
  propertiesDigest: Buffer;
}

function readSignedInfo(signedInfo: Element): SignedInfoParts | XadesRefusal {
  const attrs = onlyAttributes(signedInfo, []);
  if (attrs) return attrs;
  const found = children(signedInfo);
  if (!Array.isArray(found)) return found;
  const references = found.slice(2);
  if (references.length !== 2 && references.every((r) => label(r) === 'ds:Reference')) {
    return refusal('wrapping', `exactly two References (the content and the signed properties) are accepted, found ${references.length}`);
  }
  const parts = exactly(signedInfo, ['ds:CanonicalizationMethod', 'ds:SignatureMethod', 'ds:Reference', 'ds:Reference']);
  if (!Array.isArray(parts)) return parts;
  const [c14n, method, contentRef, propertiesRef] = parts as [Element, Element, Element, Element];
  const methods =
    algorithm(c14n, SIGNATURE_ALGORITHMS.canonicalization, 'canonicalization') ??
    algorithm(method, SIGNATURE_ALGORITHMS.signature, 'signature method') ??
    onlyAttributes(contentRef, ['Id', 'URI']) ??
    onlyAttributes(propertiesRef, ['Type', 'URI']);
  if (methods) return methods;

  const uri = contentRef.getAttribute('URI') ?? '';
  // The content is outside this document: a same-document or empty URI would point back into it.
  if (uri === '' || uri.startsWith('#') || contentRef.hasAttribute('Type')) {
    return refusal(
      'wrapping',
      `the first Reference must name the detached content by file name, not ${uri ? `URI="${uri}"` : 'an empty URI'}`,
    );
  }
  if (propertiesRef.getAttribute('Type') !== SIGNED_PROPERTIES_TYPE) {
    return refusal('malformed', `the second Reference must have Type="${SIGNED_PROPERTIES_TYPE}"`);
  }
  const propertiesUri = propertiesRef.getAttribute('URI') ?? '';
  if (!/^#[A-Za-z_][A-Za-z0-9_.-]*$/.test(propertiesUri)) {
    return refusal('wrapping', `the SignedProperties Reference must be a same-document "#id", not URI="${propertiesUri}"`);
  }
  const contentDigest = referenceDigest(contentRef);
  if (!Buffer.isBuffer(contentDigest)) return contentDigest;
  const propertiesDigest = referenceDigest(propertiesRef);
  if (!Buffer.isBuffer(propertiesDigest)) return propertiesDigest;
  return { content: { uri, id: contentRef.getAttribute('Id'), digest: contentDigest }, propertiesUri, propertiesDigest };
}

function certificatesOf(keyInfo: Element): string[] | XadesRefusal {
  const attrs = onlyAttributes(keyInfo, []);
  if (attrs) return attrs;
  const data = exactly(keyInfo, ['ds:X509Data']);
  if (!Array.isArray(data)) return data;
  const items = children(data[0]!);
  if (!Array.isArray(items)) return items;
  if (items.length === 0 || items.some((i) => label(i) !== 'ds:X509Certificate')) {
    return refusal(
      'malformed',
      `ds:X509Data must contain only X509Certificate elements (found ${items.map(label).join(', ') || 'nothing'})`,
    );
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

interface Properties {
  signingTime: Date;
  certificateDigest: Buffer;
  mimeType?: string;
  commitment?: CommitmentType;
}

function readSignedSignatureProperties(el: Element): Omit<Properties, 'mimeType' | 'commitment'> | XadesRefusal {
  const parts = exactly(el, ['xades:SigningTime', 'xades:SigningCertificateV2']);
  if (!Array.isArray(parts)) return parts;
  const [timeEl, certificateEl] = parts as [Element, Element];
  const time = textOf(timeEl);
  if (typeof time !== 'string') return time;
  const signingTime = new Date(time);
  if (!DATE_TIME.test(time) || Number.isNaN(signingTime.getTime()))
    return refusal('malformed', `xades:SigningTime "${time.slice(0, 40)}" is not an xs:dateTime with a time zone`);
  // One Cert only: the signing certificate. Further Certs could name CAs, which this profile does not need.
  const cert = exactly(certificateEl, ['xades:Cert']);
  if (!Array.isArray(cert)) return cert;
  const certParts = children(cert[0]!);
  if (!Array.isArray(certParts)) return certParts;
  if (
    label(certParts[0] ?? cert[0]!) !== 'xades:CertDigest' ||
    certParts.length > 2 ||
    (certParts[1] && label(certParts[1]) !== 'xades:IssuerSerialV2')
  ) {
    return refusal(
      'malformed',
      `xades:Cert must contain CertDigest and optionally IssuerSerialV2 (found ${certParts.map(label).join(', ') || 'nothing'})`,
    );
  }
  const digest = exactly(certParts[0]!, ['ds:DigestMethod', 'ds:DigestValue']);
  if (!Array.isArray(digest)) return digest;
  const method = algorithm(digest[0]!, SIGNATURE_ALGORITHMS.digest, 'certificate digest method');
  if (method) return method;
  const certificateDigest = base64Of(digest[1]!, 32);
  if (!Buffer.isBuffer(certificateDigest)) return certificateDigest;
  return { signingTime, certificateDigest };
}

function readDataObjectProperties(el: Element, contentId: string | null): Pick<Properties, 'mimeType' | 'commitment'> | XadesRefusal {
  const found = children(el);
  if (!Array.isArray(found)) return found;
  const out: Pick<Properties, 'mimeType' | 'commitment'> = {};
  for (const property of found) {
    if (label(property) === 'xades:DataObjectFormat' && out.mimeType === undefined) {
      if (!contentId || property.getAttribute('ObjectReference') !== `#${contentId}`) {
        return refusal('malformed', 'xades:DataObjectFormat must refer to the content Reference by its Id');
      }
      const mime = exactly(property, ['xades:MimeType']);
      if (!Array.isArray(mime)) return mime;
      const text = textOf(mime[0]!);
      if (typeof text !== 'string') return text;
      out.mimeType = text;
    } else if (label(property) === 'xades:CommitmentTypeIndication' && out.commitment === undefined) {
      const parts = exactly(property, ['xades:CommitmentTypeId', 'xades:AllSignedDataObjects']);
      if (!Array.isArray(parts)) return parts;
      const identifier = exactly(parts[0]!, ['xades:Identifier']);
      if (!Array.isArray(identifier)) return identifier;
      const uri = textOf(identifier[0]!);
      if (typeof uri !== 'string') return uri;
      const commitment = commitmentTypeOf(uri);
      if (!commitment) return refusal('malformed', `commitment type ${uri.slice(0, 100)} is not one arkki knows`);
      out.commitment = commitment;
    } else {
      return refusal('malformed', `${label(property)} is not accepted (or appears twice) in xades:SignedDataObjectProperties`);
    }
  }
  return out;
}

function readQualifyingProperties(
  object: Element,
  signatureId: string,
  propertiesUri: string,
  contentId: string | null,
): ({ element: Element } & Properties) | XadesRefusal {
  const attrs = onlyAttributes(object, []);
  if (attrs) return attrs;
  const qualifying = exactly(object, ['xades:QualifyingProperties']);
  if (!Array.isArray(qualifying)) return qualifying;
  const q = qualifying[0]!;
  if (q.getAttribute('Target') !== `#${signatureId}`)
    return refusal('wrapping', `xades:QualifyingProperties must target this signature (#${signatureId})`);
  // Unsigned properties (timestamps, revocation values: XAdES-T and up) are not part of this profile.
  const signed = exactly(q, ['xades:SignedProperties']);
  if (!Array.isArray(signed)) return signed;
  const properties = signed[0]!;
  const own = onlyAttributes(q, ['Target']) ?? onlyAttributes(properties, ['Id']);
  if (own) return own;
  if (`#${properties.getAttribute('Id') ?? ''}` !== propertiesUri) {
    return refusal(
      'wrapping',
      `the signed-properties Reference (${propertiesUri}) does not name the one xades:SignedProperties of this signature`,
    );
  }
  const found = children(properties);
  if (!Array.isArray(found)) return found;
  const names = found.map(label).join(', ');
  if (names !== 'xades:SignedSignatureProperties' && names !== 'xades:SignedSignatureProperties, xades:SignedDataObjectProperties') {
    return refusal(
      'malformed',
      `xades:SignedProperties must contain SignedSignatureProperties and optionally SignedDataObjectProperties (found ${names || 'nothing'})`,
    );
  }
  const signature = readSignedSignatureProperties(found[0]!);
  if ('ok' in signature) return signature;
  const data = found[1] ? readDataObjectProperties(found[1], contentId) : {};
  if ('ok' in data) return data;
  return { element: properties, ...signature, ...data };
}

/** Checks the signature document against the profile; on success returns its parts. */
export function readXadesStructure(document: Document): XadesParts | XadesRefusal {
  const signature = document.documentElement!;
  if (label(signature) !== 'ds:Signature')
    return refusal('missing-signature', `the signature document must be a ds:Signature, not <${signature.tagName}>`);
  const signatures = document.getElementsByTagNameNS(DSIG_NS, 'Signature');
  if (signatures.length !== 1)
    return refusal(
      'multiple-signatures',
      `the signature document holds ${signatures.length} ds:Signature elements; exactly one is accepted`,
    );
  const signatureId = signature.getAttribute('Id') ?? '';
  if (!signatureId) return refusal('malformed', 'ds:Signature must have an Id (xades:QualifyingProperties targets it)');
  const problem = onlyAttributes(signature, ['Id']) ?? uniqueIds(document);
  if (problem) return problem;

  const found = children(signature);
  if (!Array.isArray(found)) return found;
  if (found.filter((c) => label(c) === 'ds:Object').length > 1)
    return refusal('wrapping', 'exactly one ds:Object (the qualifying properties) is accepted');
  const parts = exactly(signature, ['ds:SignedInfo', 'ds:SignatureValue', 'ds:KeyInfo', 'ds:Object']);
  if (!Array.isArray(parts)) return parts;
  const [signedInfo, signatureValueEl, keyInfo, object] = parts as [Element, Element, Element, Element];

  const info = readSignedInfo(signedInfo);
  if ('ok' in info) return info;
  const valueAttrs = onlyAttributes(signatureValueEl, ['Id']);
  if (valueAttrs) return valueAttrs;
  const signatureValue = base64Of(signatureValueEl);
  if (!Buffer.isBuffer(signatureValue)) return signatureValue;
  const certificates = certificatesOf(keyInfo);
  if (!Array.isArray(certificates)) return certificates;
  const properties = readQualifyingProperties(object, signatureId, info.propertiesUri, info.content.id);
  if ('ok' in properties) return properties;

  return {
    ok: true,
    signatureId,
    signedInfo,
    signatureValue,
    certificates,
    content: { uri: info.content.uri, digest: info.content.digest },
    properties: { element: properties.element, digest: info.propertiesDigest },
    signingTime: properties.signingTime,
    certificateDigest: properties.certificateDigest,
    ...(properties.mimeType !== undefined ? { mimeType: properties.mimeType } : {}),
    ...(properties.commitment ? { commitment: properties.commitment } : {}),
  };
}
