import type { FastifyPluginAsync } from 'fastify';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { sha256Hex } from '../domain/body.ts';
import { PDF_CONTENT_TYPE } from '../service/cda-renderings.ts';
import { pdfBinaryTarget } from './document-reference.ts';
import { identityOf, rejectUnknownParams, sendResource, type QueryMap } from './fhir-plugin.ts';

/** Binary/<document id>: the body as stored (PDF or CDA XML), or as a FHIR Binary when JSON is asked for. */
export function binaryRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { id: string } }>('/Binary/:id', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, []);
      // <document id>-pdf: the PDF beside an archived CDA (phase I: its nonXMLBody; phase 2: rendered).
      const pdfOf = pdfBinaryTarget(request.params.id);
      const read = await ctx.forIdentity(identityOf(request)).readBody(pdfOf ?? request.params.id);
      const { doc } = read;
      let { body } = read;
      if (pdfOf) {
        if (doc.format !== 'cda')
          throw new ArkkiError('not-found', [
            {
              field: 'id',
              rule: 'no-rendering',
              message: `document ${doc.documentId} is stored as ${doc.format}; a PDF rendering is offered for CDA documents (the body itself is Binary/${doc.documentId})`,
            },
          ]);
        const data = await ctx.forIdentity(identityOf(request)).pdfOfCda(doc, body.data);
        body = { contentType: PDF_CONTENT_TYPE, data };
        reply.header('etag', `"${sha256Hex(data)}"`);
        reply.header('x-content-sha256', sha256Hex(data));
      } else {
        reply.header('etag', `"${doc.body.sha256}"`);
        reply.header('x-content-sha256', doc.body.sha256);
      }
      reply.header('cache-control', 'no-store');
      // A FHIR JSON format asked for (Accept or _format) gets the Binary resource; anything else the bytes.
      const format = `${request.headers.accept ?? ''} ${String(query._format ?? '')}`;
      if (/application\/(fhir\+)?json|(^|\s)json\b/.test(format)) {
        return sendResource(reply, 200, {
          resourceType: 'Binary',
          id: request.params.id,
          contentType: body.contentType,
          data: body.data.toString('base64'),
        });
      }
      // Bodies come from client systems: never sniffed, and an XML/JSON body opened in a browser runs no
      // script on the archive's origin (a CDA may carry XHTML). PDFs stay viewable (viewers break in sandbox).
      reply.header('x-content-type-options', 'nosniff');
      if (body.contentType !== 'application/pdf') reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply.code(200).header('content-type', body.contentType).send(body.data);
    });
  };
}
