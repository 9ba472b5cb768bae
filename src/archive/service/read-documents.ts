import { ArkkiError } from '../../lib/errors.ts';
import type { Queryable } from '../../lib/db/db.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { decideAccess, type Action, type Decision } from '../domain/access-policy.ts';
import type { ArchivedDocument, DocumentBody } from '../domain/archived-document.ts';
import { finnishDay } from '../../lib/time/finnish-clock.ts';
import { unitDetail, usageEntry } from '../domain/usage-entry.ts';
import { getBody, getDocument, getSetVersions, locate, type Locator } from '../store/document-store.ts';
import { appendUsage, appendUsageAtCommit } from '../store/usage-log-store.ts';
import { factsFor, logDisclosure } from './access-facts.ts';
import type { ArchiveDeps } from './deps.ts';

/**
 * Decides access to one document (or the versions of one set) with the facts about its client, logs the
 * attempt in the same transaction (and a disclosure to another register keeper in the disclosure log);
 * throws on denial.
 */
export async function authorise(
  tx: Queryable,
  deps: ArchiveDeps,
  identity: Identity,
  action: Action,
  logAction: Action | 'read-body',
  docs: ArchivedDocument[],
  purpose?: string,
): Promise<void> {
  await recordAccess(tx, identity, logAction, docs, await decideOn(tx, deps, identity, action, docs), purpose);
}

export interface DocumentAccess {
  decision: Decision;
  at: Date;
}

/** The access decision on documents of one client, without logging it (see recordAccess). */
export async function decideOn(
  tx: Queryable,
  deps: ArchiveDeps,
  identity: Identity,
  action: Action,
  docs: ArchivedDocument[],
): Promise<DocumentAccess> {
  const head = docs[0]!;
  const at = deps.now();
  const context = await factsFor(tx, identity, head.registerKeeper, head.clientKey, at);
  const decision = decideAccess(
    identity,
    action,
    {
      registerKeeperOid: head.registerKeeper,
      serviceTask: head.serviceTask,
      clientKey: head.clientKey,
      documentId: head.documentId,
      invalidated: docs.length === 1 && head.status === 'invalidated',
      citizenVisible: citizenVisibleOn(head, at),
      notificationRegister: head.register === 'notification',
    },
    context,
  );
  return { decision, at };
}

/** Logs a decision made by decideOn (usage log, disclosure log) in the caller's transaction; throws on denial. */
export async function recordAccess(
  tx: Queryable,
  identity: Identity,
  logAction: Action | 'read-body',
  docs: ArchivedDocument[],
  access: DocumentAccess,
  purpose?: string,
): Promise<void> {
  const { decision, at } = access;
  const head = docs[0]!;
  const documentIds = docs.map((d) => d.documentId);
  // A read's row is sent with COMMIT (one round trip for the row and the commit; a failed append fails the
  // whole use); a use that goes on to write takes its head lock here, before its own writes, as before.
  const append = logAction === 'read' || logAction === 'read-body' || logAction === 'history' ? appendUsageAtCommit : appendUsage;
  await append(tx, [
    usageEntry(identity, logAction, decision, {
      registerKeeperOid: head.registerKeeper,
      clientKey: head.clientKey,
      at,
      outcome: decision.allow ? 'success' : 'denied',
      documentIds,
      purpose,
      detail: unitDetail(docs.map((d) => d.serviceUnit)),
    }),
  ]);
  await logDisclosure(tx, identity, decision, {
    registerKeeperOid: head.registerKeeper,
    clientKey: head.clientKey,
    action: logAction,
    documentIds,
    at,
  });
  if (!decision.allow)
    throw new ArkkiError('forbidden', [{ field: '', rule: decision.rule, message: `access denied: ${decision.reason}` }]);
}

/** Shown in the citizen view: visible, and the delay (if any) has passed on the Finnish calendar. */
function citizenVisibleOn(doc: ArchivedDocument, at: Date): boolean {
  if (!doc.citizenVisible.visible) return false;
  const from = doc.citizenVisible.from;
  return from === undefined || finnishDay(at.toISOString()) >= from;
}

async function locateOne(q: Queryable, documentId: string): Promise<Locator> {
  const loc = (await locate(q, [documentId])).get(documentId);
  if (!loc)
    throw new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: `document ${documentId} is not in the archive` }]);
  return loc;
}

/**
 * A denial must still leave its log row, so a use case that refuses (ArkkiError, raised before any data
 * write) commits what it logged and then throws; any other error rolls everything back.
 */
async function inLoggedTransaction<T>(deps: ArchiveDeps, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const outcome = await deps.db.transaction(async (tx) => {
    try {
      return { ok: true as const, value: await fn(tx) };
    } catch (err) {
      if (err instanceof ArkkiError) return { ok: false as const, err };
      throw err;
    }
  });
  if (!outcome.ok) throw outcome.err;
  return outcome.value;
}

export function readDocument(deps: ArchiveDeps, identity: Identity, documentId: string, purpose?: string): Promise<ArchivedDocument> {
  return inLoggedTransaction(deps, async (tx) => {
    const doc = (await getDocument(tx, await locateOne(tx, documentId)))!;
    await authorise(tx, deps, identity, 'read', 'read', [doc], purpose);
    return doc;
  });
}

/** Latest version of a set, or the given version (FHIR read and vread: logical id = set id). */
export function readSetVersion(deps: ArchiveDeps, identity: Identity, setId: string, version?: number): Promise<ArchivedDocument> {
  return inLoggedTransaction(deps, async (tx) => {
    const versions = await getSetVersions(tx, setId);
    if (versions.length === 0)
      throw new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: `document set ${setId} is not in the archive` }]);
    const doc = version === undefined ? versions[0] : versions.find((d) => d.version === version);
    if (!doc)
      throw new ArkkiError('not-found', [
        { field: 'version', rule: 'not-found', message: `document set ${setId} has no version ${version}` },
      ]);
    await authorise(tx, deps, identity, 'read', 'read', [doc]);
    return doc;
  });
}

export function readBody(
  deps: ArchiveDeps,
  identity: Identity,
  documentId: string,
): Promise<{ doc: ArchivedDocument; body: DocumentBody }> {
  return inLoggedTransaction(deps, async (tx) => {
    const doc = (await getDocument(tx, await locateOne(tx, documentId)))!;
    await authorise(tx, deps, identity, 'read', 'read-body', [doc]);
    return { doc, body: await getBody(tx, doc) };
  });
}

/** Every version of a set, newest first, invalidated ones included (history is where they stay visible). */
export function documentHistory(deps: ArchiveDeps, identity: Identity, setId: string): Promise<ArchivedDocument[]> {
  return inLoggedTransaction(deps, async (tx) => {
    const versions = await getSetVersions(tx, setId);
    if (versions.length === 0)
      throw new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: `document set ${setId} is not in the archive` }]);
    await authorise(tx, deps, identity, 'history', 'history', versions);
    return versions;
  });
}

export { inLoggedTransaction };
