import type { FastifyPluginAsync } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import { depsOf, type ArchiveContext } from '../context.ts';
import type { UsageRow } from '../domain/usage-row.ts';
import { readUsageLog } from '../service/usage-log-query.ts';
import { queryString, searchBundle } from './bundle.ts';
import { fhirBaseOf, identityOf, rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { parseClientParam } from './search-params.ts';
import { ARKKI_BASE, ORGANISATION_REGISTER_SYSTEM, URI_SYSTEM, ext } from './systems.ts';
import { clientIdToFhirIdentifier, parseClientKey } from '../../lib/identifiers/client-id.ts';

const ACTION_CODE: Record<string, string> = { create: 'C', 'new-version': 'U', invalidate: 'D' };
const OUTCOME: Record<string, string> = { success: '0', denied: '4', failed: '8' };

/** One usage-log row as an AuditEvent (R4). */
function toAuditEvent(r: UsageRow): Record<string, unknown> {
  return {
    resourceType: 'AuditEvent',
    id: String(r.id),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: `${ARKKI_BASE}/CodeSystem/usage-action`, code: r.action }],
    action: ACTION_CODE[r.action] ?? 'R',
    recorded: r.at,
    outcome: OUTCOME[r.outcome],
    outcomeDesc: `${r.outcome}: rule ${r.rule}`,
    ...(r.purpose ? { purposeOfEvent: [{ text: r.purpose }] } : {}),
    agent: [
      {
        who: { identifier: { value: r.userId }, display: r.userName },
        ...(r.professionalId ? { altId: r.professionalId } : {}),
        role: [{ text: r.role }],
        requestor: true,
        extension: [{ url: ext('on-behalf-of'), valueIdentifier: { system: ORGANISATION_REGISTER_SYSTEM, value: r.organisationOid } }],
      },
    ],
    source: { observer: { display: r.systemId } },
    entity: [
      ...(r.clientKey
        ? [{ what: { identifier: clientIdToFhirIdentifier(parseClientKey(r.clientKey)) }, type: { code: '1', display: 'Person' } }]
        : []),
      ...r.documentIds.map((id) => ({
        what: { identifier: { system: URI_SYSTEM, value: `urn:oid:${id}` } },
        type: { code: '2', display: 'System Object' },
      })),
    ],
    extension: [
      { url: ext('access-rule'), valueCode: r.rule },
      { url: ext('register-keeper'), valueIdentifier: { system: ORGANISATION_REGISTER_SYSTEM, value: r.registerKeeperOid } },
    ],
  };
}

export function auditEventRoutes(ctx: ArchiveContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/AuditEvent', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['patient.identifier', 'agent', 'date', 'action', '_count', '_offset']);
      const patient = single(query, 'patient.identifier');
      const dates = query.date === undefined ? [] : ([] as string[]).concat(query.date);
      let from: string | undefined;
      let to: string | undefined;
      for (const d of dates) {
        const m = /^(ge|lt)(\d{4}-\d{2}-\d{2}.*)$/.exec(d);
        if (!m || Number.isNaN(Date.parse(m[2]!)))
          throw new ArkkiError('invalid', [{ field: 'date', rule: 'date', message: `date '${d}' must be geYYYY-MM-DD or ltYYYY-MM-DD` }]);
        if (m[1] === 'ge') from = m[2];
        else to = m[2];
      }
      const count = Number(single(query, '_count') ?? 50);
      const offset = Number(single(query, '_offset') ?? 0);
      if (!Number.isInteger(count) || count < 1 || count > 1000)
        throw new ArkkiError('invalid', [{ field: '_count', rule: 'range', message: '_count must be 1–1000' }]);
      if (!Number.isInteger(offset) || offset < 0)
        throw new ArkkiError('invalid', [{ field: '_offset', rule: 'range', message: '_offset must be a whole number ≥ 0' }]);
      const { rows, total } = await readUsageLog(depsOf(ctx), identityOf(request), {
        clientKey: patient ? parseClientParam('patient.identifier', patient) : undefined,
        userId: single(query, 'agent'),
        action: single(query, 'action'),
        from,
        to,
        limit: count,
        offset,
      });
      const next =
        offset + rows.length < total
          ? [queryString(query, ['_offset']), `_offset=${offset + rows.length}`].filter(Boolean).join('&')
          : undefined;
      return sendResource(
        reply,
        200,
        searchBundle(fhirBaseOf(request), 'AuditEvent', queryString(query), rows.map(toAuditEvent), next, total),
      );
    });
  };
}
