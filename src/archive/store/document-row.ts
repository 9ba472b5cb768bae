import { parseClientKey } from '../../lib/identifiers/client-id.ts';
import type { DocumentFormat, DocumentStatus, Language, Register } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';

// SQL rows ⇄ domain for the document table. Column order here is the one insertDocuments uses.

export const DOCUMENT_COLUMNS = [
  'register_keeper_oid',
  'client_key',
  'document_id',
  'set_id',
  'version',
  'replaces',
  'document_type',
  'title',
  'register',
  'service_provider_oid',
  'service_unit_oid',
  'service_task',
  'social_services',
  'case_id',
  'case_name',
  'process_phase',
  'author_name',
  'author_id',
  'author_role',
  'created_at',
  'completed_at',
  'language',
  'publicity_class',
  'publicity_basis',
  'retention_rule',
  'destruction_date',
  'citizen_visible',
  'citizen_visible_from',
  'format',
  'body_sha256',
  'body_size',
  'content_type',
  'extra',
  'submission_hash',
  'status',
  'archived_at',
  'archived_by',
] as const;

/** Columns selected for a document, with timestamps rendered by SQL so pg and PGlite agree exactly. */
export const DOCUMENT_SELECT = `d.register_keeper_oid, d.client_key, d.document_id, d.set_id, d.version, d.replaces,
  d.document_type, d.title, d.register, d.service_provider_oid, d.service_unit_oid, d.service_task, d.social_services,
  d.case_id, d.case_name, d.process_phase, d.author_name, d.author_id, d.author_role,
  to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(d.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS completed_at,
  d.language, d.publicity_class, d.publicity_basis, d.retention_rule, d.destruction_date::text AS destruction_date,
  d.citizen_visible, d.citizen_visible_from::text AS citizen_visible_from, d.format, d.body_sha256, d.body_size,
  d.content_type, d.extra, d.status,
  to_char(d.archived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS archived_at, d.archived_by,
  (SELECT f.structure_oid FROM document_structured_fields f WHERE f.register_keeper_oid = d.register_keeper_oid
     AND f.client_key = d.client_key AND f.document_id = d.document_id) AS structure_oid`;

export interface DocumentRow {
  register_keeper_oid: string;
  client_key: string;
  document_id: string;
  set_id: string;
  version: number;
  replaces: string | null;
  document_type: string;
  title: string;
  register: string;
  service_provider_oid: string;
  service_unit_oid: string;
  service_task: string;
  social_services: string[];
  case_id: string | null;
  case_name: string | null;
  process_phase: string | null;
  author_name: string;
  author_id: string;
  author_role: string;
  created_at: string;
  completed_at: string;
  language: string;
  publicity_class: string;
  publicity_basis: string;
  retention_rule: string;
  destruction_date: string | null;
  citizen_visible: boolean;
  citizen_visible_from: string | null;
  format: string;
  body_sha256: string;
  body_size: number;
  content_type: string;
  extra: {
    clienthood?: ArchivedDocument['clienthood'];
    caseRecord?: ArchivedDocument['caseRecord'];
    invalidation?: ArchivedDocument['invalidation'];
    superseded?: { at: string };
  };
  status: string;
  archived_at: string;
  archived_by: string;
  /** From document_structured_fields (one row per structured document): null for PDF bodies and phase I. */
  structure_oid?: string | null;
}

export function rowToDocument(r: DocumentRow): ArchivedDocument {
  const extra = typeof r.extra === 'string' ? (JSON.parse(r.extra) as DocumentRow['extra']) : r.extra;
  return {
    documentId: r.document_id,
    setId: r.set_id,
    version: r.version,
    ...(r.replaces ? { replaces: r.replaces } : {}),
    documentType: r.document_type,
    title: r.title,
    client: parseClientKey(r.client_key),
    clientKey: r.client_key,
    registerKeeper: r.register_keeper_oid,
    register: r.register as Register,
    serviceProvider: r.service_provider_oid,
    serviceUnit: r.service_unit_oid,
    serviceTask: r.service_task,
    socialServices: r.social_services ?? [],
    ...(r.case_id ? { case: { id: r.case_id, name: r.case_name ?? '' } } : {}),
    ...(r.process_phase ? { processPhase: r.process_phase } : {}),
    author: { name: r.author_name, professionalId: r.author_id, role: r.author_role },
    created: r.created_at,
    completed: r.completed_at,
    language: r.language as Language,
    publicity: { class: r.publicity_class as 'secret', basis: r.publicity_basis },
    retentionRule: r.retention_rule,
    destructionDate: r.destruction_date,
    citizenVisible: { visible: r.citizen_visible, ...(r.citizen_visible_from ? { from: r.citizen_visible_from } : {}) },
    format: r.format as DocumentFormat,
    ...(extra.clienthood ? { clienthood: extra.clienthood } : {}),
    ...(extra.caseRecord ? { caseRecord: extra.caseRecord } : {}),
    ...(extra.invalidation ? { invalidation: extra.invalidation } : {}),
    ...(extra.superseded ? { supersededAt: extra.superseded.at } : {}),
    body: { sha256: r.body_sha256, size: r.body_size, contentType: r.content_type },
    status: r.status as DocumentStatus,
    archivedAt: r.archived_at,
    archivedBy: r.archived_by,
    ...(r.structure_oid ? { structureOid: r.structure_oid } : {}),
  };
}

export function documentToValues(d: ArchivedDocument, submissionHash: string): unknown[] {
  const extra: DocumentRow['extra'] = {
    ...(d.clienthood ? { clienthood: d.clienthood } : {}),
    ...(d.caseRecord ? { caseRecord: d.caseRecord } : {}),
  };
  return [
    d.registerKeeper,
    d.clientKey,
    d.documentId,
    d.setId,
    d.version,
    d.replaces ?? null,
    d.documentType,
    d.title,
    d.register,
    d.serviceProvider,
    d.serviceUnit,
    d.serviceTask,
    d.socialServices,
    d.case?.id ?? null,
    d.case?.name ?? null,
    d.processPhase ?? null,
    d.author.name,
    d.author.professionalId,
    d.author.role,
    d.created,
    d.completed,
    d.language,
    d.publicity.class,
    d.publicity.basis,
    d.retentionRule,
    d.destructionDate,
    d.citizenVisible.visible,
    d.citizenVisible.from ?? null,
    d.format,
    d.body.sha256,
    d.body.size,
    d.body.contentType,
    JSON.stringify(extra),
    submissionHash,
    d.status,
    d.archivedAt,
    d.archivedBy,
  ];
}
