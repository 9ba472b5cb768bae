// What a professional does with the archive from the client system, beyond archiving: open a client's
// summary (kooste) and search the client's documents in the service task they work in, state a special
// reason (asiayhteys) where they have no client relation, and invalidate (mitätöinti) an archived document
// recorded by mistake. Minimal use cases (issue 15 item 5: the conformance harness exercises them); the
// workbench UI that calls them is still to build (docs/client-system.md).
//
// Reads carry the signed-in professional's identity, never the system's: in demo mode the archive demo
// user standing for the professional's card. Card login in production (the professional's certificate
// beside the system's mTLS) is not in lib/archive-api yet, so there these refuse with a clear error.
import { type ArchiveApi, type ClientSummary, type DocumentReference, patientIdOf } from '../../lib/archive-api/index.ts';
import type { Db } from '../../lib/db/db.ts';
import { ArkkiError, issue } from '../../lib/errors.ts';
import { validateHetuForm } from '../../lib/identifiers/hetu.ts';
import { getDocument } from '../store/document-store.ts';
import { getItem } from '../store/queue-store.ts';
import type { ClientRef } from '../store/record-store.ts';

/** The signed-in professional as the archive knows them. */
export interface Professional {
  /** Demo mode: the archive demo user of the professional's card. */
  archiveUser: string;
}

export interface ArchiveUseDeps {
  db: Db;
  /** The system's archive client (its identity invalidates; reads go as the professional). */
  archive: ArchiveApi;
}

/** The archive's reasons need at least this much text (docs/fhir-mapping.md, $invalidate). */
const MIN_REASON = 5;

export function archiveUseCases(deps: ArchiveUseDeps) {
  const asProfessional = (p: Professional): ArchiveApi => {
    try {
      return deps.archive.asDemoUser(p.archiveUser);
    } catch {
      throw new ArkkiError('invalid', [
        issue(
          'professional',
          'card-login',
          'reading the archive needs the professional’s card identity, which this build sends only in demo mode',
        ),
      ]);
    }
  };
  const hetuOf = (ref: ClientRef): string => {
    if (validateHetuForm(ref.clientKey) !== null) {
      throw new ArkkiError('invalid', [issue('client', 'hetu', 'the archive search by client needs a henkilötunnus')]);
    }
    return ref.clientKey;
  };

  return {
    /** The client's summary of one service task: the professional always names the task they work in. */
    summary(ref: ClientRef, professional: Professional, serviceTask: string): Promise<ClientSummary> {
      return asProfessional(professional).patients.summary(patientIdOf(ref.clientKey), { serviceTask });
    },

    /** The client's archived documents of one service task (first page, newest completion first). */
    async searchDocuments(ref: ClientRef, professional: Professional, serviceTask: string): Promise<DocumentReference[]> {
      const page = await asProfessional(professional).documents.search({ client: { hetu: hetuOf(ref) }, serviceTask });
      return page.resources;
    },

    /** Access without a client relation until the end of the working day, with the reason and a comment. */
    async stateSpecialReason(
      ref: ClientRef,
      professional: Professional,
      reason: { serviceTask: string; reasonCode: string; comment: string },
    ): Promise<void> {
      if (!reason.comment.trim()) throw new ArkkiError('required', [issue('comment', 'required', 'a special reason needs a comment')]);
      await asProfessional(professional).patients.stateSpecialReason(patientIdOf(ref.clientKey), reason);
    },

    /** Invalidates the archived version of a locked document, with the reason the archive keeps. */
    async invalidate(ref: ClientRef, documentId: string, reason: string): Promise<DocumentReference> {
      if (reason.trim().length < MIN_REASON) {
        throw new ArkkiError('invalid', [
          issue('reason', 'min-length', `an invalidation needs a reason of at least ${MIN_REASON} characters`),
        ]);
      }
      const document = await getDocument(deps.db, ref, documentId);
      if (!document) throw new ArkkiError('not-found', [issue('documentId', 'not-found', `no document ${documentId} of this client`)]);
      const item = await getItem(deps.db, ref, documentId);
      if (item?.status !== 'archived') {
        throw new ArkkiError('conflict', [issue('documentId', 'not-archived', `document ${documentId} is not in the archive yet`)]);
      }
      return deps.archive.documents.invalidate(document.setId, reason.trim());
    },
  };
}

export type ArchiveUseCases = ReturnType<typeof archiveUseCases>;
