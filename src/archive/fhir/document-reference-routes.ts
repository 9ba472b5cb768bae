import type { FastifyPluginAsync } from 'fastify';
import { ArkkiError, errorCodeFor } from '../../lib/errors.ts';
import { depsOf, type ArchiveContext } from '../context.ts';
import { encodeCursor } from '../domain/search.ts';
import { validateMetadata } from '../../lib/metadata/validate-metadata.ts';
import type { ArchiveDeps } from '../service/deps.ts';
import { documentHistory, readSetVersion } from '../service/read-documents.ts';
import { invalidateSet } from '../service/invalidate-set.ts';
import { searchArchive } from '../service/search-documents.ts';
import { storeDocument } from '../service/store-documents.ts';
import { CDA_CONTENT_TYPE, ingestCda } from '../service/ingest-cda.ts';
import { cdaSubmissionFromFhir, isCdaDocumentReference } from './cda-submission.ts';
import { historyBundle, queryString, searchBundle } from './bundle.ts';
import { documentReferenceInput } from './document-reference-input.ts';
import { splitProfessionalSignature } from './professional-signature-input.ts';
import { documentToFhir, type Json } from './document-reference.ts';
import { fhirBaseOf, identityOf, rejectUnknownParams, sendResource, type QueryMap } from './fhir-plugin.ts';
import { withFhirPaths } from './fhir-paths.ts';
import { DOCUMENT_SEARCH_PARAMS, parseDocumentSearch } from './search-params.ts';

/**
 * A parsed DocumentReference as a submission, or an ArkkiError naming every structural problem and, so
 * that one round trip shows everything to fix, the metadata problems of the fields that did parse.
 */
export function submissionFromFhir(resource: unknown, deps: ArchiveDeps) {
  // The professional e-signature signs a CDA document; a JSON submission has nothing it could cover.
  const r = resource && typeof resource === 'object' ? (resource as Json) : undefined;
  if (r && Array.isArray(r.content) && splitProfessionalSignature(r).content.length < r.content.length) {
    throw new ArkkiError(
      'invalid',
      withFhirPaths([
        {
          field: 'professionalSignature',
          rule: 'cda-only',
          message:
            'a professional e-signature is accepted only with a signed CDA document (storage format cda), whose unsigned form it signs',
        },
      ]),
    );
  }
  const parsed = documentReferenceInput(resource);
  if (parsed.issues.length > 0) {
    const reported = new Set(parsed.issues.map((i) => i.field));
    const more = reported.has('resourceType')
      ? []
      : validateMetadata(parsed.metadata, { codeSets: deps.codeSets, retention: deps.retention, now: deps.now() }).filter(
          (i) => !reported.has(i.field),
        );
    throw new ArkkiError(errorCodeFor(parsed.issues), withFhirPaths([...parsed.issues, ...more]));
  }
  return { metadata: parsed.metadata as never, body: parsed.body!, declared: parsed.declared };
}

export function fhirError(err: unknown): unknown {
  return err instanceof ArkkiError ? new ArkkiError(err.code, withFhirPaths(err.issues)) : err;
}

function versionNumber(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw))
    throw new ArkkiError('invalid', [{ field: 'vid', rule: 'version', message: `version '${raw}' must be a whole number ≥ 1` }]);
  return Number(raw);
}

export function documentReferenceRoutes(ctx: ArchiveContext): FastifyPluginAsync {
  return async (app) => {
    const deps = depsOf(ctx);

    // A signed CDA may also be POSTed as itself: the metadata is its signed header (docs/fhir-mapping.md §3).
    app.addContentTypeParser(
      CDA_CONTENT_TYPE,
      { parseAs: 'buffer', bodyLimit: ctx.config.maxBodyBytes * 2 + 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    app.post('/DocumentReference', async (request, reply) => {
      try {
        const identity = identityOf(request);
        const { created, document } = Buffer.isBuffer(request.body)
          ? await ingestCda(deps, identity, {
              data: request.body,
              contentType: String(request.headers['content-type'] ?? CDA_CONTENT_TYPE),
            })
          : isCdaDocumentReference(request.body)
            ? await ingestCda(deps, identity, cdaSubmissionFromFhir(request.body))
            : await storeDocument(deps, identity, submissionFromFhir(request.body, deps));
        reply.header('location', `DocumentReference/${document.setId}/_history/${document.version}`);
        reply.header('etag', `W/"${document.version}"`);
        return sendResource(reply, created ? 201 : 200, documentToFhir(document, ctx.codeSets));
      } catch (err) {
        throw fhirError(err);
      }
    });

    app.get<{ Params: { id: string } }>('/DocumentReference/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const doc = await readSetVersion(deps, identityOf(request), request.params.id);
      reply.header('etag', `W/"${doc.version}"`);
      return sendResource(reply, 200, documentToFhir(doc, ctx.codeSets));
    });

    app.get<{ Params: { id: string; vid: string } }>('/DocumentReference/:id/_history/:vid', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const doc = await readSetVersion(deps, identityOf(request), request.params.id, versionNumber(request.params.vid));
      return sendResource(reply, 200, documentToFhir(doc, ctx.codeSets));
    });

    app.get<{ Params: { id: string } }>('/DocumentReference/:id/_history', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const versions = await documentHistory(deps, identityOf(request), request.params.id);
      return sendResource(
        reply,
        200,
        historyBundle(
          fhirBaseOf(request),
          versions.map((d) => documentToFhir(d, ctx.codeSets)),
        ),
      );
    });

    app.get('/DocumentReference', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, DOCUMENT_SEARCH_PARAMS);
      const criteria = parseDocumentSearch(query);
      const { docs, more } = await searchArchive(deps, identityOf(request), criteria);
      const self = queryString(query);
      const last = docs[docs.length - 1];
      const next =
        more && last
          ? [queryString(query, ['_page_token']), `_page_token=${encodeCursor({ completed: last.completed, documentId: last.documentId })}`]
              .filter(Boolean)
              .join('&')
          : undefined;
      return sendResource(
        reply,
        200,
        searchBundle(
          fhirBaseOf(request),
          'DocumentReference',
          self,
          docs.map((d) => documentToFhir(d, ctx.codeSets)),
          next,
        ),
      );
    });

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
      const doc = await invalidateSet(deps, identityOf(request), request.params.id, reason);
      return sendResource(reply, 200, documentToFhir(doc, ctx.codeSets));
    });
  };
}
