import { randomUUID } from 'node:crypto';
import { DEFAULT_SPECIAL_REASON_END_HOUR } from '../domain/access-special-reason.ts';
import { ArkkiError, issue, throwIfIssues, type Issue } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess } from '../domain/access-policy.ts';
import { checkComment, commentableUntil, specialReasonValidUntil } from '../domain/access-special-reason.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import {
  commentsOf,
  getGrant,
  grantsOfUser,
  insertComment,
  insertGrant,
  type GrantComment,
  type StoredGrant,
} from '../store/special-reason-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import { factsFor } from './access-facts.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

// Special reason (asiayhteys, domain README §6): without a client relation a professional states a reason
// code and a comment; the grant lets him or her see the client's documents in that service task until the
// end of the working day. The statement and every use under it are logged with rule 'special-reason' and
// flagged for log monitoring; comments can be added to the statement's log entry for 7 days, then it is sealed.

export interface SpecialReasonInput {
  clientKey: string;
  serviceTask: string;
  reasonCode: string;
  comment: string;
}

export interface SpecialReasonStatement {
  grantId: string;
  registerKeeperOid: string;
  clientKey: string;
  serviceTask: string;
  reasonCode: string;
  grantedAt: string;
  validUntil: string;
  commentableUntil: string;
}

export interface OwnSpecialReason extends SpecialReasonStatement {
  /** Whether the grant still gives access now. */
  valid: boolean;
  /** Comments can no longer be added (commentableUntil has passed). */
  sealed: boolean;
  comments: GrantComment[];
}

const toStatement = (g: StoredGrant): SpecialReasonStatement => ({
  grantId: g.grantId,
  registerKeeperOid: g.registerKeeperOid,
  clientKey: g.clientKey,
  serviceTask: g.serviceTask,
  reasonCode: g.reasonCode,
  grantedAt: g.grantedAt,
  validUntil: g.validUntil,
  commentableUntil: g.commentableUntil,
});

function checkInput(deps: ArchiveDeps, input: Partial<SpecialReasonInput>): Issue[] {
  const issues: Issue[] = [];
  if (!input.clientKey) issues.push(issue('clientKey', 'required', 'the client is required'));
  if (!input.serviceTask) issues.push(issue('serviceTask', 'required', 'the service task the data is needed in is required'));
  else if (!deps.codeSets.lookup('service-tasks', input.serviceTask))
    issues.push(issue('serviceTask', 'code-unknown', `service task ${input.serviceTask} is not in the service-task code set`));
  if (!input.reasonCode) issues.push(issue('reasonCode', 'required', 'a reason code (code set special-reasons) is required'));
  else if (!deps.codeSets.lookup('special-reasons', input.reasonCode))
    issues.push(issue('reasonCode', 'code-unknown', `reason code ${input.reasonCode} is not in the code set special-reasons`));
  issues.push(...checkComment('comment', input.comment));
  return issues;
}

export async function stateSpecialReason(
  deps: ArchiveDeps,
  identity: Identity,
  input: SpecialReasonInput,
): Promise<SpecialReasonStatement> {
  throwIfIssues(checkInput(deps, input));
  return inLoggedTransaction(deps, async (tx) => {
    const registerKeeperOid = identity.registerKeeperOid;
    const at = deps.now();
    const context = await factsFor(tx, identity, registerKeeperOid, input.clientKey, at);
    const decision = decideAccess(
      identity,
      'state-special-reason',
      { registerKeeperOid, serviceTask: input.serviceTask, clientKey: input.clientKey },
      context,
    );
    const detail = { serviceTask: input.serviceTask };
    if (!decision.allow) {
      await appendUsage(tx, [
        usageEntry(
          identity,
          'state-special-reason',
          { ...decision, reasonCode: input.reasonCode },
          { registerKeeperOid, clientKey: input.clientKey, at, outcome: 'denied', detail },
        ),
      ]);
      throw new ArkkiError('forbidden', [
        { field: 'serviceTask', rule: decision.rule, message: `a special reason cannot be stated: ${decision.reason}` },
      ]);
    }
    const grant: StoredGrant = {
      grantId: randomUUID(),
      registerKeeperOid,
      clientKey: input.clientKey,
      userId: identity.userId,
      professionalId: identity.professionalId ?? null,
      organisationOid: identity.organisationOid,
      serviceTask: input.serviceTask,
      reasonCode: input.reasonCode,
      grantedAt: at.toISOString(),
      validUntil: specialReasonValidUntil(at, deps.specialReasonEndHour ?? DEFAULT_SPECIAL_REASON_END_HOUR).toISOString(),
      commentableUntil: commentableUntil(at).toISOString(),
    };
    await insertGrant(tx, grant, input.comment.trim());
    await appendUsage(tx, [
      usageEntry(
        identity,
        'state-special-reason',
        { ...decision, grantId: grant.grantId, reasonCode: grant.reasonCode },
        {
          registerKeeperOid,
          clientKey: input.clientKey,
          at,
          detail: { ...detail, validUntil: grant.validUntil },
        },
      ),
    ]);
    return toStatement(grant);
  });
}

/** The caller's own statements of the last `days` days, newest first, with comments and whether they are sealed. */
export async function listOwnSpecialReasons(
  deps: ArchiveDeps,
  identity: Identity,
  options: { days?: number } = {},
): Promise<OwnSpecialReason[]> {
  const now = deps.now();
  const days = Math.min(Math.max(Math.trunc(options.days ?? 30), 1), 366);
  const grants = await grantsOfUser(
    deps.db,
    identity.userId,
    identity.registerKeeperOid,
    new Date(now.getTime() - days * 86_400_000).toISOString(),
  );
  const comments = await commentsOf(deps.db, grants);
  return grants.map((g) => ({
    ...toStatement(g),
    valid: now.getTime() < Date.parse(g.validUntil),
    sealed: now.getTime() >= Date.parse(g.commentableUntil),
    comments: comments.get(g.grantId) ?? [],
  }));
}

/** Adds a comment to the caller's own special-reason log entry while it is open (7 days). */
export async function addSpecialReasonComment(
  deps: ArchiveDeps,
  identity: Identity,
  grantId: string,
  comment: string,
): Promise<OwnSpecialReason> {
  throwIfIssues(checkComment('comment', comment));
  return inLoggedTransaction(deps, async (tx) => {
    const grant = await getGrant(tx, grantId);
    // Someone else's statement is answered like a missing one: its existence is not the caller's business.
    if (!grant || grant.userId !== identity.userId)
      throw new ArkkiError('not-found', [{ field: 'grantId', rule: 'not-found', message: `you have stated no special reason ${grantId}` }]);
    const at = deps.now();
    if (at.getTime() >= Date.parse(grant.commentableUntil)) {
      throw new ArkkiError('conflict', [
        {
          field: 'grantId',
          rule: 'sealed',
          message: `the special-reason log entry ${grantId} was sealed at ${grant.commentableUntil} (7 days after the reason was stated); comments can no longer be added`,
        },
      ]);
    }
    const existing = (await commentsOf(tx, [grant])).get(grantId) ?? [];
    await insertComment(tx, grant, existing.length + 1, comment.trim(), at.toISOString(), identity.userId);
    await appendUsage(tx, [
      usageEntry(
        identity,
        'special-reason-comment',
        { rule: 'special-reason', flags: ['special-reason'], grantId, reasonCode: grant.reasonCode },
        {
          registerKeeperOid: grant.registerKeeperOid,
          clientKey: grant.clientKey,
          at,
          detail: { serviceTask: grant.serviceTask },
        },
      ),
    ]);
    return {
      ...toStatement(grant),
      valid: at.getTime() < Date.parse(grant.validUntil),
      sealed: false,
      comments: [...existing, { seq: existing.length + 1, comment: comment.trim(), addedAt: at.toISOString(), userId: identity.userId }],
    };
  });
}
