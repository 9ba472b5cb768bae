import type { Identity } from '../../lib/identity/identity.ts';
import type { Action, Decision } from './access-policy.ts';

// One usage-log (käyttöloki) row: who, for which organisation and system, in which role, whose data,
// which documents, why, when, and what the access rule decided. Never a document body or a secret.

export type Outcome = 'success' | 'denied' | 'failed';

export interface UsageEntry {
  registerKeeperOid: string;
  /** '' when the use concerned no single client (a register-wide search). */
  clientKey: string;
  at: string;
  userId: string;
  userName: string;
  professionalId: string | null;
  organisationOid: string;
  systemId: string;
  role: string;
  action: Action | 'read-body' | 'read-person' | 'special-reason-comment' | 'special-reason-options' | 'record-consent' | 'read-consents';
  outcome: Outcome;
  rule: string;
  documentIds: string[];
  purpose: string | null;
  detail: Record<string, unknown>;
}

/** What of a decision lands in the row: the rule, and for log monitoring detail.flags, grantId, reasonCode, disclosureBasis. */
export type LoggedDecision = Pick<Decision, 'rule'> & Partial<Pick<Decision, 'flags' | 'grantId' | 'reasonCode' | 'disclosureBasis'>>;

/** The decision's marks, merged into the row's detail; absent keys mean none (no flags, no grant). */
export function decisionDetail(decision: LoggedDecision, detail: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...detail,
    ...(decision.flags && decision.flags.length > 0 ? { flags: decision.flags } : {}),
    ...(decision.grantId ? { grantId: decision.grantId } : {}),
    ...(decision.reasonCode ? { reasonCode: decision.reasonCode } : {}),
    ...(decision.disclosureBasis ? { disclosureBasis: decision.disclosureBasis } : {}),
  };
}

export function usageEntry(
  identity: Identity,
  action: UsageEntry['action'],
  decision: LoggedDecision,
  fields: {
    registerKeeperOid: string;
    clientKey?: string;
    at: Date;
    outcome?: Outcome;
    documentIds?: string[];
    purpose?: string;
    detail?: Record<string, unknown>;
  },
): UsageEntry {
  return {
    registerKeeperOid: fields.registerKeeperOid,
    clientKey: fields.clientKey ?? '',
    at: fields.at.toISOString(),
    userId: identity.userId,
    userName: identity.name,
    professionalId: identity.professionalId ?? null,
    organisationOid: identity.organisationOid,
    systemId: identity.systemId,
    role: identity.role,
    action,
    outcome: fields.outcome ?? 'success',
    rule: decision.rule,
    documentIds: fields.documentIds ?? [],
    purpose: fields.purpose ?? null,
    // The organisation's own role code lets the log controller and the citizen see which role was used.
    detail: decisionDetail(decision, { ...(identity.roleCode ? { roleCode: identity.roleCode } : {}), ...fields.detail }),
  };
}

/** The service unit(s) of the documents used, for the row's detail: one unit as serviceUnit, several as serviceUnits. */
export function unitDetail(units: Iterable<string>): Record<string, unknown> {
  const distinct = [...new Set(units)].filter((u) => u !== '');
  if (distinct.length === 0) return {};
  return distinct.length === 1 ? { serviceUnit: distinct[0] } : { serviceUnits: distinct };
}
