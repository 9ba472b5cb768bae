// The one place that touches the network: undici (Node's own HTTP client, which built-in fetch cannot
// configure with a client certificate) with a keep-alive pool per archive. It knows URLs, TLS and
// timeouts, nothing of FHIR; a failure says whether the request could have reached the archive.
import { Agent, request } from 'undici';
import { DEMO_USER_HEADER, type ResolvedOptions } from './options.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Connection set-up failed before anything was sent, so any request may be sent again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export class TransportError extends Error {
  readonly code: string;
  /** The request may have reached the archive (false only when the connection was never made). */
  readonly sent: boolean;
  /** A TLS failure: certificate not trusted, wrong host name, handshake refused. Configuration, not weather. */
  readonly tls: boolean;
  constructor(cause: unknown) {
    const e = cause as { code?: string; name?: string; message?: string };
    const code = e.code ?? e.name ?? 'ERROR';
    super(`${code}: ${e.message ?? String(cause)}`, { cause });
    this.name = 'TransportError';
    this.code = code;
    this.tls = /^ERR_(TLS|SSL)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);
    this.sent = !NOT_SENT.has(code) && !this.tls;
  }
}

export interface Transport {
  /** The absolute URL for a path relative to the FHIR base, or for a link the archive gave (re-rooted on the base). */
  url(pathOrLink: string): URL;
  send(req: HttpRequest): Promise<HttpAnswer>;
  /** The same pool under another identity header (demo mode: one client system acting for several users). */
  as(userId: string): Transport;
  close(): Promise<void>;
}

export function httpTransport(options: ResolvedOptions): Transport {
  const { identity, timeouts, baseUrl } = options;
  const agent = new Agent({
    connect: {
      timeout: timeouts.connectMs,
      ...(options.caPem ? { ca: options.caPem } : {}),
      ...(identity.kind === 'system-certificate' ? { cert: identity.certPem, key: identity.keyPem } : {}),
    },
    headersTimeout: timeouts.requestMs,
    bodyTimeout: timeouts.requestMs,
  });

  const url = (pathOrLink: string): URL => {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(pathOrLink)) return new URL(pathOrLink.replace(/^\/+/, ''), baseUrl);
    // A Bundle link is absolute and built from the Host the archive saw (a proxy may show another): only its
    // part below the FHIR base is used, always on our base, so the identity never travels to another origin.
    const link = new URL(pathOrLink);
    if (!link.pathname.startsWith(baseUrl.pathname)) {
      throw new TransportError({ code: 'FOREIGN_LINK', message: 'a link outside the archive FHIR base was not followed' });
    }
    return new URL(link.pathname.slice(baseUrl.pathname.length) + link.search, baseUrl);
  };

  const make = (userId: string | undefined): Transport => ({
    url,
    as: (other) => {
      if (identity.kind !== 'demo-user') throw new TypeError('acting as another user is for demo identities only');
      return make(other);
    },
    close: () => agent.close(),
    async send(req) {
      const headers: Record<string, string> = { 'user-agent': options.userAgent, ...req.headers };
      if (userId !== undefined) headers[DEMO_USER_HEADER] = userId;
      try {
        const res = await request(req.url, {
          method: req.method,
          headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
          dispatcher: agent,
          signal: AbortSignal.timeout(timeouts.requestMs),
        });
        const body = Buffer.from(await res.body.arrayBuffer());
        return { status: res.statusCode, headers: res.headers as HttpAnswer['headers'], body };
      } catch (err) {
        throw new TransportError(err);
      }
    },
  });
  return make(identity.kind === 'demo-user' ? identity.userId : undefined);
}
