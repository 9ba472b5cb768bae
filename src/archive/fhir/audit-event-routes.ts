import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { UsageRow } from '../domain/usage-row.ts';
import { pageQuery, queryString, searchBundle } from './bundle.ts';
import { issuePageToken, readPageToken } from './page-token.ts';
import { acceptFormSearch, RESULT_PARAMS, resultParams, searchQuery, withElements } from './search-request.ts';
import { fhirBaseOf, identityOf, rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { dateRange, parseClientParam, parsePatientReference } from './search-params.ts';
import { AUDIT_ENTITY_TYPE_SYSTEM, ORGANISATION_REGISTER_SYSTEM, URI_SYSTEM, USAGE_ACTION_SYSTEM, USER_ID_SYSTEM, ext } from './systems.ts';
import { USAGE_ACTIONS } from './api-code-systems.ts';
import { clientIdToFhirIdentifier, parseClientKey } from '../../lib/identifiers/client-id.ts';

const ACTION_CODE: Record<string, string> = { create: 'C', 'new-version': 'U', invalidate: 'D' };
const OUTCOME: Record<string, string> = { success: '0', denied: '4', failed: '8' };

/** One usage-log row as an AuditEvent (R4). */
export function toAuditEvent(r: UsageRow): Record<string, unknown> {
  const entity = [
    ...(r.clientKey
      ? [
          {
            what: { identifier: clientIdToFhirIdentifier(parseClientKey(r.clientKey)) },
            type: { system: AUDIT_ENTITY_TYPE_SYSTEM, code: '1', display: 'Person' },
          },
        ]
      : []),
    ...r.documentIds.map((id) => ({
      what: { identifier: { system: URI_SYSTEM, value: `urn:oid:${id}` } },
      type: { system: AUDIT_ENTITY_TYPE_SYSTEM, code: '2', display: 'System Object' },
    })),
  ];
  return {
    resourceType: 'AuditEvent',
    id: String(r.id),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: USAGE_ACTION_SYSTEM, code: r.action, display: USAGE_ACTIONS[r.action] }],
    action: ACTION_CODE[r.action] ?? 'R',
    recorded: r.at,
    outcome: OUTCOME[r.outcome],
    outcomeDesc: `${r.outcome}: rule ${r.rule}`,
    ...(r.purpose ? { purposeOfEvent: [{ text: r.purpose }] } : {}),
    agent: [
      {
        who: { identifier: { system: USER_ID_SYSTEM, value: r.userId }, display: r.userName },
        ...(r.professionalId ? { altId: r.professionalId } : {}),
        role: [{ text: r.role }],
        requestor: true,
        extension: [{ url: ext('on-behalf-of'), valueIdentifier: { system: ORGANISATION_REGISTER_SYSTEM, value: r.organisationOid } }],
      },
    ],
    source: { observer: { display: r.systemId } },
    // No client and no documents (e.g. a register-wide search) means no entity at all: R4 has no empty arrays.
    ...(entity.length > 0 ? { entity } : {}),
    extension: [
      { url: ext('access-rule'), valueCode: r.rule },
      { url: ext('register-keeper'), valueIdentifier: { system: ORGANISATION_REGISTER_SYSTEM, value: r.registerKeeperOid } },
    ],
  };
}

export const AUDIT_EVENT_SEARCH_PARAMS = ['patient', 'patient.identifier', 'agent', 'subtype', 'action', 'date'] as const;
/** Elements R4 makes mandatory in an AuditEvent: kept under _elements. */
const MANDATORY = ['type', 'recorded', 'agent', 'source'] as const;

function usageQuery(query: QueryMap) {
  const patient = single(query, 'patient');
  const chained = single(query, 'patient.identifier');
  const keys = [
    ...(patient ? [parsePatientReference('patient', patient)] : []),
    ...(chained ? [parseClientParam('patient.identifier', chained)] : []),
  ];
  if (new Set(keys).size > 1)
    throw new ArkkiError('invalid', [
      { field: 'patient', rule: 'conflict', message: 'patient and patient.identifier name different clients' },
    ]);
  const subtype = single(query, 'subtype');
  const action = single(query, 'action');
  if (subtype && action && subtype !== action)
    throw new ArkkiError('invalid', [{ field: 'action', rule: 'conflict', message: 'action and subtype name different usage actions' }]);
  const dates = dateRange('date', query.date === undefined ? [] : ([] as string[]).concat(query.date));
  return {
    clientKey: keys[0],
    userId: single(query, 'agent'),
    action: subtype ?? action,
    from: dates.from,
    to: dates.before,
  };
}

export function auditEventRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    acceptFormSearch(app);
    const search = async (request: FastifyRequest, reply: FastifyReply) => {
      const query = searchQuery(request);
      rejectUnknownParams(query, [...AUDIT_EVENT_SEARCH_PARAMS, ...RESULT_PARAMS, '_offset']);
      if (query._offset !== undefined)
        throw new ArkkiError('not-supported', [
          {
            field: '_offset',
            rule: 'keyset-paging',
            message: 'the usage log pages by position, not by offset (each read adds rows at the top); follow the next link',
          },
        ]);
      const result = resultParams(query, { sortKey: 'date', defaultCount: 50, maxCount: 1000 });
      const page = single(query, '_page_token');
      const position = page ? readPageToken(page, query) : undefined;
      const edge = position
        ? (() => {
            const [at, id] = position.key;
            if (position.key.length !== 2 || !at || !/^\d{1,18}$/.test(id ?? '') || Number.isNaN(Date.parse(at)))
              throw new ArkkiError('invalid', [
                { field: '_page_token', rule: 'token', message: '_page_token is not one this server issued' },
              ]);
            return { at, id: Number(id) };
          })()
        : undefined;
      const previous = position?.direction === 'previous';
      const ascending = previous ? !result.ascending : result.ascending;
      const { rows: fetched, total } = await ctx.forIdentity(identityOf(request)).readUsageLog({
        ...usageQuery(query),
        limit: result.summaryCount ? 1 : result.count + 1,
        offset: 0,
        ascending,
        ...(edge ? { after: edge } : {}),
        noTotal: result.noTotal,
      });
      const more = fetched.length > result.count;
      const rows = result.summaryCount ? [] : fetched.slice(0, result.count);
      if (previous) rows.reverse();
      const first = rows[0];
      const last = rows[rows.length - 1];
      const token = (r: UsageRow, direction: 'next' | 'previous') => issuePageToken(query, { key: [r.at, String(r.id)], direction });
      // Reading forward, a next page exists when more rows came than fit; a previous one when this page was reached by a token.
      const hasNext = previous ? Boolean(position) : more;
      const hasPrevious = previous ? more : Boolean(position);
      const resources = rows.map((r) => withElements(toAuditEvent(r), result.elements, MANDATORY));
      return sendResource(
        reply,
        200,
        searchBundle(
          fhirBaseOf(request),
          'AuditEvent',
          queryString(query),
          resources,
          hasNext && last ? pageQuery(query, token(last, 'next')) : undefined,
          total,
          hasPrevious && first ? pageQuery(query, token(first, 'previous')) : undefined,
        ),
      );
    };
    app.get('/AuditEvent', search);
    app.post('/AuditEvent/_search', search);

    // The fullUrl of every entry above: one row, under the same rule, and the read is logged like a search.
    app.get<{ Params: { id: string } }>('/AuditEvent/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      if (!/^[1-9]\d{0,17}$/.test(request.params.id))
        throw new ArkkiError('not-found', [{ field: 'id', rule: 'not-found', message: `AuditEvent/${request.params.id} does not exist` }]);
      const row = await ctx.forIdentity(identityOf(request)).readUsageLogEntry(Number(request.params.id));
      return sendResource(reply, 200, toAuditEvent(row));
    });
  };
}
