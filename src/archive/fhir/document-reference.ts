import type { CodeSets } from '../../lib/codes/code-sets.ts';
import { clientIdToFhirIdentifier } from '../../lib/identifiers/client-id.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import {
  CONFIDENTIALITY_SYSTEM,
  FORMAT_SYSTEM,
  ORGANISATION_REGISTER_SYSTEM,
  PROCESS_PHASE_SYSTEM,
  PROFESSIONAL_SYSTEM,
  SERVICE_TASK_SYSTEM,
  SOCIAL_SERVICE_SYSTEM,
  URI_SYSTEM,
  ext,
  oidUrn,
} from './systems.ts';

// National metadata → FHIR R4 DocumentReference. The mapping is documented in docs/fhir-mapping.md;
// documentReferenceInput() reads the same shape back, so both directions stay in one place each.

export type Json = Record<string, unknown>;

const FHIR_STATUS = { current: 'current', superseded: 'superseded', invalidated: 'entered-in-error' } as const;

function coding(system: string, code: string, display?: string): Json {
  return display ? { system, code, display } : { system, code };
}

/** The metadata part of a DocumentReference (no server-assigned fields): used to build submissions too. */
export function metadataToFhir(m: DocumentMetadata, codes: CodeSets): Json {
  const typeEntry = codes.lookup('document-types', m.documentType);
  const extension: Json[] = [
    { url: ext('set-version'), valueInteger: m.version },
    { url: ext('register'), valueCode: m.register },
    { url: ext('service-provider'), valueIdentifier: { system: ORGANISATION_REGISTER_SYSTEM, value: m.serviceProvider } },
    { url: ext('service-unit'), valueIdentifier: { system: ORGANISATION_REGISTER_SYSTEM, value: m.serviceUnit } },
    { url: ext('created'), valueDateTime: m.created },
    { url: ext('completed'), valueDateTime: m.completed },
    {
      url: ext('publicity'),
      extension: [
        { url: 'class', valueCode: m.publicity.class },
        { url: 'basis', valueString: m.publicity.basis },
      ],
    },
    { url: ext('retention'), extension: [{ url: 'rule', valueCode: m.retentionRule }] },
    {
      url: ext('citizen-visible'),
      extension: [
        { url: 'visible', valueBoolean: m.citizenVisible.visible },
        ...(m.citizenVisible.from ? [{ url: 'from', valueDate: m.citizenVisible.from }] : []),
      ],
    },
    { url: ext('storage-format'), valueCode: m.format },
  ];
  if (m.clienthood) {
    const c = m.clienthood;
    extension.push({
      url: ext('clienthood'),
      extension: [
        { url: 'level', valueCode: c.level },
        ...(c.serviceUnit ? [{ url: 'serviceUnit', valueIdentifier: { system: ORGANISATION_REGISTER_SYSTEM, value: c.serviceUnit } }] : []),
        { url: 'start', valueDate: c.start },
        ...(c.end ? [{ url: 'end', valueDate: c.end }] : []),
      ],
    });
  }
  if (m.caseRecord) {
    extension.push({
      url: ext('case-record'),
      extension: [
        { url: 'opened', valueDate: m.caseRecord.opened },
        ...(m.caseRecord.closed ? [{ url: 'closed', valueDate: m.caseRecord.closed }] : []),
      ],
    });
  }
  // Each code under its own system: a provisional value under arkki's, the national OID only for national values.
  const serviceTaskSystem = codes.systemOf('service-tasks', m.serviceTask, 'uri') ?? SERVICE_TASK_SYSTEM;
  const category: Json[] = [{ coding: [coding(serviceTaskSystem, m.serviceTask, codes.display('service-tasks', m.serviceTask, 'fi'))] }];
  if (m.processPhase)
    category.push({ coding: [coding(PROCESS_PHASE_SYSTEM, m.processPhase, codes.display('process-phases', m.processPhase, 'fi'))] });
  return {
    resourceType: 'DocumentReference',
    extension,
    masterIdentifier: { system: URI_SYSTEM, value: oidUrn(m.documentId) },
    identifier: [{ use: 'official', system: URI_SYSTEM, value: oidUrn(m.setId) }],
    docStatus: 'final',
    type: { coding: [coding(oidUrn(typeEntry?.codeSystem ?? '1.2.246.537.6.1506'), m.documentType, typeEntry?.display.fi)] },
    category,
    subject: { identifier: clientIdToFhirIdentifier(m.client) },
    author: [
      {
        extension: [{ url: ext('author-role'), valueString: m.author.role }],
        identifier: { system: PROFESSIONAL_SYSTEM, value: m.author.professionalId },
        display: m.author.name,
      },
    ],
    custodian: { identifier: { system: ORGANISATION_REGISTER_SYSTEM, value: m.registerKeeper } },
    ...(m.replaces ? { relatesTo: [{ code: 'replaces', target: { identifier: { system: URI_SYSTEM, value: oidUrn(m.replaces) } } }] } : {}),
    description: m.title,
    securityLabel: [{ coding: [coding(CONFIDENTIALITY_SYSTEM, 'R', 'restricted')] }],
    context: {
      ...(m.socialServices.length
        ? {
            event: m.socialServices.map((s) => ({
              coding: [
                coding(codes.systemOf('social-services', s, 'uri') ?? SOCIAL_SERVICE_SYSTEM, s, codes.display('social-services', s, 'fi')),
              ],
            })),
          }
        : {}),
      period: { start: m.created, end: m.completed },
      ...(m.case ? { related: [{ identifier: { system: URI_SYSTEM, value: oidUrn(m.case.id) }, display: m.case.name }] } : {}),
    },
    content: [{ attachment: { contentType: '', language: m.language } }],
  };
}

/**
 * The renderings offered beside a CDA document's body, by the suffix of their Binary id: the PDF of every
 * CDA, and for structured (phase 2) content its JSON and XHTML (the phase-2 storage format). Document ids
 * are OIDs, so no suffix can collide with a document id.
 */
export const RENDERING_SUFFIX = { pdf: '-pdf', json: '-json', xhtml: '-xhtml' } as const;
export type RenderingKind = keyof typeof RENDERING_SUFFIX;

export function renderingBinaryId(documentId: string, kind: RenderingKind): string {
  return `${documentId}${RENDERING_SUFFIX[kind]}`;
}

/** The document and rendering a Binary id names, or undefined for a body's own Binary id. */
export function renderingTarget(binaryId: string): { documentId: string; kind: RenderingKind } | undefined {
  for (const [kind, suffix] of Object.entries(RENDERING_SUFFIX) as [RenderingKind, string][])
    if (binaryId.endsWith(suffix)) return { documentId: binaryId.slice(0, -suffix.length), kind };
  return undefined;
}

/**
 * When the version last changed: archived, superseded by a newer version or invalidated. The metadata and
 * body of a version never change (immutability triggers); its status does, and a client that cached the
 * version must see that it changed (docs/fhir-mapping.md §3, "Versions and change").
 */
export function lastUpdatedOf(d: ArchivedDocument): string {
  const times = [d.archivedAt, d.supersededAt, d.invalidation?.at].filter((t): t is string => t !== undefined);
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/**
 * The ETag of a version as served: W/"<version>" while it is as archived, W/"<version>-<status>" after a
 * status change. meta.versionId stays the national version number, so _history/<version> keeps naming
 * the same national version; status moves one way only (current → superseded/entered-in-error), so the
 * status names each state of the version once.
 */
export function documentEtag(d: ArchivedDocument): string {
  return d.status === 'current' ? `W/"${d.version}"` : `W/"${d.version}-${FHIR_STATUS[d.status]}"`;
}

/** An archived document as the API returns it: FHIR logical id = set id, versionId = version. */
export function documentToFhir(d: ArchivedDocument, codes: CodeSets): Json {
  const base = metadataToFhir(d, codes);
  const extension = base.extension as Json[];
  const retention = extension.find((e) => e.url === ext('retention'))!;
  if (d.destructionDate) (retention.extension as Json[]).push({ url: 'destructionDate', valueDate: d.destructionDate });
  else (retention.extension as Json[]).push({ url: 'permanent', valueBoolean: true });
  if (d.invalidation) {
    extension.push({
      url: ext('invalidation'),
      extension: [
        { url: 'reason', valueString: d.invalidation.reason },
        { url: 'at', valueDateTime: d.invalidation.at },
        { url: 'by', valueString: d.invalidation.by },
      ],
    });
  }
  return {
    resourceType: 'DocumentReference',
    id: d.setId,
    meta: { versionId: String(d.version), lastUpdated: lastUpdatedOf(d) },
    ...base,
    status: FHIR_STATUS[d.status],
    date: d.archivedAt,
    content: [
      {
        attachment: {
          extension: [{ url: ext('sha256'), valueString: d.body.sha256 }],
          contentType: d.body.contentType,
          language: d.language,
          url: `Binary/${d.documentId}`,
          size: d.body.size,
          title: d.title,
          creation: d.created,
        },
        format: coding(FORMAT_SYSTEM, d.format),
      },
      // A CDA document is offered as the signed CDA (above) and as a PDF a person can read.
      ...(d.format === 'cda'
        ? [
            {
              attachment: {
                contentType: 'application/pdf',
                language: d.language,
                url: `Binary/${renderingBinaryId(d.documentId, 'pdf')}`,
                title: d.title,
                creation: d.created,
              },
              format: coding(FORMAT_SYSTEM, 'pdf'),
            },
          ]
        : []),
      // Structured (phase 2) content also as the phase-2 storage format, JSON + XHTML (seed 003), both
      // derived from the signed CDA on read (structured-renderings.ts); the JSON names its structure.
      ...(d.format === 'cda' && d.structureOid
        ? [
            {
              attachment: {
                extension: [{ url: ext('structure'), valueOid: oidUrn(d.structureOid) }],
                contentType: 'application/json',
                language: d.language,
                url: `Binary/${renderingBinaryId(d.documentId, 'json')}`,
                title: d.title,
                creation: d.created,
              },
              format: coding(FORMAT_SYSTEM, 'structured'),
            },
            {
              attachment: {
                contentType: 'application/xhtml+xml',
                language: d.language,
                url: `Binary/${renderingBinaryId(d.documentId, 'xhtml')}`,
                title: d.title,
                creation: d.created,
              },
              format: coding(FORMAT_SYSTEM, 'xhtml'),
            },
          ]
        : []),
    ],
  };
}
