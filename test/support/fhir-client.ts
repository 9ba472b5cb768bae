import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { CodeSets } from '../../src/lib/codes/code-sets.ts';
import { DEMO_USER_HEADER } from '../../src/archive/auth/demo-authenticator.ts';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import type { DocumentBody } from '../../src/archive/domain/archived-document.ts';
import { metadataToFhir, type Json } from '../../src/archive/fhir/document-reference.ts';
import { ext } from '../../src/archive/fhir/systems.ts';
import { pdf } from './archive-fixtures.ts';

// What a vendor's client system sends: a DocumentReference create payload built from national metadata,
// and a small inject wrapper that speaks FHIR JSON as a demo user.

export const FHIR_BASE = '/fhir/R4';
export const FHIR_JSON_TYPE = 'application/fhir+json';

/** A DocumentReference create payload: the metadata mapping plus the body as a base64 attachment with its hashes. */
export function documentReferencePayload(meta: DocumentMetadata, codeSets: CodeSets, body: DocumentBody = pdf()): Json {
  const resource = metadataToFhir(meta, codeSets);
  resource.content = [
    {
      attachment: {
        extension: [{ url: ext('sha256'), valueString: createHash('sha256').update(body.data).digest('hex') }],
        contentType: body.contentType,
        language: meta.language,
        data: body.data.toString('base64'),
        size: body.data.length,
        hash: createHash('sha1').update(body.data).digest('base64'),
      },
    },
  ];
  return resource;
}

/** A batch Bundle of DocumentReference creates, in the given order. */
export function batchBundle(resources: unknown[]): Json {
  return {
    resourceType: 'Bundle',
    type: 'batch',
    entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: 'DocumentReference' } })),
  };
}

export interface FhirResponse {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: Json;
  raw: LightMyRequestResponse;
}

export interface FhirClient {
  get(url: string, headers?: Record<string, string>): Promise<FhirResponse>;
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<FhirResponse>;
  /** Any request; `url` is relative to /fhir/R4 unless it starts with '/'. */
  request(options: InjectOptions): Promise<FhirResponse>;
}

function parse(res: LightMyRequestResponse): FhirResponse {
  let body: Json = {};
  if (/json/.test(String(res.headers['content-type'] ?? '')) && res.body) body = res.json() as Json;
  return { status: res.statusCode, headers: res.headers, body, raw: res };
}

/** Relative to /fhir/R4, or an absolute path, or an absolute URL from a Bundle link (its path is used). */
function full(url: string): string {
  if (/^https?:\/\//.test(url)) {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  }
  return url.startsWith('/') ? url : `${FHIR_BASE}/${url}`;
}

/** Injects requests into `app` as demo user `userId` (no header when userId is undefined). */
export function fhirClient(app: FastifyInstance, userId: string | undefined): FhirClient {
  const auth = (): Record<string, string> => (userId === undefined ? {} : { [DEMO_USER_HEADER]: userId });
  const request = async (options: InjectOptions) => {
    const headers = { ...auth(), ...(options.headers as Record<string, string> | undefined) };
    return parse(await app.inject({ ...options, url: full(String(options.url)), headers }));
  };
  return {
    request,
    get: (url, headers = {}) => request({ method: 'GET', url, headers }),
    post: (url, body, headers = {}) =>
      request({
        method: 'POST',
        url,
        headers: { 'content-type': FHIR_JSON_TYPE, ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** The issues of an OperationOutcome as "expression | rule | diagnostics" lines, for readable assertions. */
export function issueLines(outcome: Json): string[] {
  const issues = (outcome.issue ?? []) as Array<{
    expression?: string[];
    diagnostics?: string;
    details?: { coding?: Array<{ code: string }> };
  }>;
  return issues.map((i) => `${(i.expression ?? []).join(',')} | ${i.details?.coding?.[0]?.code ?? ''} | ${i.diagnostics ?? ''}`);
}

/** The resources of a Bundle's entries. */
export function entries(bundle: Json): Json[] {
  return ((bundle.entry ?? []) as Array<{ resource: Json }>).map((e) => e.resource);
}

/** Removes an extension (by arkki name) from a resource or element in place. */
export function dropExtension(element: Json, name: string): void {
  element.extension = ((element.extension ?? []) as Json[]).filter((e) => e.url !== ext(name));
}
