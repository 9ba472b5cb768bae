// FHIR Organization read and search over the organisation register, mapped per the Finnish base profiles
// (domain README §12). The register is reference data, so any authenticated caller may read all of it.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import { isOid } from '../../lib/identifiers/oid.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { OrganisationFilter } from '../domain/organisation.ts';
import { rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { finnishDate, toFhirOrganization } from './organization.ts';
import { BUSINESS_ID_SYSTEM, ORGANISATION_REGISTER_SYSTEM } from './systems.ts';

export { finnishDate, toFhirOrganization } from './organization.ts';

// The published base-profile examples use this versioned system (with a urn:oid: value); accepted in searches.
const ORGANISATION_REGISTER_SYSTEM_VERSIONED = 'urn:oid:1.2.246.537.6.202.2008';

const SEARCH_PARAMS = ['identifier', 'name', 'name:contains', 'partof', 'active'] as const;

function invalid(field: string, message: string): ArkkiError {
  return new ArkkiError('invalid', [{ field, rule: 'search-parameter', message }]);
}

/** Search parameters → store filter; null when the search can match nothing (an identifier system we do not hold). */
function searchFilter(query: QueryMap, today: string): OrganisationFilter | null {
  const filter: OrganisationFilter = {};
  const identifier = single(query, 'identifier');
  if (identifier !== undefined) {
    const bar = identifier.indexOf('|');
    const system = bar < 0 ? undefined : identifier.slice(0, bar);
    const value = bar < 0 ? identifier : identifier.slice(bar + 1);
    if (system === ORGANISATION_REGISTER_SYSTEM || system === ORGANISATION_REGISTER_SYSTEM_VERSIONED) {
      filter.oid = value.replace(/^urn:oid:/, '');
    } else if (system === BUSINESS_ID_SYSTEM) filter.businessId = value;
    else if (system !== undefined) return null;
    else if (isOid(value)) filter.oid = value;
    else filter.businessId = value;
  }
  const name = single(query, 'name');
  if (name !== undefined) filter.nameStartsWith = name;
  const contains = single(query, 'name:contains');
  if (contains !== undefined) filter.name = contains;
  const partof = single(query, 'partof');
  if (partof !== undefined) {
    const oid = partof.replace(/^.*Organization\//, '');
    if (!isOid(oid)) throw invalid('partof', `partof must be Organization/<OID> or an OID, got '${partof}'`);
    filter.parentOid = oid;
  }
  const active = single(query, 'active');
  if (active === 'true') filter.activeOn = today;
  else if (active === 'false') filter.inactiveOn = today;
  else if (active !== undefined) throw invalid('active', `active must be true or false, got '${active}'`);
  return filter;
}

/** Absolute URL of the FHIR base this request came in under (e.g. https://host/fhir/R4). */
function baseUrl(request: FastifyRequest): string {
  const path = request.url.slice(0, request.url.indexOf('/Organization'));
  return `${request.protocol}://${request.host}${path}`;
}

export function organizationRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { id: string }; Querystring: QueryMap }>('/Organization/:id', async (request, reply) => {
      rejectUnknownParams(request.query, []);
      const org = await ctx.registers.organisation(request.params.id);
      if (!org) {
        throw new ArkkiError('not-found', [
          {
            field: 'id',
            rule: 'not-found',
            message: `Organization/${request.params.id} is not in the organisation register`,
          },
        ]);
      }
      const archiving = (await ctx.registers.archiving([org.oid])).get(org.oid);
      return sendResource(reply, 200, toFhirOrganization(org, finnishDate(ctx.now()), archiving));
    });

    app.get<{ Querystring: QueryMap }>('/Organization', async (request, reply) => {
      rejectUnknownParams(request.query, SEARCH_PARAMS);
      const today = finnishDate(ctx.now());
      const filter = searchFilter(request.query, today);
      const orgs = filter ? await ctx.registers.organisations(filter) : [];
      const base = baseUrl(request);
      const archiving = await ctx.registers.archiving(orgs.filter((o) => o.registerKeeper !== null).map((o) => o.oid));
      return sendResource(reply, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        total: orgs.length,
        link: [{ relation: 'self', url: `${base}${request.url.slice(request.url.indexOf('/Organization'))}` }],
        ...(orgs.length > 0
          ? {
              entry: orgs.map((org) => ({
                fullUrl: `${base}/Organization/${org.oid}`,
                resource: toFhirOrganization(org, today, archiving.get(org.oid)),
                search: { mode: 'match' },
              })),
            }
          : {}),
      });
    });
  };
}
