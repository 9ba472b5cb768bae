import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { mayChangeArchiving, mayReadRefusals, type OrganisationArchiving, stateOf, transition } from '../domain/archiving-state.ts';
import type { RefusalRecord } from '../domain/ingest-refusal.ts';
import { appendChange, lastChanges, lockOrganisation } from '../store/archiving-state-store.ts';
import { getOrganisation } from '../store/organisation-store.ts';
import { refusalsOf } from '../store/refusal-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { finnishDayStart } from '../../lib/time/finnish-clock.ts';

// Opening and closing an organisation's archiving (issue 15 item 3; the deployment toolkit opens it after
// a passed deployment test) and the refusals its follow-up shows (item 4). The state is recorded and
// shown on the Organization; ingest does not enforce it (docs/toolkit.md, "Archiving open").

async function registerKeeper(deps: ArchiveDeps, oid: string): Promise<void> {
  const org = await getOrganisation(deps.db, oid);
  if (!org)
    throw new ArkkiError('not-found', [
      { field: 'id', rule: 'not-found', message: `Organization/${oid} is not in the organisation register` },
    ]);
  if (org.registerKeeper === null)
    throw new ArkkiError('invalid', [
      {
        field: 'id',
        rule: 'not-register-keeper',
        message: `Organization/${oid} is not a register keeper; archiving is opened per register keeper`,
      },
    ]);
}

/** The archiving state of organisations (reference data, no identity needed): never opened when no row. */
export async function archivingStates(deps: ArchiveDeps, oids: readonly string[]): Promise<Map<string, OrganisationArchiving>> {
  const last = await lastChanges(deps.db, oids);
  return new Map(
    oids.map((oid) => {
      const change = last.get(oid);
      return [oid, { organisationOid: oid, state: stateOf(change), ...(change ? { last: change } : {}) }];
    }),
  );
}

async function change(
  deps: ArchiveDeps,
  identity: Identity,
  oid: string,
  wanted: 'open' | 'closed',
  reason: string,
): Promise<{ changed: boolean; archiving: OrganisationArchiving }> {
  const allowed = mayChangeArchiving(identity, oid);
  if (!allowed.allow) throw new ArkkiError('forbidden', [allowed.issue]);
  await registerKeeper(deps, oid);
  return deps.db.transaction(async (tx) => {
    await lockOrganisation(tx, oid);
    const last = (await lastChanges(tx, [oid])).get(oid);
    const next = transition(stateOf(last), wanted, reason, { userId: identity.userId, name: identity.name }, deps.now());
    if (next.kind === 'refused') throw new ArkkiError(next.issue.rule === 'length' ? 'invalid' : 'conflict', [next.issue]);
    if (next.kind === 'unchanged')
      return { changed: false, archiving: { organisationOid: oid, state: stateOf(last), ...(last ? { last } : {}) } };
    await appendChange(tx, oid, next.change);
    return { changed: true, archiving: { organisationOid: oid, state: next.change.state, last: next.change } };
  });
}

/** Opens archiving for the organisation; opening an open one answers its state unchanged. */
export const openArchiving = (deps: ArchiveDeps, identity: Identity, oid: string, reason: string) =>
  change(deps, identity, oid, 'open', reason);

/** Closes archiving for the organisation (it must be open). */
export const closeArchiving = (deps: ArchiveDeps, identity: Identity, oid: string, reason: string) =>
  change(deps, identity, oid, 'closed', reason);

export const MAX_REFUSAL_DAYS = 92;
export const MAX_REFUSALS = 5000;

/**
 * The submissions refused for or from the organisation in [from, to) (ISO dates or instants), oldest first:
 * its own archivist only. Contains no client data, so reading it writes no usage-log row.
 */
export async function listRefusals(
  deps: ArchiveDeps,
  identity: Identity,
  oid: string,
  from: string,
  to: string,
): Promise<{ refusals: RefusalRecord[]; truncated: boolean }> {
  const allowed = mayReadRefusals(identity, oid);
  if (!allowed.allow) throw new ArkkiError('forbidden', [allowed.issue]);
  // A bare date is a Finnish calendar day: it starts at midnight in Helsinki, as the follow-up's weeks do.
  const instant = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(finnishDayStart(v)) : Date.parse(v));
  const start = instant(from);
  const end = instant(to);
  if (!Number.isFinite(start)) throw new ArkkiError('invalid', [{ field: 'from', rule: 'date', message: `from '${from}' is not a date` }]);
  if (!Number.isFinite(end)) throw new ArkkiError('invalid', [{ field: 'to', rule: 'date', message: `to '${to}' is not a date` }]);
  if (end <= start || end - start > MAX_REFUSAL_DAYS * 86_400_000)
    throw new ArkkiError('invalid', [
      { field: 'to', rule: 'range', message: `to must be after from and at most ${MAX_REFUSAL_DAYS} days later` },
    ]);
  const rows = await refusalsOf(deps.db, oid, new Date(start).toISOString(), new Date(end).toISOString(), MAX_REFUSALS + 1);
  return { refusals: rows.slice(0, MAX_REFUSALS), truncated: rows.length > MAX_REFUSALS };
}
