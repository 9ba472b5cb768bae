// OperationDefinitions of arkki's own operations: the CapabilityStatement names each by its canonical URL,
// and a client resolves it here (GET OperationDefinition/<id> or ?url=<canonical>) to learn its parameters.
import { ARKKI_BASE } from './systems.ts';

type Json = Record<string, unknown>;

interface Param {
  name: string;
  use: 'in' | 'out';
  min: number;
  max: string;
  type?: string;
  documentation: string;
  part?: Param[];
}

const p = (name: string, use: 'in' | 'out', min: number, max: string, type: string | undefined, documentation: string): Param => ({
  name,
  use,
  min,
  max,
  ...(type ? { type } : {}),
  documentation,
});

function definition(
  id: string,
  title: string,
  description: string,
  where: { resource?: string[]; system: boolean; type: boolean; instance: boolean },
  parameter: Param[],
  affectsState: boolean,
): Json {
  return {
    resourceType: 'OperationDefinition',
    id,
    url: `${ARKKI_BASE}/OperationDefinition/${id}`,
    version: '1',
    name: id
      .split('-')
      .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
      .join(''),
    title,
    status: 'active',
    kind: 'operation',
    publisher: 'arkki',
    description,
    affectsState,
    code: id,
    ...(where.resource ? { resource: where.resource } : {}),
    system: where.system,
    type: where.type,
    instance: where.instance,
    parameter,
  };
}

export const OPERATION_DEFINITIONS: readonly Json[] = [
  definition(
    'invalidate',
    'Invalidate a document (mitätöinti)',
    'POST DocumentReference/<set id>/$invalidate: marks the current version entered-in-error with the reason; archivists only, logged.',
    { resource: ['DocumentReference'], system: false, type: false, instance: true },
    [
      p('reason', 'in', 1, '1', 'string', 'why the document was archived by mistake (at least 5 characters)'),
      p('return', 'out', 1, '1', 'DocumentReference', 'the version as it is now (status entered-in-error)'),
    ],
    true,
  ),
  definition(
    'client-summary',
    'Client data summary (kooste)',
    "GET Patient/<id>/$client-summary: arkki's summary JSON of the client's clienthoods, cases and documents per service task (not a FHIR resource).",
    { resource: ['Patient'], system: false, type: false, instance: true },
    [
      p('service-task', 'in', 0, '1', 'code', 'only this service task (palvelutehtävä)'),
      p('return', 'out', 1, '1', 'Binary', 'application/json: clientKey, registerKeeperOid, socialWelfareClienthoods, serviceTasks'),
    ],
    false,
  ),
  definition(
    'special-reason',
    'State or list special reasons (asiayhteys)',
    'POST Patient/<id>/$special-reason states a special reason for the client (access until the end of the working day); ' +
      "GET $special-reason lists the caller's own statements.",
    { resource: ['Patient'], system: true, type: false, instance: true },
    [
      p('serviceTask', 'in', 0, '1', 'code', 'service task the access is for (POST)'),
      p('reasonCode', 'in', 0, '1', 'code', 'reason code from the special-reasons code set (POST)'),
      p('comment', 'in', 0, '1', 'string', 'why (POST)'),
      p('days', 'in', 0, '1', 'integer', 'how many days back to list (GET)'),
      p('grantId', 'out', 0, '1', 'id', 'the stated special reason'),
      p('validUntil', 'out', 0, '1', 'instant', 'access ends'),
      p('commentableUntil', 'out', 0, '1', 'instant', 'comments accepted until'),
      {
        ...p('specialReason', 'out', 0, '*', undefined, 'one own statement (GET)'),
        part: [p('grantId', 'out', 1, '1', 'id', 'the stated special reason'), p('validUntil', 'out', 1, '1', 'instant', 'access ends')],
      },
    ],
    true,
  ),
  definition(
    'special-reason-comment',
    'Comment a special reason',
    'POST $special-reason-comment: adds a comment to a special reason stated in the last 7 days.',
    { system: true, type: false, instance: false },
    [
      p('grantId', 'in', 1, '1', 'id', 'the special reason'),
      p('comment', 'in', 1, '1', 'string', 'the comment'),
      p('grantId', 'out', 1, '1', 'id', 'the special reason, with its comments'),
    ],
    true,
  ),
  definition(
    'log-export',
    'Usage or disclosure log export',
    "GET $log-export: the log controller's streamed CSV or JSON export of the register keeper's usage or disclosure log (docs/log-monitoring.md).",
    { system: true, type: false, instance: false },
    [
      p('log', 'in', 0, '1', 'code', 'usage (default) or disclosure'),
      p('format', 'in', 0, '1', 'code', 'csv (default) or json'),
      p('month', 'in', 0, '1', 'string', 'YYYY-MM (or from and to)'),
      p('from', 'in', 0, '1', 'date', 'first day'),
      p('to', 'in', 0, '1', 'date', 'last day'),
      p('patient.identifier', 'in', 0, '1', 'string', 'one client: urn:oid:1.2.246.21|<henkilötunnus>'),
      p('agent', 'in', 0, '1', 'string', 'one user id'),
      p('return', 'out', 1, '1', 'Binary', 'the export file (text/csv or application/json)'),
    ],
    false,
  ),
  ...(['open', 'close'] as const).map((kind) =>
    definition(
      `${kind}-archiving`,
      kind === 'open' ? 'Open archiving for an organisation' : 'Close archiving for an organisation',
      `POST Organization/<OID>/$${kind}-archiving: ${kind === 'open' ? 'opens' : 'closes'} archiving for the register keeper ` +
        (kind === 'open'
          ? '(after its passed deployment test, käyttöönottokoe; opening an open one changes nothing)'
          : '(it must be open)') +
        "; the organisation's own archivist only (else 403, rule archiving-state). The state is the Organization's archiving extension.",
      { resource: ['Organization'], system: false, type: false, instance: true },
      [
        p('reason', 'in', 1, '1', 'string', 'why (5–500 characters), e.g. the deployment test that passed'),
        p('return', 'out', 1, '1', 'Organization', 'the organisation with its archiving extension (state, changed, by, reason)'),
      ],
      true,
    ),
  ),
  definition(
    'refusals',
    'Refused submissions of an organisation',
    "GET Organization/<OID>/$refusals?from=&to=: the submissions the archive refused for the organisation's register or from its systems, " +
      "oldest first, without client data (who sent, when, document type and service unit when known, the rules broken); the organisation's own archivist only.",
    { resource: ['Organization'], system: false, type: false, instance: true },
    [
      p('from', 'in', 1, '1', 'string', 'start: a date (a Finnish day from its midnight) or an instant'),
      p('to', 'in', 1, '1', 'string', 'end, exclusive; at most 92 days after from'),
      p('truncated', 'out', 1, '1', 'boolean', 'true when more than 5000 refusals matched and only the first 5000 are given'),
      {
        ...p('refusal', 'out', 0, '*', undefined, 'one refused submission'),
        part: [
          p('at', 'out', 1, '1', 'instant', 'when the archive refused it'),
          p(
            'registerKeeper',
            'out',
            1,
            '1',
            'Identifier',
            'the register it was for (the sender’s when the document named none the archive could read)',
          ),
          p('senderOrganization', 'out', 1, '1', 'Identifier', 'organisation of the sender'),
          p('sender', 'out', 1, '1', 'string', 'user or system id of the sender'),
          p('system', 'out', 1, '1', 'string', 'the sending information system'),
          p('documentId', 'out', 0, '1', 'Identifier', 'the document id, when it was a valid OID'),
          p('documentType', 'out', 0, '1', 'code', 'document type code, when known'),
          p('serviceUnit', 'out', 0, '1', 'Identifier', 'service unit OID, when known'),
          p('errorCode', 'out', 1, '1', 'code', 'kind of refusal (invalid, required, code-unknown, forbidden, conflict, precondition, …)'),
          {
            ...p('issue', 'out', 1, '*', undefined, 'a rule it broke (the first is the reason shown)'),
            part: [
              p('rule', 'out', 1, '1', 'Coding', 'the rule (CodeSystem validation-rule)'),
              p('field', 'out', 0, '1', 'string', 'the field, as the archive named it'),
            ],
          },
        ],
      },
    ],
    false,
  ),
];

export const operationUrl = (id: string): string => `${ARKKI_BASE}/OperationDefinition/${id}`;
