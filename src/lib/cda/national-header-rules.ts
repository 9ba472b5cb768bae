// The national header rules a CDA document must meet beyond the XSD: the metadata model's rules
// (mandatory fields, OIDs, codes in their code sets, henkilötunnus / temporary id checks, kind-specific
// records — validate-metadata.ts, the same rules as for FHIR submissions) plus what only the CDA form
// can get wrong (document-type code system, structure OID, the replaced version's set). Every issue's
// field is the XPath of the value at fault.
import { validateMetadata, type MetadataRules } from '../metadata/validate-metadata.ts';
import type { Issue } from '../errors.ts';
import { CODED_FIELDS, DOCUMENT_TYPE_SYSTEMS, FIELD_XPATH, xpathOf } from './cda-mapping.ts';
import type { ParsedCda } from './cda-parse.ts';

export type HeaderRules = MetadataRules;

/** What the rules read of a parsed document (the body is not theirs to check). */
export type HeaderToCheck = Pick<ParsedCda, 'metadata' | 'structureOid' | 'documentTypeSystem' | 'codedSystems'>;

const D = '/ClinicalDocument';

/** CDA-only rules: the code system of the document type and the structure the document claims. */
function cdaRules(cda: HeaderToCheck, rules: HeaderRules): Issue[] {
  const out: Issue[] = [];
  const m = cda.metadata;
  const system = cda.documentTypeSystem;
  if (system === undefined) {
    out.push({ field: `${D}/code/@codeSystem`, rule: 'required', message: 'the document type needs its code system' });
  } else if (!(DOCUMENT_TYPE_SYSTEMS as readonly string[]).includes(system)) {
    out.push({
      field: `${D}/code/@codeSystem`,
      rule: 'code-system',
      message: `document types are coded in ${DOCUMENT_TYPE_SYSTEMS.join(' or ')}, got ${system}`,
    });
  } else {
    const entry = rules.codeSets.lookup('document-types', m.documentType);
    if (entry && entry.codeSystem !== system) {
      out.push({
        field: `${D}/code/@codeSystem`,
        rule: 'code-system',
        message: `document type ${m.documentType} belongs to code system ${entry.codeSystem}, not ${system}`,
      });
    }
    // A structure OID is <codeSystem>.<code>.<definition date>: it must be one of this document type.
    if (cda.structureOid !== undefined && !cda.structureOid.startsWith(`${system}.${m.documentType}.`)) {
      out.push({
        field: `${D}/templateId/@root`,
        rule: 'structure',
        message: `structure ${cda.structureOid} is not a structure of document type ${system}/${m.documentType}`,
      });
    }
  }
  out.push(...codedSystemRules(cda, rules));
  return out;
}

/**
 * Each coded header value must be written in its own code system: a national value under the national OID,
 * a provisional one under arkki's (`provisional-code-system`: a placeholder under a national OID is refused).
 */
function codedSystemRules(cda: HeaderToCheck, rules: HeaderRules): Issue[] {
  const s = cda.codedSystems;
  if (!s) return [];
  const m = cda.metadata;
  const c = rules.codeSets;
  const found = [
    s.serviceTask !== undefined ? c.checkSystem(CODED_FIELDS.serviceTask.set, m.serviceTask, s.serviceTask, xpathOf('serviceTask')) : null,
    ...s.socialServices.map((system, i) =>
      m.socialServices[i] !== undefined
        ? c.checkSystem(CODED_FIELDS.socialServices.set, m.socialServices[i]!, system, xpathOf(`socialServices[${i}]`))
        : null,
    ),
  ];
  return found.filter((x): x is Issue => x !== null);
}

/** Every problem of the parsed header; empty when the header meets the national rules. */
export function checkNationalHeader(cda: HeaderToCheck, rules: HeaderRules): Issue[] {
  const fromModel = validateMetadata(cda.metadata, rules).map((i) => {
    // A temporary id's issuer OID is the id's root, the rest of the client id is its extension.
    const field = i.field === 'client' && i.message.includes('issuer') ? FIELD_XPATH['client.issuer']! : xpathOf(i.field);
    return { ...i, field };
  });
  return [...cdaRules(cda, rules), ...fromModel];
}
