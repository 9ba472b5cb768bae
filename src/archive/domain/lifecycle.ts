import { issue, type Issue } from '../../lib/errors.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from './archived-document.ts';

// Documents are immutable: a correction is a new version (same set id, version + 1, replaces = previous),
// a document archived by mistake is invalidated (mitätöinti) with a reason. Both keep the history.

/** May `next` replace `previous`? `previous` is the document named by next.replaces (undefined = not found). */
export function checkNewVersion(next: DocumentMetadata, previous: ArchivedDocument | undefined): Issue[] {
  if (!previous)
    return [issue('replaces', 'not-found', `replaced document ${next.replaces} is not in the archive for this client and register keeper`)];
  const out: Issue[] = [];
  if (previous.setId !== next.setId)
    out.push(issue('setId', 'same-set', `a new version keeps the set id ${previous.setId}; got ${next.setId}`));
  if (previous.version + 1 !== next.version)
    out.push(
      issue('version', 'next-version', `replacing version ${previous.version} makes version ${previous.version + 1}; got ${next.version}`),
    );
  if (previous.documentType !== next.documentType)
    out.push(
      issue('documentType', 'same-type', `a new version keeps the document type ${previous.documentType}; got ${next.documentType}`),
    );
  if (previous.status === 'superseded')
    out.push(issue('replaces', 'not-current', `document ${previous.documentId} is already replaced by a newer version`));
  if (previous.status === 'invalidated')
    out.push(issue('replaces', 'invalidated', `document ${previous.documentId} is invalidated and cannot get new versions`));
  return out;
}

export const MIN_INVALIDATION_REASON = 5;

export function checkInvalidation(doc: ArchivedDocument, reason: string): Issue[] {
  const out: Issue[] = [];
  if (reason.trim().length < MIN_INVALIDATION_REASON) {
    out.push(issue('reason', 'required', `an invalidation needs a reason of at least ${MIN_INVALIDATION_REASON} characters`));
  }
  if (doc.status === 'invalidated')
    out.push(issue('documentId', 'already-invalidated', `document ${doc.documentId} is already invalidated`));
  if (doc.status === 'superseded')
    out.push(issue('documentId', 'not-current', `document ${doc.documentId} is superseded; invalidate the current version`));
  return out;
}
