// The PDF beside an archived CDA document: phase I carries the sender's PDF in nonXMLBody, byte for byte;
// phase 2 carries structured content, rendered here from its structure definition (deterministic, so
// the same document always gives the same PDF and nothing needs storing). Called only after the read
// of the CDA body has passed the access policy and been logged.
import { parseCda } from '../../lib/cda/cda-parse.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { renderPdf } from '../../lib/render/render-pdf.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { getOrganisations } from '../store/organisation-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { structureRegistry } from './structured-fields.ts';

export const PDF_CONTENT_TYPE = 'application/pdf';

/**
 * Names of the document's service unit, service provider and register keeper from the organisation
 * register, in the document's language (Finnish when it has no name in that language). An organisation
 * missing from the register is shown by its OID, as before. The rendering is still deterministic for the
 * same document and register; a renamed organisation gives a new rendering (and ETag).
 */
export async function organisationNames(
  deps: Pick<ArchiveDeps, 'db'>,
  doc: ArchivedDocument,
): Promise<(oid: string) => string | undefined> {
  const orgs = await getOrganisations(deps.db, [...new Set([doc.serviceUnit, doc.serviceProvider, doc.registerKeeper])]);
  const lang = doc.language === 'sv' ? 'sv' : 'fi';
  return (oid) => {
    const name = orgs.get(oid)?.name;
    return name ? (name[lang] ?? name.fi) : undefined;
  };
}

/** The PDF rendering of an archived CDA document (its stored, already verified bytes). */
export async function pdfOfCda(deps: Pick<ArchiveDeps, 'codeSets' | 'db'>, doc: ArchivedDocument, cda: Buffer): Promise<Buffer> {
  const parsed = parseCda(cda, { maxBytes: Math.max(cda.length, 1) });
  if (!parsed.ok) throw new Error(`archived CDA ${doc.documentId} cannot be read back: ${parsed.issues[0]?.rule}`);
  const body = parsed.cda.body;
  if (body.kind === 'pdf') return body.data;
  const definition = parsed.cda.structureOid ? (await structureRegistry()).byOid(parsed.cda.structureOid) : undefined;
  if (parsed.cda.structureOid && !definition) {
    throw new ArkkiError('not-found', [
      {
        field: 'id',
        rule: 'structure-unknown',
        message: `structure ${parsed.cda.structureOid} of document ${doc.documentId} is not known to this archive, so it cannot be rendered`,
      },
    ]);
  }
  return renderPdf({
    metadata: doc,
    status: doc.status,
    codeSets: deps.codeSets,
    content: body.content,
    organisationName: await organisationNames(deps, doc),
    ...(definition ? { definition } : {}),
    ...(doc.invalidation ? { invalidation: { reason: doc.invalidation.reason, at: doc.invalidation.at } } : {}),
  });
}
