import type { Queryable } from '../../lib/db/db.ts';
import type { RefusalIssue, RefusalRecord } from '../domain/ingest-refusal.ts';

// Refused submissions (ingest_refusal, migration 017): what the follow-up of a joining organisation
// shows as "refused and why". Rows carry no client data (domain/ingest-refusal.ts decides what is kept).

export type IngestRefusal = RefusalRecord;

export async function insertRefusals(tx: Queryable, refusals: readonly IngestRefusal[]): Promise<void> {
  if (refusals.length === 0) return;
  const cols = [
    'at',
    'register_keeper_oid',
    'sender_organisation_oid',
    'sender_user_id',
    'system_id',
    'document_id',
    'document_type',
    'service_unit_oid',
    'error_code',
    'issues',
  ];
  const values: unknown[] = [];
  const tuples = refusals.map((r, k) => {
    values.push(
      r.at,
      r.registerKeeperOid,
      r.senderOrganisationOid,
      r.senderUserId,
      r.systemId,
      r.documentId,
      r.documentType,
      r.serviceUnitOid,
      r.errorCode,
      JSON.stringify(r.issues),
    );
    return `(${cols.map((_, c) => `$${k * cols.length + c + 1}`).join(',')})`;
  });
  await tx.query(`INSERT INTO ingest_refusal (${cols.join(',')}) VALUES ${tuples.join(',')}`, values);
}

interface Row {
  at: string;
  register_keeper_oid: string;
  sender_organisation_oid: string;
  sender_user_id: string;
  system_id: string;
  document_id: string | null;
  document_type: string | null;
  service_unit_oid: string | null;
  error_code: string;
  issues: RefusalIssue[] | string;
}

/** Refusals for or from an organisation in [from, to), oldest first, at most `limit`. */
export async function refusalsOf(q: Queryable, organisationOid: string, from: string, to: string, limit: number): Promise<IngestRefusal[]> {
  const { rows } = await q.query<Row>(
    `SELECT at, register_keeper_oid, sender_organisation_oid, sender_user_id, system_id, document_id, document_type,
            service_unit_oid, error_code, issues
       FROM ingest_refusal
      WHERE (register_keeper_oid = $1 OR sender_organisation_oid = $1) AND at >= $2 AND at < $3
      ORDER BY at, id LIMIT $4`,
    [organisationOid, from, to, limit],
  );
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    registerKeeperOid: r.register_keeper_oid,
    senderOrganisationOid: r.sender_organisation_oid,
    senderUserId: r.sender_user_id,
    systemId: r.system_id,
    documentId: r.document_id,
    documentType: r.document_type,
    serviceUnitOid: r.service_unit_oid,
    errorCode: r.error_code,
    issues: typeof r.issues === 'string' ? (JSON.parse(r.issues) as RefusalIssue[]) : r.issues,
  }));
}
