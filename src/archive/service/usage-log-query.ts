import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess } from '../domain/access-policy.ts';
import { emptyContext } from '../domain/access-context.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { appendUsage, queryUsage } from '../store/usage-log-store.ts';
import type { UsageQuery, UsageRow } from '../domain/usage-row.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

/**
 * The usage log of the caller's register keeper, by client and/or user; reading it is logged too. A citizen
 * reads the rows about his or her own client key, in every register keeper ("who has looked at my data").
 */
export function readUsageLog(
  deps: ArchiveDeps,
  identity: Identity,
  query: Omit<UsageQuery, 'registerKeeperOid'>,
): Promise<{ rows: UsageRow[]; total: number }> {
  return inLoggedTransaction(deps, async (tx) => {
    const registerKeeperOid = identity.registerKeeperOid;
    const citizen = identity.role === 'citizen';
    const decision = decideAccess(identity, 'read-usage-log', { registerKeeperOid, clientKey: query.clientKey }, emptyContext(deps.now()));
    await appendUsage(tx, [
      usageEntry(identity, 'read-usage-log', decision, {
        registerKeeperOid,
        clientKey: query.clientKey,
        at: deps.now(),
        outcome: decision.allow ? 'success' : 'denied',
        detail: { userId: query.userId ?? null, from: query.from ?? null, to: query.to ?? null },
      }),
    ]);
    if (!decision.allow)
      throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    return queryUsage(tx, citizen ? { ...query, clientKey: identity.clientKey } : { ...query, registerKeeperOid });
  });
}
