// The three clienthood levels (asiakkuus): social-welfare clienthood of the organisation, service-task
// clienthood, service-unit clienthood — each with a start and, once closed, an end (domain README §3).
// Each is recorded as its own national document (clienthood document, type 1 of .1505); closing it is a
// new version of that document carrying the end date.
import type { ClienthoodLevel } from '../../lib/metadata/metadata.ts';
import type { Issue } from '../../lib/errors.ts';
import { isDate } from './dates.ts';

export interface Clienthood {
  clienthoodId: string;
  level: ClienthoodLevel;
  serviceTask: string;
  serviceUnit: string;
  start: string;
  end?: string;
  /** The clienthood document's set and current version (document id) in the national model. */
  setId: string;
  documentId: string;
  version: number;
}

export interface OpenClienthood {
  level: ClienthoodLevel;
  /** The service task: the clienthood's own below social-welfare, else the one it was recorded in (its document's). */
  serviceTask: string;
  /** The service unit recording it; a service-unit clienthood is of this unit. */
  serviceUnit: string;
  start: string;
}

/** What opening a clienthood needs: a valid start and the service task and unit it is recorded in. */
export function validateOpenClienthood(c: OpenClienthood): Issue[] {
  const issues: Issue[] = [];
  if (!isDate(c.start)) issues.push({ field: 'start', rule: 'invalid', message: 'alkupäivä muodossa VVVV-KK-PP' });
  // Every national document names a service task and unit, a social-welfare clienthood's too (where it was recorded).
  if (!c.serviceTask) issues.push({ field: 'serviceTask', rule: 'required', message: 'palvelutehtävä puuttuu' });
  if (!c.serviceUnit) issues.push({ field: 'serviceUnit', rule: 'required', message: 'palveluyksikkö puuttuu' });
  return issues;
}

export function validateCloseClienthood(c: Pick<Clienthood, 'start' | 'end'>, end: string): Issue[] {
  if (c.end) return [{ field: 'end', rule: 'closed', message: `asiakkuus on jo päättynyt ${c.end}` }];
  if (!isDate(end)) return [{ field: 'end', rule: 'invalid', message: 'loppupäivä muodossa VVVV-KK-PP' }];
  if (end < c.start) return [{ field: 'end', rule: 'before-start', message: `loppupäivä on ennen alkupäivää ${c.start}` }];
  return [];
}

/** The clienthood one level up that must exist (and be archived first): none for social-welfare. */
export function parentLevel(level: ClienthoodLevel): ClienthoodLevel | undefined {
  return level === 'service-unit' ? 'service-task' : level === 'service-task' ? 'social-welfare' : undefined;
}
