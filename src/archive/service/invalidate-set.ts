import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { locateSet } from '../store/document-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { invalidateDocument } from './invalidate-document.ts';

/**
 * Invalidation by set id (the FHIR logical id): invalidates the newest version. The set is only located
 * here, not read, so the usage log records the attempt as an invalidation (allowed or denied), not a read.
 */
export async function invalidateSet(deps: ArchiveDeps, identity: Identity, setId: string, reason: string): Promise<ArchivedDocument> {
  const head = await locateSet(deps.db, setId);
  if (!head)
    throw new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: `document set ${setId} is not in the archive` }]);
  return invalidateDocument(deps, identity, head.documentId, reason);
}
