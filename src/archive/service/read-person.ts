import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess, type Decision } from '../domain/access-policy.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { getPerson, withoutContactData } from '../store/person-store.ts';
import type { Person } from '../domain/person.ts';
import { clienthoodsOf } from '../store/register-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import { factsFor } from './access-facts.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

/**
 * A client's population data, for those who may read the client's documents in at least one of the
 * service tasks where the client has a clienthood in the caller's register. Turvakielto hides the address
 * and contact data from everyone but the client.
 */
export function readPerson(deps: ArchiveDeps, identity: Identity, clientKey: string): Promise<Person> {
  return inLoggedTransaction(deps, async (tx) => {
    const registerKeeperOid = identity.registerKeeperOid;
    const at = deps.now();
    const person = await getPerson(tx, clientKey);
    const clienthoods = person ? await clienthoodsOf(tx, [{ registerKeeperOid, clientKey }]) : [];
    const context = await factsFor(tx, identity, registerKeeperOid, clientKey, at);
    const tasks = [
      ...new Set([
        ...clienthoods.map((c) => c.serviceTask).filter((t): t is string => t !== null),
        ...context.specialReasons.map((g) => g.serviceTask),
      ]),
    ];
    let decision: Decision = {
      allow: false,
      rule: 'not-in-register',
      reason: 'the client has no clienthood in this register',
      flags: context.turvakielto ? ['turvakielto'] : [],
    };
    // A client with only a social-welfare clienthood has no service task yet: those whose role is not
    // limited to service tasks (archivist, client system) may still read the population data.
    const candidates: Array<string | undefined> = tasks.length > 0 ? tasks : clienthoods.length > 0 ? [undefined] : [];
    if (identity.role === 'citizen') candidates.splice(0, candidates.length, undefined);
    for (const serviceTask of candidates) {
      decision = decideAccess(identity, 'read', { registerKeeperOid, serviceTask, clientKey }, context);
      if (decision.allow) break;
    }
    const ownData = identity.role === 'citizen' && decision.allow;
    if (!person || (clienthoods.length === 0 && !ownData)) {
      // Same answer whether the person is unknown or only in another register: existence is not disclosed.
      await appendUsage(tx, [usageEntry(identity, 'read-person', decision, { registerKeeperOid, clientKey, at, outcome: 'denied' })]);
      throw new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: 'no such client in your register' }]);
    }
    await appendUsage(tx, [
      usageEntry(identity, 'read-person', decision, { registerKeeperOid, clientKey, at, outcome: decision.allow ? 'success' : 'denied' }),
    ]);
    if (!decision.allow)
      throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    return person.turvakielto && !ownData ? withoutContactData(person) : person;
  });
}
