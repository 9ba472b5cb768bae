import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { searchBundle, queryString } from './bundle.ts';
import { fhirBaseOf, identityOf, rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { clientKeyFromPatientId, personToPatient } from './patient.ts';
import { parseClientParam, parsePatientReference } from './search-params.ts';
import { acceptFormSearch, searchQuery } from './search-request.ts';
import { ArkkiError } from '../../lib/errors.ts';

export function patientRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    acceptFormSearch(app);

    app.get<{ Params: { id: string } }>('/Patient/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const person = await ctx.forIdentity(identityOf(request)).readPerson(clientKeyFromPatientId(request.params.id));
      return sendResource(reply, 200, personToPatient(person));
    });

    const search = async (request: FastifyRequest, reply: FastifyReply) => {
      const query = searchQuery(request);
      rejectUnknownParams(query, ['identifier', '_id']);
      const identifier = single(query, 'identifier');
      const id = single(query, '_id');
      if (!identifier && !id)
        throw new ArkkiError('required', [
          { field: 'identifier', rule: 'required', message: 'search patients by identifier=urn:oid:1.2.246.21|<henkilötunnus> (or _id)' },
        ]);
      const keys = [...(identifier ? [parseClientParam('identifier', identifier)] : []), ...(id ? [parsePatientReference('_id', id)] : [])];
      if (new Set(keys).size > 1)
        throw new ArkkiError('invalid', [{ field: '_id', rule: 'conflict', message: '_id and identifier name different clients' }]);
      const key = keys[0]!;
      let found: ReturnType<typeof personToPatient>[] = [];
      try {
        found = [personToPatient(await ctx.forIdentity(identityOf(request)).readPerson(key))];
      } catch (err) {
        if (!(err instanceof ArkkiError && err.code === 'not-found')) throw err;
      }
      return sendResource(reply, 200, searchBundle(fhirBaseOf(request), 'Patient', queryString(query), found, undefined, found.length));
    };
    app.get('/Patient', search);
    app.post('/Patient/_search', search);

    // The client data summary (kooste): an arkki operation; its result is arkki's summary JSON.
    app.get<{ Params: { id: string } }>('/Patient/:id/$client-summary', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['service-task']);
      const summary = await ctx
        .forIdentity(identityOf(request))
        .summariseClient(clientKeyFromPatientId(request.params.id), single(query, 'service-task'));
      return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(summary));
    });
  };
}
