import { issue, type Issue } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';

// Archiving per organisation (issue 15 item 3): an organisation's archiving is opened when its deployment
// test (käyttöönottokoe) has passed, and may be closed again (e.g. a client system found to archive wrongly).
// Pure: who may change it, which change is allowed from which state, and what a refusal at ingest may keep.

export type ArchivingState = 'not-opened' | 'open' | 'closed';

export interface ArchivingChange {
  state: 'open' | 'closed';
  at: string;
  byUserId: string;
  byName: string;
  reason: string;
}

export interface OrganisationArchiving {
  organisationOid: string;
  state: ArchivingState;
  /** The change that made the state (absent while never opened). */
  last?: ArchivingChange;
}

export const MIN_REASON_LENGTH = 5;
export const MAX_REASON_LENGTH = 500;

/**
 * Only the organisation's own archivist changes its archiving (the project's archivist runs the deployment
 * test's check list): an archivist of another register keeper, a professional or a client system may not.
 */
export function mayChangeArchiving(identity: Identity, organisationOid: string): { allow: true } | { allow: false; issue: Issue } {
  if (identity.role === 'archivist' && identity.registerKeeperOid === organisationOid) return { allow: true };
  const who = identity.role === 'archivist' ? `an archivist of register keeper ${identity.registerKeeperOid}` : `a ${identity.role}`;
  return {
    allow: false,
    issue: issue(
      'organisation',
      'archiving-state',
      `only the archivist of organisation ${organisationOid} opens or closes its archiving; the caller is ${who}`,
    ),
  };
}

/** Reading an organisation's refusals: its own archivist, as for the archiving state. */
export function mayReadRefusals(identity: Identity, organisationOid: string): { allow: true } | { allow: false; issue: Issue } {
  if (identity.role === 'archivist' && identity.registerKeeperOid === organisationOid) return { allow: true };
  return {
    allow: false,
    issue: issue('organisation', 'archiving-state', `the refusals of organisation ${organisationOid} are for its own archivist`),
  };
}

export type Transition = { kind: 'change'; change: ArchivingChange } | { kind: 'unchanged' } | { kind: 'refused'; issue: Issue };

/**
 * The next state. Opening an open organisation changes nothing (a resend after a lost answer is harmless);
 * closing needs it open; both need a reason of 5–500 characters.
 */
export function transition(
  current: ArchivingState,
  wanted: 'open' | 'closed',
  reason: string,
  by: { userId: string; name: string },
  at: Date,
): Transition {
  const text = reason.trim();
  if (current === wanted) return { kind: 'unchanged' };
  if (text.length < MIN_REASON_LENGTH || text.length > MAX_REASON_LENGTH)
    return {
      kind: 'refused',
      issue: issue('reason', 'length', `the reason is ${MIN_REASON_LENGTH}–${MAX_REASON_LENGTH} characters, got ${text.length}`),
    };
  if (wanted === 'closed' && current === 'not-opened')
    return { kind: 'refused', issue: issue('organisation', 'archiving-not-open', 'archiving was never opened, so it cannot be closed') };
  return { kind: 'change', change: { state: wanted, at: at.toISOString(), byUserId: by.userId, byName: by.name, reason: text } };
}

export function stateOf(last: ArchivingChange | undefined): ArchivingState {
  return last ? last.state : 'not-opened';
}
