// Searches and paging. The archive pages with an opaque keyset cursor in the Bundle's next link; a page
// is fetched only when asked for, and the link is followed on our own base (http-transport.ts).
import type { Core, Query } from './fhir-call.ts';
import { sendJson } from './fhir-call.ts';
import type { Bundle, DocumentReference, Resource } from './fhir-types.ts';

/** The henkilötunnus system (Finnish base profiles). */
export const HETU_SYSTEM = 'urn:oid:1.2.246.21';
export const SERVICE_TASK_SYSTEM = 'urn:oid:1.2.246.537.6.1221';

export interface SearchPage<T extends Resource> {
  resources: T[];
  /** Bundle.total when the archive gave one. */
  total?: number;
  /** The following page, or undefined on the last one. */
  next?: () => Promise<SearchPage<T>>;
}

/** Runs a search whose answer is a searchset Bundle of `resourceType`, and pages through `next` links. */
export async function searchPage<T extends Resource>(
  core: Core,
  resourceType: T['resourceType'],
  path: string,
  query: Query | undefined,
): Promise<SearchPage<T>> {
  const { json } = await sendJson<Bundle<T>>(
    core,
    { operation: `${resourceType} search`, method: 'GET', path, ...(query ? { query } : {}), retry: 'idempotent' },
    'Bundle',
  );
  const resources = (json.entry ?? []).map((e) => e.resource).filter((r): r is T => r?.resourceType === resourceType);
  const link = json.link?.find((l) => l.relation === 'next')?.url;
  return {
    resources,
    ...(json.total !== undefined ? { total: json.total } : {}),
    ...(link ? { next: () => searchPage<T>(core, resourceType, link, undefined) } : {}),
  };
}

/** Every resource of every page, fetched page by page as the caller iterates. */
export async function* allPages<T extends Resource>(first: Promise<SearchPage<T>>): AsyncGenerator<T> {
  let page: SearchPage<T> | undefined = await first;
  while (page) {
    yield* page.resources;
    page = page.next ? await page.next() : undefined;
  }
}

/** DocumentReference search (docs/fhir-mapping.md §4); every given parameter narrows (AND). */
export interface DocumentSearch {
  /** The client: a henkilötunnus, or any identifier token (a temporary id under its issuer's OID). */
  client?: { hetu: string } | { system: string; value: string };
  /** Set id (an OID, with or without `urn:oid:`). */
  setId?: string;
  documentType?: string;
  serviceTask?: string;
  processPhase?: string;
  socialService?: string;
  /** Case OID. */
  caseId?: string;
  /** Completion date bounds, `YYYY-MM-DD` or a dateTime; `from` inclusive, `to` exclusive. */
  completed?: { from?: string; to?: string };
  status?: ReadonlyArray<'current' | 'superseded' | 'entered-in-error'>;
  /** Page size, 1–500 (archive default 50). */
  count?: number;
  /** Parameters this type does not name yet, passed as they are (the archive refuses unknown ones). */
  extra?: Query;
}

export function documentSearchQuery(s: DocumentSearch): Query {
  const completed = [s.completed?.from && `ge${s.completed.from}`, s.completed?.to && `lt${s.completed.to}`].filter(
    (v): v is string => !!v,
  );
  const client = s.client && ('hetu' in s.client ? `${HETU_SYSTEM}|${s.client.hetu}` : `${s.client.system}|${s.client.value}`);
  return {
    'patient.identifier': client,
    identifier: s.setId && (s.setId.startsWith('urn:') ? s.setId : `urn:oid:${s.setId}`),
    type: s.documentType,
    'service-task': s.serviceTask,
    'process-phase': s.processPhase,
    'social-service': s.socialService,
    case: s.caseId,
    completed: completed.length > 0 ? completed : undefined,
    status: s.status && s.status.length > 0 ? s.status.join(',') : undefined,
    _count: s.count,
    ...s.extra,
  };
}

export function searchDocuments(core: Core, s: DocumentSearch): Promise<SearchPage<DocumentReference>> {
  return searchPage<DocumentReference>(core, 'DocumentReference', 'DocumentReference', documentSearchQuery(s));
}
