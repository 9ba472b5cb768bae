// Use cases for the client's records: population data, the three clienthood levels and cases. Opening
// or closing a clienthood or a case is itself a national document, queued for the archive in the same
// transaction, after what it depends on (a service-task clienthood after the social-welfare one, a case
// after its service-task clienthood, a closing version after the version it replaces).
import { ArkkiError, throwIfIssues } from '../../lib/errors.ts';
import type { ClientId } from '../../lib/identifiers/client-id.ts';
import type { Queryable } from '../../lib/db/db.ts';
import { caseMetadata, clienthoodMetadata } from '../domain/archive-metadata.ts';
import { type ClientCase, type OpenCase, validateCloseCase, validateOpenCase } from '../domain/case.ts';
import { clientRecord, type ClientRecord, type PopulationData, validateClient } from '../domain/client.ts';
import {
  type Clienthood,
  type OpenClienthood,
  parentLevel,
  validateCloseClienthood,
  validateOpenClienthood,
} from '../domain/clienthood.ts';
import { enqueue } from '../store/queue-store.ts';
import {
  type ClientRef,
  getCase,
  getClient,
  insertCase,
  insertClienthood,
  listClienthoods,
  updateCase,
  updateClienthood,
  upsertClient,
} from '../store/record-store.ts';
import type { ClientSystemDeps } from './deps.ts';

export async function requireClient(q: Queryable, ref: ClientRef): Promise<ClientRecord> {
  const c = await getClient(q, ref);
  if (!c) throw new ArkkiError('not-found', [{ field: 'client', rule: 'not-found', message: 'asiakasta ei ole kirjattu' }]);
  return c;
}

export function recordsUseCases(deps: ClientSystemDeps) {
  const { db, organisation: org, defaults } = deps;
  const stamp = () => {
    const iso = deps.now().toISOString();
    return { created: iso, completed: iso };
  };

  return {
    /** Records the client (or updates the population data) in the organisation's register. */
    async recordClient(clientId: ClientId, population: PopulationData): Promise<ClientRef> {
      throwIfIssues(validateClient(clientId, population));
      const record = clientRecord(org.registerKeeperOid, clientId, population);
      await upsertClient(db, record, deps.now());
      return { registerKeeperOid: record.registerKeeperOid, clientKey: record.clientKey };
    },

    async openClienthood(ref: ClientRef, open: OpenClienthood): Promise<Clienthood> {
      throwIfIssues(validateOpenClienthood(open));
      return db.transaction(async (tx) => {
        const client = await requireClient(tx, ref);
        const existing = await listClienthoods(tx, ref, true);
        const parent = parentLevel(open.level);
        const above = parent
          ? existing.find((c) => c.level === parent && !c.end && (parent === 'social-welfare' || c.serviceTask === open.serviceTask))
          : undefined;
        if (parent && !above) {
          throw new ArkkiError('precondition', [
            { field: 'level', rule: 'clienthood-first', message: `ensin avoin ${parent}-asiakkuus (${open.serviceTask})` },
          ]);
        }
        const same = existing.find(
          (c) =>
            c.level === open.level &&
            !c.end &&
            (open.level === 'social-welfare' || c.serviceTask === open.serviceTask) &&
            (open.level !== 'service-unit' || c.serviceUnit === open.serviceUnit),
        );
        if (same) throw new ArkkiError('conflict', [{ field: 'level', rule: 'clienthood-open', message: 'sama asiakkuus on jo avoinna' }]);
        const c: Clienthood = {
          clienthoodId: deps.newOid('clienthood'),
          ...open,
          setId: deps.newOid('set'),
          documentId: deps.newOid('document'),
          version: 1,
        };
        await insertClienthood(tx, ref, c);
        await enqueue(
          tx,
          {
            ...ref,
            documentId: c.documentId,
            kind: 'clienthood',
            metadata: clienthoodMetadata(org, client.clientId, c, defaults, stamp()),
            prerequisites: above ? [above.documentId] : [],
          },
          deps.now(),
        );
        return c;
      });
    },

    async closeClienthood(ref: ClientRef, clienthoodId: string, end: string): Promise<Clienthood> {
      return db.transaction(async (tx) => {
        const client = await requireClient(tx, ref);
        const c = (await listClienthoods(tx, ref, true)).find((x) => x.clienthoodId === clienthoodId);
        if (!c) throw new ArkkiError('not-found', [{ field: 'clienthoodId', rule: 'not-found', message: 'asiakkuutta ei löydy' }]);
        throwIfIssues(validateCloseClienthood(c, end), 'conflict');
        const closed: Clienthood = { ...c, end, documentId: deps.newOid('document'), version: c.version + 1 };
        await updateClienthood(tx, ref, closed);
        const metadata = clienthoodMetadata(org, client.clientId, closed, defaults, { ...stamp(), replaces: c.documentId });
        await enqueue(
          tx,
          { ...ref, documentId: closed.documentId, kind: 'clienthood', metadata, prerequisites: [c.documentId] },
          deps.now(),
        );
        return closed;
      });
    },

    /** Opens a named case in a service task the client has an open clienthood in. */
    async openCase(ref: ClientRef, open: OpenCase): Promise<ClientCase> {
      throwIfIssues(validateOpenCase(open));
      return db.transaction(async (tx) => {
        const client = await requireClient(tx, ref);
        const task = (await listClienthoods(tx, ref, true)).find(
          (c) => c.level === 'service-task' && c.serviceTask === open.serviceTask && !c.end,
        );
        if (!task) {
          throw new ArkkiError('precondition', [
            {
              field: 'serviceTask',
              rule: 'clienthood-first',
              message: `asialle tarvitaan avoin palvelutehtävän ${open.serviceTask} asiakkuus`,
            },
          ]);
        }
        const c: ClientCase = {
          caseId: deps.newOid('case'),
          ...open,
          name: open.name.trim(),
          setId: deps.newOid('set'),
          documentId: deps.newOid('document'),
          version: 1,
        };
        await insertCase(tx, ref, c);
        await enqueue(
          tx,
          {
            ...ref,
            documentId: c.documentId,
            kind: 'case',
            metadata: caseMetadata(org, client.clientId, c, defaults, stamp()),
            prerequisites: [task.documentId],
          },
          deps.now(),
        );
        return c;
      });
    },

    async closeCase(ref: ClientRef, caseId: string, closedOn: string): Promise<ClientCase> {
      return db.transaction(async (tx) => {
        const client = await requireClient(tx, ref);
        const c = await getCase(tx, ref, caseId, true);
        if (!c) throw new ArkkiError('not-found', [{ field: 'caseId', rule: 'not-found', message: 'asiaa ei löydy' }]);
        throwIfIssues(validateCloseCase(c, closedOn), 'conflict');
        const closed: ClientCase = { ...c, closed: closedOn, documentId: deps.newOid('document'), version: c.version + 1 };
        await updateCase(tx, ref, closed);
        const metadata = caseMetadata(org, client.clientId, closed, defaults, { ...stamp(), replaces: c.documentId });
        await enqueue(tx, { ...ref, documentId: closed.documentId, kind: 'case', metadata, prerequisites: [c.documentId] }, deps.now());
        return closed;
      });
    },
  };
}
