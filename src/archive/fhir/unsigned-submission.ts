// The national model knows no unsigned document: the system signature (järjestelmäallekirjoitus) is a
// mandatory metadata field of every client document, clienthood document and case document, phase I
// included, and a migrated document is signed by the storing system like any other. So a create that is
// not a signed CDA — a JSON DocumentReference with a PDF or structured body, or with no body at all — is
// refused here, before anything is read or written, with the rule `system-signature-required` on the field
// that made it unsigned. The signed-CDA path (cda-submission.ts → ingestCda) is the only way in.
import { ArkkiError, issue, type Issue } from '../../lib/errors.ts';
import type { Json } from './document-reference.ts';
import { documentReferenceInput } from './document-reference-input.ts';
import { withFhirPaths } from './fhir-paths.ts';
import { splitProfessionalSignature } from './professional-signature-input.ts';
import { ext } from './systems.ts';

export const SYSTEM_SIGNATURE_RULE = 'system-signature-required';

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

const HOW =
  'every document is archived as a CDA R2 document signed with the system signature (XML-DSig, the system signing certificate of its service provider or register keeper): ' +
  'send the signed CDA in content[0].attachment (contentType application/hl7-v3+xml, storage format cda) or POST it as itself';

/** Why a create that is not a signed-CDA submission (isCdaDocumentReference false) is refused. */
export function unsignedSubmissionError(resource: unknown): ArkkiError {
  const r = obj(resource);
  if (r?.resourceType !== 'DocumentReference') {
    // Not a DocumentReference at all: the structural answer says what it is instead.
    const structural = documentReferenceInput(resource).issues.filter((i) => i.field === 'resourceType');
    if (structural.length > 0) return new ArkkiError('invalid', withFhirPaths(structural));
  }
  const format = obj((Array.isArray(r?.extension) ? r.extension : []).find((e) => obj(e)?.url === ext('storage-format')))?.valueCode;
  const content = r ? splitProfessionalSignature(r).content : [];
  const contentType = obj(obj(content[0])?.attachment)?.contentType;
  let found: Issue;
  if (format !== undefined)
    found = issue('format', SYSTEM_SIGNATURE_RULE, `storage format '${String(format)}' is an unsigned document; ${HOW}`);
  else if (content.length === 0) found = issue('body', SYSTEM_SIGNATURE_RULE, `the DocumentReference carries no document; ${HOW}`);
  else
    found = issue(
      'body.contentType',
      SYSTEM_SIGNATURE_RULE,
      `a body of content type '${String(contentType ?? '')}' is an unsigned document; ${HOW}`,
    );
  return new ArkkiError('invalid', withFhirPaths([found]));
}
