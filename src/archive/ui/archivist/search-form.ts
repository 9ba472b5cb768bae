import { ArkkiError, type Issue } from '../../../lib/errors.ts';
import { parseClientKey } from '../../../lib/identifiers/client-id.ts';
import type { DocumentStatus } from '../../../lib/metadata/metadata.ts';
import { decodeCursor, type SearchCriteria } from '../../domain/search.ts';
import { finnishDayStart } from '../../../lib/time/finnish-clock.ts';
import { parseDay } from '../../../lib/ui/day-input.ts';

// The archivist's search form (POSTed, so a henkilötunnus never lands in a URL or a server log) ⇄ SearchCriteria. Kept apart from the page so the rules about
// what a form value may be are tested without a browser.

export const ARCHIVIST_PAGE_SIZE = 25;
export const STATUSES: readonly DocumentStatus[] = ['current', 'superseded', 'invalidated'];

/** The form as the archivist filled it in: what the page shows back, and what paging links carry on. */
export interface SearchForm {
  client: string;
  serviceTask: string;
  documentType: string;
  processPhase: string;
  from: string; // as typed (1.12.2026 or 2026-12-01), Finnish calendar day, inclusive
  to: string; // as typed, inclusive
  status: DocumentStatus[];
  after: string; // page cursor from the previous page
}

type Query = Record<string, string | string[] | undefined>;

const first = (q: Query, name: string): string => {
  const v = q[name];
  return (Array.isArray(v) ? v[0] : (v ?? '')).trim();
};
const all = (q: Query, name: string): string[] => {
  const v = q[name];
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean);
};

export function readSearchForm(q: Query): SearchForm {
  const status = all(q, 'status').filter((s): s is DocumentStatus => (STATUSES as string[]).includes(s));
  return {
    client: first(q, 'client').toUpperCase(),
    serviceTask: first(q, 'serviceTask'),
    documentType: first(q, 'documentType'),
    processPhase: first(q, 'processPhase'),
    from: first(q, 'from'),
    to: first(q, 'to'),
    status: status.length ? status : ['current'],
    after: first(q, 'after'),
  };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Criteria for searchArchive, or an ArkkiError naming each form field that breaks its rule. */
export function criteriaOf(form: SearchForm): SearchCriteria {
  const issues: Issue[] = [];
  const c: SearchCriteria = { status: form.status, count: ARCHIVIST_PAGE_SIZE };
  if (form.client) {
    try {
      parseClientKey(form.client);
      c.client = form.client;
    } catch (err) {
      issues.push({ field: 'client', rule: 'client-id', message: (err as Error).message });
    }
  }
  if (form.serviceTask) c.serviceTask = form.serviceTask;
  if (form.documentType) c.documentType = form.documentType;
  if (form.processPhase) c.processPhase = form.processPhase;
  // Typed as 1.12.2026 or 2026-12-01 (day-input.ts); the form keeps what was typed.
  const from = form.from ? parseDay(form.from) : undefined;
  const to = form.to ? parseDay(form.to) : undefined;
  for (const [field, typed, day] of [
    ['from', form.from, from],
    ['to', form.to, to],
  ] as const) {
    if (typed && !day) issues.push({ field, rule: 'date', message: `${field} '${typed}' must be a date such as 1.12.2026 or 2026-12-01` });
  }
  if (issues.length === 0) {
    if (from) c.completedFrom = finnishDayStart(from);
    if (to) c.completedBefore = finnishDayStart(nextDay(to));
    if (from && to && from > to) issues.push({ field: 'to', rule: 'date-order', message: `to ${form.to} is before from ${form.from}` });
  }
  if (form.after) {
    const cursor = decodeCursor(form.after);
    if (cursor) c.after = cursor;
    else issues.push({ field: 'after', rule: 'page-token', message: 'the page link is not one this page made; start the search again' });
  }
  if (issues.length) throw new ArkkiError('invalid', issues);
  return c;
}

/** The same search as hidden form fields, for the next page (a POST: no henkilötunnus goes into a URL). */
export function searchFields(form: SearchForm, after?: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const k of ['client', 'serviceTask', 'documentType', 'processPhase', 'from', 'to'] as const) if (form[k]) out.push([k, form[k]]);
  for (const s of form.status) out.push(['status', s]);
  if (after) out.push(['after', after]);
  return out;
}
