import type { FastifyRequest } from 'fastify';

// What the server log may hold about a request or an error. Query strings carry client data (henkilötunnus,
// document ids, search values) and database errors carry the SQL's parameters (PGlite puts them on the
// error, PostgreSQL quotes values in messages and details), so neither is written: a request is logged by
// its method and path, a database error by its SQLSTATE and where it was thrown.

/** The request without its query string. */
export function safeRequest(request: FastifyRequest): { method: string; url: string; [key: string]: unknown } {
  const url = request.url ?? '';
  const q = url.indexOf('?');
  return {
    method: request.method,
    url: q < 0 ? url : `${url.slice(0, q)}?…`,
    route: request.routeOptions?.url,
    remoteAddress: request.ip,
  };
}

const isDatabaseError = (e: Record<string, unknown>) =>
  'query' in e || 'params' in e || ('severity' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code));

/** An error as type, message, code and stack frames; a database error without its message, SQL or values. */
export function safeError(err: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(err instanceof Error)) return { type: typeof err, message: 'non-Error thrown', stack: '' };
  const e = err as Error & Record<string, unknown>;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  if (isDatabaseError(e)) {
    return { type: e.name, message: `database error ${String(e.code ?? '')}`.trim(), code: e.code, stack: frames.join('\n') };
  }
  return { type: e.name, message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}), stack: frames.join('\n') };
}

export const LOG_SERIALIZERS = { req: safeRequest, err: safeError };
