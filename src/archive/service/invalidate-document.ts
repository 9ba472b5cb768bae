import { ArkkiError, throwIfIssues } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { checkInvalidation } from '../domain/lifecycle.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { getDocuments, locate, recordStatusChange } from '../store/document-store.ts';
import { withdrawRecord } from '../store/register-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { decideOn, inLoggedTransaction, recordAccess } from './read-documents.ts';

/** Invalidation (mitätöinti): the document stays in history with the reason, hidden from normal search. */
export function invalidateDocument(deps: ArchiveDeps, identity: Identity, documentId: string, reason: string): Promise<ArchivedDocument> {
  return inLoggedTransaction(deps, async (tx) => {
    const loc = (await locate(tx, [documentId])).get(documentId);
    if (!loc)
      throw new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: `document ${documentId} is not in the archive` }]);
    const doc = (await getDocuments(tx, [loc], true)).get(documentId)!.doc;
    // Access first: a caller without it learns nothing of the document's state, and the attempt is logged.
    const access = await decideOn(tx, deps, identity, 'invalidate', [doc]);
    if (!access.decision.allow) await recordAccess(tx, identity, 'invalidate', [doc], access, reason); // logs the denial, throws
    const issues = checkInvalidation(doc, reason ?? '');
    // A missing reason is the caller's to fix (required); only the document's state makes a conflict.
    throwIfIssues(issues, issues.some((i) => i.field === 'documentId') ? 'conflict' : 'required');
    await recordAccess(tx, identity, 'invalidate', [doc], access, reason);
    const at = deps.now().toISOString();
    await recordStatusChange(tx, doc, 'invalidated', identity.userId, at, reason);
    await withdrawRecord(tx, doc);
    return { ...doc, status: 'invalidated', invalidation: { reason, at, by: identity.userId } };
  });
}
