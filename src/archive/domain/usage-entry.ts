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
  action: Action | 'read-body' | 'read-person';
  outcome: Outcome;
  rule: string;
  documentIds: string[];
  purpose: string | null;
  detail: Record<string, unknown>;
}

export function usageEntry(identity: Identity, action: UsageEntry['action'], decision: Pick<Decision, 'rule'>, fields: {
  registerKeeperOid: string; clientKey?: string; at: Date; outcome?: Outcome; documentIds?: string[]; purpose?: string; detail?: Record<string, unknown>;
}): UsageEntry {
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
    detail: fields.detail ?? {},
  };
}
