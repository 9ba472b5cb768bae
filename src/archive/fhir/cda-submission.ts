// A DocumentReference with storage format `cda`, or with no storage format and a CDA attachment
// (application/hl7-v3+xml, application/xml, text/xml), is a signed-CDA submission: its metadata comes from the signed
// header. The DocumentReference may carry no metadata at all (just the attachment, the fast path) or a
// full description; every field it does give must agree with the header (cda-consistency.ts). A decision
// may add a second content entry, the professional's XAdES e-signature (docs/e-signature.md).
import { ArkkiError, errorCodeFor } from '../../lib/errors.ts';
import { CONTENT_TYPES } from '../domain/body.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { CdaSubmission } from '../service/ingest-cda.ts';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import { codedSystemIssues, documentReferenceInput } from './document-reference-input.ts';
import type { Json } from './document-reference.ts';
import { withFhirPaths } from './fhir-paths.ts';
import { PROFESSIONAL_SIGNATURE_PATH, splitProfessionalSignature } from './professional-signature-input.ts';
import { ext } from './systems.ts';

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** True when the resource submits a CDA document: storage format `cda`, or no storage format and a CDA content type. */
export function isCdaDocumentReference(resource: unknown): boolean {
  const r = obj(resource);
  if (r?.resourceType !== 'DocumentReference') return false;
  // The professional e-signature entry is not the document; the document is the first other content.
  const content = splitProfessionalSignature(r).content;
  const contentType = String(obj(obj(content[0])?.attachment)?.contentType ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const format = (Array.isArray(r.extension) ? r.extension : []).find((e) => obj(e)?.url === ext('storage-format'));
  // A storage format given decides; without one (a CDA-only DocumentReference) the content type does.
  const declared = obj(format)?.valueCode;
  return declared !== undefined ? declared === 'cda' : CONTENT_TYPES.cda.includes(contentType);
}

/**
 * The CDA submission of a DocumentReference (see isCdaDocumentReference); structural problems throw, and
 * so does a coded claim under the wrong code system (a provisional value under a national OID).
 */
export function cdaSubmissionFromFhir(resource: unknown, codeSets: CodeSets): CdaSubmission {
  const r = obj(resource)!;
  const signature = splitProfessionalSignature(r);
  if (signature.issues.length > 0)
    throw new ArkkiError(
      errorCodeFor(signature.issues),
      signature.issues.map((i) => ({ ...i, expression: PROFESSIONAL_SIGNATURE_PATH })),
    );
  const parsed = documentReferenceInput({ ...r, content: signature.content });
  parsed.issues.push(...codedSystemIssues(parsed, codeSets));
  if (parsed.issues.length > 0) throw new ArkkiError(errorCodeFor(parsed.issues), withFhirPaths(parsed.issues));
  if (!parsed.body)
    throw new ArkkiError(
      'required',
      withFhirPaths([
        {
          field: 'body',
          rule: 'required',
          message: 'the signed CDA document is mandatory: send it base64-encoded in content[0].attachment.data',
        },
      ]),
    );
  // The reader fills two defaults the sender did not say; those are not claims to compare.
  const claimed: Partial<DocumentMetadata> = Object.fromEntries(Object.entries(parsed.metadata).filter(([, v]) => v !== undefined));
  if (!Array.isArray(obj(r.context)?.event)) delete claimed.socialServices;
  if (!(Array.isArray(r.extension) && r.extension.some((e) => obj(e)?.url === ext('citizen-visible')))) delete claimed.citizenVisible;
  return {
    data: parsed.body.data,
    contentType: parsed.body.contentType,
    declared: parsed.declared,
    ...(Object.keys(claimed).length > 0 ? { claimed } : {}),
    ...(signature.signatureXml ? { professionalSignature: signature.signatureXml } : {}),
  };
}
