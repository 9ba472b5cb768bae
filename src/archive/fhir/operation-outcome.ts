import { type ArkkiError, ERROR_CATALOGUE, type Issue } from '../../lib/errors.ts';
import { VALIDATION_RULE_SYSTEM } from './systems.ts';

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: Array<{
    severity: 'fatal' | 'error' | 'warning' | 'information';
    code: string;
    diagnostics: string;
    expression?: string[];
    details?: { coding?: Array<{ system: string; code: string }>; text?: string };
  }>;
}

/** The arkki rule that an issue broke, so clients can act on the code and people on the text. */
const RULE_SYSTEM = VALIDATION_RULE_SYSTEM;

/**
 * issue.expression is the FHIRPath of the element when the adapter knows it (fhir-paths.ts), otherwise the
 * field or parameter name; diagnostics names the national field first, so people and logs see both.
 */
export function outcomeFromIssues(fhirCode: string, issues: Array<Issue & { expression?: string }>): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => {
      const expression = i.expression ?? i.field;
      const where = i.field && expression !== i.field ? `${i.field} (${expression})` : i.field;
      return {
        severity: 'error',
        code: fhirCode,
        diagnostics: where ? `${where}: ${i.message}` : i.message,
        ...(expression ? { expression: [expression] } : {}),
        details: { coding: [{ system: RULE_SYSTEM, code: i.rule }], text: i.message },
      };
    }),
  };
}

export function outcomeFromError(err: ArkkiError): { status: number; body: OperationOutcome } {
  const kind = ERROR_CATALOGUE[err.code];
  return { status: kind.status, body: outcomeFromIssues(kind.fhirCode, err.issues) };
}
