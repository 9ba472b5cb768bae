import type { Identity } from '../../lib/identity/identity.ts';
import { personNames } from '../store/person-store.ts';
import { userNamesOf } from '../store/user-names-store.ts';
import type { ArchiveDeps } from './deps.ts';

// Names shown beside what the caller has just been allowed to see and whose reading was logged (search
// results, the caller's own special reasons, who archived or invalidated a document): never on their own.
// Limited to the caller's register keeper's clients.

export function namesOfClients(deps: ArchiveDeps, identity: Identity, clientKeys: readonly string[]): Promise<Map<string, string>> {
  return identity.role === 'citizen' ? Promise.resolve(new Map()) : personNames(deps.db, clientKeys);
}

export function namesOfUsers(deps: ArchiveDeps, _identity: Identity, userIds: readonly string[]): Promise<Map<string, string>> {
  return userNamesOf(deps.db, userIds);
}
