import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { ArkkiError } from '../../lib/errors.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { ArchiveUseCases } from '../service/use-cases.ts';
import { CDA_CONTENT_TYPE } from '../service/ingest-cda.ts';
import { cdaSubmissionFromFhir, isCdaDocumentReference } from './cda-submission.ts';
import { historyBundle, pageQuery, queryString, searchBundle } from './bundle.ts';
import { preferredBody, versionHeaders } from './http-conventions.ts';
import { issuePageToken } from './page-token.ts';
import { acceptFormSearch, searchQuery, withElements } from './search-request.ts';
import { unsignedSubmissionError } from './unsigned-submission.ts';
import { documentEtag, documentToFhir, lastUpdatedOf, type Json } from './document-reference.ts';
import { fhirBaseOf, identityOf, rejectUnknownParams, sendResource, type QueryMap } from './fhir-plugin.ts';
import { withFhirPaths } from './fhir-paths.ts';
import { CLIENT_IDENTIFIER_FORMS, DOCUMENT_QUERY_PARAMS, DOCUMENT_SEARCH_PARAMS, parseDocumentSearch } from './search-params.ts';

export function fhirError(err: unknown): unknown {
  return err instanceof ArkkiError ? new ArkkiError(err.code, withFhirPaths(err.issues)) : err;
}

function versionNumber(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw))
    throw new ArkkiError('invalid', [{ field: 'vid', rule: 'version', message: `version '${raw}' must be a whole number ≥ 1` }]);
  return Number(raw);
}

/** Elements R4 makes mandatory in a DocumentReference: kept under _elements. */
const MANDATORY = ['status', 'content'] as const;

/**
 * If-None-Exist (conditional create): the search it names, through the same access seam and usage log as
 * any search; one match is the answer instead of a create, several are 412.
 */
async function existingFor(use: ArchiveUseCases, header: string): Promise<ArchivedDocument | undefined> {
  const query: QueryMap = {};
  for (const [k, v] of new URLSearchParams(header.replace(/^.*\?/, ''))) {
    const had = query[k];
    query[k] = had === undefined ? v : ([] as string[]).concat(had, v);
  }
  if (Object.keys(query).length === 0)
    throw new ArkkiError('invalid', [
      { field: 'If-None-Exist', rule: 'search', message: 'If-None-Exist needs search parameters, e.g. identifier=urn:oid:<set id>' },
    ]);
  try {
    rejectUnknownParams(query, [...DOCUMENT_SEARCH_PARAMS, ...CLIENT_IDENTIFIER_FORMS]);
    const { result: _result, ...criteria } = parseDocumentSearch(query);
    const { docs } = await use.searchArchive({ ...criteria, count: 2 });
    if (docs.length > 1)
      throw new ArkkiError('multiple-matches', [
        { field: 'If-None-Exist', rule: 'multiple-matches', message: `If-None-Exist '${header}' matches more than one document` },
      ]);
    return docs[0];
  } catch (err) {
    // Name the header, not a query parameter the request does not have.
    if (err instanceof ArkkiError && err.code !== 'forbidden' && err.code !== 'multiple-matches')
      throw new ArkkiError(
        err.code,
        err.issues.map((i) => ({ ...i, field: `If-None-Exist ${i.field}`.trim() })),
      );
    throw err;
  }
}

export function documentReferenceRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    acceptFormSearch(app);

    // A signed CDA may also be POSTed as itself: the metadata is its signed header (docs/fhir-mapping.md §3).
    app.addContentTypeParser(
      CDA_CONTENT_TYPE,
      { parseAs: 'buffer', bodyLimit: ctx.config.maxBodyBytes * 2 + 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    const sendVersion = (reply: FastifyReply, status: number, doc: ArchivedDocument, body: Json | undefined) => {
      versionHeaders(reply, documentEtag(doc), lastUpdatedOf(doc));
      return body === undefined ? reply.code(status).send() : sendResource(reply, status, body);
    };

    app.post('/DocumentReference', async (request, reply) => {
      try {
        const identity = identityOf(request);
        // Every document carries the system signature: only signed CDA is archived (unsigned-submission.ts).
        const raw = Buffer.isBuffer(request.body);
        if (!raw && !isCdaDocumentReference(request.body)) throw unsignedSubmissionError(request.body);
        const condition = request.headers['if-none-exist'];
        const existing = typeof condition === 'string' ? await existingFor(ctx.forIdentity(identity), condition) : undefined;
        const { created, document } = existing
          ? { created: false, document: existing }
          : await ctx
              .forIdentity(identity)
              .ingestCda(
                raw
                  ? { data: request.body as Buffer, contentType: String(request.headers['content-type'] ?? CDA_CONTENT_TYPE) }
                  : cdaSubmissionFromFhir(request.body, ctx.codeSets),
              );
        const where = `DocumentReference/${document.setId}/_history/${document.version}`;
        reply.header('location', `${fhirBaseOf(request)}/${where}`);
        const summary = existing
          ? `${where} already matches If-None-Exist; nothing was archived`
          : created
            ? `archived ${where}`
            : `${where} was archived before with the same content; nothing new was stored`;
        return sendVersion(
          reply,
          created ? 201 : 200,
          document,
          preferredBody(request, reply, documentToFhir(document, ctx.codeSets), summary),
        );
      } catch (err) {
        throw fhirError(err);
      }
    });

    app.get<{ Params: { id: string } }>('/DocumentReference/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const doc = await ctx.forIdentity(identityOf(request)).readSetVersion(request.params.id);
      return sendVersion(reply, 200, doc, documentToFhir(doc, ctx.codeSets));
    });

    app.get<{ Params: { id: string; vid: string } }>('/DocumentReference/:id/_history/:vid', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const doc = await ctx.forIdentity(identityOf(request)).readSetVersion(request.params.id, versionNumber(request.params.vid));
      return sendVersion(reply, 200, doc, documentToFhir(doc, ctx.codeSets));
    });

    app.get<{ Params: { id: string } }>('/DocumentReference/:id/_history', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const versions = await ctx.forIdentity(identityOf(request)).documentHistory(request.params.id);
      return sendResource(
        reply,
        200,
        historyBundle(
          fhirBaseOf(request),
          versions.map((d) => documentToFhir(d, ctx.codeSets)),
        ),
      );
    });

    const search = async (request: FastifyRequest, reply: FastifyReply) => {
      const query = searchQuery(request);
      rejectUnknownParams(query, DOCUMENT_QUERY_PARAMS);
      const { result, ...criteria } = parseDocumentSearch(query);
      const paged = Boolean(criteria.after);
      // The total is counted only when asked for; a first page that holds every match knows it for free.
      const found = await ctx.forIdentity(identityOf(request)).searchArchive({
        ...criteria,
        ...(result.summaryCount ? { count: 0 } : {}),
        ...(result.wantsTotal ? { total: true } : {}),
      });
      const docs = criteria.previous ? [...found.docs].reverse() : found.docs;
      const hasNext = criteria.previous ? true : found.more;
      const hasPrevious = criteria.previous ? found.more : paged;
      const total = found.total ?? (!paged && !found.more && !result.noTotal && !result.summaryCount ? docs.length : undefined);
      const first = docs[0];
      const last = docs[docs.length - 1];
      const link = (d: ArchivedDocument, direction: 'next' | 'previous') =>
        pageQuery(query, issuePageToken(query, { key: [d.completed, d.documentId], direction }));
      return sendResource(
        reply,
        200,
        searchBundle(
          fhirBaseOf(request),
          'DocumentReference',
          queryString(query),
          docs.map((d) => withElements(documentToFhir(d, ctx.codeSets), result.elements, MANDATORY)),
          hasNext && last ? link(last, 'next') : undefined,
          total,
          hasPrevious && first ? link(first, 'previous') : undefined,
        ),
      );
    };
    app.get('/DocumentReference', search);
    app.post('/DocumentReference/_search', search);

    // Invalidation (mitätöinti) of the current version of a set: a FHIR operation with the reason.
    app.post<{ Params: { id: string } }>('/DocumentReference/:id/$invalidate', async (request, reply) => {
      const params = request.body as Json | undefined;
      const reason = (params?.parameter as Json[] | undefined)?.find((p) => p.name === 'reason')?.valueString;
      if (params?.resourceType !== 'Parameters' || typeof reason !== 'string') {
        throw new ArkkiError('required', [
          {
            field: 'reason',
            rule: 'required',
            message: "send Parameters with parameter 'reason' (valueString): why the document was archived by mistake",
          },
        ]);
      }
      const doc = await ctx.forIdentity(identityOf(request)).invalidateSet(request.params.id, reason);
      const where = `DocumentReference/${doc.setId}/_history/${doc.version}`;
      return sendVersion(reply, 200, doc, preferredBody(request, reply, documentToFhir(doc, ctx.codeSets), `invalidated ${where}`));
    });
  };
}
