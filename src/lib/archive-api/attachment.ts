// Building what a create carries: the body as an attachment with the hashes the archive checks
// (docs/fhir-mapping.md §2 `body`), and the CDA-only DocumentReference of a signed CDA (§10).
import { createHash } from 'node:crypto';
import type { Attachment, DocumentReference } from 'fhir/r4.d.ts';

export const ARKKI_EXTENSION_BASE = 'https://arkki.example/fhir/StructureDefinition/';
export const CDA_CONTENT_TYPE = 'application/hl7-v3+xml';

/** A body as a DocumentReference attachment: base64 data, size, SHA-1 `hash` (FHIR) and the SHA-256 extension (arkki). */
export function attachmentOf(body: { contentType: string; data: Buffer; language?: string; title?: string }): Attachment {
  return {
    extension: [{ url: `${ARKKI_EXTENSION_BASE}sha256`, valueString: createHash('sha256').update(body.data).digest('hex') }],
    contentType: body.contentType,
    ...(body.language ? { language: body.language } : {}),
    data: body.data.toString('base64'),
    size: body.data.length,
    hash: createHash('sha1').update(body.data).digest('base64'),
    ...(body.title ? { title: body.title } : {}),
  };
}

/**
 * A DocumentReference that carries only a signed CDA: the archive reads the metadata from the signed
 * header, so nothing here can contradict what the signer said. The form for a batch of CDA documents.
 */
export function signedCdaDocumentReference(cda: string | Buffer): DocumentReference {
  const data = Buffer.isBuffer(cda) ? cda : Buffer.from(cda, 'utf8');
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    content: [{ attachment: attachmentOf({ contentType: CDA_CONTENT_TYPE, data }) }],
  };
}
