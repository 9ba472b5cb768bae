// Every failure of an archive call is an ArchiveApiError: a kind that says what the caller can do about it,
// the HTTP status when there was an answer, and the archive's issues with their rule and field.
import type { ArchiveIssue } from './outcome-issues.ts';

export type ArchiveApiErrorKind =
  /** 4xx with the archive's OperationOutcome (400, 413, 415, 422, …): the request must change; a person decides. */
  | 'refused'
  /** 401: no identity, an unknown demo user, or a certificate the archive does not accept. */
  | 'unauthorised'
  /** 403: the access rule or the system profile refuses; the attempt is in the archive's usage log. */
  | 'forbidden'
  /** 404: unknown set id, version, document id, client or route. */
  | 'not-found'
  /** 409: same document id with other content, a version that is not the next one, invalidating twice. */
  | 'conflict'
  /** The archive could not be reached or answered 5xx / 429 / 408, after the retries the policy allows. */
  | 'unavailable'
  /** TLS failed before any request: the archive's certificate is not trusted, or ours was not usable. */
  | 'tls'
  /** The archive answered something this client does not understand (not JSON, another resource type, a redirect). */
  | 'protocol';

export interface ArchiveApiErrorDetails {
  kind: ArchiveApiErrorKind;
  /** What was asked, e.g. `DocumentReference create`; never a URL, which can carry a henkilötunnus. */
  operation: string;
  status?: number;
  issues?: ArchiveIssue[];
  attempts?: number;
  /** The archive asked to wait this long (Retry-After) and that was longer than the policy waits. */
  retryAfterMs?: number;
  /**
   * The request may have reached the archive and taken effect although no answer came (a non-idempotent
   * request, e.g. $invalidate, lost mid-way): read the state before sending it again.
   */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class ArchiveApiError extends Error {
  readonly kind: ArchiveApiErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly issues: ArchiveIssue[];
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly outcomeUnknown: boolean;

  constructor(d: ArchiveApiErrorDetails) {
    const issues = d.issues ?? [];
    const said = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
    super(`${d.operation}: ${d.kind}${d.status ? ` (HTTP ${d.status})` : ''}${said ? ` — ${said}` : ''}`, { cause: d.cause });
    this.name = 'ArchiveApiError';
    this.kind = d.kind;
    this.operation = d.operation;
    this.status = d.status;
    this.issues = issues;
    this.attempts = d.attempts ?? 1;
    this.retryAfterMs = d.retryAfterMs;
    this.outcomeUnknown = d.outcomeUnknown ?? false;
  }

  /**
   * True when the same request may succeed later unchanged (the archive was unavailable and the outcome is
   * known not to have been applied); false when the request or the situation must change: a person's turn.
   */
  get retryable(): boolean {
    return this.kind === 'unavailable' && !this.outcomeUnknown;
  }

  /** The issues that broke `rule` (e.g. `archive-first`), so a caller can act on one kind of refusal. */
  issuesWithRule(rule: string): ArchiveIssue[] {
    return this.issues.filter((i) => i.rule === rule);
  }
}

/** The kind of an HTTP error answer (status ≥ 400) that is final, i.e. not retried. */
export function kindOfStatus(status: number): ArchiveApiErrorKind {
  // A redirect is not part of the archive's API: following it could carry the identity elsewhere.
  if (status < 400) return 'protocol';
  if (status === 401) return 'unauthorised';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status >= 500 || status === 429 || status === 408) return 'unavailable';
  return 'refused';
}

export function isArchiveApiError(value: unknown): value is ArchiveApiError {
  return value instanceof ArchiveApiError;
}
