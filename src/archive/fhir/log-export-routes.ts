import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { identityOf, rejectUnknownParams, single, type QueryMap } from './fhir-plugin.ts';
import { parseClientParam } from './search-params.ts';

// GET /fhir/R4/$log-export: the log controller's export of the caller's register keeper's usage or
// disclosure log as CSV or JSON, streamed (a month can be large). A custom operation beside AuditEvent:
// AuditEvent search pages FHIR resources; this is the file the log controller archives or hands over.
// Refusals come back as OperationOutcome before any row is sent.

export function logExportRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/$log-export', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['log', 'format', 'month', 'from', 'to', 'patient.identifier', 'agent']);
      const patient = single(query, 'patient.identifier');
      const exp = await ctx.forIdentity(identityOf(request)).openLogExport({
        log: single(query, 'log'),
        format: single(query, 'format'),
        month: single(query, 'month'),
        from: single(query, 'from'),
        to: single(query, 'to'),
        clientKey: patient ? parseClientParam('patient.identifier', patient) : undefined,
        userId: single(query, 'agent'),
      });
      return reply
        .code(200)
        .header('content-type', exp.contentType)
        .header('content-disposition', `attachment; filename="${exp.fileName}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(exp.chunks));
    });
  };
}
