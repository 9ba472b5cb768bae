// One archive call: build the URL, send with the retry policy, turn every failure into an ArchiveApiError.
// Which calls may be sent again is decided per call by its author (documents.ts, patients.ts, …), because
// only they know whether the archive treats a resend as the same request (docs/fhir-mapping.md §7).
import { ArchiveApiError, kindOfStatus } from './errors.ts';
import type { Resource } from './fhir-types.ts';
import { type HttpAnswer, type Transport, TransportError } from './http-transport.ts';
import { isOperationOutcome, issuesOf, type ArchiveIssue } from './outcome-issues.ts';
import { type RetryHooks, type RetryPolicy, RetriesExhausted, retryAfterMs, withRetries } from './retry.ts';

export const FHIR_JSON = 'application/fhir+json';

export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | undefined;
export type Query = Record<string, QueryValue>;

export interface Call {
  /** For errors and nothing else, e.g. `DocumentReference create` (never the URL: it can carry a henkilötunnus). */
  operation: string;
  method: 'GET' | 'POST';
  /** Relative to the FHIR base (`DocumentReference/123`), or a link the archive gave. */
  path: string;
  query?: Query;
  body?: { contentType: string; data: string | Buffer };
  accept?: string;
  /**
   * `idempotent`: sending it twice is the same as once (reads, searches, creates the archive recognises by
   * document id) — retried on network errors, 5xx, 429 and 408. `unsafe` ($invalidate, $special-reason):
   * sent again only when the connection never reached the archive.
   */
  retry: 'idempotent' | 'unsafe';
}

export interface Core {
  transport: Transport;
  policy: RetryPolicy;
  hooks: RetryHooks;
}

/** Statuses that say "not now" rather than "not this": worth the same request again later. */
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);
/** A gateway answered for an upstream that may have done the work anyway. */
const GATEWAY = new Set([502, 504]);

function header(a: HttpAnswer, name: string): string | undefined {
  const v = a.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function issuesOfAnswer(a: HttpAnswer): ArchiveIssue[] {
  if (!/json/.test(header(a, 'content-type') ?? '')) return [];
  try {
    const parsed: unknown = JSON.parse(a.body.toString('utf8'));
    return isOperationOutcome(parsed) ? issuesOf(parsed) : [];
  } catch {
    return [];
  }
}

function withQuery(url: URL, query: Query | undefined): URL {
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  return url;
}

/** Sends the call; resolves with a 2xx answer, rejects with an ArchiveApiError. */
export async function send(core: Core, call: Call): Promise<HttpAnswer> {
  let url: URL;
  try {
    url = withQuery(core.transport.url(call.path), call.query);
  } catch (err) {
    throw new ArchiveApiError({ kind: 'protocol', operation: call.operation, cause: err });
  }
  const headers: Record<string, string> = { accept: call.accept ?? FHIR_JSON };
  if (call.body) headers['content-type'] = call.body.contentType;
  let last: { status?: number; issues?: ArchiveIssue[]; outcomeUnknown: boolean; attempts: number } = {
    outcomeUnknown: false,
    attempts: 1,
  };
  try {
    return await withRetries<HttpAnswer>(
      core.policy,
      async (attempts) => {
        let answer: HttpAnswer;
        try {
          answer = await core.transport.send({ method: call.method, url, headers, ...(call.body ? { body: call.body.data } : {}) });
        } catch (err) {
          const e = err instanceof TransportError ? err : new TransportError(err);
          if (e.tls) return { fail: new ArchiveApiError({ kind: 'tls', operation: call.operation, attempts, cause: e }) };
          last = { outcomeUnknown: call.retry === 'unsafe' && e.sent, attempts };
          return call.retry === 'idempotent' || !e.sent ? { again: e } : { fail: e };
        }
        if (answer.status < 300) return { done: answer };
        const issues = issuesOfAnswer(answer);
        const outcomeUnknown = call.retry === 'unsafe' && GATEWAY.has(answer.status);
        last = { status: answer.status, issues, outcomeUnknown, attempts };
        const kind = kindOfStatus(answer.status);
        const after = TRANSIENT.has(answer.status) ? retryAfterMs(answer.headers['retry-after']) : undefined;
        const error = new ArchiveApiError({
          kind,
          operation: call.operation,
          status: answer.status,
          issues,
          attempts,
          outcomeUnknown,
          // An unsafe call is not sent again here, but its caller may schedule it after the archive's wait.
          ...(after !== undefined && call.retry === 'unsafe' ? { retryAfterMs: after } : {}),
        });
        if (!TRANSIENT.has(answer.status) || call.retry === 'unsafe') return { fail: error };
        return after === undefined ? { again: error } : { again: error, retryAfterMs: after };
      },
      core.hooks,
    );
  } catch (err) {
    // A final answer (refused, forbidden, …) or a TLS failure is already the caller's error.
    if (err instanceof ArchiveApiError) throw err;
    // What is left: the archive stayed unreachable or busy, or an unsafe request was lost on the way.
    const exhausted = err instanceof RetriesExhausted ? err : undefined;
    throw new ArchiveApiError({
      kind: 'unavailable',
      operation: call.operation,
      ...(last.status ? { status: last.status } : {}),
      issues: last.issues ?? [],
      attempts: exhausted?.attempts ?? last.attempts,
      ...(exhausted?.retryAfterMs !== undefined ? { retryAfterMs: exhausted.retryAfterMs } : {}),
      outcomeUnknown: last.outcomeUnknown,
      cause: exhausted?.last ?? err,
    });
  }
}

/** Sends the call and reads a JSON answer; checks the resource type when one is expected. */
export async function sendJson<T>(
  core: Core,
  call: Call,
  resourceType?: Resource['resourceType'],
): Promise<{ answer: HttpAnswer; json: T }> {
  const answer = await send(core, call);
  let json: unknown;
  try {
    json = JSON.parse(answer.body.toString('utf8'));
  } catch (err) {
    throw new ArchiveApiError({ kind: 'protocol', operation: call.operation, status: answer.status, cause: err });
  }
  if (resourceType && (json as { resourceType?: unknown } | null)?.resourceType !== resourceType) {
    throw new ArchiveApiError({
      kind: 'protocol',
      operation: call.operation,
      status: answer.status,
      issues: [{ severity: 'error', code: 'processing', message: `expected a ${resourceType}` }],
    });
  }
  return { answer, json: json as T };
}

export { header as answerHeader };
