import type { FastifyInstance, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import { DatabaseUnavailableError } from '../../lib/service-unavailable.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { fhirJson } from './fhir-json.ts';
import { authenticateChallenge, installHttpConventions } from './http-conventions.ts';
import { outcomeFromError, outcomeFromIssues } from './operation-outcome.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the FHIR plugin's authentication hook for every route below /fhir/R4 except metadata. */
    identity?: Identity;
    /** Absolute URL of the FHIR base this request came in under (e.g. https://host/fhir/R4), for Bundle links. */
    fhirBase?: string;
  }
}

/** Absolute FHIR base of the request: Bundle links and fullUrls must be absolute for FHIR clients to follow them. */
export function fhirBaseOf(request: FastifyRequest): string {
  return request.fhirBase ?? `${request.protocol}://${request.host}`;
}

/** The identity of an authenticated FHIR request; routes call this instead of reading headers. */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new ArkkiError('unauthenticated', 'authentication required');
  return request.identity;
}

export function sendResource(reply: FastifyReply, status: number, resource: unknown): FastifyReply {
  return reply.code(status).header('content-type', FHIR_JSON).send(fhirJson(resource));
}

/** Query parameters as a plain map; a repeated parameter becomes an array. */
export type QueryMap = Record<string, string | string[] | undefined>;

/** Rejects parameters a route does not know: silently ignoring a filter would return too much. */
export function rejectUnknownParams(query: QueryMap, known: readonly string[]): void {
  const always = ['_format', '_pretty'];
  const unknown = Object.keys(query).filter((k) => !known.includes(k) && !always.includes(k));
  if (unknown.length > 0) {
    throw new ArkkiError(
      'not-supported',
      unknown.map((k) => ({
        field: k,
        rule: 'unknown-search-parameter',
        message: `unknown search parameter '${k}'; supported: ${known.join(', ')}`,
      })),
    );
  }
}

export function single(query: QueryMap, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) {
    throw new ArkkiError('invalid', [{ field: name, rule: 'repeated', message: `parameter '${name}' may be given once` }]);
  }
  return v === '' ? undefined : v;
}

/** Shared error mapping and authentication for every FHIR route; mount with prefix /fhir/R4. */
export function installFhirBasics(app: FastifyInstance, ctx: ArchiveAdapterContext): void {
  // fastify's built-in text/plain parser would hand a string to the routes (a 400 about the resource type
  // instead of a 415): in the FHIR scope only FHIR JSON (and plain JSON) bodies are parsed at all.
  app.removeAllContentTypeParsers();
  for (const type of ['application/fhir+json', 'application/json']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: ctx.config.maxBodyBytes * 2 + 1024 * 1024 }, (_req, body, done) => {
      try {
        done(null, body === '' ? undefined : JSON.parse(body as string));
      } catch (e) {
        done(
          new ArkkiError('invalid', [{ field: 'body', rule: 'json', message: `request body is not valid JSON: ${(e as Error).message}` }]),
          undefined,
        );
      }
    });
  }
  // Anything else is refused with 415 naming the accepted types (fastify's default parser would answer 415 without saying which).
  app.addContentTypeParser('*', (req, _payload, done) => {
    done(
      new ArkkiError('unsupported-media-type', [
        {
          field: 'content-type',
          rule: 'media-type',
          message: `content type '${req.headers['content-type']}' is not accepted; send application/fhir+json`,
        },
      ]),
      undefined,
    );
  });

  const methodNotAllowed = installHttpConventions(app);
  // FHIR answers carry client data (or say whether it exists): no cache may keep them, and a browser may not
  // guess another type than the one sent (a Binary served as text/html, for one).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });

  app.addHook('onRequest', async (request) => {
    request.fhirBase = `${request.protocol}://${request.host}${app.prefix}`;
    // Only the CapabilityStatement is open; decided on the matched route, not on the URL text.
    if (request.routeOptions.url?.endsWith('/metadata')) return;
    request.identity = await ctx.authenticate(request);
  });

  app.setErrorHandler((error: FastifyError | ArkkiError, request, reply) => {
    if (error instanceof ArkkiError) {
      const { status, body } = outcomeFromError(error);
      if (status === 401) reply.header('www-authenticate', authenticateChallenge(ctx));
      return sendResource(reply, status, body);
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendResource(
        reply,
        413,
        outcomeFromIssues('too-costly', [
          {
            field: 'body',
            rule: 'max-size',
            message: `request body is larger than the limit of ${ctx.config.maxBodyBytes} bytes per document`,
          },
        ]),
      );
    }
    if (fe.validation) {
      const issues = fe.validation.map((v) => {
        const field = `${fe.validationContext ?? ''}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`;
        const missing = (v.params as { missingProperty?: string }).missingProperty;
        return {
          field: missing ? `${field}.${missing}`.replace(/^\./, '') : field.replace(/^\./, ''),
          rule: v.keyword,
          message: v.message ?? 'invalid',
        };
      });
      return sendResource(reply, 400, outcomeFromIssues('invalid', issues));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendResource(
        reply,
        fe.statusCode,
        outcomeFromIssues('invalid', [{ field: '', rule: fe.code ?? 'request', message: fe.message }]),
      );
    }
    if (error instanceof DatabaseUnavailableError) {
      // The primary died or a failover is under way: nothing was stored (or, for a commit cut off mid-way,
      // it may have been; a resend of the same document is answered 200 then), so the client sends again.
      request.log.warn({ err: error.message }, 'database unavailable');
      return sendResource(
        reply.header('retry-after', String(error.retryAfterSeconds)),
        503,
        outcomeFromIssues('transient', [
          {
            field: '',
            rule: 'database-unavailable',
            message: 'the archive database is not reachable right now; the request was not completed, send it again later',
          },
        ]),
      );
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendResource(
      reply,
      500,
      outcomeFromIssues('exception', [
        { field: '', rule: 'internal', message: 'internal error; the request was not completed and nothing was stored' },
      ]),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const notAllowed = methodNotAllowed(request);
    if (notAllowed)
      return sendResource(
        reply.header('allow', notAllowed.allow),
        405,
        outcomeFromIssues('not-supported', [{ field: '', rule: 'method', message: notAllowed.message }]),
      );
    return sendResource(
      reply,
      404,
      outcomeFromIssues('not-found', [{ field: '', rule: 'route', message: `no FHIR interaction ${request.method} ${request.url}` }]),
    );
  });
}
