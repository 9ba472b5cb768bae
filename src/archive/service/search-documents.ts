import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess } from '../domain/access-policy.ts';
import type { ArchivedDocument } from '../domain/metadata.ts';
import type { SearchCriteria } from '../domain/search.ts';
import { usageEntry, type UsageEntry } from '../domain/usage-entry.ts';
import { searchDocuments } from '../store/search-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

/**
 * Metadata search within the caller's register keeper, scoped by the access decision. Logs one row per
 * client whose documents were returned (so "who has looked at my data" finds searches too), or one row
 * for a search that returned nothing.
 */
export function searchArchive(deps: ArchiveDeps, identity: Identity, criteria: SearchCriteria): Promise<{ docs: ArchivedDocument[]; more: boolean }> {
  return inLoggedTransaction(deps, async (tx) => {
    const registerKeeperOid = identity.registerKeeperOid;
    const decision = decideAccess(identity, 'search', { registerKeeperOid, serviceTask: criteria.serviceTask, clientKey: criteria.client });
    const at = deps.now();
    const detail = { criteria: { ...criteria, after: undefined, count: criteria.count } };
    if (decision.allow && criteria.status.includes('invalidated') && !decision.seesInvalidated) {
      await appendUsage(tx, [usageEntry(identity, 'search', { rule: 'invalidated-archivist-only' }, { registerKeeperOid, clientKey: criteria.client, at, outcome: 'denied', detail })]);
      throw new ArkkiError('forbidden', [{ field: 'status', rule: 'invalidated-archivist-only', message: 'searching invalidated documents is for archivists' }]);
    }
    if (!decision.allow) {
      await appendUsage(tx, [usageEntry(identity, 'search', decision, { registerKeeperOid, clientKey: criteria.client, at, outcome: 'denied', detail })]);
      throw new ArkkiError('forbidden', [{ field: criteria.serviceTask ? 'service-task' : '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    }
    const result = await searchDocuments(tx, { registerKeeperOid, serviceTasks: decision.serviceTaskScope ?? [] }, criteria);
    const byClient = new Map<string, string[]>();
    for (const d of result.docs) byClient.set(d.clientKey, [...(byClient.get(d.clientKey) ?? []), d.documentId]);
    const rows: UsageEntry[] = byClient.size === 0
      ? [usageEntry(identity, 'search', decision, { registerKeeperOid, clientKey: criteria.client, at, detail })]
      : [...byClient].map(([clientKey, ids]) => usageEntry(identity, 'search', decision, { registerKeeperOid, clientKey, at, documentIds: ids, detail }));
    await appendUsage(tx, rows);
    return result;
  });
}
