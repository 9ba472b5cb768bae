import { ArkkiError } from '../../lib/errors.ts';
import type { Queryable } from '../../lib/db/db.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess, type AccessTarget, type Decision } from '../domain/access-policy.ts';
import { emptyContext } from '../domain/access-context.ts';
import { finnishDay } from '../../lib/time/finnish-clock.ts';
import type { ArchivedDocument, DocumentBody } from '../domain/archived-document.ts';
import { usageEntry, type UsageEntry } from '../domain/usage-entry.ts';
import { currentDocumentsOfClient, registerKeeperOids } from '../store/citizen-store.ts';
import { disclosureRulesOf, disclosuresOf, type DisclosureLogEntry, type DisclosureRuleRecord } from '../store/disclosure-store.ts';
import { getBody, getDocument, locate } from '../store/document-store.ts';
import { casesOf, clienthoodsOf } from '../store/register-store.ts';
import type { ClientCase, Clienthood } from '../domain/register.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { inLoggedTransaction } from './read-documents.ts';

// The citizen view (Omakanta-like): the signed-in client's own documents, clienthoods and cases in every
// register. The access policy decides each document (own data, shown to the citizen, not invalidated) and
// every use leaves usage-log rows in the partition of the register whose data was shown.

/** More than this many documents is a list nobody reads; the page says there are more. */
export const CITIZEN_LIST_LIMIT = 300;

/** Whether the document is shown to the client today (metadata citizenVisible, with its optional delay). */
export function citizenVisibleOn(doc: Pick<ArchivedDocument, 'citizenVisible'>, today: string): boolean {
  return doc.citizenVisible.visible && (!doc.citizenVisible.from || doc.citizenVisible.from.slice(0, 10) <= today);
}

function ownKey(identity: Identity): string {
  if (identity.role !== 'citizen' || !identity.clientKey) {
    throw new ArkkiError('forbidden', [
      { field: '', rule: 'citizen-view-citizens-only', message: 'the citizen view is for a client signed in with strong identification' },
    ]);
  }
  return identity.clientKey;
}

function targetOf(doc: ArchivedDocument, today: string): AccessTarget {
  return {
    registerKeeperOid: doc.registerKeeper,
    serviceTask: doc.serviceTask,
    clientKey: doc.clientKey,
    documentId: doc.documentId,
    invalidated: doc.status === 'invalidated',
    citizenVisible: citizenVisibleOn(doc, today),
  };
}

/** One row per register whose data was shown, or one row in the citizen's own partition when none was. */
async function logShown(
  tx: Queryable,
  deps: ArchiveDeps,
  identity: Identity,
  clientKey: string,
  action: 'summary',
  shown: Map<string, string[]>,
  decision: Pick<Decision, 'rule'>,
  operation: string,
): Promise<void> {
  const at = deps.now();
  const rows: UsageEntry[] =
    shown.size === 0
      ? [usageEntry(identity, action, decision, { registerKeeperOid: identity.registerKeeperOid, clientKey, at, detail: { operation } })]
      : [...shown].map(([registerKeeperOid, ids]) =>
          usageEntry(identity, action, decision, { registerKeeperOid, clientKey, at, documentIds: ids, detail: { operation } }),
        );
  await appendUsage(tx, rows);
}

export interface CitizenDocumentList {
  docs: ArchivedDocument[];
  more: boolean;
}

/** The client's own current documents that the policy lets the client see, newest first. */
export function citizenDocuments(deps: ArchiveDeps, identity: Identity): Promise<CitizenDocumentList> {
  return inLoggedTransaction(deps, async (tx) => {
    const clientKey = ownKey(identity);
    const now = deps.now();
    const today = finnishDay(now.toISOString());
    const context = emptyContext(now);
    const found = await currentDocumentsOfClient(tx, await registerKeeperOids(tx), clientKey, CITIZEN_LIST_LIMIT + 1);
    const more = found.length > CITIZEN_LIST_LIMIT;
    const docs = found.slice(0, CITIZEN_LIST_LIMIT).filter((d) => decideAccess(identity, 'read', targetOf(d, today), context).allow);
    const shown = new Map<string, string[]>();
    for (const d of docs) shown.set(d.registerKeeper, [...(shown.get(d.registerKeeper) ?? []), d.documentId]);
    const decision = decideAccess(identity, 'summary', { registerKeeperOid: identity.registerKeeperOid, clientKey }, context);
    if (!decision.allow)
      throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    await logShown(tx, deps, identity, clientKey, 'summary', shown, decision, 'citizen-documents');
    return { docs, more };
  });
}

/**
 * One of the client's own documents, with or without its body. Whether the document does not exist or is
 * someone else's, the answer is the same not-found: the citizen view does not confirm other people's data.
 */
export function citizenDocument(
  deps: ArchiveDeps,
  identity: Identity,
  documentId: string,
  withBody: boolean,
): Promise<{ doc: ArchivedDocument; body?: DocumentBody }> {
  return inLoggedTransaction(deps, async (tx) => {
    const clientKey = ownKey(identity);
    const notFound = new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: 'no such document among your documents' }]);
    const loc = (await locate(tx, [documentId])).get(documentId);
    const doc = loc ? await getDocument(tx, loc) : undefined;
    const now = deps.now();
    if (!doc) {
      await appendUsage(tx, [
        usageEntry(
          identity,
          withBody ? 'read-body' : 'read',
          { rule: 'not-found' },
          { registerKeeperOid: identity.registerKeeperOid, clientKey, at: now, outcome: 'failed' },
        ),
      ]);
      throw notFound;
    }
    const decision = decideAccess(identity, 'read', targetOf(doc, finnishDay(now.toISOString())), emptyContext(now));
    // The attempt is logged where the data is, so the register keeper's log monitoring sees a refused try.
    await appendUsage(tx, [
      usageEntry(identity, withBody ? 'read-body' : 'read', decision, {
        registerKeeperOid: doc.registerKeeper,
        clientKey: doc.clientKey,
        at: now,
        outcome: decision.allow ? 'success' : 'denied',
        documentIds: [doc.documentId],
      }),
    ]);
    if (!decision.allow) throw notFound;
    return withBody ? { doc, body: await getBody(tx, doc) } : { doc };
  });
}

export interface CitizenRegister {
  clienthoods: Clienthood[];
  cases: ClientCase[];
}

/** The client's clienthoods and cases in every register, as the archived clienthood and case documents record them. */
export function citizenRegister(deps: ArchiveDeps, identity: Identity): Promise<CitizenRegister> {
  return inLoggedTransaction(deps, async (tx) => {
    const clientKey = ownKey(identity);
    const keys = (await registerKeeperOids(tx)).map((registerKeeperOid) => ({ registerKeeperOid, clientKey }));
    const [clienthoods, cases] = [await clienthoodsOf(tx, keys), await casesOf(tx, keys)];
    const decision = decideAccess(
      identity,
      'summary',
      { registerKeeperOid: identity.registerKeeperOid, clientKey },
      emptyContext(deps.now()),
    );
    if (!decision.allow) {
      await appendUsage(tx, [
        usageEntry(identity, 'summary', decision, {
          registerKeeperOid: identity.registerKeeperOid,
          clientKey,
          at: deps.now(),
          outcome: 'denied',
        }),
      ]);
      throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    }
    const shown = new Map<string, string[]>();
    for (const r of [...clienthoods, ...cases]) shown.set(r.registerKeeperOid, [...(shown.get(r.registerKeeperOid) ?? []), r.documentId]);
    await logShown(tx, deps, identity, clientKey, 'summary', shown, decision, 'citizen-register');
    return { clienthoods, cases };
  });
}

export interface CitizenDisclosures {
  /** Consents, denials and disclosure decisions recorded for the client, in every register. */
  rules: DisclosureRuleRecord[];
  /** The disclosure log (luovutusloki): what was given to whom, on which basis, newest first. */
  disclosures: Array<DisclosureLogEntry & { id: number }>;
}

/** The client's consents and denials and what has been disclosed, in every register; read like the rest, and logged. */
export function citizenDisclosures(deps: ArchiveDeps, identity: Identity): Promise<CitizenDisclosures> {
  return inLoggedTransaction(deps, async (tx) => {
    const clientKey = ownKey(identity);
    const decision = decideAccess(
      identity,
      'summary',
      { registerKeeperOid: identity.registerKeeperOid, clientKey },
      emptyContext(deps.now()),
    );
    const at = deps.now();
    if (!decision.allow) {
      await appendUsage(tx, [
        usageEntry(identity, 'read-consents', decision, {
          registerKeeperOid: identity.registerKeeperOid,
          clientKey,
          at,
          outcome: 'denied',
        }),
      ]);
      throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
    }
    const rules: DisclosureRuleRecord[] = [];
    const disclosures: CitizenDisclosures['disclosures'] = [];
    const shown = new Set<string>();
    for (const rk of await registerKeeperOids(tx)) {
      const [r, d] = [await disclosureRulesOf(tx, rk, clientKey), await disclosuresOf(tx, rk, clientKey)];
      if (r.length + d.length > 0) shown.add(rk);
      rules.push(...r);
      disclosures.push(...d);
    }
    const partitions = shown.size ? [...shown] : [identity.registerKeeperOid];
    await appendUsage(
      tx,
      partitions.map((registerKeeperOid) =>
        usageEntry(identity, 'read-consents', decision, { registerKeeperOid, clientKey, at, detail: { operation: 'citizen-disclosures' } }),
      ),
    );
    disclosures.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
    return { rules, disclosures };
  });
}
