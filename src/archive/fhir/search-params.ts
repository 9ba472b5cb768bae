import { ArkkiError } from '../../lib/errors.ts';
import { clientIdFromFhirIdentifier, clientKey } from '../../lib/identifiers/client-id.ts';
import { urnToOid } from '../../lib/identifiers/oid.ts';
import type { DocumentStatus } from '../../lib/metadata/metadata.ts';
import { DEFAULT_PAGE, MAX_PAGE, decodeCursor, type SearchCriteria } from '../domain/search.ts';
import { single, type QueryMap } from './fhir-plugin.ts';
import { PROCESS_PHASE_SYSTEM, SERVICE_TASK_SYSTEM } from './systems.ts';

export const DOCUMENT_SEARCH_PARAMS = [
  'patient.identifier',
  'subject:identifier',
  'identifier',
  'type',
  'category',
  'service-task',
  'social-service',
  'case',
  'process-phase',
  'completed',
  'status',
  '_count',
  '_page_token',
] as const;

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

/** A date alone means the whole day (Finnish time is what users mean, but dates are compared in UTC here). */
function applyDate(c: SearchCriteria, name: string, raw: string): void {
  const { op, at } = dateBound(name, raw);
  const isDay = at.length === 10;
  const start = isDay ? `${at}T00:00:00.000Z` : new Date(at).toISOString();
  const endOfDay = isDay ? new Date(Date.parse(start) + 86_400_000).toISOString() : new Date(Date.parse(start) + 1).toISOString();
  if (op === 'ge') c.completedFrom = start;
  if (op === 'gt') c.completedFrom = endOfDay;
  if (op === 'lt') c.completedBefore = start;
  if (op === 'le') c.completedBefore = endOfDay;
  if (op === 'eq') {
    c.completedFrom = start;
    c.completedBefore = endOfDay;
  }
}

const STATUS: Record<string, DocumentStatus> = { current: 'current', superseded: 'superseded', 'entered-in-error': 'invalidated' };

export function parseDocumentSearch(query: QueryMap): SearchCriteria {
  const c: SearchCriteria = { status: ['current'], count: DEFAULT_PAGE };
  const patient = single(query, 'patient.identifier') ?? single(query, 'subject:identifier');
  if (patient) c.client = parseClientParam('patient.identifier', patient);
  const identifier = single(query, 'identifier');
  if (identifier) c.setId = urnToOid(token(identifier).code) ?? token(identifier).code;
  const type = single(query, 'type');
  if (type) c.documentType = token(type).code;
  const category = query.category === undefined ? [] : ([] as string[]).concat(query.category);
  for (const raw of category) {
    const t = token(raw);
    if (t.system === SERVICE_TASK_SYSTEM) c.serviceTask = t.code;
    else if (t.system === PROCESS_PHASE_SYSTEM) c.processPhase = t.code;
    else
      throw bad(
        'category',
        'token-system',
        `category needs system ${SERVICE_TASK_SYSTEM} (service task) or ${PROCESS_PHASE_SYSTEM} (process phase)`,
      );
  }
  c.serviceTask = single(query, 'service-task') ?? c.serviceTask;
  c.processPhase = single(query, 'process-phase') ?? c.processPhase;
  c.socialService = single(query, 'social-service');
  const kase = single(query, 'case');
  if (kase) c.caseId = urnToOid(kase) ?? kase;
  const completed = query.completed === undefined ? [] : ([] as string[]).concat(query.completed);
  for (const raw of completed) applyDate(c, 'completed', raw);
  const status = single(query, 'status');
  if (status) {
    c.status = status.split(',').map((s) => {
      const v = STATUS[s];
      if (!v) throw bad('status', 'code', `status '${s}' must be current, superseded or entered-in-error`);
      return v;
    });
  }
  const count = single(query, '_count');
  if (count !== undefined) {
    if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > MAX_PAGE) throw bad('_count', 'range', `_count must be 1–${MAX_PAGE}`);
    c.count = Number(count);
  }
  const page = single(query, '_page_token');
  if (page) {
    const after = decodeCursor(page);
    if (!after) throw bad('_page_token', 'token', '_page_token is not one this server issued');
    c.after = after;
  }
  return c;
}
