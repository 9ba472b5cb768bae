import type { FastifyPluginAsync } from 'fastify';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { sha256Hex } from '../domain/body.ts';
import { PDF_CONTENT_TYPE } from '../service/cda-renderings.ts';
import { JSON_CONTENT_TYPE, XHTML_CONTENT_TYPE } from '../service/structured-renderings.ts';
import { renderingTarget, type RenderingKind } from './document-reference.ts';
import { identityOf, rejectUnknownParams, sendResource, type QueryMap } from './fhir-plugin.ts';

const RENDERING_CONTENT_TYPE: Record<RenderingKind, string> = {
  pdf: PDF_CONTENT_TYPE,
  json: JSON_CONTENT_TYPE,
  xhtml: XHTML_CONTENT_TYPE,
};

/** Binary/<document id>: the body as stored (PDF or CDA XML), or as a FHIR Binary when JSON is asked for. */
export function binaryRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { id: string } }>('/Binary/:id', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, []);
      // <document id>-pdf: the PDF beside an archived CDA (phase I: its nonXMLBody; phase 2: rendered);
      // <document id>-json / -xhtml: a phase-2 document's content as JSON and its XHTML rendering. Every
      // rendering is made from the body read through the access seam (readBody: policy + usage-log row).
      const rendering = renderingTarget(request.params.id);
      const use = ctx.forIdentity(identityOf(request));
      const read = await use.readBody(rendering?.documentId ?? request.params.id);
      const { doc } = read;
      let { body } = read;
      if (rendering) {
        if (doc.format !== 'cda')
          throw new ArkkiError('not-found', [
            {
              field: 'id',
              rule: 'no-rendering',
              message: `document ${doc.documentId} is stored as ${doc.format}; renderings are offered for CDA documents (the body itself is Binary/${doc.documentId})`,
            },
          ]);
        const render = { pdf: use.pdfOfCda, json: use.jsonOfCda, xhtml: use.xhtmlOfCda }[rendering.kind];
        const data = await render(doc, body.data);
        body = { contentType: RENDERING_CONTENT_TYPE[rendering.kind], data };
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
      // The XHTML rendering is arkki's own (no script, no external resource): its inline style may apply.
      const style = rendering?.kind === 'xhtml' ? " style-src 'unsafe-inline';" : '';
      if (body.contentType !== 'application/pdf') reply.header('content-security-policy', `default-src 'none';${style} sandbox`);
      return reply.code(200).header('content-type', body.contentType).send(body.data);
    });
  };
}
