// How the load queue treats an archive failure: a retryable one (the archive unreachable, 5xx, 429) is
// sent again later unchanged; any other needs a person — the archive said what is wrong with the request
// (rule, field, message), and sending the same thing again would be refused the same way.
export interface FailureFacts {
  /** ArchiveApiError kind: refused, unauthorised, forbidden, not-found, conflict, unavailable, tls, protocol. */
  kind: string;
  status?: number;
  outcomeUnknown?: boolean;
  issues: Array<{ rule?: string; field?: string; message: string }>;
}

export type FailureClass =
  | { class: 'retryable'; reason: string }
  | { class: 'needs-person'; rule: string; field?: string; message: string; status?: number };

export function classifyFailure(f: FailureFacts): FailureClass {
  // Creates are idempotent in the archive (same document id → the stored copy), so even an unknown
  // outcome is safe to resend.
  if (f.kind === 'unavailable') return { class: 'retryable', reason: f.status ? `HTTP ${f.status}` : 'archive unreachable' };
  const first = f.issues.find((i) => i.rule) ?? f.issues[0];
  return {
    class: 'needs-person',
    rule: first?.rule ?? (f.status ? `http-${f.status}` : f.kind),
    ...(first?.field ? { field: first.field } : {}),
    message: first?.message ?? `arkisto hylkäsi lähetyksen (${f.kind})`,
    ...(f.status ? { status: f.status } : {}),
  };
}
