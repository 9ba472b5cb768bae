// What the workbench reads that the use cases do not: client search and the work lists. Read-only queries
// of the client system's own database, each leading with the register keeper.
import type { Queryable } from '../../lib/db/db.ts';
import type { ClientDocument } from '../domain/client-document.ts';
import type { ClientRecord } from '../domain/client.ts';
import type { QueueStatus } from '../domain/load-queue.ts';
import type { ClientRef } from './record-store.ts';
import { caseOf, clientOf, documentOf } from './rows.ts';
import type { ClientCase } from '../domain/case.ts';

/** Clients of the register by exact client key (henkilötunnus) or by the start of the family or given names. */
export async function searchClients(q: Queryable, registerKeeperOid: string, text: string, limit = 50): Promise<ClientRecord[]> {
  const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const r = await q.query(
    `SELECT * FROM client WHERE register_keeper_oid = $1
       AND (client_key = $2 OR family_name ILIKE $3 OR given_names ILIKE $3 OR (family_name || ' ' || given_names) ILIKE $3
            OR (given_names || ' ' || family_name) ILIKE $3)
     ORDER BY family_name, given_names, client_key LIMIT $4`,
    [registerKeeperOid, text.toUpperCase(), like, limit],
  );
  return r.rows.map(clientOf);
}

export interface WorkItem<T> extends ClientRef {
  familyName: string;
  givenNames: string;
  item: T;
}

const author = (professionalId: string | undefined) => (professionalId ? `AND d.author->>'professionalId' = $2` : `AND $2::text IS NULL`);

/** Documents in a state (optionally by one author), with their client's name, oldest first. */
export async function documentsInState(
  q: Queryable,
  registerKeeperOid: string,
  state: ClientDocument['state'],
  professionalId: string | undefined,
  completedBefore?: string,
): Promise<Array<WorkItem<ClientDocument>>> {
  const r = await q.query(
    `SELECT d.*, c.family_name, c.given_names FROM client_document d JOIN client c USING (register_keeper_oid, client_key)
     WHERE d.register_keeper_oid = $1 AND d.state = $3 ${author(professionalId)}
       AND ($4::text IS NULL OR d.completed < $4)
     ORDER BY d.created LIMIT 200`,
    [registerKeeperOid, professionalId ?? null, state, completedBefore ?? null],
  );
  return r.rows.map((row) => ({
    registerKeeperOid: String(row.register_keeper_oid),
    clientKey: String(row.client_key),
    familyName: String(row.family_name),
    givenNames: String(row.given_names),
    item: documentOf(row),
  }));
}

/** Open cases (no closing version yet), oldest first. */
export async function openCases(q: Queryable, registerKeeperOid: string): Promise<Array<WorkItem<ClientCase>>> {
  const r = await q.query(
    `SELECT k.*, c.family_name, c.given_names FROM client_case k JOIN client c USING (register_keeper_oid, client_key)
     WHERE k.register_keeper_oid = $1 AND k.closed IS NULL ORDER BY k.opened LIMIT 200`,
    [registerKeeperOid],
  );
  return r.rows.map((row) => ({
    registerKeeperOid: String(row.register_keeper_oid),
    clientKey: String(row.client_key),
    familyName: String(row.family_name),
    givenNames: String(row.given_names),
    item: caseOf(row),
  }));
}

export interface QueueLine {
  documentId: string;
  kind: string;
  status: QueueStatus;
  title: string;
  attempts: number;
  refusal?: { rule: string; field?: string; message: string; status?: number; messages?: Record<string, string> };
  enqueuedAt: Date;
}

/** Load-queue items in the given states (optionally of one author's documents), with their client's name. */
export async function queueItemsIn(
  q: Queryable,
  registerKeeperOid: string,
  statuses: QueueStatus[],
  professionalId: string | undefined,
): Promise<Array<WorkItem<QueueLine>>> {
  const r = await q.query(
    `SELECT i.document_id, i.kind, i.status, i.attempts, i.refusal, i.enqueued_at, i.metadata->>'title' AS title,
       i.register_keeper_oid, i.client_key, c.family_name, c.given_names
     FROM load_queue_item i JOIN client c USING (register_keeper_oid, client_key)
     WHERE i.register_keeper_oid = $1 AND i.status = ANY($3::text[])
       AND ($2::text IS NULL OR i.metadata->'author'->>'professionalId' = $2 OR i.kind <> 'document')
     ORDER BY i.enqueued_at LIMIT 200`,
    [registerKeeperOid, professionalId ?? null, statuses],
  );
  return r.rows.map((row) => ({
    registerKeeperOid: String(row.register_keeper_oid),
    clientKey: String(row.client_key),
    familyName: String(row.family_name),
    givenNames: String(row.given_names),
    item: {
      documentId: String(row.document_id),
      kind: String(row.kind),
      status: row.status as QueueStatus,
      title: String(row.title ?? ''),
      attempts: Number(row.attempts),
      ...(row.refusal ? { refusal: row.refusal as NonNullable<QueueLine['refusal']> } : {}),
      enqueuedAt: new Date(row.enqueued_at as string),
    },
  }));
}
