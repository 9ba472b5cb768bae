import type { FastifyPluginAsync } from 'fastify';
import { ArkkiError, issue, throwIfIssues, type Issue } from '../../lib/errors.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { OwnSpecialReason, SpecialReasonStatement } from '../service/special-reason.ts';
import type { Json } from './document-reference.ts';
import { identityOf, rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { clientKeyFromPatientId, patientId } from './patient.ts';

// Special reason (asiayhteys) over FHIR: arkki operations taking and returning Parameters.
//   POST /Patient/{id}/$special-reason           serviceTask, reasonCode (code or Coding), comment → the grant
//   POST /$special-reason-comment                grantId, comment → the statement with its comments
//   GET  /$special-reason[?days=N]               the caller's own statements, with commentableUntil

type Param = { name: string; valueString?: string; valueCode?: string; valueCoding?: { code?: string }; valueId?: string };

/** The named string parameters of a Parameters resource, or the issues that say what is missing. */
function readParameters(body: unknown, names: readonly string[]): { values: Record<string, string | undefined>; issues: Issue[] } {
  const b = body as { resourceType?: string; parameter?: Param[] } | undefined;
  if (b?.resourceType !== 'Parameters' || !Array.isArray(b.parameter)) {
    return { values: {}, issues: [issue('resourceType', 'required', `send a Parameters resource with parameters ${names.join(', ')}`)] };
  }
  const values: Record<string, string | undefined> = {};
  const issues: Issue[] = [];
  for (const name of names) {
    const found = b.parameter.filter((p) => p.name === name);
    if (found.length > 1) issues.push(issue(name, 'repeated', `parameter '${name}' may be given once`));
    const p = found[0];
    values[name] = p?.valueString ?? p?.valueCode ?? p?.valueId ?? p?.valueCoding?.code;
  }
  return { values, issues };
}

function statementParameters(s: SpecialReasonStatement | OwnSpecialReason): Json {
  const own = 'comments' in s ? s : undefined;
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'grantId', valueId: s.grantId },
      { name: 'patient', valueReference: { reference: `Patient/${patientId(s.clientKey)}` } },
      { name: 'registerKeeper', valueIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:${s.registerKeeperOid}` } },
      { name: 'serviceTask', valueCode: s.serviceTask },
      { name: 'reasonCode', valueCode: s.reasonCode },
      { name: 'grantedAt', valueInstant: s.grantedAt },
      { name: 'validUntil', valueInstant: s.validUntil },
      { name: 'commentableUntil', valueInstant: s.commentableUntil },
      ...(own
        ? [
            { name: 'valid', valueBoolean: own.valid },
            { name: 'sealed', valueBoolean: own.sealed },
            ...own.comments.map((c) => ({
              name: 'comment',
              part: [
                { name: 'text', valueString: c.comment },
                { name: 'addedAt', valueInstant: c.addedAt },
              ],
            })),
          ]
        : []),
    ],
  };
}

export function specialReasonRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { id: string } }>('/Patient/:id/$special-reason', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const { values, issues } = readParameters(request.body, ['serviceTask', 'reasonCode', 'comment']);
      throwIfIssues(issues);
      const statement = await ctx.forIdentity(identityOf(request)).stateSpecialReason({
        clientKey: clientKeyFromPatientId(request.params.id),
        serviceTask: values.serviceTask ?? '',
        reasonCode: values.reasonCode ?? '',
        comment: values.comment ?? '',
      });
      return sendResource(reply, 201, statementParameters(statement));
    });

    app.post('/$special-reason-comment', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const { values, issues } = readParameters(request.body, ['grantId', 'comment']);
      if (!values.grantId && issues.length === 0)
        issues.push(issue('grantId', 'required', 'name the special reason (grantId) the comment belongs to'));
      throwIfIssues(issues);
      return sendResource(
        reply,
        200,
        statementParameters(await ctx.forIdentity(identityOf(request)).addSpecialReasonComment(values.grantId!, values.comment ?? '')),
      );
    });

    app.get('/$special-reason', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['days']);
      const raw = single(query, 'days');
      if (raw !== undefined && !/^\d{1,3}$/.test(raw))
        throw new ArkkiError('invalid', [{ field: 'days', rule: 'integer', message: 'days must be a whole number of days (1–366)' }]);
      const own = await ctx.forIdentity(identityOf(request)).listOwnSpecialReasons(raw === undefined ? {} : { days: Number(raw) });
      // No statements: a Parameters without parameter (FHIR JSON has no empty arrays).
      return sendResource(reply, 200, {
        resourceType: 'Parameters',
        ...(own.length > 0
          ? { parameter: own.map((s) => ({ name: 'specialReason', part: statementParameters(s).parameter as Json[] })) }
          : {}),
      });
    });
  };
}
