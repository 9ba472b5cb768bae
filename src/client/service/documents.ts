// Use cases for client documents: write and save a draft, finish it (completion date and the archiving
// screen's choices), lock it — which queues it for the archive in the same transaction — and correct a
// locked document by a new version. The nightly batch (yöajo) locks and queues every finished document
// whose completion date has passed, in chunks.
import { ArkkiError, throwIfIssues } from '../../lib/errors.ts';
import type { Queryable } from '../../lib/db/db.ts';
import { documentMetadata } from '../domain/archive-metadata.ts';
import type { ClientCase } from '../domain/case.ts';
import type { ClientRecord } from '../domain/client.ts';
import {
  type ArchivingChoices,
  checkAction,
  type ClientDocument,
  dueForNightlyBatch,
  nextVersion,
  validateChoices,
  validateCompletion,
  validateDraft,
} from '../domain/client-document.ts';
import { finishedDue, getDocument, getDocumentsForUpdate, insertDocument, markLocked, updateDocument } from '../store/document-store.ts';
import { enqueue, enqueueMany, type NewItem } from '../store/queue-store.ts';
import { type ClientRef, getCase } from '../store/record-store.ts';
import type { ClientSystemDeps } from './deps.ts';
import { requireClient } from './records.ts';

export type NewDraft = Pick<ClientDocument, 'caseId' | 'processPhase' | 'documentType' | 'title' | 'content' | 'language' | 'author'>;
export type DraftChanges = Partial<Pick<ClientDocument, 'processPhase' | 'title' | 'content'>>;

async function requireDocument(q: Queryable, ref: ClientRef, documentId: string): Promise<ClientDocument> {
  const d = await getDocument(q, ref, documentId, true);
  if (!d) throw new ArkkiError('not-found', [{ field: 'documentId', rule: 'not-found', message: 'asiakirjaa ei löydy' }]);
  return d;
}

function allow(d: ClientDocument, action: Parameters<typeof checkAction>[1]): void {
  throwIfIssues(checkAction(d.state, action), 'conflict');
}

export function documentUseCases(deps: ClientSystemDeps) {
  const { db, organisation: org } = deps;

  /** Reads a document's client and case; the nightly batch keeps them for the documents of a chunk. */
  interface Lookups {
    client(ref: ClientRef): Promise<ClientRecord>;
    kase(ref: ClientRef, caseId: string): Promise<ClientCase | undefined>;
  }
  const direct = (tx: Queryable): Lookups => ({ client: (ref) => requireClient(tx, ref), kase: (ref, id) => getCase(tx, ref, id) });
  function remembering(tx: Queryable): Lookups {
    const clients = new Map<string, Promise<ClientRecord>>();
    const cases = new Map<string, Promise<ClientCase | undefined>>();
    const key = (ref: ClientRef, more = '') => `${ref.registerKeeperOid}\u0000${ref.clientKey}\u0000${more}`;
    return {
      client(ref) {
        const k = key(ref);
        if (!clients.has(k)) clients.set(k, requireClient(tx, ref));
        return clients.get(k)!;
      },
      kase(ref, caseId) {
        const k = key(ref, caseId);
        if (!cases.has(k)) cases.set(k, getCase(tx, ref, caseId));
        return cases.get(k)!;
      },
    };
  }

  /** What locking `d` writes: the locked document and its queue item (after its case and the version it replaces). */
  async function lockPlan(
    ref: ClientRef,
    d: ClientDocument,
    lookups: Lookups,
    lockedAt: string,
  ): Promise<{ locked: ClientDocument; item: NewItem }> {
    allow(d, 'lock');
    const client = await lookups.client(ref);
    const c = await lookups.kase(ref, d.caseId);
    if (!c) throw new ArkkiError('not-found', [{ field: 'caseId', rule: 'not-found', message: 'asiaa ei löydy' }]);
    if (!d.completed || !d.choices)
      throw new ArkkiError('conflict', [{ field: 'state', rule: 'document-unfinished', message: 'asiakirja ei ole valmis' }]);
    const locked: ClientDocument = { ...d, state: 'locked', lockedAt };
    const metadata = documentMetadata(org, client.clientId, c, { ...locked, completed: d.completed, choices: d.choices });
    const item: NewItem = {
      ...ref,
      documentId: d.documentId,
      kind: 'document',
      metadata,
      content: d.content,
      prerequisites: [c.documentId, ...(d.replaces ? [d.replaces] : [])],
    };
    return { locked, item };
  }

  /** Locks `d` and queues it in the same transaction. */
  async function lockAndQueue(tx: Queryable, ref: ClientRef, d: ClientDocument): Promise<ClientDocument> {
    const { locked, item } = await lockPlan(ref, d, direct(tx), deps.now().toISOString());
    await updateDocument(tx, ref, locked);
    await enqueue(tx, item, deps.now());
    return locked;
  }

  return {
    async saveDraft(ref: ClientRef, draft: NewDraft): Promise<ClientDocument> {
      throwIfIssues(validateDraft(draft));
      return db.transaction(async (tx) => {
        await requireClient(tx, ref);
        const c = await getCase(tx, ref, draft.caseId);
        if (!c) throw new ArkkiError('not-found', [{ field: 'caseId', rule: 'not-found', message: 'asiaa ei löydy' }]);
        if (c.closed) throw new ArkkiError('conflict', [{ field: 'caseId', rule: 'case-closed', message: `asia on suljettu ${c.closed}` }]);
        const d: ClientDocument = {
          ...draft,
          documentId: deps.newOid('document'),
          setId: deps.newOid('set'),
          version: 1,
          state: 'draft',
          created: deps.now().toISOString(),
        };
        await insertDocument(tx, ref, d);
        return d;
      });
    },

    async editDraft(ref: ClientRef, documentId: string, changes: DraftChanges): Promise<ClientDocument> {
      return db.transaction(async (tx) => {
        const d = await requireDocument(tx, ref, documentId);
        allow(d, 'edit');
        const edited = { ...d, ...changes };
        throwIfIssues(validateDraft(edited));
        await updateDocument(tx, ref, edited);
        return edited;
      });
    },

    /** The draft is ready: its completion time and the archiving screen's choices are fixed. */
    async finish(
      ref: ClientRef,
      documentId: string,
      choices: ArchivingChoices,
      completed = deps.now().toISOString(),
    ): Promise<ClientDocument> {
      throwIfIssues(validateChoices(choices));
      return db.transaction(async (tx) => {
        const d = await requireDocument(tx, ref, documentId);
        allow(d, 'finish');
        throwIfIssues(validateCompletion(d.created, completed));
        const finished: ClientDocument = { ...d, state: 'finished', completed, choices };
        await updateDocument(tx, ref, finished);
        return finished;
      });
    },

    /** Locks the finished document for good and queues it for sending at once. */
    async lock(ref: ClientRef, documentId: string): Promise<ClientDocument> {
      return db.transaction(async (tx) => lockAndQueue(tx, ref, await requireDocument(tx, ref, documentId)));
    },

    /** A correction of a locked document: a new draft version in the same set, replacing it once archived. */
    async newVersion(ref: ClientRef, documentId: string): Promise<ClientDocument> {
      return db.transaction(async (tx) => {
        const d = await requireDocument(tx, ref, documentId);
        allow(d, 'new-version');
        const next = nextVersion(d, deps.newOid('document'), deps.now().toISOString());
        await insertDocument(tx, ref, next);
        return next;
      });
    },

    /**
     * Yöajo: locks and queues finished documents whose completion date has passed; returns how many.
     * In chunks of `chunk` documents, one transaction and a handful of statements each (one transaction
     * per document made locking 50,000 documents take minutes).
     */
    async nightlyBatch(limit = 10_000, chunk = 500): Promise<number> {
      const now = deps.now();
      const due = await finishedDue(db, now, limit);
      let done = 0;
      for (let i = 0; i < due.length; i += chunk) {
        done += await db.transaction(async (tx) => {
          const lookups = remembering(tx);
          const lockedAt = deps.now().toISOString();
          const plans: Array<{ ref: ClientRef; locked: ClientDocument; item: NewItem }> = [];
          for (const { ref, document } of await getDocumentsForUpdate(tx, due.slice(i, i + chunk))) {
            // Locked or edited by someone else since the list was read: not this batch's anymore.
            if (!dueForNightlyBatch(document, now)) continue;
            plans.push({ ref, ...(await lockPlan(ref, document, lookups, lockedAt)) });
          }
          await markLocked(
            tx,
            plans.map((p) => ({ ...p.ref, documentId: p.locked.documentId })),
            lockedAt,
          );
          await enqueueMany(
            tx,
            plans.map((p) => p.item),
            deps.now(),
          );
          return plans.length;
        });
      }
      return done;
    },
  };
}
