// Retention (säilytysaika) rules are data with their legal source (data/retention-rules.json, provisional):
// this module only applies them.
import { finnishDay } from '../time/finnish-clock.ts';

export interface RetentionRule {
  id: string;
  display_fi: string;
  legalSource: string;
  keepYearsAfterCompleted?: number;
  keepYearsAfterBirth?: number;
  permanent?: boolean;
  /** Documents of persons born on these days of a month are kept permanently for research. */
  permanentForSampleBirthDays?: boolean;
}

export interface RetentionRules {
  rules: RetentionRule[];
  sampleBirthDays: number[];
}

function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  // 29 Feb + n years on a non-leap year rolls to 1 Mar, never to an earlier day.
  const date = new Date(Date.UTC(y + years, m - 1, d));
  return date.toISOString().slice(0, 10);
}

/**
 * The destruction date of a document, or null when it is kept permanently.
 * `birthDate` is unknown for some temporary identifiers: then the birth-based rules keep it permanently
 * (never destroy what cannot be dated).
 */
export function destructionDate(rule: RetentionRule, rules: RetentionRules, completed: string, birthDate: string | null): string | null {
  if (rule.permanent) return null;
  if (rule.permanentForSampleBirthDays && birthDate && rules.sampleBirthDays.includes(Number(birthDate.slice(8, 10)))) {
    return null;
  }
  if (rule.keepYearsAfterBirth !== undefined) {
    return birthDate ? addYears(birthDate, rule.keepYearsAfterBirth) : null;
  }
  // Counted from the completion day in Finland, not in UTC.
  if (rule.keepYearsAfterCompleted !== undefined) return addYears(finnishDay(completed), rule.keepYearsAfterCompleted);
  return null;
}
