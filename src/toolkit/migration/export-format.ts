// The legacy export format (docs/migration.md): what an old client system hands over — a manifest, the
// document metadata (CSV or JSON Lines) with local codes, a folder of original files, and the
// correspondence table (vastaavuustaulukko) that maps the local codes to national ones with validity dates.

/** export.json: who the data belongs to and what the export covers. */
export interface ExportManifest {
  /** The old system, for the report. */
  sourceSystem: string;
  /** Register keeper (rekisterinpitäjä) whose client register receives the documents. */
  registerKeeper: string;
  /** Service provider (palvelunantaja); usually the register keeper. */
  serviceProvider: string;
  /** The OID arc under which the tool derives document, set and case ids (deterministically from the source row). */
  documentOidRoot: string;
  /** The first day documents of this export may be completed on (YYYY-MM-DD). */
  periodStart: string;
  /** The day the export was taken: no document may be completed after it. */
  exportedAt: string;
  /** The metadata file inside the export folder (`documents.csv` or `documents.jsonl`). */
  documents: string;
  /** The correspondence table inside the export folder. */
  correspondence: string;
  /** The folder of original files inside the export folder. */
  files: string;
}

/** One document row of the export, every value as text (local codes, not national ones). */
export interface LegacyRow {
  /** The old system's document id: unique per document, the source of the archive ids. */
  row_id: string;
  client_hetu: string;
  /** When the henkilötunnus was never known: a temporary id and its issuer OID. */
  client_temp_id: string;
  client_temp_issuer: string;
  client_name: string;
  local_kind: string;
  local_service: string;
  local_unit: string;
  case_id: string;
  case_name: string;
  title: string;
  author_name: string;
  author_id: string;
  author_role: string;
  created: string;
  completed: string;
  language: string;
  /** Path of the original file, relative to the files folder. */
  file: string;
}

export const LEGACY_COLUMNS: readonly (keyof LegacyRow)[] = [
  'row_id',
  'client_hetu',
  'client_temp_id',
  'client_temp_issuer',
  'client_name',
  'local_kind',
  'local_service',
  'local_unit',
  'case_id',
  'case_name',
  'title',
  'author_name',
  'author_id',
  'author_role',
  'created',
  'completed',
  'language',
  'file',
];

/** One row of the correspondence table: a local kind in a local service and unit, valid for a period. */
export interface CorrespondenceRow {
  local_kind: string;
  local_service: string;
  local_unit: string;
  /** YYYY-MM-DD, inclusive; empty = since always. */
  valid_from: string;
  /** YYYY-MM-DD, inclusive; empty = still valid. */
  valid_to: string;
  document_type: string;
  service_task: string;
  /** Social service codes separated by `;` (0..n). */
  social_services: string;
  process_phase: string;
  retention_rule: string;
  /** Organisation-register OID of the service unit. */
  service_unit: string;
  /** yes / no: whether the citizen sees the document in the citizen view. */
  citizen_visible: string;
  /** Free text for the records manager. */
  note: string;
}

export const CORRESPONDENCE_COLUMNS: readonly (keyof CorrespondenceRow)[] = [
  'local_kind',
  'local_service',
  'local_unit',
  'valid_from',
  'valid_to',
  'document_type',
  'service_task',
  'social_services',
  'process_phase',
  'retention_rule',
  'service_unit',
  'citizen_visible',
  'note',
];

/** The original file formats the tool reads (by extension); everything else is refused as unreadable. */
export type OriginalFormat = 'pdf' | 'rtf' | 'txt' | 'tiff' | 'docx' | 'odt';
export const ORIGINAL_FORMATS: Record<string, OriginalFormat> = {
  pdf: 'pdf',
  rtf: 'rtf',
  txt: 'txt',
  tif: 'tiff',
  tiff: 'tiff',
  docx: 'docx',
  odt: 'odt',
};

export function formatOf(file: string): OriginalFormat | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : ORIGINAL_FORMATS[file.slice(dot + 1).toLowerCase()];
}
