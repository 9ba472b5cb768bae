import { randomUUID } from 'node:crypto';
import { ArkkiError, issue, throwIfIssues, type Issue } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess, type Decision } from '../domain/access-policy.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { locate, getDocuments } from '../store/document-store.ts';
import { disclosureRulesOf, insertDisclosureRule, type DisclosureRuleRecord } from '../store/disclosure-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import { factsFor } from './access-facts.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

// Consents (suostumus), denials (luovutuskielto) and disclosure decisions per client (domain README §6,
// phase 3). The disclosure workflows come later; these records are what the access policy enforces when
// another register keeper's professional or system reads a document.

export interface DisclosureRuleInput {
  kind: DisclosureRuleRecord['kind'];
  clientKey: string;
  /** Consent / disclosure decision: the organisation that may receive the data. Denial: omit = every recipient. */
  recipientOid?: string;
  serviceTasks?: string[];
  documentIds?: string[];
  /** Legal basis of a disclosure decision; a note otherwise. */
  basis?: string;
  validFrom?: string;
  validUntil?: string;
}

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const KINDS: ReadonlyArray<DisclosureRuleRecord['kind']> = ['consent', 'disclosure-decision', 'denial'];

function checkInput(deps: ArchiveDeps, identity: Identity, input: DisclosureRuleInput): Issue[] {
  const issues: Issue[] = [];
  if (!KINDS.includes(input.kind))
    issues.push(issue('kind', 'code-unknown', `kind must be one of ${KINDS.join(', ')}, got ${String(input.kind)}`));
  if (!input.clientKey) issues.push(issue('clientKey', 'required', 'the client is required'));
  if (input.kind !== 'denial' && !input.recipientOid)
    issues.push(issue('recipientOid', 'required', `a ${input.kind} names the recipient organisation`));
  if (input.recipientOid && !OID.test(input.recipientOid))
    issues.push(issue('recipientOid', 'oid', 'recipientOid must be an organisation OID'));
  const tasks = input.serviceTasks ?? [];
  const docs = input.documentIds ?? [];
  if (tasks.length + docs.length === 0)
    issues.push(issue('serviceTasks', 'required', `a ${input.kind} names service tasks ('*' = all) or document ids`));
  for (const t of tasks)
    if (t !== '*' && !deps.codeSets.lookup('service-tasks', t))
      issues.push(issue('serviceTasks', 'code-unknown', `service task ${t} is not in the service-task code set`));
  if (input.kind === 'disclosure-decision' && !input.basis?.trim())
    issues.push(issue('basis', 'required', 'a disclosure decision states its legal basis'));
  if (identity.role === 'citizen' && input.kind === 'disclosure-decision')
    issues.push(issue('kind', 'citizen-kind', "a citizen records consents and denials; disclosure decisions are the register keeper's"));
  for (const f of ['validFrom', 'validUntil'] as const) {
    const v = input[f];
    if (v !== undefined && Number.isNaN(Date.parse(v))) issues.push(issue(f, 'date', `${f} must be an ISO 8601 date or timestamp`));
  }
  if (input.validFrom && input.validUntil && Date.parse(input.validUntil) <= Date.parse(input.validFrom))
    issues.push(issue('validUntil', 'after-valid-from', 'validUntil must be after validFrom'));
  return issues;
}

/** Records a consent, denial or disclosure decision for a client of the caller's register keeper. */
export async function recordDisclosureRule(
  deps: ArchiveDeps,
  identity: Identity,
  input: DisclosureRuleInput,
): Promise<DisclosureRuleRecord> {
  throwIfIssues(checkInput(deps, identity, input));
  return inLoggedTransaction(deps, async (tx) => {
    const registerKeeperOid = identity.registerKeeperOid;
    const at = deps.now();
    const decision = decideAccess(
      identity,
      'manage-consents',
      { registerKeeperOid, clientKey: input.clientKey },
      await factsFor(tx, identity, registerKeeperOid, input.clientKey, at),
    );
    const record: DisclosureRuleRecord = {
      registerKeeperOid,
      clientKey: input.clientKey,
      ruleId: randomUUID(),
      kind: input.kind,
      recipientOid: input.recipientOid ?? null,
      serviceTasks: input.serviceTasks ?? [],
      documentIds: input.documentIds ?? [],
      basis: input.basis?.trim() || null,
      validFrom: new Date(input.validFrom ?? at).toISOString(),
      validUntil: input.validUntil ? new Date(input.validUntil).toISOString() : null,
      recordedAt: at.toISOString(),
      recordedBy: identity.userId,
    };
    await appendUsage(tx, [
      usageEntry(identity, 'record-consent', decision, {
        registerKeeperOid,
        clientKey: input.clientKey,
        at,
        outcome: decision.allow ? 'success' : 'denied',
        detail: { kind: input.kind, ruleId: decision.allow ? record.ruleId : null, recipientOid: record.recipientOid },
      }),
    ]);
    if (!decision.allow)
      throw new ArkkiError('forbidden', [{ field: 'clientKey', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    await insertDisclosureRule(tx, record);
    return record;
  });
}

/** A client's consents, denials and disclosure decisions in the caller's register keeper (a logged read). */
export function listDisclosureRules(deps: ArchiveDeps, identity: Identity, clientKey: string): Promise<DisclosureRuleRecord[]> {
  return inLoggedTransaction(deps, async (tx) => {
    const registerKeeperOid = identity.registerKeeperOid;
    const at = deps.now();
    const decision = decideAccess(
      identity,
      'manage-consents',
      { registerKeeperOid, clientKey },
      await factsFor(tx, identity, registerKeeperOid, clientKey, at),
    );
    await appendUsage(tx, [
      usageEntry(identity, 'read-consents', decision, { registerKeeperOid, clientKey, at, outcome: decision.allow ? 'success' : 'denied' }),
    ]);
    if (!decision.allow)
      throw new ArkkiError('forbidden', [{ field: 'clientKey', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    return disclosureRulesOf(tx, registerKeeperOid, clientKey);
  });
}

/**
 * "May organisation X see document D of client C, and why": the policy's answer for a client system of
 * another organisation (or the same one), without reading or disclosing anything, so nothing is logged.
 * For the disclosure workflows and the citizen view's explanations.
 */
export async function mayOrganisationSee(
  deps: ArchiveDeps,
  recipient: { organisationOid: string; registerKeeperOid: string },
  documentId: string,
): Promise<Decision> {
  const loc = (await locate(deps.db, [documentId])).get(documentId);
  if (!loc)
    throw new ArkkiError('not-found', [
      { field: 'documentId', rule: 'not-found', message: `document ${documentId} is not in the archive` },
    ]);
  const doc = (await getDocuments(deps.db, [loc], true)).get(documentId)!.doc;
  const asSystem: Identity = {
    userId: `system:${recipient.organisationOid}`,
    name: recipient.organisationOid,
    role: 'system',
    organisationOid: recipient.organisationOid,
    registerKeeperOid: recipient.registerKeeperOid,
    serviceTasks: ['*'],
    systemId: 'disclosure-check',
  };
  const context = await factsFor(deps.db, asSystem, doc.registerKeeper, doc.clientKey, deps.now());
  return decideAccess(
    asSystem,
    'read',
    {
      registerKeeperOid: doc.registerKeeper,
      serviceTask: doc.serviceTask,
      clientKey: doc.clientKey,
      documentId,
      invalidated: doc.status === 'invalidated',
    },
    context,
  );
}
