// What a client system sends to the archive as a national document: metadata and a body written as a
// CDA R2 document with the national header, signed with its system certificate from the test PKI.
import type { FastifyInstance } from 'fastify';
import { buildArchiveApp } from '../../src/archive/server.ts';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import { depsOf } from '../../src/archive/context.ts';
import { generateCda, type CdaBody } from '../../src/lib/cda/cda-header.ts';
import type { CodeSets } from '../../src/lib/codes/code-sets.ts';
import type { Db } from '../../src/lib/db/db.ts';
import type { IssuedCertificate } from '../../src/lib/pki/index.ts';
import { signEnveloped } from '../../src/lib/xml/xml-signature.ts';
import { archiveFixture, pdf, type ArchiveFixture } from './archive-fixtures.ts';
import type { PkiFixture } from './pki.ts';
import { CDA_CONTENT_TYPE } from '../../src/archive/service/ingest-cda.ts';
import { keyOf } from './xml-signature.ts';
import { documentReferencePayload } from './fhir-client.ts';
import { ORG_EKSOTE } from './pki.ts';
import type { Json } from '../../src/archive/fhir/document-reference.ts';

/** The CDA of `metadata` (format set to cda) with a phase I PDF body unless another body is given, unsigned. */
export function cdaXml(
  metadata: DocumentMetadata,
  codeSets: CodeSets,
  body: CdaBody = { kind: 'pdf', data: pdf().data },
  structureOid?: string,
): string {
  return generateCda({ ...metadata, format: 'cda' }, body, { codeSets, ...(structureOid ? { structureOid } : {}) });
}

/** The same, signed by `cert` (default: the Vaasa system) with the intermediate CA in KeyInfo. */
export function signedCda(
  pki: PkiFixture,
  metadata: DocumentMetadata,
  codeSets: CodeSets,
  options: { body?: CdaBody; structureOid?: string; cert?: IssuedCertificate } = {},
): string {
  return signEnveloped(cdaXml(metadata, codeSets, options.body, options.structureOid), keyOf(options.cert ?? pki.certs.signing, pki));
}

/** An archive fixture whose system-signature trust is the test PKI, and its HTTP app. */
export async function cdaArchive(
  db: Db,
  pki: PkiFixture,
  options: { maxBodyBytes?: number; now?: Date } = {},
): Promise<ArchiveFixture & { app: FastifyInstance }> {
  const f = await archiveFixture(db, options);
  f.ctx.signatureTrust = () => pki.trust;
  const app = await buildArchiveApp(f.ctx);
  return { ...f, deps: depsOf(f.ctx), app };
}

/** A DocumentReference carrying only the signed CDA: the metadata comes from its header. */
export function cdaOnlyDocumentReference(xml: string): Record<string, unknown> {
  return {
    resourceType: 'DocumentReference',
    content: [{ attachment: { contentType: 'application/hl7-v3+xml', data: Buffer.from(xml).toString('base64') } }],
  };
}

/**
 * The test PKI's system signing certificate of the organisation that vouches for `metadata`: Eksote's
 * storing system for an Eksote document, otherwise the Vaasa system (which the archive refuses for a
 * document of any other organisation: wrong-organisation).
 */
export function signingCertFor(pki: PkiFixture, metadata: Pick<DocumentMetadata, 'serviceProvider' | 'registerKeeper'>): IssuedCertificate {
  return metadata.serviceProvider === ORG_EKSOTE || metadata.registerKeeper === ORG_EKSOTE ? pki.certs.storingSigning : pki.certs.signing;
}

/** A PDF body given as { contentType, data } (the unsigned fixtures' shape) or a CDA body as it is. */
function cdaBodyOf(body: CdaBody | { contentType: string; data: Buffer } | undefined): CdaBody | undefined {
  if (body === undefined || 'kind' in body) return body;
  return { kind: 'pdf', data: body.data };
}

/**
 * What a client system sends to archive a document: a full DocumentReference describing `metadata`
 * (storage format cda) whose content is the signed CDA of that same metadata, made with the system
 * signing certificate of the document's organisation (signingCertFor) unless `cert` says otherwise.
 * The body is a phase I PDF (default: the fixture PDF) or any CDA body.
 */
export function signedDocumentReference(
  pki: PkiFixture,
  metadata: DocumentMetadata,
  codeSets: CodeSets,
  options: { body?: CdaBody | { contentType: string; data: Buffer }; structureOid?: string; cert?: IssuedCertificate } = {},
): Json {
  const m = { ...metadata, format: 'cda' as const };
  const body = cdaBodyOf(options.body);
  const xml = signedCda(pki, m, codeSets, {
    ...(body ? { body } : {}),
    ...(options.structureOid ? { structureOid: options.structureOid } : {}),
    cert: options.cert ?? signingCertFor(pki, m),
  });
  return documentReferencePayload(m, codeSets, { contentType: CDA_CONTENT_TYPE, data: Buffer.from(xml) });
}

/**
 * The CDA without the first element `localName` of its header (e.g. 'title', 'custodian'): the document a
 * client system would send with that mandatory metadata field missing, to be signed after.
 */
export function withoutHeaderNode(xml: string, localName: string): string {
  const open = new RegExp(`<${localName}[\\s>/]`);
  const start = xml.search(open);
  if (start < 0) throw new Error(`no <${localName}> in the CDA`);
  const selfClosing = /^<[^>]*\/>/.exec(xml.slice(start));
  if (selfClosing) return xml.slice(0, start) + xml.slice(start + selfClosing[0].length);
  // The matching close tag, counting nested elements of the same name.
  const tag = new RegExp(`<(/?)${localName}(?=[\\s>/])[^>]*?(/?)>`, 'g');
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[2]) continue;
    depth += m[1] ? -1 : 1;
    if (depth === 0) return xml.slice(0, start) + xml.slice(m.index + m[0].length);
  }
  throw new Error(`<${localName}> is not closed`);
}
