// At ingest: the key fields of a structured document for the client data summary, from its content and
// the structure definition it follows (the rule is in domain/summary-fields.ts). The structure registry
// is data read once per process; a document whose structure this archive does not know is archived
// without key fields (the summary then shows its header data only).
import { loadStructureRegistry, type StructureRegistry } from '../../lib/structures/registry.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { extractSummaryFields, type SummaryFieldSet } from '../domain/summary-fields.ts';
import type { ArchiveDeps } from './deps.ts';

/** Structured content handed over by whoever read the body (the CDA ingest), so it is not parsed twice. */
export interface StructuredContent {
  content: unknown;
  structureOid?: string;
}

let registry: Promise<StructureRegistry> | undefined;
export function structureRegistry(): Promise<StructureRegistry> {
  registry ??= loadStructureRegistry();
  registry.catch(() => {
    registry = undefined;
  });
  return registry;
}

/** The content of a body in storage format `structured` (JSON); undefined when it is not JSON. */
export function jsonContent(data: Buffer): StructuredContent | undefined {
  try {
    return { content: JSON.parse(data.toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * The key fields to store with a document, or undefined when there is nothing to store. The structure is
 * the one the document names (CDA templateId), else the document type's version in force on completion.
 */
export async function structuredFieldsFor(
  deps: Pick<ArchiveDeps, 'codeSets'>,
  m: DocumentMetadata,
  structured: StructuredContent,
): Promise<SummaryFieldSet | undefined> {
  const structures = await structureRegistry();
  const system = deps.codeSets.lookup('document-types', m.documentType)?.codeSystem ?? undefined;
  let definition;
  try {
    definition = structured.structureOid
      ? structures.byOid(structured.structureOid)
      : (structures.onDate(m.documentType, m.completed, system) ?? structures.latest(m.documentType, system));
  } catch {
    // A document-type code in two code systems is a data-deployment fault; the summary aid must not
    // block archiving the document, which is then stored without key fields.
    return undefined;
  }
  if (!definition) return undefined;
  const fields = extractSummaryFields(definition, structured.content, deps.codeSets);
  return fields.length > 0 ? { structureOid: definition.oid, fields } : undefined;
}
