import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess } from '../domain/access-policy.ts';
import { citizenUse, type CitizenLogSettings, type CitizenUse, DEFAULT_CITIZEN_LOG_SETTINGS } from '../domain/citizen-use.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { getOrganisations } from '../store/organisation-store.ts';
import { usesOfClient } from '../store/usage-read-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

export type { CitizenLogSettings, CitizenUse } from '../domain/citizen-use.ts';

export type CitizenLogKind = 'all' | 'looked' | 'stored';
export const CITIZEN_LOG_KINDS: readonly CitizenLogKind[] = ['all', 'looked', 'stored'];
const STORING_ACTIONS = ['create', 'new-version', 'invalidate'];

export interface CitizenLogQuery {
  /** ISO instant or date, inclusive. */
  from?: string;
  /** ISO instant or date, exclusive. */
  to?: string;
  /**
   * Which uses: 'looked' (reads, searches, summaries: who has looked), 'stored' (documents stored, corrected or
   * invalidated) or 'all' (default).
   */
  kind?: CitizenLogKind;
  /** 1–200, default 50. */
  limit?: number;
  offset?: number;
}

export interface CitizenLogPage {
  uses: CitizenUse[];
  total: number;
  offset: number;
  limit: number;
}

function validDate(field: string, v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new ArkkiError('invalid', [
      { field, rule: 'date', message: `${field} '${v}' must be a date (YYYY-MM-DD) or an ISO 8601 instant` },
    ]);
  }
  return v;
}

/**
 * "Who has looked at my data" (issue 5 item 5): the uses of the calling citizen's own data, across all
 * register keepers, newest first, as the citizen is shown them (what is left out: domain/citizen-use.ts).
 * Only a citizen identity with a client key may ask, and only about that key; the read itself is logged
 * (and is not shown back in the list).
 */
export async function citizenUsageLog(
  deps: ArchiveDeps,
  identity: Identity,
  query: CitizenLogQuery = {},
  settings: CitizenLogSettings = DEFAULT_CITIZEN_LOG_SETTINGS,
): Promise<CitizenLogPage> {
  const from = validDate('from', query.from);
  const to = validDate('to', query.to);
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    throw new ArkkiError('invalid', [{ field: 'limit', rule: 'range', message: 'limit must be a whole number 1–200' }]);
  if (!Number.isInteger(offset) || offset < 0)
    throw new ArkkiError('invalid', [{ field: 'offset', rule: 'range', message: 'offset must be a whole number ≥ 0' }]);
  return inLoggedTransaction(deps, async (tx) => {
    const clientKey = identity.role === 'citizen' ? identity.clientKey : undefined;
    const decision = clientKey
      ? decideAccess(identity, 'read-usage-log', { registerKeeperOid: identity.registerKeeperOid, clientKey })
      : {
          allow: false,
          rule: 'citizen-log-citizens-only',
          reason: 'only a citizen signed in with a client key reads his or her own usage log here',
        };
    await appendUsage(tx, [
      usageEntry(identity, 'read-usage-log', decision, {
        registerKeeperOid: identity.registerKeeperOid,
        clientKey: clientKey ?? '',
        at: deps.now(),
        outcome: decision.allow ? 'success' : 'denied',
        detail: { operation: 'citizen-usage-query', from: from ?? null, to: to ?? null, kind: query.kind ?? 'all', offset, limit },
      }),
    ]);
    if (!decision.allow || !clientKey)
      throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    const kind = query.kind ?? 'all';
    const { rows, total } = await usesOfClient(tx, clientKey, {
      from,
      to,
      limit,
      offset,
      ...(kind === 'stored' ? { actions: STORING_ACTIONS } : kind === 'looked' ? { notActions: STORING_ACTIONS } : {}),
    });
    const oids = new Set<string>();
    for (const r of rows) {
      oids.add(r.organisationOid).add(r.registerKeeperOid);
      if (typeof r.detail.serviceUnit === 'string') oids.add(r.detail.serviceUnit);
    }
    const orgs = await getOrganisations(tx, [...oids]);
    return { uses: rows.map((r) => citizenUse(r, orgs, settings)), total, offset, limit };
  });
}
