import type { ClientId } from '../identifiers/client-id.ts';

// The national metadata (kuvailutiedot) archived with every document — domain README §4.
// Field names follow the README; the national CDA element paths are provisional until mapped.

export type Register = 'client' | 'notification';
export const REGISTERS: readonly Register[] = ['client', 'notification'];
export type Language = 'fi' | 'sv' | 'en' | 'other';
export const LANGUAGES: readonly Language[] = ['fi', 'sv', 'en', 'other'];
export type DocumentFormat = 'pdf' | 'cda' | 'structured';
export const FORMATS: readonly DocumentFormat[] = ['pdf', 'cda', 'structured'];
export type DocumentStatus = 'current' | 'superseded' | 'invalidated';
export type ClienthoodLevel = 'social-welfare' | 'service-task' | 'service-unit';
export const CLIENTHOOD_LEVELS: readonly ClienthoodLevel[] = ['social-welfare', 'service-task', 'service-unit'];

export interface Author {
  name: string;
  professionalId: string;
  role: string;
}

/** Carried by a clienthood document (asiakkuusasiakirja): the clienthood it records. */
export interface ClienthoodRecord {
  level: ClienthoodLevel;
  /** Service task of a service-task or service-unit clienthood. */
  serviceTask?: string;
  /** Service unit of a service-unit clienthood. */
  serviceUnit?: string;
  start: string; // YYYY-MM-DD
  end?: string;
}

/** Carried by a case document (asia-asiakirja): the case opened or closed. */
export interface CaseRecord {
  opened: string;
  closed?: string;
}

export interface DocumentMetadata {
  documentId: string;
  setId: string;
  version: number;
  /** documentId of the version this one replaces (version > 1). */
  replaces?: string;
  documentType: string;
  title: string;
  client: ClientId;
  registerKeeper: string;
  register: Register;
  serviceProvider: string;
  serviceUnit: string;
  serviceTask: string;
  socialServices: string[];
  /** The case (asia) the document belongs to: mandatory for client documents. */
  case?: { id: string; name: string };
  /** Mandatory for client documents; clienthood, consent and denial documents have none. */
  processPhase?: string;
  author: Author;
  created: string; // ISO 8601 timestamp
  completed: string; // ISO 8601 timestamp (valmistumispäivä)
  language: Language;
  publicity: { class: 'secret' | 'public'; basis: string };
  /** Retention rule id (data/retention-rules.json); the destruction date is computed by the archive. */
  retentionRule: string;
  citizenVisible: { visible: boolean; from?: string };
  format: DocumentFormat;
  clienthood?: ClienthoodRecord;
  caseRecord?: CaseRecord;
}

/** What kind of national document a document type is: decides which metadata rules apply. */
export type DocumentKind = 'clienthood' | 'case' | 'consent' | 'denial' | 'client-document';

const CLIENTHOOD_CODESYSTEM = '1.2.246.537.6.1505';

/** Document-type codes of the 1505 system (domain README §5.4 / sosmeta README). */
export function documentKind(documentType: string, codeSystem: string | null): DocumentKind {
  if (codeSystem !== CLIENTHOOD_CODESYSTEM) return 'client-document';
  switch (documentType) {
    case '1':
      return 'clienthood';
    case '2':
      return 'case';
    case '8':
      return 'consent';
    case '9':
      return 'denial';
    default:
      return 'client-document';
  }
}
