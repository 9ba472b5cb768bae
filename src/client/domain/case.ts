// A case (asia): always named, belongs to one service task of the client, opened and closed. Recorded as
// a case document (type 2 of .1505); closing it is a new version with the closing date.
import type { Issue } from '../../lib/errors.ts';
import { isDate } from './dates.ts';

export interface ClientCase {
  caseId: string;
  name: string;
  serviceTask: string;
  serviceUnit: string;
  opened: string;
  closed?: string;
  setId: string;
  documentId: string;
  version: number;
}

export interface OpenCase {
  name: string;
  serviceTask: string;
  serviceUnit: string;
  opened: string;
}

export function validateOpenCase(c: OpenCase): Issue[] {
  const issues: Issue[] = [];
  // A case is always named: the name is how the professional and the citizen find it in the summary.
  if (!c.name.trim()) issues.push({ field: 'name', rule: 'required', message: 'asialla on aina nimi' });
  if (c.name.length > 200) issues.push({ field: 'name', rule: 'max-length', message: 'asian nimi on enintään 200 merkkiä' });
  if (!c.serviceTask) issues.push({ field: 'serviceTask', rule: 'required', message: 'palvelutehtävä puuttuu' });
  if (!c.serviceUnit) issues.push({ field: 'serviceUnit', rule: 'required', message: 'palveluyksikkö puuttuu' });
  if (!isDate(c.opened)) issues.push({ field: 'opened', rule: 'invalid', message: 'vireilletulopäivä muodossa VVVV-KK-PP' });
  return issues;
}

export function validateCloseCase(c: Pick<ClientCase, 'opened' | 'closed'>, closed: string): Issue[] {
  if (c.closed) return [{ field: 'closed', rule: 'closed', message: `asia on jo suljettu ${c.closed}` }];
  if (!isDate(closed)) return [{ field: 'closed', rule: 'invalid', message: 'sulkemispäivä muodossa VVVV-KK-PP' }];
  if (closed < c.opened) return [{ field: 'closed', rule: 'before-opened', message: `sulkemispäivä on ennen avaamista ${c.opened}` }];
  return [];
}
