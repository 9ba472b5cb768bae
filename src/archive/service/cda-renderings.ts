// The PDF beside an archived CDA document: phase I carries the sender's PDF in nonXMLBody, byte for byte;
// phase 2 carries structured content, rendered here from its structure definition (deterministic, so
// the same document always gives the same PDF and nothing needs storing). Called only after the read
// of the CDA body has passed the access policy and been logged.
import { parseCda } from '../../lib/cda/cda-parse.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { renderPdf } from '../../lib/render/render-pdf.ts';
import { loadStructureRegistry, type StructureRegistry } from '../../lib/structures/registry.ts';
import type { ArchivedDocument } from '../domain/metadata.ts';
import type { ArchiveDeps } from './deps.ts';

export const PDF_CONTENT_TYPE = 'application/pdf';

let registry: Promise<StructureRegistry> | undefined;
function structures(): Promise<StructureRegistry> {
  registry ??= loadStructureRegistry();
  registry.catch(() => { registry = undefined; });
  return registry;
}

/** The PDF rendering of an archived CDA document (its stored, already verified bytes). */
export async function pdfOfCda(deps: Pick<ArchiveDeps, 'codeSets'>, doc: ArchivedDocument, cda: Buffer): Promise<Buffer> {
  const parsed = parseCda(cda, { maxBytes: Math.max(cda.length, 1) });
  if (!parsed.ok) throw new Error(`archived CDA ${doc.documentId} cannot be read back: ${parsed.issues[0]?.rule}`);
  const body = parsed.cda.body;
  if (body.kind === 'pdf') return body.data;
  const definition = parsed.cda.structureOid ? (await structures()).byOid(parsed.cda.structureOid) : undefined;
  if (parsed.cda.structureOid && !definition) {
    throw new ArkkiError('not-found', [{ field: 'id', rule: 'structure-unknown', message: `structure ${parsed.cda.structureOid} of document ${doc.documentId} is not known to this archive, so it cannot be rendered` }]);
  }
  return renderPdf({
    metadata: doc, status: doc.status, codeSets: deps.codeSets, content: body.content,
    ...(definition ? { definition } : {}),
    ...(doc.invalidation ? { invalidation: { reason: doc.invalidation.reason, at: doc.invalidation.at } } : {}),
  });
}
