// Archiving per organisation over FHIR (issue 15 items 3 and 4): POST Organization/<OID>/$open-archiving and
// $close-archiving (the organisation's own archivist; the deployment toolkit opens it after a passed
// deployment test) answer the Organization with its `archiving` extension; GET Organization/<OID>/$refusals
// lists the submissions the archive refused for or from the organisation, without client data.
import type { FastifyPluginAsync } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import { isOid } from '../../lib/identifiers/oid.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { RefusalRecord } from '../domain/ingest-refusal.ts';
import { identityOf, rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { finnishDate, toFhirOrganization } from './organization.ts';
import { ORGANISATION_REGISTER_SYSTEM, VALIDATION_RULE_SYSTEM } from './systems.ts';

type Json = Record<string, unknown>;

function oidParam(id: string): string {
  if (!isOid(id)) throw new ArkkiError('invalid', [{ field: 'id', rule: 'oid', message: `Organization id '${id}' must be an OID` }]);
  return id;
}

function reasonOf(body: unknown): string {
  const b = body as Json | undefined;
  const reason = (b?.parameter as Json[] | undefined)?.find?.((p) => p.name === 'reason')?.valueString;
  if (b?.resourceType !== 'Parameters' || typeof reason !== 'string')
    throw new ArkkiError('required', [
      {
        field: 'reason',
        rule: 'required',
        message: "send Parameters with parameter 'reason' (valueString): why archiving opens or closes",
      },
    ]);
  return reason;
}

const orgId = (oid: string) => ({ system: ORGANISATION_REGISTER_SYSTEM, value: oid });

function refusalParameter(r: RefusalRecord): Json {
  const part: Json[] = [
    { name: 'at', valueInstant: r.at },
    { name: 'registerKeeper', valueIdentifier: orgId(r.registerKeeperOid) },
    { name: 'senderOrganization', valueIdentifier: orgId(r.senderOrganisationOid) },
    { name: 'sender', valueString: r.senderUserId },
    { name: 'system', valueString: r.systemId },
  ];
  if (r.documentId) part.push({ name: 'documentId', valueIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:${r.documentId}` } });
  if (r.documentType) part.push({ name: 'documentType', valueCode: r.documentType });
  if (r.serviceUnitOid) part.push({ name: 'serviceUnit', valueIdentifier: orgId(r.serviceUnitOid) });
  part.push({ name: 'errorCode', valueCode: r.errorCode });
  for (const i of r.issues)
    part.push({
      name: 'issue',
      part: [
        { name: 'rule', valueCoding: { system: VALIDATION_RULE_SYSTEM, code: i.rule } },
        ...(i.field ? [{ name: 'field', valueString: i.field }] : []),
      ],
    });
  return { name: 'refusal', part };
}

export function organizationArchivingRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    for (const [op, wanted] of [
      ['$open-archiving', 'open'],
      ['$close-archiving', 'closed'],
    ] as const) {
      app.post<{ Params: { id: string } }>(`/Organization/:id/${op}`, async (request, reply) => {
        const identity = identityOf(request);
        const oid = oidParam(request.params.id);
        const reason = reasonOf(request.body);
        const use = ctx.forIdentity(identity);
        const { archiving } = wanted === 'open' ? await use.openArchiving(oid, reason) : await use.closeArchiving(oid, reason);
        const org = await ctx.registers.organisation(oid);
        return sendResource(reply, 200, toFhirOrganization(org!, finnishDate(ctx.now()), archiving));
      });
    }

    app.get<{ Params: { id: string }; Querystring: QueryMap }>('/Organization/:id/$refusals', async (request, reply) => {
      const identity = identityOf(request);
      rejectUnknownParams(request.query, ['from', 'to']);
      const oid = oidParam(request.params.id);
      const from = single(request.query, 'from');
      const to = single(request.query, 'to');
      if (!from || !to)
        throw new ArkkiError('required', [
          { field: from ? 'to' : 'from', rule: 'required', message: 'give from and to (dates or instants; at most 92 days)' },
        ]);
      const { refusals, truncated } = await ctx.forIdentity(identity).listRefusals(oid, from, to);
      return sendResource(reply, 200, {
        resourceType: 'Parameters',
        parameter: [{ name: 'truncated', valueBoolean: truncated }, ...refusals.map(refusalParameter)],
      });
    });
  };
}
