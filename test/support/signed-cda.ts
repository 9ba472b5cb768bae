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
import { keyOf } from './xml-signature.ts';

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
  options: { maxBodyBytes?: number } = {},
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
