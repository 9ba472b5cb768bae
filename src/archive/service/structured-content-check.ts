// At ingest (issue 12 item 5): structured (phase 2) content is checked against its national structure
// definition before anything is stored — mandatory elements, code values in their code sets, repeats and
// types (lib/structures/validate-content.ts) — and the client the content names must be the document's
// client: content about another person filed under this client would be a data leak in every reader.
// Issues name the element by its content path under `content.` (e.g. content.asia_asiakirja.asiakas.sukunimi).
import { issue, type Issue } from '../../lib/errors.ts';
import { HETU_SYSTEM } from '../../lib/identifiers/client-id.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { FieldDef, StructureDefinition } from '../../lib/structures/definition.ts';
import { validateContent } from '../../lib/structures/validate-content.ts';
import { extractSummaryFields, type SummaryFieldSet } from '../domain/summary-fields.ts';
import type { ArchiveDeps } from './deps.ts';
import { structureRegistry, type StructuredContent } from './structured-fields.ts';

export const CONTENT_PATH = 'content';

/** The content's client group (asiakas / asiakkaat at the root) and its henkilötunnus field. */
function clientFields(definition: StructureDefinition): { group: FieldDef; hetu: FieldDef } | undefined {
  for (const group of definition.fields) {
    if (group.key !== 'asiakas' && group.key !== 'asiakkaat') continue;
    const hetu = group.fields?.find((f) => f.type === 'identifier' && f.identifierSystem === HETU_SYSTEM);
    if (hetu) return { group, hetu };
  }
  return undefined;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The document's client must be among the clients the content names by henkilötunnus (a shared case names
 * several); content that names none by henkilötunnus (a temporary id, an optional field) is not contradicted.
 */
export function contentClientIssues(definition: StructureDefinition, content: unknown, m: Pick<DocumentMetadata, 'client'>): Issue[] {
  const found = clientFields(definition);
  if (!found || !isObject(content)) return [];
  const root = content[definition.rootKey];
  if (!isObject(root)) return [];
  const groups = asList(root[found.group.key]);
  const named: Array<{ path: string; value: string }> = [];
  groups.forEach((g, i) => {
    if (!isObject(g)) return;
    const id = g[found.hetu.key];
    const value = isObject(id) && typeof id.value === 'string' ? id.value : undefined;
    const at = Array.isArray(root[found.group.key]) ? `[${i}]` : '';
    if (value) named.push({ path: `${CONTENT_PATH}.${definition.rootKey}.${found.group.key}${at}.${found.hetu.key}`, value });
  });
  if (named.length === 0) return [];
  const client = m.client.kind === 'hetu' ? m.client.value : undefined;
  if (client && named.some((n) => n.value.toUpperCase() === client.toUpperCase())) return [];
  const who = client ? `henkilötunnus ${client}` : `temporary identifier ${m.client.value}`;
  return [
    issue(
      named[0]!.path,
      'content-client',
      `the content names ${named.map((n) => n.value).join(', ')} as its client, but the document is about the client with ${who}; content about another person cannot be archived under this client`,
    ),
  ];
}

export type StructuredCheck = { ok: true; fields?: SummaryFieldSet; structureOid: string } | { ok: false; issues: Issue[] };

/**
 * The structure is the one the document names (CDA templateId), else the document type's version in force
 * on completion. A structured document whose structure the archive does not hold is refused: its content
 * could not be checked, shown or summarised.
 */
export async function checkStructuredContent(
  deps: Pick<ArchiveDeps, 'codeSets'>,
  m: DocumentMetadata,
  structured: StructuredContent,
): Promise<StructuredCheck> {
  const structures = await structureRegistry();
  const system = deps.codeSets.lookup('document-types', m.documentType)?.codeSystem ?? undefined;
  let definition: StructureDefinition | undefined;
  try {
    definition = structured.structureOid
      ? structures.byOid(structured.structureOid)
      : (structures.onDate(m.documentType, m.completed, system) ?? structures.latest(m.documentType, system));
  } catch {
    definition = undefined;
  }
  if (!definition) {
    const which = structured.structureOid ? `structure ${structured.structureOid}` : `a structure of document type ${m.documentType}`;
    return {
      ok: false,
      issues: [
        issue(
          structured.structureOid ? 'structureOid' : 'documentType',
          'structure-unknown',
          `structured content needs its national structure definition, and this archive holds no ${which}`,
        ),
      ],
    };
  }
  const issues = [
    ...validateContent(definition, structured.content, { codeSets: deps.codeSets, pathPrefix: CONTENT_PATH }),
    ...contentClientIssues(definition, structured.content, m),
  ];
  if (issues.length > 0) return { ok: false, issues };
  const fields = extractSummaryFields(definition, structured.content, deps.codeSets);
  return { ok: true, structureOid: definition.oid, ...(fields.length > 0 ? { fields: { structureOid: definition.oid, fields } } : {}) };
}
