import { DEFAULT_RETRY_POLICY, type RetryHooks, type RetryPolicy } from './retry.ts';

/** The header by which the archive identifies a demo user; accepted only in demo mode (docs/fhir-mapping.md §8). */
export const DEMO_USER_HEADER = 'x-arkki-demo-user';

/** Who the archive sees calling. */
export type ArchiveIdentity =
  /** Demo mode: one of the archive's demo users (`GET /demo/users` lists them), sent as X-Arkki-Demo-User. */
  | { kind: 'demo-user'; userId: string }
  /**
   * Production: the organisation's system certificate as the TLS client certificate (mTLS). The archive
   * reads organisation, system name and system profile from it; the key never leaves this process.
   */
  | { kind: 'system-certificate'; certPem: string; keyPem: string }
  /** No identity: only the CapabilityStatement answers. */
  | { kind: 'none' };

export interface ArchiveApiTimeouts {
  /** TCP + TLS connection set-up. */
  connectMs: number;
  /** One attempt, from sending to the last byte of the answer. */
  requestMs: number;
}

export interface ArchiveApiOptions {
  /** The FHIR base, e.g. `https://archive.example/fhir/R4`. */
  baseUrl: string | URL;
  identity: ArchiveIdentity;
  /** The CA certificate(s) that issued the archive's server certificate (https); default Node's trust store. */
  caPem?: string | string[];
  timeouts?: Partial<ArchiveApiTimeouts>;
  retry?: Partial<RetryPolicy>;
  /** Sent as User-Agent, so the archive's operators can tell client systems apart. */
  userAgent?: string;
  /** Replaces sleeping and randomness in the retry loop (tests). */
  retryHooks?: RetryHooks;
}

export const DEFAULT_TIMEOUTS: ArchiveApiTimeouts = { connectMs: 10_000, requestMs: 60_000 };

export interface ResolvedOptions {
  baseUrl: URL;
  identity: ArchiveIdentity;
  caPem?: string | string[];
  timeouts: ArchiveApiTimeouts;
  retry: RetryPolicy;
  userAgent: string;
  retryHooks: RetryHooks;
}

export function resolveOptions(o: ArchiveApiOptions): ResolvedOptions {
  const baseUrl = new URL(String(o.baseUrl));
  if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:')
    throw new TypeError(`baseUrl must be http(s), got ${baseUrl.protocol}`);
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  if (o.identity.kind === 'system-certificate' && baseUrl.protocol !== 'https:') {
    throw new TypeError('a system certificate is presented only over https: baseUrl must be https://');
  }
  const retry = { ...DEFAULT_RETRY_POLICY, ...o.retry };
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) throw new TypeError('retry.attempts must be a whole number ≥ 1');
  return {
    baseUrl,
    identity: o.identity,
    ...(o.caPem ? { caPem: o.caPem } : {}),
    timeouts: { ...DEFAULT_TIMEOUTS, ...o.timeouts },
    retry,
    userAgent: o.userAgent ?? 'arkki-archive-api',
    retryHooks: o.retryHooks ?? {},
  };
}
