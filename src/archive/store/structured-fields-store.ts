// Key fields of structured documents (migration 010): written in the ingest transaction, read by the
// client data summary for the documents it shows.
import type { Queryable } from '../../lib/db/db.ts';
import { insertRows } from '../../lib/db/insert-rows.ts';
import type { SummaryField, SummaryFieldSet } from '../domain/summary-fields.ts';

export interface StructuredFieldsRow extends SummaryFieldSet {
  registerKeeperOid: string;
  clientKey: string;
  documentId: string;
}

export async function saveStructuredFields(tx: Queryable, rows: readonly StructuredFieldsRow[]): Promise<void> {
  await insertRows(
    tx,
    'document_structured_fields',
    ['register_keeper_oid', 'client_key', 'document_id', 'structure_oid', 'fields'],
    rows.map((r) => [r.registerKeeperOid, r.clientKey, r.documentId, r.structureOid, JSON.stringify(r.fields)]),
  );
}

/** The key fields of those of `documentIds` (one client's) that have them, by document id. */
export async function structuredFieldsOf(
  q: Queryable,
  registerKeeperOid: string,
  clientKey: string,
  documentIds: readonly string[],
): Promise<Map<string, SummaryField[]>> {
  if (documentIds.length === 0) return new Map();
  const r = await q.query<{ document_id: string; fields: SummaryField[] | string }>(
    `SELECT document_id, fields FROM document_structured_fields
     WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = ANY($3::text[])`,
    [registerKeeperOid, clientKey, documentIds],
  );
  return new Map(
    r.rows.map((row) => [row.document_id, typeof row.fields === 'string' ? (JSON.parse(row.fields) as SummaryField[]) : row.fields]),
  );
}
