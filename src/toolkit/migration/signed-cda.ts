// Each migrated document goes to the archive as a client system sends one: CDA R2 with the national
// header, the PDF/A body in nonXMLBody, enveloped-signed with the storing system's signing certificate
// (as src/client/queue/build-submission.ts does). Deterministic: the same metadata and body give the
// same bytes (RSA PKCS#1 v1.5 signatures are), so a resend is the very same submission. The run passes one
// key object for every document, so signEnveloped reads the key once (its prepared signer per key object).
import { generateCda } from '../../lib/cda/cda-header.ts';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { type SigningKey, signEnveloped } from '../../lib/xml/xml-signature.ts';

export function signedCda(metadata: DocumentMetadata, pdf: Uint8Array, codeSets: CodeSets, key: SigningKey): string {
  return signEnveloped(generateCda({ ...metadata, format: 'cda' }, { kind: 'pdf', data: pdf }, { codeSets }), key);
}
