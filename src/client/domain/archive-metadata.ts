// The national metadata (kuvailutiedot) of what the client system archives, built from its own records:
// a clienthood document, a case document, a client document. Pure: the organisation's facts come in.
import type { ClientId } from '../../lib/identifiers/client-id.ts';
import type { Author, DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ClientCase } from './case.ts';
import type { Clienthood } from './clienthood.ts';
import type { ArchivingChoices, ClientDocument } from './client-document.ts';

/** The organisation the client system records for (register keeper = service provider in the reference system). */
export interface Organisation {
  registerKeeperOid: string;
  serviceProviderOid: string;
}

/** What the clienthood and case documents are archived with (the organisation's defaults). */
export interface RecordDefaults {
  author: Author;
  publicity: DocumentMetadata['publicity'];
  retentionRule: string;
  language: DocumentMetadata['language'];
}

/** Clienthood and case documents of the .1505 code system (domain README §5.4). */
export const CLIENTHOOD_DOCUMENT_TYPE = '1';
export const CASE_DOCUMENT_TYPE = '2';

const base = (org: Organisation, client: ClientId) => ({
  client,
  registerKeeper: org.registerKeeperOid,
  register: 'client' as const,
  serviceProvider: org.serviceProviderOid,
  format: 'cda' as const,
});

export function clienthoodMetadata(
  org: Organisation,
  client: ClientId,
  c: Clienthood,
  d: RecordDefaults,
  at: { created: string; completed: string; replaces?: string },
): DocumentMetadata {
  return {
    ...base(org, client),
    documentId: c.documentId,
    setId: c.setId,
    version: c.version,
    ...(at.replaces ? { replaces: at.replaces } : {}),
    documentType: CLIENTHOOD_DOCUMENT_TYPE,
    title: 'Asiakkuusasiakirja',
    serviceUnit: c.serviceUnit,
    serviceTask: c.serviceTask,
    socialServices: [],
    author: d.author,
    created: at.created,
    completed: at.completed,
    language: d.language,
    publicity: d.publicity,
    retentionRule: d.retentionRule,
    citizenVisible: { visible: true },
    clienthood: {
      level: c.level,
      ...(c.level !== 'social-welfare' ? { serviceTask: c.serviceTask } : {}),
      ...(c.level === 'service-unit' ? { serviceUnit: c.serviceUnit } : {}),
      start: c.start,
      ...(c.end ? { end: c.end } : {}),
    },
  };
}

export function caseMetadata(
  org: Organisation,
  client: ClientId,
  c: ClientCase,
  d: RecordDefaults,
  at: { created: string; completed: string; replaces?: string },
): DocumentMetadata {
  return {
    ...base(org, client),
    documentId: c.documentId,
    setId: c.setId,
    version: c.version,
    ...(at.replaces ? { replaces: at.replaces } : {}),
    documentType: CASE_DOCUMENT_TYPE,
    title: 'Asia-asiakirja',
    serviceUnit: c.serviceUnit,
    serviceTask: c.serviceTask,
    socialServices: [],
    case: { id: c.caseId, name: c.name },
    author: d.author,
    created: at.created,
    completed: at.completed,
    language: d.language,
    publicity: d.publicity,
    retentionRule: d.retentionRule,
    citizenVisible: { visible: true },
    caseRecord: { opened: c.opened, ...(c.closed ? { closed: c.closed } : {}) },
  };
}

export function documentMetadata(
  org: Organisation,
  client: ClientId,
  c: ClientCase,
  doc: ClientDocument & { completed: string; choices: ArchivingChoices },
): DocumentMetadata {
  return {
    ...base(org, client),
    documentId: doc.documentId,
    setId: doc.setId,
    version: doc.version,
    ...(doc.replaces ? { replaces: doc.replaces } : {}),
    documentType: doc.documentType,
    title: doc.title,
    serviceUnit: c.serviceUnit,
    serviceTask: c.serviceTask,
    socialServices: doc.choices.socialServices,
    case: { id: c.caseId, name: c.name },
    processPhase: doc.processPhase,
    author: doc.author,
    created: doc.created,
    completed: doc.completed,
    language: doc.language,
    publicity: doc.choices.publicity,
    retentionRule: doc.choices.retentionRule,
    citizenVisible: doc.choices.citizenVisible,
  };
}
