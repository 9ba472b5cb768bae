// The professional e-signature (ammattilaisen sähköinen allekirjoitus) on a decision: a DETACHED
// XAdES-BES signature document, made with the professional's card certificate, over the unsigned CDA.
// Why detached and over the unsigned CDA (docs/e-signature.md): the archived CDA carries exactly one
// signature, the enveloped system signature added afterwards by the sending system, and its verifier
// refuses a second ds:Signature. The system signature's enveloped transform removes itself again, so
// the exclusive-c14n bytes the system signature covers are the very bytes the professional signed:
// both signatures verify over the same content, in either order of checking.
//
// One fixed profile, like the system signature (signature-structure.ts): anything else is refused.
//   ds:Signature (the document element, with Id)
//     SignedInfo: exc-c14n · RSA-SHA256 · exactly two References, in this order:
//       1. the content: URI = "<CDA id>.xml" (a file name: the content travels beside the signature),
//          one transform exc-c14n, SHA-256
//       2. Type = …#SignedProperties, URI = "#<SignedProperties Id>", one transform exc-c14n, SHA-256
//     SignatureValue · KeyInfo/X509Data (card certificate, then the chain)
//     Object/QualifyingProperties[Target = #<Signature Id>]/SignedProperties:
//       SignedSignatureProperties: SigningTime, SigningCertificateV2 (SHA-256 of the card certificate)
//       SignedDataObjectProperties: DataObjectFormat (MIME type of the content), CommitmentTypeIndication
import { createHash } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { SIGNATURE_ALGORITHMS } from './xml-signature.ts';

export const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

/** ETSI commitment types (TS 101 903 §7.2.6); a decision is approved by the one who signs it. */
export const COMMITMENT_TYPES = {
  'proof-of-approval': 'http://uri.etsi.org/01903/v1.2.2#ProofOfApproval',
  'proof-of-creation': 'http://uri.etsi.org/01903/v1.2.2#ProofOfCreation',
  'proof-of-origin': 'http://uri.etsi.org/01903/v1.2.2#ProofOfOrigin',
} as const;
export type CommitmentType = keyof typeof COMMITMENT_TYPES;

export function commitmentTypeOf(uri: string): CommitmentType | undefined {
  return (Object.keys(COMMITMENT_TYPES) as CommitmentType[]).find((k) => COMMITMENT_TYPES[k] === uri);
}

/** Both references carry exactly this one transform. */
export const XADES_REFERENCE_TRANSFORMS: readonly string[] = [SIGNATURE_ALGORITHMS.canonicalization];

/** MIME type of a CDA document in XAdES DataObjectFormat and in FHIR attachments. */
export const CDA_MIME_TYPE = 'application/hl7-v3+xml';
/** MIME type of the detached signature document itself (ETSI TS 102 918 / ASiC). */
export const XADES_MIME_TYPE = 'application/vnd.etsi.xades+xml';

const CDA_NS = 'urn:hl7-org:v3';
const SAFE_URI = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.xml$/;

/** Exclusive c14n (no comments) of an element, as the digests and the signature see it. */
export function canonical(element: Element): string {
  return new ExclusiveCanonicalization().process(element as unknown as globalThis.Element, {});
}

export function sha256Base64(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('base64');
}

/**
 * The content reference's URI: the CDA's own id as a file name (`<root>.xml`, or `<root>_<extension>.xml`).
 * A relative file name lets any XAdES tool (xmlsec1 included) find the content stored beside the
 * signature, and naming the document's id binds the signature to that document, not only to its bytes.
 * Returns a message when the document has no usable id.
 */
export function contentUriOf(document: Document): { uri: string } | { problem: string } {
  const root = document.documentElement;
  if (!root || root.namespaceURI !== CDA_NS || root.localName !== 'ClinicalDocument') {
    return { problem: 'the signed content must be a CDA R2 ClinicalDocument' };
  }
  let id: Element | undefined;
  for (let i = 0; i < root.childNodes.length; i++) {
    const child = root.childNodes.item(i) as Element;
    if (child.nodeType === 1 && child.namespaceURI === CDA_NS && child.localName === 'id') {
      id = child;
      break;
    }
  }
  const idRoot = id?.getAttribute('root') ?? '';
  if (!idRoot) return { problem: 'the CDA has no ClinicalDocument/id/@root to name the signed content by' };
  const extension = id?.getAttribute('extension') ?? '';
  const uri = `${idRoot}${extension ? `_${extension}` : ''}.xml`;
  if (!SAFE_URI.test(uri)) return { problem: `the CDA id "${uri.slice(0, -4)}" cannot name a file (letters, digits, . _ - only)` };
  return { uri };
}
