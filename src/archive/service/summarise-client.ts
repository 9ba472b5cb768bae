import { ArkkiError } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess } from '../domain/access-policy.ts';
import { finnishDay } from '../../lib/time/finnish-clock.ts';
import { buildSummary, type ClientSummary } from '../domain/summary.ts';
import { usageEntry } from '../domain/usage-entry.ts';
import { casesOf, clienthoodsOf } from '../store/register-store.ts';
import { phaseDocuments } from '../store/summary-store.ts';
import { structuredFieldsOf } from '../store/structured-fields-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import { factsFor } from './access-facts.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

export const SUMMARY_LATEST_PER_PHASE = 5;

/** The client data summary (kooste) within the caller's register keeper and service tasks. */
export function summariseClient(deps: ArchiveDeps, identity: Identity, clientKey: string, serviceTask?: string): Promise<ClientSummary> {
  return inLoggedTransaction(deps, async (tx) => {
    // A citizen's summary is of the register keeper the citizen view asks about (identity.registerKeeperOid).
    const registerKeeperOid = identity.registerKeeperOid;
    const at = deps.now();
    const context = await factsFor(tx, identity, registerKeeperOid, clientKey, at);
    const decision = decideAccess(identity, 'summary', { registerKeeperOid, serviceTask, clientKey }, context);
    if (!decision.allow) {
      await appendUsage(tx, [usageEntry(identity, 'summary', decision, { registerKeeperOid, clientKey, at, outcome: 'denied' })]);
      throw new ArkkiError('forbidden', [{ field: 'serviceTask', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    }
    const scope = serviceTask ? [serviceTask] : (decision.serviceTaskScope ?? []);
    const inScope = (t: string | null) => t === null || scope.includes('*') || scope.includes(t);
    const key = [{ registerKeeperOid, clientKey }];
    const [clienthoods, cases, docs] = [
      await clienthoodsOf(tx, key),
      await casesOf(tx, key),
      await phaseDocuments(tx, registerKeeperOid, clientKey, scope, SUMMARY_LATEST_PER_PHASE),
    ];
    const structuredFields = await structuredFieldsOf(
      tx,
      registerKeeperOid,
      clientKey,
      docs.phases.flatMap((p) => p.latest.map((d) => d.documentId)),
    );
    const summary = buildSummary({
      clientKey,
      registerKeeperOid,
      today: finnishDay(at.toISOString()),
      clienthoods: clienthoods.filter((c) => inScope(c.serviceTask)),
      cases: cases.filter((c) => inScope(c.serviceTask)),
      phaseDocuments: docs.phases,
      caseDocumentCounts: docs.caseCounts,
      phaseOrder: deps.codeSets.get('process-phases')?.entries.map((e) => e.code) ?? [],
      structuredFields,
    });
    const shown = summary.serviceTasks.flatMap((t) => t.phases.flatMap((p) => p.latest.map((d) => d.documentId)));
    await appendUsage(tx, [usageEntry(identity, 'summary', decision, { registerKeeperOid, clientKey, at, documentIds: shown })]);
    return summary;
  });
}
