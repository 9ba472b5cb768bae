import { ArkkiError, ERROR_CATALOGUE, type Issue } from '../../lib/errors.ts';

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
const RULE_SYSTEM = 'https://arkki.example/fhir/CodeSystem/validation-rule';

export function outcomeFromIssues(fhirCode: string, issues: Issue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: 'error',
      code: fhirCode,
      diagnostics: i.field ? `${i.field}: ${i.message}` : i.message,
      ...(i.field ? { expression: [i.field] } : {}),
      details: { coding: [{ system: RULE_SYSTEM, code: i.rule }], text: i.message },
    })),
  };
}

export function outcomeFromError(err: ArkkiError): { status: number; body: OperationOutcome } {
  const kind = ERROR_CATALOGUE[err.code];
  return { status: kind.status, body: outcomeFromIssues(kind.fhirCode, err.issues) };
}

export function informationOutcome(message: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: message }] };
}
