// Reads the archive's OperationOutcome back into what a caller acts on. The archive writes each issue as
// (src/archive/fhir/operation-outcome.ts): details.coding[validation-rule] = the rule, details.text = the
// message, expression[0] = the FHIRPath (or the field / parameter name when it has no FHIRPath), and
// diagnostics = "<field> (<expression>): <message>" or "<field>: <message>" — so the field is the prefix.
import type { OperationOutcome } from './fhir-types.ts';

export const VALIDATION_RULE_SYSTEM = 'https://arkki.example/fhir/CodeSystem/validation-rule';

/** One problem the archive reported, with the arkki rule it broke and the field it concerns. */
export interface ArchiveIssue {
  severity: string;
  /** FHIR issue type (invalid, required, forbidden, conflict, business-rule, …). */
  code: string;
  /** The arkki rule (`required`, `code-unknown`, `archive-first`, `immutable`, …), when the archive named one. */
  rule?: string;
  /** The national field (`serviceTask`, `client`), parameter or header, when the archive named one. */
  field?: string;
  /** The FHIRPath of the element to fix, or the parameter name. */
  expression?: string;
  /** The archive's message for people, without the field prefix. */
  message: string;
}

export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return !!value && typeof value === 'object' && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome';
}

export function issuesOf(outcome: OperationOutcome): ArchiveIssue[] {
  return (Array.isArray(outcome.issue) ? outcome.issue : []).map((i) => {
    const coding = i.details?.coding ?? [];
    const rule = (coding.find((c) => c.system === VALIDATION_RULE_SYSTEM) ?? coding[0])?.code;
    const expression = i.expression?.[0];
    const text = i.details?.text;
    const diagnostics = i.diagnostics ?? '';
    const field = fieldOf(diagnostics, text, expression);
    return {
      severity: i.severity ?? 'error',
      code: i.code ?? 'unknown',
      ...(rule ? { rule } : {}),
      ...(field ? { field } : {}),
      ...(expression ? { expression } : {}),
      message: text ?? diagnostics,
    };
  });
}

function fieldOf(diagnostics: string, text: string | undefined, expression: string | undefined): string | undefined {
  if (text === undefined || !diagnostics.endsWith(`: ${text}`)) return undefined;
  const where = diagnostics.slice(0, diagnostics.length - text.length - 2);
  if (where === '') return undefined;
  const withPath = expression ? ` (${expression})` : undefined;
  return withPath && where.endsWith(withPath) ? where.slice(0, -withPath.length) : where;
}
