import { ArkkiError } from '../../lib/errors.ts';
import { clientIdFromFhirIdentifier, clientKey, parseClientKey } from '../../lib/identifiers/client-id.ts';
import { urnToOid } from '../../lib/identifiers/oid.ts';
import type { DocumentStatus } from '../../lib/metadata/metadata.ts';
import { DEFAULT_PAGE, MAX_PAGE, type SearchCriteria } from '../domain/search.ts';
import { readPageToken } from './page-token.ts';
import { clientKeyFromPatientId } from './patient.ts';
import { RESULT_PARAMS, resultParams, type ResultParams } from './search-request.ts';
import { single, type QueryMap } from './fhir-plugin.ts';
import { PROCESS_PHASE_SYSTEM, PROVISIONAL_SERVICE_TASK_SYSTEM, SERVICE_TASK_SYSTEM, SERVICE_TASK_SYSTEMS } from './systems.ts';

/** The DocumentReference search parameters (names as a client writes them); the result parameters are in search-request.ts. */
export const DOCUMENT_SEARCH_PARAMS = [
  'patient',
  'subject',
  '_id',
  'identifier',
  'type',
  'category',
  'service-task',
  'social-service',
  'case',
  'process-phase',
  'completed',
  'date',
  'status',
] as const;

/** The chained and modifier forms of patient and subject: by the client's identifier, as a client system knows it. */
export const CLIENT_IDENTIFIER_FORMS = ['patient.identifier', 'subject:identifier'] as const;

/** Everything a DocumentReference search accepts. */
export const DOCUMENT_QUERY_PARAMS = [...DOCUMENT_SEARCH_PARAMS, ...CLIENT_IDENTIFIER_FORMS, ...RESULT_PARAMS] as const;

const bad = (field: string, rule: string, message: string) => new ArkkiError('invalid', [{ field, rule, message }]);

/** `system|value` token; system may be empty. */
function token(v: string): { system?: string; code: string } {
  const i = v.indexOf('|');
  return i < 0 ? { code: v } : { system: v.slice(0, i) || undefined, code: v.slice(i + 1) };
}

export function parseClientParam(name: string, v: string): string {
  const t = token(v);
  if (!t.system) throw bad(name, 'token-system', `${name} needs system|value, e.g. urn:oid:1.2.246.21|010190-900P`);
  const id = clientIdFromFhirIdentifier({ system: t.system, value: t.code });
  if (typeof id === 'string') throw bad(name, 'client-id', id);
  return clientKey(id);
}

function dateBound(name: string, raw: string): { op: string; at: string } {
  const m = /^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)$/.exec(raw);
  if (!m || Number.isNaN(Date.parse(m[2]!.length === 10 ? `${m[2]}T00:00:00Z` : m[2]!))) {
    throw bad(name, 'date', `${name} '${raw}' must be [ge|gt|le|lt|eq]YYYY-MM-DD or a date-time with zone`);
  }
  return { op: m[1] ?? 'eq', at: m[2]! };
}

/**
 * A date parameter's range: prefixes ge gt le lt eq, repeated for a range. A date alone means the whole
 * UTC day (Finnish time is what users mean, but dates are compared in UTC here). `from` is inclusive,
 * `before` exclusive.
 */
export function dateRange(name: string, values: string[]): { from?: string; before?: string } {
  const r: { from?: string; before?: string } = {};
  for (const raw of values) {
    const { op, at } = dateBound(name, raw);
    const isDay = at.length === 10;
    const start = isDay ? `${at}T00:00:00.000Z` : new Date(at).toISOString();
    const endOfDay = isDay ? new Date(Date.parse(start) + 86_400_000).toISOString() : new Date(Date.parse(start) + 1).toISOString();
    if (op === 'ge') r.from = start;
    if (op === 'gt') r.from = endOfDay;
    if (op === 'lt') r.before = start;
    if (op === 'le') r.before = endOfDay;
    if (op === 'eq') {
      r.from = start;
      r.before = endOfDay;
    }
  }
  return r;
}

const many = (query: QueryMap, name: string): string[] => (query[name] === undefined ? [] : ([] as string[]).concat(query[name]!));

const STATUS: Record<string, DocumentStatus> = { current: 'current', superseded: 'superseded', 'entered-in-error': 'invalidated' };

/** Patient/<id> or <id> (the Patient API's id) as a client key. */
export function parsePatientReference(name: string, v: string): string {
  const m = /^(?:(?:.*\/)?Patient\/)?([A-Za-z0-9.-]{1,64})$/.exec(v);
  if (!m) throw bad(name, 'reference', `${name} must be Patient/<id> (the id a Patient search returns), got '${v}'`);
  try {
    return clientKey(parseClientKey(clientKeyFromPatientId(m[1]!)));
  } catch (e) {
    throw bad(name, 'reference', `${name}: ${(e as Error).message}`);
  }
}

/** The client a search names by patient, patient.identifier, subject or subject:identifier; two different ones are refused. */
function clientOf(query: QueryMap): string | undefined {
  const named: Array<[string, string]> = [];
  for (const name of ['patient', 'subject'] as const) {
    const v = single(query, name);
    if (v) named.push([name, parsePatientReference(name, v)]);
  }
  for (const name of ['patient.identifier', 'subject:identifier'] as const) {
    const v = single(query, name);
    if (v) named.push([name, parseClientParam(name, v)]);
  }
  if (new Set(named.map(([, k]) => k)).size > 1)
    throw bad(named[1]![0], 'conflict', `${named.map(([n]) => n).join(' and ')} name different clients; name the client once`);
  return named[0]?.[1];
}

export function parseDocumentSearch(query: QueryMap): SearchCriteria & { result: ResultParams } {
  const result = resultParams(query, { sortKey: 'completed', defaultCount: DEFAULT_PAGE, maxCount: MAX_PAGE });
  const c: SearchCriteria & { result: ResultParams } = { status: ['current'], count: result.count, result };
  if (result.ascending) c.ascending = true;
  const client = clientOf(query);
  if (client) c.client = client;
  const ids = [single(query, '_id'), single(query, 'identifier')]
    .filter((v): v is string => v !== undefined)
    .map((v) => urnToOid(token(v).code) ?? token(v).code);
  if (new Set(ids).size > 1) throw bad('_id', 'conflict', '_id and identifier name different document sets');
  if (ids[0]) c.setId = ids[0];
  const type = single(query, 'type');
  if (type) c.documentType = token(type).code;
  for (const raw of many(query, 'category')) {
    const t = token(raw);
    if ((SERVICE_TASK_SYSTEMS as readonly string[]).includes(t.system ?? '')) c.serviceTask = t.code;
    else if (t.system === PROCESS_PHASE_SYSTEM) c.processPhase = t.code;
    else
      throw bad(
        'category',
        'token-system',
        `category needs system ${SERVICE_TASK_SYSTEM} (national service task), ${PROVISIONAL_SERVICE_TASK_SYSTEM} (provisional service task) or ${PROCESS_PHASE_SYSTEM} (process phase)`,
      );
  }
  c.serviceTask = single(query, 'service-task') ?? c.serviceTask;
  c.processPhase = single(query, 'process-phase') ?? c.processPhase;
  c.socialService = single(query, 'social-service');
  const kase = single(query, 'case');
  if (kase) c.caseId = urnToOid(kase) ?? kase;
  const completed = dateRange('completed', many(query, 'completed'));
  if (completed.from) c.completedFrom = completed.from;
  if (completed.before) c.completedBefore = completed.before;
  const archived = dateRange('date', many(query, 'date'));
  if (archived.from) c.archivedFrom = archived.from;
  if (archived.before) c.archivedBefore = archived.before;
  const status = single(query, 'status');
  if (status) {
    c.status = status.split(',').map((s) => {
      const v = STATUS[s];
      if (!v) throw bad('status', 'code', `status '${s}' must be current, superseded or entered-in-error`);
      return v;
    });
  }
  const page = single(query, '_page_token');
  if (page) {
    const position = readPageToken(page, query);
    const [completedAt, documentId] = position.key;
    if (position.key.length !== 2 || !completedAt || !documentId || Number.isNaN(Date.parse(completedAt)))
      throw bad('_page_token', 'token', '_page_token is not one this server issued');
    c.after = { completed: completedAt, documentId };
    // A previous page is read in the opposite order from its edge, then turned back (see the route).
    if (position.direction === 'previous') c.ascending = !c.ascending;
    c.previous = position.direction === 'previous';
  }
  return c;
}
