// SQL rows ⇄ client-system domain values.
import type { ClientId } from '../../lib/identifiers/client-id.ts';
import type { ClientCase } from '../domain/case.ts';
import type { ClientRecord } from '../domain/client.ts';
import type { ClientDocument } from '../domain/client-document.ts';
import type { Clienthood } from '../domain/clienthood.ts';

type Row = Record<string, unknown>;
const opt = <K extends string>(key: K, v: unknown): Partial<Record<K, string>> =>
  v === null || v === undefined ? {} : ({ [key]: String(v) } as Record<K, string>);

export function clientOf(r: Row): ClientRecord {
  return {
    registerKeeperOid: String(r.register_keeper_oid),
    clientKey: String(r.client_key),
    clientId: r.client_id as ClientId,
    population: {
      familyName: String(r.family_name),
      givenNames: String(r.given_names),
      ...opt('address', r.address),
      ...opt('municipality', r.municipality),
      turvakielto: Boolean(r.turvakielto),
    },
  };
}

export function clienthoodOf(r: Row): Clienthood {
  return {
    clienthoodId: String(r.clienthood_id),
    level: r.level as Clienthood['level'],
    serviceTask: String(r.service_task),
    serviceUnit: String(r.service_unit),
    start: String(r.start_date),
    ...opt('end', r.end_date),
    setId: String(r.set_id),
    documentId: String(r.document_id),
    version: Number(r.version),
  };
}

export function caseOf(r: Row): ClientCase {
  return {
    caseId: String(r.case_id),
    name: String(r.name),
    serviceTask: String(r.service_task),
    serviceUnit: String(r.service_unit),
    opened: String(r.opened),
    ...opt('closed', r.closed),
    setId: String(r.set_id),
    documentId: String(r.document_id),
    version: Number(r.version),
  };
}

export function documentOf(r: Row): ClientDocument {
  return {
    documentId: String(r.document_id),
    setId: String(r.set_id),
    version: Number(r.version),
    ...opt('replaces', r.replaces),
    caseId: String(r.case_id),
    processPhase: String(r.process_phase),
    documentType: String(r.document_type),
    title: String(r.title),
    content: r.content as Record<string, unknown>,
    language: r.language as ClientDocument['language'],
    author: r.author as ClientDocument['author'],
    state: r.state as ClientDocument['state'],
    created: String(r.created),
    ...opt('completed', r.completed),
    ...(r.locked_at ? { lockedAt: new Date(r.locked_at as string).toISOString() } : {}),
    ...(r.choices ? { choices: r.choices as NonNullable<ClientDocument['choices']> } : {}),
  };
}
