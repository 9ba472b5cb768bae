// The professional e-signature as it arrives with a DocumentReference create (docs/e-signature.md): a
// second content entry whose attachment is the detached XAdES document (application/vnd.etsi.xades+xml,
// base64 in data). This splits it off, so the body parser still sees exactly one content, and says what
// is wrong with it by field and rule. Verification is the service's (checkProfessionalSignature).
import { issue, type Issue } from '../../lib/errors.ts';
import { XADES_MIME_TYPE } from '../../lib/xml/xades.ts';
import type { Json } from './document-reference.ts';

/** Where the signature stands in the resource, for OperationOutcome.expression. */
export const PROFESSIONAL_SIGNATURE_PATH = `DocumentReference.content.where(attachment.contentType='${XADES_MIME_TYPE}').attachment.data`;

/** Larger than any signature document with its certificates; the verifier refuses larger ones anyway. */
export const MAX_SIGNATURE_BYTES = 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface SplitSignature {
  /** The content entries without the signature: what the body parser reads. */
  content: unknown[];
  /** The signature document's bytes, when one was sent and is readable. */
  signatureXml?: Buffer;
  issues: Issue[];
}

function isSignature(entry: unknown): boolean {
  const attachment = (entry as { attachment?: { contentType?: unknown } } | null)?.attachment;
  const type = typeof attachment?.contentType === 'string' ? attachment.contentType.split(';')[0]!.trim().toLowerCase() : '';
  return type === XADES_MIME_TYPE;
}

export function splitProfessionalSignature(resource: Json): SplitSignature {
  const all = Array.isArray(resource.content) ? (resource.content as unknown[]) : [];
  const signatures = all.filter(isSignature);
  const content = all.filter((e) => !isSignature(e));
  if (signatures.length === 0) return { content, issues: [] };
  const field = 'professionalSignature';
  if (signatures.length > 1) {
    return {
      content,
      issues: [issue(field, 'cardinality', `a decision carries at most one professional e-signature, got ${signatures.length}`)],
    };
  }
  const data = (signatures[0] as { attachment: { data?: unknown } }).attachment.data;
  if (typeof data !== 'string' || data === '') {
    return {
      content,
      issues: [issue(field, 'required', 'the professional e-signature attachment must carry the XAdES document base64-encoded in data')],
    };
  }
  if (!BASE64.test(data) || data.length % 4 !== 0)
    return { content, issues: [issue(field, 'base64', 'the professional e-signature attachment data is not valid base64')] };
  // Checked on the encoded length first: decoding a huge value only to refuse it would cost memory.
  if (data.length > Math.ceil(MAX_SIGNATURE_BYTES / 3) * 4) {
    return { content, issues: [issue(field, 'max-size', `the professional e-signature is larger than ${MAX_SIGNATURE_BYTES} bytes`)] };
  }
  return { content, signatureXml: Buffer.from(data, 'base64'), issues: [] };
}
