import type { Queryable } from '../../lib/db/db.ts';
import { insertRows } from '../../lib/db/insert-rows.ts';

// Consents, disclosure decisions and denials per client (client_disclosure_rule), and the disclosure log
// (luovutusloki), written in the transaction of the read it records.

export interface DisclosureRuleRecord {
  registerKeeperOid: string;
  clientKey: string;
  ruleId: string;
  kind: 'consent' | 'disclosure-decision' | 'denial';
  recipientOid: string | null;
  serviceTasks: string[];
  documentIds: string[];
  basis: string | null;
  validFrom: string;
  validUntil: string | null;
  recordedAt: string;
  recordedBy: string;
}

const iso = (v: unknown): string => new Date(v as string).toISOString();

export async function insertDisclosureRule(tx: Queryable, r: DisclosureRuleRecord): Promise<void> {
  await tx.query(
    `INSERT INTO client_disclosure_rule (register_keeper_oid, client_key, rule_id, kind, recipient_oid, service_tasks, document_ids, basis, valid_from, valid_until, recorded_at, recorded_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [
      r.registerKeeperOid,
      r.clientKey,
      r.ruleId,
      r.kind,
      r.recipientOid,
      r.serviceTasks,
      r.documentIds,
      r.basis,
      r.validFrom,
      r.validUntil,
      r.recordedAt,
      r.recordedBy,
    ],
  );
}

export async function disclosureRulesOf(q: Queryable, registerKeeperOid: string, clientKey: string): Promise<DisclosureRuleRecord[]> {
  const r = await q.query<Record<string, unknown>>(
    `SELECT register_keeper_oid, client_key, rule_id, kind, recipient_oid, service_tasks, document_ids, basis, valid_from, valid_until, recorded_at, recorded_by
       FROM client_disclosure_rule WHERE register_keeper_oid = $1 AND client_key = $2 ORDER BY recorded_at, rule_id`,
    [registerKeeperOid, clientKey],
  );
  return r.rows.map((x) => ({
    registerKeeperOid: x.register_keeper_oid as string,
    clientKey: x.client_key as string,
    ruleId: x.rule_id as string,
    kind: x.kind as DisclosureRuleRecord['kind'],
    recipientOid: x.recipient_oid as string | null,
    serviceTasks: x.service_tasks as string[],
    documentIds: x.document_ids as string[],
    basis: x.basis as string | null,
    validFrom: iso(x.valid_from),
    validUntil: x.valid_until === null ? null : iso(x.valid_until),
    recordedAt: iso(x.recorded_at),
    recordedBy: x.recorded_by as string,
  }));
}

export interface DisclosureLogEntry {
  registerKeeperOid: string;
  clientKey: string;
  at: string;
  recipientOrganisationOid: string;
  recipientRegisterKeeperOid: string;
  userId: string;
  userName: string;
  professionalId: string | null;
  systemId: string;
  action: string;
  documentIds: string[];
  basisKind: 'consent' | 'disclosure-decision';
  basisId: string;
}

const COLUMNS = [
  'register_keeper_oid',
  'client_key',
  'disclosed_at',
  'recipient_organisation_oid',
  'recipient_register_keeper_oid',
  'user_id',
  'user_name',
  'professional_id',
  'system_id',
  'action',
  'document_ids',
  'basis_kind',
  'basis_id',
] as const;

export async function appendDisclosures(tx: Queryable, entries: DisclosureLogEntry[]): Promise<void> {
  await insertRows(
    tx,
    'disclosure_log',
    COLUMNS,
    entries.map((e) => [
      e.registerKeeperOid,
      e.clientKey,
      e.at,
      e.recipientOrganisationOid,
      e.recipientRegisterKeeperOid,
      e.userId,
      e.userName,
      e.professionalId,
      e.systemId,
      e.action,
      e.documentIds,
      e.basisKind,
      e.basisId,
    ]),
  );
}

export async function disclosuresOf(
  q: Queryable,
  registerKeeperOid: string,
  clientKey: string,
): Promise<Array<DisclosureLogEntry & { id: number }>> {
  const r = await q.query<Record<string, unknown>>(
    `SELECT id, register_keeper_oid, client_key, disclosed_at, recipient_organisation_oid, recipient_register_keeper_oid, user_id, user_name,
            professional_id, system_id, action, document_ids, basis_kind, basis_id
       FROM disclosure_log WHERE register_keeper_oid = $1 AND client_key = $2 ORDER BY disclosed_at DESC, id DESC`,
    [registerKeeperOid, clientKey],
  );
  return r.rows.map((x) => ({
    id: Number(x.id),
    registerKeeperOid: x.register_keeper_oid as string,
    clientKey: x.client_key as string,
    at: iso(x.disclosed_at),
    recipientOrganisationOid: x.recipient_organisation_oid as string,
    recipientRegisterKeeperOid: x.recipient_register_keeper_oid as string,
    userId: x.user_id as string,
    userName: x.user_name as string,
    professionalId: x.professional_id as string | null,
    systemId: x.system_id as string,
    action: x.action as string,
    documentIds: x.document_ids as string[],
    basisKind: x.basis_kind as DisclosureLogEntry['basisKind'],
    basisId: x.basis_id as string,
  }));
}
