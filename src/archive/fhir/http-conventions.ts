// The HTTP side of FHIR R4 (http.html) that standard clients rely on, in one place for every FHIR route:
//   - 406 for a response format that is not offered (FHIR XML by Accept or _format): JSON with 200 would
//     be parsed as XML by the client and fail somewhere less clear;
//   - 405 with Allow for a path that exists with other methods (PUT or DELETE of a document);
//   - conditional reads: If-None-Match against the ETag → 304;
//   - Prefer: return=minimal | OperationOutcome | representation on writes, with Preference-Applied;
//   - the WWW-Authenticate challenge every 401 must carry (RFC 9110 §11.6.1).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';

type Json = Record<string, unknown>;

const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];
const FHIR_XML_TYPES = ['application/fhir+xml', 'application/xml+fhir'];
const JSON_FORMATS = new Set(['json', ...JSON_TYPES]);

/** Media ranges of an Accept header with q > 0, without parameters, lower-case. */
function acceptedTypes(accept: string): string[] {
  return accept
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return q && Number(q.slice(2)) === 0 ? '' : (type ?? '');
    })
    .filter(Boolean);
}

/** Routes whose answer is not a FHIR resource of their own (a document body, an export file): any Accept but FHIR XML alone. */
const RAW_ROUTES = [/\/Binary\/:id$/, /\/\$log-export$/];

function refuseFormat(message: string): never {
  throw new ArkkiError('not-acceptable', [{ field: 'accept', rule: 'format', message }]);
}

function checkFormat(request: FastifyRequest): void {
  const format = (request.query as Record<string, unknown> | undefined)?._format;
  for (const f of format === undefined ? [] : ([] as unknown[]).concat(format)) {
    if (!JSON_FORMATS.has(String(f).toLowerCase()))
      refuseFormat(`_format '${String(f)}' is not offered: this server answers in FHIR JSON only (_format=json or application/fhir+json)`);
  }
  const accept = request.headers.accept;
  if (!accept) return;
  const types = acceptedTypes(accept);
  if (types.length === 0) return;
  const raw = RAW_ROUTES.some((r) => r.test(request.routeOptions.url ?? ''));
  const ok = raw
    ? types.some((t) => !FHIR_XML_TYPES.includes(t))
    : types.some((t) => t === '*/*' || t === 'application/*' || JSON_TYPES.includes(t));
  if (!ok) refuseFormat(`Accept '${accept}' asks for a format this server does not offer; it answers application/fhir+json`);
}

/** Route patterns seen so far (onRoute), to tell "no such path" (404) from "not with this method" (405). */
interface RoutePattern {
  match: RegExp;
  methods: Set<string>;
}

function patternOf(url: string): RegExp {
  const escaped = url
    .replace(/\/+$/, '')
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Installs the format check and conditional reads on the FHIR scope (before its routes are registered, so
 * every route is seen); returns the 405 test for the scope's not-found handler.
 */
export function installHttpConventions(app: FastifyInstance): (request: FastifyRequest) => { allow: string; message: string } | undefined {
  const routes = new Map<string, RoutePattern>();
  app.addHook('onRoute', (route) => {
    const key = route.url;
    const entry = routes.get(key) ?? { match: patternOf(key), methods: new Set<string>() };
    for (const m of ([] as string[]).concat(route.method)) entry.methods.add(m.toUpperCase());
    routes.set(key, entry);
  });
  const allowedMethods = (path: string): string[] => {
    const methods = new Set<string>();
    for (const r of routes.values()) if (r.match.test(path)) for (const m of r.methods) methods.add(m);
    return [...methods].sort();
  };

  app.addHook('preValidation', async (request) => checkFormat(request));

  // Conditional read: the route has set the ETag of what it is about to send; a match answers 304 without a body.
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    const etag = reply.getHeader('etag');
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof etag !== 'string' || !ifNoneMatch) return payload;
    const weak = (t: string) => t.trim().replace(/^W\//, '');
    const matches = ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => weak(t) === weak(etag));
    if (!matches) return payload;
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return '';
  });

  // 405 with Allow when the path exists with other methods; undefined when it does not exist at all.
  return (request) => {
    const path = request.url.split('?')[0]!;
    const methods = allowedMethods(path);
    if (methods.length === 0 || methods.includes(request.method)) return undefined;
    return { allow: methods.join(', '), message: `${request.method} is not supported on ${path}; allowed: ${methods.join(', ')}` };
  };
}

/** The challenge of a 401: which credentials this server wants (RFC 9110 needs one on every 401). */
export function authenticateChallenge(ctx: Pick<ArchiveAdapterContext, 'config'>): string {
  return ctx.config.mode === 'production'
    ? 'Mutual realm="arkki", error="client certificate required or refused"'
    : 'X-Arkki-Demo-User realm="arkki-demo"';
}

/** Validators of a served version: ETag and Last-Modified (an HTTP-date from meta.lastUpdated). */
export function versionHeaders(reply: FastifyReply, etag: string, lastUpdated: string): void {
  reply.header('etag', etag);
  reply.header('last-modified', new Date(lastUpdated).toUTCString());
}

export type ReturnPreference = 'minimal' | 'OperationOutcome' | 'representation';

/** Prefer: return=… of a write; anything else asked (or nothing) is the representation, as FHIR's default. */
export function returnPreference(request: FastifyRequest): ReturnPreference | undefined {
  const prefer = String(request.headers.prefer ?? '');
  const m = /(?:^|[,;\s])return\s*=\s*"?(minimal|OperationOutcome|representation)"?/i.exec(prefer);
  if (!m) return undefined;
  const v = m[1]!.toLowerCase();
  return v === 'minimal' ? 'minimal' : v === 'operationoutcome' ? 'OperationOutcome' : 'representation';
}

/** The body of a write's answer as the client preferred it, and the Preference-Applied header when it asked. */
export function preferredBody(request: FastifyRequest, reply: FastifyReply, resource: Json, summary: string): Json | undefined {
  const preference = returnPreference(request);
  if (preference) reply.header('preference-applied', `return=${preference}`);
  if (preference === 'minimal') return undefined;
  if (preference === 'OperationOutcome')
    return {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', diagnostics: summary }],
    };
  return resource;
}
