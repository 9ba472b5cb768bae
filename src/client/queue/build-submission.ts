// What the load queue sends: the document as CDA R2 with the national header, its phase I body the PDF
// rendering (nonXMLBody), enveloped-signed with the client system's system signing certificate.
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import { generateCda } from '../../lib/cda/cda-header.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { renderPdf } from '../../lib/render/render-pdf.ts';
import { type SigningKey, signEnveloped } from '../../lib/xml/xml-signature.ts';

export interface SubmissionBuilder {
  codeSets: CodeSets;
  /**
   * The system signing certificate's key, certificate and chain (test PKI in demo mode). One object for the
   * process: signEnveloped reads it once and keeps the prepared signer for it.
   */
  systemKey: SigningKey;
}

export async function buildSignedCda(b: SubmissionBuilder, metadata: DocumentMetadata, content?: Record<string, unknown>): Promise<string> {
  const m: DocumentMetadata = { ...metadata, format: 'cda' };
  const pdf = await renderPdf({ metadata: m, codeSets: b.codeSets, ...(content ? { content } : {}) });
  const xml = generateCda(m, { kind: 'pdf', data: pdf }, { codeSets: b.codeSets });
  return signEnveloped(xml, b.systemKey);
}
