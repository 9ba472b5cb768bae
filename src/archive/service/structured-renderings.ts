// The phase-2 storage format beside a signed CDA (seed 003: "rakenteinen tallennusmuoto JSON + XHTML"):
// the structured content as JSON and its XHTML rendering, served as further DocumentReference.content
// entries. Both are derived on read from the archived, signed CDA rather than stored at ingest:
// - the JSON is the content the signed CDA carries (structuredBody/…/observationMedia/value), base64-decoded
//   byte for byte, so it is exactly what the system signature covers; a stored copy could only disagree;
// - the XHTML is a pure function of that content, its structure definition, the code sets and the
//   organisation register (the same inputs as the PDF, render-model.ts), about 0.3 ms of CPU per document
//   besides parsing the CDA (docs/rendering.md; the PDF takes 18 ms), and it marks an invalidated document
//   as such, which a copy written at ingest could not.
// Called only after the read of the CDA body has passed the access policy and been logged (readBody).
import { parseCda } from '../../lib/cda/cda-parse.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { renderXhtml, XHTML_MEDIA_TYPE } from '../../lib/render/render-xhtml.ts';
import type { StructureDefinition } from '../../lib/structures/definition.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { organisationNames } from './cda-renderings.ts';
import type { ArchiveDeps } from './deps.ts';
import { structureRegistry } from './structured-fields.ts';

export const JSON_CONTENT_TYPE = 'application/json';
export const XHTML_CONTENT_TYPE = XHTML_MEDIA_TYPE;

function noRendering(doc: ArchivedDocument, what: string): ArkkiError {
  return new ArkkiError('not-found', [
    {
      field: 'id',
      rule: 'no-rendering',
      message: `document ${doc.documentId} has no structured (phase 2) content, so it has no ${what}; its body is Binary/${doc.documentId}`,
    },
  ]);
}

/** The structured content of an archived CDA and the structure it names (refused for phase I and unknown structures). */
async function structuredOf(
  doc: ArchivedDocument,
  cda: Buffer,
  what: string,
): Promise<{ content: unknown; json: Buffer; definition: StructureDefinition }> {
  if (doc.format !== 'cda') throw noRendering(doc, what);
  const parsed = parseCda(cda, { maxBytes: Math.max(cda.length, 1) });
  if (!parsed.ok) throw new Error(`archived CDA ${doc.documentId} cannot be read back: ${parsed.issues[0]?.rule}`);
  const body = parsed.cda.body;
  if (body.kind !== 'structured') throw noRendering(doc, what);
  const oid = parsed.cda.structureOid ?? doc.structureOid;
  const definition = oid ? (await structureRegistry()).byOid(oid) : undefined;
  if (!definition)
    throw new ArkkiError('not-found', [
      {
        field: 'id',
        rule: 'structure-unknown',
        message: `structure ${oid ?? '(none named)'} of document ${doc.documentId} is not known to this archive, so it has no ${what}`,
      },
    ]);
  return { content: body.content, json: body.json, definition };
}

/** The content as JSON: the national structure's JSON, the bytes the signed CDA carries. */
export async function jsonOfCda(doc: ArchivedDocument, cda: Buffer): Promise<Buffer> {
  return (await structuredOf(doc, cda, 'JSON content')).json;
}

/** The XHTML rendering (a complete XHTML document, UTF-8): header block and content, in the document's language. */
export async function xhtmlOfCda(deps: Pick<ArchiveDeps, 'codeSets' | 'db'>, doc: ArchivedDocument, cda: Buffer): Promise<Buffer> {
  const { content, definition } = await structuredOf(doc, cda, 'XHTML rendering');
  const xhtml = renderXhtml({
    metadata: doc,
    status: doc.status,
    codeSets: deps.codeSets,
    content,
    definition,
    organisationName: await organisationNames(deps, doc),
    ...(doc.invalidation ? { invalidation: { reason: doc.invalidation.reason, at: doc.invalidation.at } } : {}),
  });
  return Buffer.from(xhtml, 'utf8');
}
