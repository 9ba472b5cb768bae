import type { Queryable } from '../../lib/db/db.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { DOCUMENT_SELECT, rowToDocument, type DocumentRow } from './document-row.ts';

// The citizen view reads one client's rows in every register. Each query joins the list of register keepers
// so it stays on the (register keeper, client) keys the tables are partitioned and indexed by.

/** Every organisation that keeps a client register (a few hundred nationally). */
export async function registerKeeperOids(q: Queryable): Promise<string[]> {
  const r = await q.query<{ oid: string }>('SELECT oid FROM organisation WHERE register_keeper IS NOT NULL ORDER BY oid');
  return r.rows.map((x) => x.oid);
}

/** The client's current documents in the given registers, newest first, at most `limit`. */
export async function currentDocumentsOfClient(
  q: Queryable,
  registerKeepers: string[],
  clientKey: string,
  limit: number,
): Promise<ArchivedDocument[]> {
  if (registerKeepers.length === 0) return [];
  const r = await q.query<DocumentRow>(
    `SELECT ${DOCUMENT_SELECT} FROM document d JOIN unnest($1::text[]) AS k(rk) ON d.register_keeper_oid = k.rk AND d.client_key = $2
      WHERE d.status = 'current' ORDER BY d.completed_at DESC, d.document_id DESC LIMIT ${Math.trunc(limit)}`,
    [registerKeepers, clientKey],
  );
  return r.rows.map(rowToDocument);
}

/** Demo mode's citizen picker: clients with population data, by name (the demo data are invented people). */
export async function demoCitizens(q: Queryable, limit: number): Promise<Array<{ hetu: string; name: string }>> {
  const r = await q.query<{ client_key: string; family_name: string | null; given_names: string | null }>(
    `SELECT client_key, family_name, given_names FROM person WHERE id_kind = 'hetu' AND family_name IS NOT NULL
      ORDER BY family_name, given_names, client_key LIMIT ${Math.trunc(limit)}`,
  );
  return r.rows.map((x) => ({ hetu: x.client_key, name: [x.given_names, x.family_name].filter(Boolean).join(' ') }));
}
