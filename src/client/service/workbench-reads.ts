// What the workbench's pages read, bound to the organisation's own register: the pages get these functions and
// never the database handle (the same rule as the archive's adapters). A client reference from another
// register (a forged or stale handle) reads nothing: it is refused, not answered with an empty page.
import type { Db } from '../../lib/db/db.ts';
import { ArkkiError } from '../../lib/errors.ts';
import type { ClientCase } from '../domain/case.ts';
import type { ClientRecord } from '../domain/client.ts';
import type { ClientDocument } from '../domain/client-document.ts';
import type { Clienthood } from '../domain/clienthood.ts';
import type { QueueStatus } from '../domain/load-queue.ts';
import { getDocument, listDocuments } from '../store/document-store.ts';
import { getItem, listItems, type QueueItem } from '../store/queue-store.ts';
import { type ClientRef, getCase, getClient, listCases, listClienthoods } from '../store/record-store.ts';
import { documentsInState, openCases, type QueueLine, queueItemsIn, searchClients, type WorkItem } from '../store/workbench-store.ts';

export interface WorkbenchReads {
  searchClients(text: string): Promise<ClientRecord[]>;
  client(ref: ClientRef): Promise<ClientRecord | undefined>;
  clienthoods(ref: ClientRef): Promise<Clienthood[]>;
  cases(ref: ClientRef): Promise<ClientCase[]>;
  case(ref: ClientRef, caseId: string): Promise<ClientCase | undefined>;
  documents(ref: ClientRef): Promise<ClientDocument[]>;
  document(ref: ClientRef, documentId: string): Promise<ClientDocument | undefined>;
  /** The client's load-queue items (the client view's archiving states). */
  queueItems(ref: ClientRef): Promise<QueueItem[]>;
  queueItem(ref: ClientRef, documentId: string): Promise<QueueItem | undefined>;
  /** Work lists: documents in a state (optionally one author's), open cases, queue items in states. */
  documentsInState(
    state: ClientDocument['state'],
    professionalId: string | undefined,
    completedBefore?: string,
  ): Promise<Array<WorkItem<ClientDocument>>>;
  openCases(): Promise<Array<WorkItem<ClientCase>>>;
  queueItemsIn(statuses: QueueStatus[], professionalId: string | undefined): Promise<Array<WorkItem<QueueLine>>>;
}

export function workbenchReads(db: Db, registerKeeperOid: string): WorkbenchReads {
  const own = (ref: ClientRef): ClientRef => {
    if (ref.registerKeeperOid !== registerKeeperOid)
      throw new ArkkiError('forbidden', [{ field: 'client', rule: 'own-register', message: 'the client is not in this register' }]);
    return ref;
  };
  return {
    searchClients: (text) => searchClients(db, registerKeeperOid, text),
    client: (ref) => getClient(db, own(ref)),
    clienthoods: (ref) => listClienthoods(db, own(ref)),
    cases: (ref) => listCases(db, own(ref)),
    case: (ref, caseId) => getCase(db, own(ref), caseId),
    documents: (ref) => listDocuments(db, own(ref)),
    document: (ref, documentId) => getDocument(db, own(ref), documentId),
    queueItems: (ref) => listItems(db, { client: own(ref) }),
    queueItem: (ref, documentId) => getItem(db, own(ref), documentId),
    documentsInState: (state, professionalId, completedBefore) =>
      documentsInState(db, registerKeeperOid, state, professionalId, completedBefore),
    openCases: () => openCases(db, registerKeeperOid),
    queueItemsIn: (statuses, professionalId) => queueItemsIn(db, registerKeeperOid, statuses, professionalId),
  };
}

export type { ClientRef, QueueItem, QueueLine, WorkItem };
