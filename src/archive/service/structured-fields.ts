// Structured content at ingest: the structure registry (data read once per process) and the JSON body of
// storage format `structured`. The content is checked and its key fields for the client data summary
// taken in structured-content-check.ts.
import { loadStructureRegistry, type StructureRegistry } from '../../lib/structures/registry.ts';

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
