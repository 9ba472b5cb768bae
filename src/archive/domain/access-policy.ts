import type { Identity } from '../../lib/identity/identity.ts';
import {
  emptyContext,
  inForce,
  scopeCovers,
  type AccessContext,
  type DisclosurePermission,
  type SpecialReasonGrant,
} from './access-context.ts';

// Deny by default: every use of client data asks decideAccess and logs the deciding rule (domain README §6,
// THL regulation 1/2017). The services gather the facts about the client (AccessContext); this module only
// judges them, so the same rules hold for the API, the UIs and the citizen view. docs/access-control.md
// states the rules in prose.

export type Action =
  | 'read'
  | 'search'
  | 'history'
  | 'summary'
  | 'create'
  | 'new-version'
  | 'invalidate'
  | 'read-usage-log'
  | 'state-special-reason'
  /** Record or list a client's consents, denials and disclosure decisions. */
  | 'manage-consents';

export const WRITE_ACTIONS: readonly Action[] = ['create', 'new-version', 'invalidate'];

/** Marks a decision carries into the usage row's detail.flags, for log monitoring (lokivalvonta). */
export type AccessFlag = 'special-reason' | 'turvakielto' | 'disclosure';

export interface AccessTarget {
  registerKeeperOid: string;
  /** Absent for searches that span service tasks: the decision then scopes the search. */
  serviceTask?: string;
  clientKey?: string;
  /** The document asked for: consents and denials may name single documents. */
  documentId?: string;
  /** Reading an invalidated document is for archivists. */
  invalidated?: boolean;
  /** The document is in the notification register (ilmoitusrekisteri): it arrives before any clienthood. */
  notificationRegister?: boolean;
  /** Whether the document may be shown in the citizen view (metadata citizenVisible, delay included). */
  citizenVisible?: boolean;
}

export interface Decision {
  allow: boolean;
  /** The rule that decided, logged with every attempt. */
  rule: string;
  reason: string;
  /** Always present (possibly empty); written to the usage row's detail.flags. */
  flags: AccessFlag[];
  /** The special-reason grant the access was allowed under. */
  grantId?: string;
  reasonCode?: string;
  /** The consent or disclosure decision another register keeper's access was allowed under. */
  disclosureBasis?: { kind: DisclosurePermission['kind']; id: string };
  /** For allowed searches and summaries: the service tasks the caller may see (['*'] = all). */
  serviceTaskScope?: string[];
  /** For allowed searches: whether invalidated documents may be included. */
  seesInvalidated?: boolean;
  /**
   * For allowed searches: only documents whose client has a relation (or the caller a valid special reason)
   * in the document's service task may be returned; the store applies it in SQL so paging stays right.
   */
  relationScoped?: boolean;
}

function withFlags(d: Omit<Decision, 'flags'>, context: AccessContext, extra: AccessFlag[] = []): Decision {
  const flags = [...extra];
  if (context.turvakielto && !flags.includes('turvakielto')) flags.push('turvakielto');
  return { ...d, flags };
}

function roleCovers(identity: Identity, serviceTask: string): boolean {
  return identity.serviceTasks.includes('*') || identity.serviceTasks.includes(serviceTask);
}

/**
 * System profiles (tietojärjestelmäprofiilit, domain README §8): a viewing system may not store; a storing
 * system or an archiving service may not search or fetch. A system without a profile (demo identities) is
 * treated as connected (liittyvä), which may do both.
 */
function systemProfileDenial(identity: Identity, isWrite: boolean): { rule: string; reason: string } | undefined {
  switch (identity.systemProfile) {
    case 'viewing':
      return isWrite
        ? { rule: 'system-profile-viewing', reason: 'a viewing system (katseleva järjestelmä) may not store or change documents' }
        : undefined;
    case 'storing':
    case 'archiving':
      return isWrite
        ? undefined
        : {
            rule: `system-profile-${identity.systemProfile}`,
            reason: `a ${identity.systemProfile === 'storing' ? 'storing system (tallentava järjestelmä)' : 'archiving service'} may not search or read documents`,
          };
    default:
      return undefined;
  }
}

/** The caller's grant for the service task that is in force now, else whether one has run out. */
function grantFor(context: AccessContext, serviceTask: string): { valid?: SpecialReasonGrant; expired?: SpecialReasonGrant } {
  const now = Date.parse(context.now);
  const forTask = context.specialReasons.filter((g) => g.serviceTask === serviceTask);
  const valid = forTask.filter((g) => now < Date.parse(g.validUntil)).sort((a, b) => (a.validUntil < b.validUntil ? 1 : -1))[0];
  return valid ? { valid } : { expired: forTask[0] };
}

function citizenDecision(identity: Identity, action: Action, target: AccessTarget, context: AccessContext): Decision {
  const deny = (rule: string, reason: string) => withFlags({ allow: false, rule, reason }, context);
  if (!identity.clientKey || target.clientKey !== identity.clientKey)
    return deny('citizen-other-data', 'a citizen may see only his or her own data');
  if (!['read', 'history', 'summary', 'read-usage-log', 'manage-consents'].includes(action))
    return deny('citizen-action-not-allowed', `a citizen may not ${action} in the archive`);
  if ((action === 'read' || action === 'history') && target.invalidated)
    return deny('invalidated-archivist-only', 'invalidated documents are shown to archivists only');
  if ((action === 'read' || action === 'history') && target.citizenVisible === false)
    return deny('not-citizen-visible', 'the document is not (yet) shown to the client');
  return withFlags(
    { allow: true, rule: 'citizen-own-data', reason: "the client's own data", serviceTaskScope: ['*'], seesInvalidated: false },
    context,
  );
}

/**
 * Another register keeper's data: only reading, only under a consent or disclosure decision naming the
 * caller's organisation and covering the document, and never against a denial (kielto) covering it.
 */
function disclosureDecision(identity: Identity, action: Action, target: AccessTarget, context: AccessContext): Decision {
  const deny = (rule: string, reason: string, flags: AccessFlag[] = []) => withFlags({ allow: false, rule, reason }, context, flags);
  const elsewhere = `the data is in register keeper ${target.registerKeeperOid}'s register, not ${identity.registerKeeperOid}'s`;
  if (action !== 'read' && action !== 'history') return deny('other-register-keeper', elsewhere);
  if (identity.role !== 'social-worker' && identity.role !== 'system') return deny('other-register-keeper', elsewhere);
  const profile = identity.role === 'system' ? systemProfileDenial(identity, false) : undefined;
  if (profile) return deny(profile.rule, profile.reason);
  if (target.serviceTask === undefined) return deny('service-task-unknown', 'the service task of the data is not known');
  if (identity.role === 'social-worker' && !roleCovers(identity, target.serviceTask)) {
    return deny('service-task-not-in-role', `the role covers service tasks ${identity.serviceTasks.join(', ')}, not ${target.serviceTask}`);
  }
  if (target.invalidated) return deny('invalidated-archivist-only', 'invalidated documents are shown to archivists only');
  const denial = context.denials.find(
    (d) =>
      (d.recipientOid === null || d.recipientOid === identity.organisationOid) &&
      inForce(d, context.now) &&
      scopeCovers(d, target.serviceTask, target.documentId),
  );
  if (denial) return deny('disclosure-denied', `the client has denied disclosure of this data (denial ${denial.id})`, ['disclosure']);
  const basis = context.permissions.find(
    (p) => p.recipientOid === identity.organisationOid && inForce(p, context.now) && scopeCovers(p, target.serviceTask, target.documentId),
  );
  if (!basis)
    return deny(
      'other-register-keeper',
      `${elsewhere}, and no consent or disclosure decision covers it for organisation ${identity.organisationOid}`,
    );
  return withFlags(
    {
      allow: true,
      rule: basis.kind === 'consent' ? 'disclosure-consent' : 'disclosure-decision',
      reason: `${basis.kind === 'consent' ? "the client's consent" : 'a disclosure decision'} ${basis.id} covers it for organisation ${identity.organisationOid}`,
      disclosureBasis: { kind: basis.kind, id: basis.id },
      seesInvalidated: false,
    },
    context,
    ['disclosure'],
  );
}

function socialWorkerDecision(identity: Identity, action: Action, target: AccessTarget, context: AccessContext): Decision {
  const deny = (rule: string, reason: string) => withFlags({ allow: false, rule, reason }, context);
  const isWrite = WRITE_ACTIONS.includes(action);
  if (action === 'read-usage-log') return deny('role-no-log-access', 'usage logs are for the log controller and archivists');
  if (target.invalidated && !isWrite) return deny('invalidated-archivist-only', 'invalidated documents are shown to archivists only');
  const roleTasks = identity.serviceTasks.join(', ');

  if (action === 'manage-consents') {
    // Consents and denials concern the client, not one service task: a relation in any of the role's tasks will do.
    const related = context.relationTasks.filter((t) => roleCovers(identity, t));
    if (related.length > 0)
      return withFlags({ allow: true, rule: 'client-relation', reason: `client relation in service tasks ${related.join(', ')}` }, context);
    return deny('no-client-relation', `the client has no clienthood or open case in the role's service tasks ${roleTasks}`);
  }
  if (target.serviceTask === undefined) {
    if (action === 'search') {
      return withFlags(
        {
          allow: true,
          rule: 'client-relation-scope',
          reason: `limited to clients with a relation or a stated special reason in the role's service tasks ${roleTasks}`,
          serviceTaskScope: identity.serviceTasks,
          seesInvalidated: false,
          relationScoped: true,
        },
        context,
      );
    }
    if (action === 'summary') {
      const related = identity.serviceTasks.includes('*')
        ? [...context.relationTasks]
        : context.relationTasks.filter((t) => roleCovers(identity, t));
      const granted = context.specialReasons.filter(
        (g) => roleCovers(identity, g.serviceTask) && !related.includes(g.serviceTask) && grantFor(context, g.serviceTask).valid === g,
      );
      if (related.length === 0 && granted.length === 0)
        return deny(
          'no-client-relation',
          `the client has no clienthood or open case in the role's service tasks ${roleTasks}, and no special reason has been stated`,
        );
      const scope = [...new Set([...related, ...granted.map((g) => g.serviceTask)])];
      if (granted.length === 0)
        return withFlags(
          {
            allow: true,
            rule: 'client-relation',
            reason: `client relation in service tasks ${scope.join(', ')}`,
            serviceTaskScope: scope,
            seesInvalidated: false,
          },
          context,
        );
      return withFlags(
        {
          allow: true,
          rule: 'special-reason',
          reason: `special reason stated for service tasks ${granted.map((g) => g.serviceTask).join(', ')}`,
          serviceTaskScope: scope,
          seesInvalidated: false,
          grantId: granted[0]!.grantId,
          reasonCode: granted[0]!.reasonCode,
        },
        context,
        ['special-reason'],
      );
    }
    return deny('service-task-unknown', 'the service task of the data is not known');
  }

  if (!roleCovers(identity, target.serviceTask))
    return deny('service-task-not-in-role', `the role covers service tasks ${roleTasks}, not ${target.serviceTask}`);
  if (action === 'state-special-reason') {
    // A special reason stands in for a missing client relation to data that exists (THL 1/2017): with a
    // relation it is needless (and would raise a needless alert); without data there is nothing to open.
    if (context.relationTasks.includes(target.serviceTask))
      return deny(
        'client-relation-exists',
        `the client has an active clienthood or open case in service task ${target.serviceTask}: no special reason is needed`,
      );
    if (grantFor(context, target.serviceTask).valid)
      return deny('special-reason-in-force', `a special reason stated for service task ${target.serviceTask} is still in force`);
    if (!context.dataTasks.includes(target.serviceTask))
      return deny('no-data-in-service-task', `the client has no data in service task ${target.serviceTask} in this register`);
    return withFlags(
      { allow: true, rule: 'special-reason', reason: `special reason stated for service task ${target.serviceTask}` },
      context,
      ['special-reason'],
    );
  }
  // Writing is limited by the role; the register order (domain README §3) already refuses client documents
  // without a clienthood in the service task.
  if (action === 'create' || action === 'new-version')
    return withFlags({ allow: true, rule: 'role-service-task', reason: `role covers service task ${target.serviceTask}` }, context);
  if (action === 'search') {
    return withFlags(
      {
        allow: true,
        rule: 'client-relation-scope',
        reason: `limited to clients with a relation or a stated special reason in service task ${target.serviceTask}`,
        serviceTaskScope: identity.serviceTasks,
        seesInvalidated: false,
        relationScoped: true,
      },
      context,
    );
  }
  // A notification is how a relation starts: the service task's social workers handle it without one.
  if (target.notificationRegister && (action === 'read' || action === 'history')) {
    return withFlags(
      {
        allow: true,
        rule: 'notification-register',
        reason: `notification in service task ${target.serviceTask}, handled by the role`,
        serviceTaskScope: [target.serviceTask],
        seesInvalidated: false,
      },
      context,
    );
  }
  if (context.relationTasks.includes(target.serviceTask)) {
    return withFlags(
      {
        allow: true,
        rule: 'client-relation',
        reason: `the client has an active clienthood or open case in service task ${target.serviceTask}`,
        serviceTaskScope: [target.serviceTask],
        seesInvalidated: false,
      },
      context,
    );
  }
  const grant = grantFor(context, target.serviceTask);
  if (grant.valid) {
    return withFlags(
      {
        allow: true,
        rule: 'special-reason',
        reason: `special reason ${grant.valid.reasonCode} stated for service task ${target.serviceTask} (grant ${grant.valid.grantId})`,
        grantId: grant.valid.grantId,
        reasonCode: grant.valid.reasonCode,
        serviceTaskScope: [target.serviceTask],
        seesInvalidated: false,
      },
      context,
      ['special-reason'],
    );
  }
  if (grant.expired)
    return deny(
      'special-reason-expired',
      `the special reason stated for service task ${target.serviceTask} ended at ${grant.expired.validUntil}; state a new one`,
    );
  return deny(
    'no-client-relation',
    `the client has no active clienthood or open case in service task ${target.serviceTask} in this register, and no special reason has been stated`,
  );
}

export function decideAccess(
  identity: Identity,
  action: Action,
  target: AccessTarget,
  context: AccessContext = emptyContext(new Date(0)),
): Decision {
  const deny = (rule: string, reason: string) => withFlags({ allow: false, rule, reason }, context);
  if (identity.role === 'citizen') return citizenDecision(identity, action, target, context);
  if (target.registerKeeperOid !== identity.registerKeeperOid) {
    if (WRITE_ACTIONS.includes(action) || action === 'state-special-reason' || action === 'manage-consents')
      return deny(
        'other-register-keeper',
        `the data is in register keeper ${target.registerKeeperOid}'s register, not ${identity.registerKeeperOid}'s`,
      );
    return disclosureDecision(identity, action, target, context);
  }
  const isWrite = WRITE_ACTIONS.includes(action);
  switch (identity.role) {
    case 'archivist':
      if (action === 'create' || action === 'new-version')
        return deny('archivist-does-not-write', 'archivists check and invalidate documents; professionals and client systems write them');
      if (action === 'state-special-reason')
        return deny('special-reason-not-needed', 'archivists see the whole register without a special reason');
      return withFlags(
        {
          allow: true,
          rule: 'archivist-own-register',
          reason: 'archivist of the register keeper',
          serviceTaskScope: ['*'],
          seesInvalidated: true,
        },
        context,
      );
    case 'system': {
      if (action === 'read-usage-log') return deny('system-no-log-access', 'client systems do not read usage logs');
      if (action === 'state-special-reason')
        return deny('special-reason-professionals-only', 'only a professional can state a special reason');
      // Recording a consent or denial is storing: a viewing system may not, a storing one may.
      const profileDenial = systemProfileDenial(identity, isWrite || action === 'manage-consents');
      if (profileDenial) return deny(profileDenial.rule, profileDenial.reason);
      return withFlags(
        {
          allow: true,
          rule: 'system-own-register',
          reason: 'client system of the register keeper',
          serviceTaskScope: ['*'],
          seesInvalidated: false,
        },
        context,
      );
    }
    case 'social-worker':
      return socialWorkerDecision(identity, action, target, context);
    default:
      return deny('role-unknown', `role ${String(identity.role)} has no access rules`);
  }
}
