import type { FastifyPluginAsync } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { CdaSubmission } from '../service/ingest-cda.ts';
import { cdaSubmissionFromFhir, isCdaDocumentReference } from './cda-submission.ts';
import { documentEtag, documentToFhir, lastUpdatedOf, type Json } from './document-reference.ts';
import { fhirError } from './document-reference-routes.ts';
import { fhirBaseOf, identityOf, sendResource } from './fhir-plugin.ts';
import { outcomeFromError } from './operation-outcome.ts';
import { unsignedSubmissionError } from './unsigned-submission.ts';

export const MAX_BATCH = 1000;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
};

/**
 * FHIR batch of DocumentReference creates: the load queue's and the nightly batch's way in. Valid entries
 * are archived together in one transaction; each entry gets its own answer.
 */
export function batchRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/', async (request, reply) => {
      const bundle = request.body as Json | undefined;
      if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'batch') {
        throw new ArkkiError('invalid', [
          { field: 'Bundle.type', rule: 'batch', message: 'POST to the base accepts a Bundle of type batch' },
        ]);
      }
      if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) {
        throw new ArkkiError('invalid', [{ field: 'Bundle.entry', rule: 'type', message: 'Bundle.entry must be an array of entries' }]);
      }
      const entries = (bundle.entry ?? []) as Array<Json | null>;
      if (entries.length > MAX_BATCH)
        throw new ArkkiError('too-large', [
          { field: 'Bundle.entry', rule: 'max-entries', message: `a batch holds at most ${MAX_BATCH} entries, got ${entries.length}` },
        ]);
      const answers: Array<Json | undefined> = new Array(entries.length);
      const slots: Array<{ i: number; cda: CdaSubmission }> = [];
      entries.forEach((e, i) => {
        try {
          // A null or non-object entry is that entry's error, not a 500 for the whole batch.
          const req = (e && typeof e === 'object' ? e.request : undefined) as Json | undefined;
          if (req?.method !== 'POST' || req.url !== 'DocumentReference') {
            throw new ArkkiError('not-supported', [
              { field: `Bundle.entry[${i}].request`, rule: 'batch-interaction', message: 'batch entries must be POST DocumentReference' },
            ]);
          }
          // Every document carries the system signature: an unsigned entry is that entry's refusal.
          if (!isCdaDocumentReference(e!.resource)) throw unsignedSubmissionError(e!.resource);
          slots.push({ i, cda: cdaSubmissionFromFhir(e!.resource, ctx.codeSets) });
        } catch (err) {
          answers[i] = errorEntry(fhirError(err) as ArkkiError);
        }
      });
      // The signed CDA entries are verified and validated together (one XSD run), then the accepted ones
      // are archived in one transaction, so the batch order still decides what satisfies what.
      const results = slots.length > 0 ? await ctx.forIdentity(identityOf(request)).ingestCdaDocuments(slots.map((s) => s.cda)) : [];
      results.forEach((r, k) => {
        const { i } = slots[k]!;
        if (r.outcome === 'rejected') answers[i] = errorEntry(fhirError(r.error) as ArkkiError);
        else {
          const status = r.outcome === 'created' ? 201 : 200;
          answers[i] = {
            resource: documentToFhir(r.document, ctx.codeSets),
            response: {
              status: `${status} ${STATUS_TEXT[status]}`,
              location: `${fhirBaseOf(request)}/DocumentReference/${r.document.setId}/_history/${r.document.version}`,
              etag: documentEtag(r.document),
              lastModified: lastUpdatedOf(r.document),
            },
          };
        }
      });
      return sendResource(reply, 200, {
        resourceType: 'Bundle',
        type: 'batch-response',
        ...(answers.length > 0 ? { entry: answers } : {}),
      });
    });
  };
}

function errorEntry(err: ArkkiError): Json {
  if (!(err instanceof ArkkiError)) throw err;
  const { status, body } = outcomeFromError(err);
  return { response: { status: `${status} ${STATUS_TEXT[status] ?? ''}`.trim(), outcome: body } };
}
