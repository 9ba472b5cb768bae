// Professional e-signatures stored beside the document version they sign (migration 010). Written in the
// ingest transaction of the document, never changed afterwards.
import type { Queryable } from '../../lib/db/db.ts';
import { toBuffer } from '../../lib/db/db.ts';
import { insertRows } from '../../lib/db/insert-rows.ts';
import type { CommitmentType } from '../../lib/xml/xades.ts';

export interface StoredProfessionalSignature {
  registerKeeperOid: string;
  clientKey: string;
  documentId: string;
  /** The detached XAdES signature document exactly as received. */
  signatureXml: Buffer;
  signatureSha256: string;
  professionalId: string;
  professionalName: string;
  organisationOid: string;
  /** ISO 8601 UTC. */
  signingTime: string;
  commitment?: CommitmentType;
  certificateSerial: string;
  certificateSha256: string;
  verifiedAt: string;
}

const COLUMNS = [
  'register_keeper_oid',
  'client_key',
  'document_id',
  'signature_xml',
  'signature_sha256',
  'professional_id',
  'professional_name',
  'organisation_oid',
  'signing_time',
  'commitment',
  'certificate_serial',
  'certificate_sha256',
  'verified_at',
] as const;

export async function insertProfessionalSignatures(tx: Queryable, rows: StoredProfessionalSignature[]): Promise<void> {
  await insertRows(
    tx,
    'professional_signature',
    COLUMNS,
    rows.map((s) => [
      s.registerKeeperOid,
      s.clientKey,
      s.documentId,
      s.signatureXml,
      s.signatureSha256,
      s.professionalId,
      s.professionalName,
      s.organisationOid,
      s.signingTime,
      s.commitment ?? null,
      s.certificateSerial,
      s.certificateSha256,
      s.verifiedAt,
    ]),
  );
}

interface Row {
  register_keeper_oid: string;
  client_key: string;
  document_id: string;
  signature_xml: unknown;
  signature_sha256: string;
  professional_id: string;
  professional_name: string;
  organisation_oid: string;
  signing_time: Date | string;
  commitment: CommitmentType | null;
  certificate_serial: string;
  certificate_sha256: string;
  verified_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** The professional signature of one document version, when it has one. */
export async function getProfessionalSignature(
  q: Queryable,
  doc: { registerKeeper: string; clientKey: string; documentId: string },
): Promise<StoredProfessionalSignature | undefined> {
  const r = await q.query<Row>(
    `SELECT ${COLUMNS.join(', ')} FROM professional_signature
    WHERE register_keeper_oid = $1 AND client_key = $2 AND document_id = $3`,
    [doc.registerKeeper, doc.clientKey, doc.documentId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    registerKeeperOid: row.register_keeper_oid,
    clientKey: row.client_key,
    documentId: row.document_id,
    signatureXml: toBuffer(row.signature_xml),
    signatureSha256: row.signature_sha256,
    professionalId: row.professional_id,
    professionalName: row.professional_name,
    organisationOid: row.organisation_oid,
    signingTime: iso(row.signing_time),
    ...(row.commitment ? { commitment: row.commitment } : {}),
    certificateSerial: row.certificate_serial,
    certificateSha256: row.certificate_sha256,
    verifiedAt: iso(row.verified_at),
  };
}

/** SHA-256 of the stored signature document per document id, for the given document versions that have one. */
export async function signatureDigestsOf(
  q: Queryable,
  docs: Array<{ registerKeeper: string; clientKey: string; documentId: string }>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (docs.length === 0) return out;
  // Arrays per key column keep the statement one round trip and still use the primary key; the exact
  // triples are matched here.
  const r = await q.query<{ register_keeper_oid: string; client_key: string; document_id: string; signature_sha256: string }>(
    `SELECT register_keeper_oid, client_key, document_id, signature_sha256 FROM professional_signature
      WHERE register_keeper_oid = ANY($1) AND client_key = ANY($2) AND document_id = ANY($3)`,
    [[...new Set(docs.map((d) => d.registerKeeper))], [...new Set(docs.map((d) => d.clientKey))], docs.map((d) => d.documentId)],
  );
  const wanted = new Set(docs.map((d) => `${d.registerKeeper}|${d.clientKey}|${d.documentId}`));
  for (const row of r.rows)
    if (wanted.has(`${row.register_keeper_oid}|${row.client_key}|${row.document_id}`)) out.set(row.document_id, row.signature_sha256);
  return out;
}
