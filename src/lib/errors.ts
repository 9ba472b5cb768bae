// One catalogue of error codes for the whole project: services throw ArkkiError with a code and the
// issues (field + rule + message); the HTTP adapters map the code to a status and OperationOutcome once.

export type ErrorCode =
  | 'invalid' // a value breaks a rule
  | 'required' // a mandatory value is missing
  | 'code-unknown' // a coded value is not in its code set
  | 'not-found'
  | 'conflict' // same identifier, different content; or a state that forbids the change
  | 'precondition' // something must be archived first (clienthood, case)
  | 'unauthenticated'
  | 'forbidden'
  | 'too-large'
  | 'unsupported-media-type'
  | 'not-supported'
  | 'method-not-allowed' // the resource exists as a path, not with this HTTP method
  | 'not-acceptable' // the response format asked for (Accept, _format) is not offered
  | 'multiple-matches'; // a conditional request's criteria match more than one resource

export interface ErrorKind {
  status: number;
  fhirCode: string;
}

export const ERROR_CATALOGUE: Record<ErrorCode, ErrorKind> = {
  invalid: { status: 400, fhirCode: 'invalid' },
  required: { status: 400, fhirCode: 'required' },
  'code-unknown': { status: 400, fhirCode: 'code-invalid' },
  'not-found': { status: 404, fhirCode: 'not-found' },
  conflict: { status: 409, fhirCode: 'conflict' },
  precondition: { status: 422, fhirCode: 'business-rule' },
  unauthenticated: { status: 401, fhirCode: 'login' },
  forbidden: { status: 403, fhirCode: 'forbidden' },
  'too-large': { status: 413, fhirCode: 'too-costly' },
  'unsupported-media-type': { status: 415, fhirCode: 'not-supported' },
  'not-supported': { status: 400, fhirCode: 'not-supported' },
  'method-not-allowed': { status: 405, fhirCode: 'not-supported' },
  'not-acceptable': { status: 406, fhirCode: 'not-supported' },
  'multiple-matches': { status: 412, fhirCode: 'multiple-matches' },
};

/** One problem with one field. `field` is a dotted path in the caller's terms (e.g. `metadata.client`). */
export interface Issue {
  field: string;
  rule: string;
  message: string;
}

export class ArkkiError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];
  constructor(code: ErrorCode, issues: Issue[] | string) {
    const list = typeof issues === 'string' ? [{ field: '', rule: code, message: issues }] : issues;
    super(list.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; '));
    this.name = 'ArkkiError';
    this.code = code;
    this.issues = list;
  }
}

export function issue(field: string, rule: string, message: string): Issue {
  return { field, rule, message };
}

/**
 * The error code for a list of issues: size and media-type problems decide the HTTP status (413, 415)
 * wherever they appear; otherwise the first issue's rule does.
 */
export function errorCodeFor(issues: Issue[]): ErrorCode {
  if (issues.some((i) => i.rule === 'max-size')) return 'too-large';
  if (issues.some((i) => i.rule === 'media-type')) return 'unsupported-media-type';
  const first = issues[0]?.rule;
  return first === 'required' ? 'required' : first === 'code-unknown' ? 'code-unknown' : 'invalid';
}

/** Throws when any issue was found, with the given code or the one errorCodeFor derives. */
export function throwIfIssues(issues: Issue[], code?: ErrorCode): void {
  if (issues.length === 0) return;
  throw new ArkkiError(code ?? errorCodeFor(issues), issues);
}
