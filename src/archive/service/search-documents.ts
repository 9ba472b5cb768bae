import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess, type AccessFlag, type Decision } from '../domain/access-policy.ts';
import { emptyContext } from '../domain/access-context.ts';
import { finnishDay } from '../../lib/time/finnish-clock.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import type { SearchCriteria } from '../domain/search.ts';
import { unitDetail, usageEntry, type LoggedDecision, type UsageEntry } from '../domain/usage-entry.ts';
import type { Queryable } from '../../lib/db/db.ts';
import { turvakieltoClients, validGrantsFor } from '../store/access-facts-store.ts';
import { searchDocuments, type SearchScope } from '../store/search-store.ts';
import { appendUsage, appendUsageAtCommit } from '../store/usage-log-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

/**
 * Metadata search within the caller's register keeper, scoped by the access decision (a social worker's
 * search only finds documents of clients with a relation or a stated special reason, in SQL so paging
 * stays right). Logs one row per client whose documents were returned (so "who has looked at my data"
 * finds searches too), or one row for a search that returned nothing.
 */
export function searchArchive(
  deps: ArchiveDeps,
  identity: Identity,
  criteria: SearchCriteria,
): Promise<{ docs: ArchivedDocument[]; more: boolean; total?: number }> {
  return inLoggedTransaction(deps, async (tx) => {
    const registerKeeperOid = identity.registerKeeperOid;
    const at = deps.now();
    const now = at.toISOString();
    const decision = decideAccess(
      identity,
      'search',
      { registerKeeperOid, serviceTask: criteria.serviceTask, clientKey: criteria.client },
      emptyContext(now),
    );
    const detail = { criteria: { ...criteria, after: undefined, previous: undefined, total: undefined, count: criteria.count } };
    const flagged = async (d: LoggedDecision, clientKey: string | undefined): Promise<LoggedDecision> =>
      clientKey && (await turvakieltoClients(tx, [clientKey])).size > 0 ? { ...d, flags: [...(d.flags ?? []), 'turvakielto'] } : d;
    if (decision.allow && criteria.status.includes('invalidated') && !decision.seesInvalidated) {
      await appendUsage(tx, [
        usageEntry(identity, 'search', await flagged({ rule: 'invalidated-archivist-only' }, criteria.client), {
          registerKeeperOid,
          clientKey: criteria.client,
          at,
          outcome: 'denied',
          detail,
        }),
      ]);
      throw new ArkkiError('forbidden', [
        { field: 'status', rule: 'invalidated-archivist-only', message: 'searching invalidated documents is for archivists' },
      ]);
    }
    if (!decision.allow) {
      await appendUsage(tx, [
        usageEntry(identity, 'search', await flagged(decision, criteria.client), {
          registerKeeperOid,
          clientKey: criteria.client,
          at,
          outcome: 'denied',
          detail,
        }),
      ]);
      throw new ArkkiError('forbidden', [
        { field: criteria.serviceTask ? 'service-task' : '', rule: decision.rule, message: `access denied: ${decision.reason}` },
      ]);
    }
    const scope: SearchScope = {
      registerKeeperOid,
      serviceTasks: decision.serviceTaskScope ?? [],
      marks: true,
      ...(decision.relationScoped ? { relation: { today: finnishDay(now), now, userId: identity.userId } } : {}),
    };
    const result = await searchDocuments(tx, scope, criteria);
    const byClient = new Map<string, ArchivedDocument[]>();
    for (const d of result.docs) (byClient.get(d.clientKey) ?? byClient.set(d.clientKey, []).get(d.clientKey)!).push(d);
    // The search returned its rows' turvakielto and relation marks; only an empty answer about one client,
    // or rows admitted by a special reason alone, need another look-up.
    const marked = byClient.size > 0 ? result.marks!.turvakielto : await turvakieltoClients(tx, criteria.client ? [criteria.client] : []);
    const underGrant = await grantRules(
      tx,
      identity,
      registerKeeperOid,
      result.docs.filter((d) => result.marks!.byGrantOnly.has(d.documentId)),
      now,
    );
    const rowDecision = (clientKey: string | undefined): LoggedDecision => {
      const base: LoggedDecision = (clientKey ? underGrant.get(clientKey) : undefined) ?? decision;
      const flags: AccessFlag[] = [...(base.flags ?? [])];
      if (clientKey && marked.has(clientKey) && !flags.includes('turvakielto')) flags.push('turvakielto');
      return { ...base, flags };
    };
    const rows: UsageEntry[] =
      byClient.size === 0
        ? [usageEntry(identity, 'search', rowDecision(criteria.client), { registerKeeperOid, clientKey: criteria.client, at, detail })]
        : [...byClient].map(([clientKey, docs]) =>
            usageEntry(identity, 'search', rowDecision(clientKey), {
              registerKeeperOid,
              clientKey,
              at,
              documentIds: docs.map((d) => d.documentId),
              detail: { ...detail, ...unitDetail(docs.map((d) => d.serviceUnit)) },
            }),
          );
    // Sent with COMMIT: the search writes nothing after its rows (one round trip for log row and commit).
    await appendUsageAtCommit(tx, rows);
    return result;
  });
}

/**
 * Clients some of whose returned documents the caller sees only under a special reason (no relation in
 * that service task): their rows carry rule 'special-reason', the grant and the flag.
 */
async function grantRules(
  tx: Queryable,
  identity: Identity,
  registerKeeperOid: string,
  byGrantOnly: ArchivedDocument[],
  now: string,
): Promise<Map<string, Decision>> {
  const out = new Map<string, Decision>();
  if (byGrantOnly.length === 0) return out;
  const grants = await validGrantsFor(tx, {
    registerKeeperOid,
    userId: identity.userId,
    now,
    clientKeys: [...new Set(byGrantOnly.map((d) => d.clientKey))],
  });
  for (const d of byGrantOnly) {
    const g = grants.find((x) => x.clientKey === d.clientKey && x.serviceTask === d.serviceTask);
    if (!g || out.has(d.clientKey)) continue;
    out.set(d.clientKey, {
      allow: true,
      rule: 'special-reason',
      reason: `special reason ${g.reasonCode} stated for service task ${g.serviceTask}`,
      flags: ['special-reason'],
      grantId: g.grantId,
      reasonCode: g.reasonCode,
    });
  }
  return out;
}
