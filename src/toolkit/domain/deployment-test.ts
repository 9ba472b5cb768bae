// The deployment test (käyttöönottokoe, seed 000 and task 14.2): preconditions, the archivist's check of
// the archived metadata, the outcome, and the report's due date and subject line.
import { addWorkingDays } from '../../lib/time/holidays.ts';

/** What must hold before the test (seed 000, seed 004 §14.2, README §10). */
export const PRECONDITIONS = ['certified-client-system', 'organisation-register-units', 'certificates-valid', 'connection-tested'] as const;
export type PreconditionKey = (typeof PRECONDITIONS)[number];

export interface PreconditionResult {
  key: PreconditionKey;
  ok: boolean;
  /** What was checked and found, for the report (plain text, no client data). */
  detail: string;
}

/** The metadata fields the archivist checks per archived document (README §4). */
export const CHECKED_FIELDS = [
  'documentType',
  'client',
  'registerKeeper',
  'serviceUnit',
  'serviceTask',
  'socialServices',
  'processPhase',
  'case',
  'author',
  'completed',
  'publicity',
  'retention',
  'signature',
] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

export interface FieldCheck {
  documentId: string;
  field: CheckedField;
  result: 'pass' | 'fail';
  remark: string;
}

export type Outcome = 'passed' | 'failed';

/**
 * Passed when every precondition held, at least one document arrived, and every field of every document
 * arrived was checked and passed. Anything unchecked is not a pass.
 */
export function outcomeOf(
  preconditions: readonly PreconditionResult[],
  documentIds: readonly string[],
  checks: readonly FieldCheck[],
): Outcome {
  if (preconditions.length < PRECONDITIONS.length || preconditions.some((p) => !p.ok)) return 'failed';
  if (documentIds.length === 0) return 'failed';
  for (const id of documentIds) {
    for (const field of CHECKED_FIELDS) {
      const c = checks.find((x) => x.documentId === id && x.field === field);
      if (c?.result !== 'pass') return 'failed';
    }
  }
  return 'passed';
}

/** The report of a successful test is sent within two working days of the test (seed 000). */
export function reportDueDate(testedOn: string): string {
  return addWorkingDays(testedOn, 2);
}

/** The subject line the national service expects (seed 000): "SHA käyttöönottokoe + asiakkaan nimi". */
export function reportSubject(organisationName: string): string {
  return `SHA käyttöönottokoe ${organisationName.trim()}`;
}

/** Where the report goes (seed 000). */
export const REPORT_ADDRESS = 'kanta@kanta.fi';
