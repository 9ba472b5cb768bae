import type { Identity } from '../../lib/identity/identity.ts';

// Deny by default: every use of client data asks decideAccess and logs the deciding rule.
// This is the foundation's policy (register keeper + role's service tasks); the identity-and-access issue
// adds clienthood relations, special reason, turvakielto, consents and denials here, in the same shape.

export type Action =
  | 'read' | 'search' | 'history' | 'summary'
  | 'create' | 'new-version' | 'invalidate'
  | 'read-usage-log';

export const WRITE_ACTIONS: readonly Action[] = ['create', 'new-version', 'invalidate'];

export interface AccessTarget {
  registerKeeperOid: string;
  /** Absent for searches that span service tasks: the decision then scopes the search. */
  serviceTask?: string;
  clientKey?: string;
  /** Reading an invalidated document is for archivists. */
  invalidated?: boolean;
}

export interface Decision {
  allow: boolean;
  /** The rule that decided, logged with every attempt. */
  rule: string;
  reason: string;
  /** For allowed searches: the service tasks the caller may see (['*'] = all). */
  serviceTaskScope?: string[];
  /** For allowed searches: whether invalidated documents may be included. */
  seesInvalidated?: boolean;
}

const deny = (rule: string, reason: string): Decision => ({ allow: false, rule, reason });

function roleCovers(identity: Identity, serviceTask: string): boolean {
  return identity.serviceTasks.includes('*') || identity.serviceTasks.includes(serviceTask);
}

/**
 * System profiles (tietojärjestelmäprofiilit, domain README §8): a viewing system may not store; a storing
 * system or an archiving service may not search or fetch. A system without a profile (demo identities) is
 * treated as connected (liittyvä), which may do both.
 */
function systemProfileDenial(identity: Identity, isWrite: boolean): Decision | undefined {
  switch (identity.systemProfile) {
    case 'viewing':
      return isWrite ? deny('system-profile-viewing', 'a viewing system (katseleva järjestelmä) may not store or change documents') : undefined;
    case 'storing':
    case 'archiving':
      return isWrite ? undefined : deny(`system-profile-${identity.systemProfile}`, `a ${identity.systemProfile === 'storing' ? 'storing system (tallentava järjestelmä)' : 'archiving service'} may not search or read documents`);
    default:
      return undefined;
  }
}

export function decideAccess(identity: Identity, action: Action, target: AccessTarget): Decision {
  if (identity.role === 'citizen') {
    // The citizen view reads through its own service; the professional API never serves citizens.
    return deny('citizen-not-in-professional-api', 'citizens use the citizen view');
  }
  if (target.registerKeeperOid !== identity.registerKeeperOid) {
    return deny('other-register-keeper', `the data is in register keeper ${target.registerKeeperOid}'s register, not ${identity.registerKeeperOid}'s`);
  }
  const isWrite = WRITE_ACTIONS.includes(action);
  switch (identity.role) {
    case 'archivist':
      if (action === 'create' || action === 'new-version') return deny('archivist-does-not-write', 'archivists check and invalidate documents; professionals and client systems write them');
      return { allow: true, rule: 'archivist-own-register', reason: 'archivist of the register keeper', serviceTaskScope: ['*'], seesInvalidated: true };
    case 'system': {
      if (action === 'read-usage-log') return deny('system-no-log-access', 'client systems do not read usage logs');
      const profileDenial = systemProfileDenial(identity, isWrite);
      if (profileDenial) return profileDenial;
      return { allow: true, rule: 'system-own-register', reason: 'client system of the register keeper', serviceTaskScope: ['*'], seesInvalidated: false };
    }
    case 'social-worker': {
      if (action === 'read-usage-log') return deny('role-no-log-access', 'usage logs are for the log controller and archivists');
      if (target.invalidated && !isWrite) return deny('invalidated-archivist-only', 'invalidated documents are shown to archivists only');
      if (target.serviceTask === undefined) {
        if (action === 'search' || action === 'summary') {
          return { allow: true, rule: 'role-service-task-scope', reason: `limited to the role's service tasks ${identity.serviceTasks.join(', ')}`, serviceTaskScope: identity.serviceTasks, seesInvalidated: false };
        }
        return deny('service-task-unknown', 'the service task of the data is not known');
      }
      if (!roleCovers(identity, target.serviceTask)) {
        return deny('service-task-not-in-role', `the role covers service tasks ${identity.serviceTasks.join(', ')}, not ${target.serviceTask}`);
      }
      return { allow: true, rule: 'role-service-task', reason: `role covers service task ${target.serviceTask}`, serviceTaskScope: identity.serviceTasks, seesInvalidated: false };
    }
    default:
      return deny('role-unknown', `role ${String(identity.role)} has no access rules`);
  }
}
