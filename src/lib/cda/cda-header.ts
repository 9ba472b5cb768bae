// Generates a CDA R2 ClinicalDocument with the national header from DocumentMetadata and a body. Where
// each field goes is decided in cda-mapping.ts (see docs/cda-mapping.md); this module only writes it.
// The result is unsigned: the system signature is added afterwards with signEnveloped.
import type { DocumentMetadata } from './cda-types.ts';
import { localItemValues } from './cda-local-items.ts';
import type { CodeSets } from '../codes/code-sets.ts';
import type { StructureDefinition } from '../structures/definition.ts';
import {
  CDA_TYPE_ID,
  CONFIDENTIALITY_CODE,
  CONFIDENTIALITY_SYSTEM,
  HETU_ROOT,
  HL7_NS,
  LANGUAGE_CODES,
  LOCAL_HEADER_SYSTEM,
  LOCAL_ITEMS,
  PROFESSIONAL_ID_ROOT,
  SERVICE_EVENT_SYSTEMS,
  STRUCTURED_SECTION_SYSTEM,
  XSI_NS,
  isoToTs,
} from './cda-mapping.ts';
import { narrativeText } from './cda-narrative.ts';
import { el, serialise, type Node } from './cda-xml.ts';

/** Phase I: the PDF rendering as nonXMLBody. Phase 2: content JSON + narrative in a structuredBody. */
export type CdaBody = { kind: 'pdf'; data: Uint8Array } | { kind: 'structured'; content: unknown; definition?: StructureDefinition };

export interface GenerateOptions {
  /** For display names and the document type's code system (.1505 / .1506). */
  codeSets: CodeSets;
  /** Structure OID written as templateId; defaults to the document type's current structure. */
  structureOid?: string;
}

export const STRUCTURED_SECTION_CODE = 'structured-content';
export const JSON_MEDIA_TYPE = 'application/json';

function coded(name: string, code: string, system: string, display?: string): Node {
  return el(name, { code, codeSystem: system, displayName: display });
}

function serviceEvent(code: Node): Node {
  return el('documentationOf', {}, el('serviceEvent', {}, code));
}

function header(m: DocumentMetadata, o: GenerateOptions): Node[] {
  const c = o.codeSets;
  const type = c.lookup('document-types', m.documentType);
  const typeSystem = type?.codeSystem ?? '1.2.246.537.6.1506';
  const structureOid = o.structureOid ?? (typeof type?.properties.structureOid === 'string' ? type.properties.structureOid : undefined);
  const client =
    m.client.kind === 'hetu'
      ? el('id', { root: HETU_ROOT, extension: m.client.value })
      : el('id', { root: m.client.issuerOid, extension: m.client.value });
  const local = localItemValues(m);
  return [
    el('typeId', { ...CDA_TYPE_ID }),
    structureOid ? el('templateId', { root: structureOid }) : undefined,
    el('id', { root: m.documentId }),
    coded('code', m.documentType, typeSystem, type?.display.fi),
    el('title', {}, m.title),
    el('effectiveTime', { value: isoToTs(m.created) }),
    el('confidentialityCode', { code: CONFIDENTIALITY_CODE[m.publicity.class], codeSystem: CONFIDENTIALITY_SYSTEM }),
    el('languageCode', { code: LANGUAGE_CODES[m.language] }),
    el('setId', { root: m.setId }),
    el('versionNumber', { value: m.version }),
    el('recordTarget', {}, el('patientRole', {}, client)),
    el(
      'author',
      {},
      el('functionCode', { nullFlavor: 'OTH' }, el('originalText', {}, m.author.role)),
      el('time', { value: isoToTs(m.created) }),
      el(
        'assignedAuthor',
        {},
        el('id', { root: PROFESSIONAL_ID_ROOT, extension: m.author.professionalId }),
        el('assignedPerson', {}, el('name', {}, m.author.name)),
        el(
          'representedOrganization',
          {},
          el('id', { root: m.serviceUnit }),
          el('asOrganizationPartOf', {}, el('wholeOrganization', {}, el('id', { root: m.serviceProvider }))),
        ),
      ),
    ),
    el('custodian', {}, el('assignedCustodian', {}, el('representedCustodianOrganization', {}, el('id', { root: m.registerKeeper })))),
    // Each code under its own system: a provisional value under arkki's, never under the national OID.
    serviceEvent(
      coded(
        'code',
        m.serviceTask,
        c.systemOf('service-tasks', m.serviceTask) ?? SERVICE_EVENT_SYSTEMS.serviceTask,
        c.display('service-tasks', m.serviceTask, 'fi'),
      ),
    ),
    ...m.socialServices.map((s) =>
      serviceEvent(
        coded('code', s, c.systemOf('social-services', s) ?? SERVICE_EVENT_SYSTEMS.socialService, c.display('social-services', s, 'fi')),
      ),
    ),
    m.processPhase !== undefined
      ? serviceEvent(coded('code', m.processPhase, SERVICE_EVENT_SYSTEMS.processPhase, c.display('process-phases', m.processPhase, 'fi')))
      : undefined,
    ...LOCAL_ITEMS.filter((name) => local[name] !== undefined).map((name) =>
      serviceEvent(el('code', { code: name, codeSystem: LOCAL_HEADER_SYSTEM }, el('originalText', {}, local[name]!))),
    ),
    m.replaces !== undefined
      ? el(
          'relatedDocument',
          { typeCode: 'RPLC' },
          el(
            'parentDocument',
            {},
            el('id', { root: m.replaces }),
            el('setId', { root: m.setId }),
            el('versionNumber', { value: m.version - 1 }),
          ),
        )
      : undefined,
    m.case !== undefined
      ? el(
          'componentOf',
          {},
          el(
            'encompassingEncounter',
            {},
            el('id', { root: m.case.id }),
            el('code', { nullFlavor: 'OTH' }, el('originalText', {}, m.case.name)),
            el('effectiveTime', { nullFlavor: 'NA' }),
          ),
        )
      : undefined,
  ].filter((n): n is Node => n !== undefined);
}

function body(b: CdaBody, m: DocumentMetadata, o: GenerateOptions): Node {
  if (b.kind === 'pdf') {
    return el(
      'component',
      {},
      el('nonXMLBody', {}, el('text', { mediaType: 'application/pdf', representation: 'B64' }, Buffer.from(b.data).toString('base64'))),
    );
  }
  const json = Buffer.from(JSON.stringify(b.content), 'utf8').toString('base64');
  return el(
    'component',
    {},
    el(
      'structuredBody',
      {},
      el(
        'component',
        {},
        el(
          'section',
          {},
          el('code', { code: STRUCTURED_SECTION_CODE, codeSystem: STRUCTURED_SECTION_SYSTEM }),
          el('title', {}, b.definition?.name.fi ?? 'Rakenteinen sisältö'),
          narrativeText(b.content, b.definition, { codeSets: o.codeSets, lang: m.language === 'sv' ? 'sv' : 'fi' }),
          el(
            'entry',
            {},
            el(
              'observationMedia',
              { classCode: 'OBS', moodCode: 'EVN' },
              el('value', { mediaType: JSON_MEDIA_TYPE, representation: 'B64' }, json),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The CDA R2 document as UTF-8 XML text (with declaration), ready for XSD validation and signing. */
export function generateCda(metadata: DocumentMetadata, cdaBody: CdaBody, options: GenerateOptions): string {
  const root = el(
    'ClinicalDocument',
    { xmlns: HL7_NS, 'xmlns:xsi': XSI_NS },
    ...header(metadata, options),
    body(cdaBody, metadata, options),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(root)}\n`;
}
