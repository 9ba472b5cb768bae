import type { FastifyPluginAsync } from 'fastify';
import { XADES_MIME_TYPE } from '../../lib/xml/xades.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { CDA_CONTENT_TYPE } from '../service/ingest-cda.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { queryString, searchBundle } from './bundle.ts';
import { fhirBaseOf, rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { OPERATION_DEFINITIONS, operationUrl } from './operation-definitions.ts';
import { DOCUMENT_SEARCH_PARAMS } from './search-params.ts';
import { FI_BASE_IG, FI_BASE_PROFILES } from './systems.ts';

/**
 * The request bodies a DocumentReference create accepts (docs/fhir-mapping.md §3 and §10). R4 has no element
 * for per-interaction media types (CapabilityStatement.format lists FHIR formats only), so they are named here.
 */
export const CREATE_FORMATS = [CDA_CONTENT_TYPE, 'application/fhir+json'] as const;
const CREATE_FORMATS_TEXT =
  `create accepts Content-Type ${CREATE_FORMATS.join(' or ')}: ` +
  `${CDA_CONTENT_TYPE} = the signed CDA R2 document itself (metadata from its signed header); ` +
  'application/fhir+json = a DocumentReference with the signed CDA (storage format cda) base64 in content[0], ' +
  `optionally with a decision's professional e-signature as a second content entry of contentType ${XADES_MIME_TYPE}. ` +
  'Every document carries the system signature: any other submission is refused (rule system-signature-required)';

const HL7_PARAM = 'http://hl7.org/fhir/SearchParameter/';
const param = (name: string, type: string, documentation: string, definition?: string) => ({
  name,
  ...(definition ? { definition: `${HL7_PARAM}${definition}` } : {}),
  type,
  documentation,
});
const op = (id: string, documentation?: string) => ({
  name: id,
  definition: operationUrl(id),
  ...(documentation ? { documentation } : {}),
});

const RESULT_PARAMS_TEXT =
  'Result parameters: _count (page size), _sort (completed or -completed, the default; other sorts are refused), ' +
  '_total (accurate counts; a first page holding every match carries total anyway), _summary=count, _elements (top-level elements, ' +
  'marked SUBSETTED). Paging follows link next and previous (keyset positions; a token replayed with other parameters is refused). ' +
  'GET or POST DocumentReference/_search (application/x-www-form-urlencoded).';

/** The CapabilityStatement: what this server really does, including what it refuses. */
export function capabilityStatement(version: string): Record<string, unknown> {
  const docParams: Record<(typeof DOCUMENT_SEARCH_PARAMS)[number], [string, string, string?]> = {
    patient: [
      'reference',
      'the client: Patient/<id> (the id a Patient search returns), or chained by identifier: patient.identifier=urn:oid:1.2.246.21|<henkilötunnus> (or urn:oid:<issuer>|<temporary id>)',
      'clinical-patient',
    ],
    subject: [
      'reference',
      'the client as Patient/<id>; subject:identifier=<system>|<value> (the :identifier modifier) also',
      'DocumentReference-subject',
    ],
    _id: ['token', 'logical id = set id (asiakirjan versiotunnus)', 'Resource-id'],
    identifier: ['token', 'set id (urn:oid:…)', 'clinical-identifier'],
    type: ['token', 'document type (asiakirjatyyppi)', 'clinical-type'],
    category: ['token', 'service task (urn:oid:1.2.246.537.6.1221|code) or process phase', 'DocumentReference-category'],
    'service-task': ['token', 'service task code (palvelutehtävä)'],
    'social-service': ['token', 'social service code (sosiaalipalvelu)'],
    case: ['token', 'case id (asia OID)'],
    'process-phase': ['token', 'process phase code'],
    completed: ['date', 'completion date (valmistumispäivä), prefixes ge gt le lt eq; repeat for a range'],
    date: ['date', 'when the archive received the version (DocumentReference.date), prefixes ge gt le lt eq', 'DocumentReference-date'],
    status: ['token', 'current (default), superseded, entered-in-error (archivists)', 'DocumentReference-status'],
  };
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString().slice(0, 10),
    kind: 'instance',
    software: { name: 'arkki', version },
    implementation: { description: 'arkki social-welfare client data archive' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    // Patient, Organization and the Practitioner and Provenance shapes follow the Finnish base profiles;
    // DocumentReference has no Finnish base profile and uses arkki's extensions (docs/fhir-mapping.md).
    implementationGuide: [FI_BASE_IG],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Every request but this one needs an identity (demo header in demo mode; a client certificate in production); a 401 names the challenge in WWW-Authenticate. ' +
            'Unknown search parameters are refused. Only FHIR JSON is offered: Accept: application/fhir+xml or _format=xml is 406.',
        },
        resource: [
          {
            type: 'DocumentReference',
            versioning: 'versioned',
            readHistory: true,
            conditionalCreate: true,
            documentation: `${CREATE_FORMATS_TEXT}. ${RESULT_PARAMS_TEXT} Prefer: return=minimal | OperationOutcome | representation on create and $invalidate.`,
            interaction: [
              { code: 'create', documentation: `${CREATE_FORMATS_TEXT}; If-None-Exist for a conditional create` },
              ...['read', 'vread', 'history-instance', 'search-type'].map((code) => ({ code })),
            ],
            searchParam: DOCUMENT_SEARCH_PARAMS.map((n) => param(n, docParams[n][0], docParams[n][1], docParams[n][2])),
            operation: [op('invalidate')],
          },
          { type: 'Binary', interaction: [{ code: 'read' }] },
          {
            type: 'Patient',
            profile: FI_BASE_PROFILES.patient,
            interaction: [{ code: 'read' }, { code: 'search-type', documentation: 'GET or POST Patient/_search' }],
            searchParam: [
              param('identifier', 'token', 'urn:oid:1.2.246.21|<henkilötunnus>', 'Patient-identifier'),
              param('_id', 'token', 'the Patient id', 'Resource-id'),
            ],
            operation: [op('client-summary'), op('special-reason')],
          },
          {
            type: 'AuditEvent',
            documentation:
              'The usage log (käyttöloki) of the register keeper, newest first (_sort=date for oldest first). Result parameters _count, _sort, _total, _summary=count, _elements; ' +
              'keyset paging by link next and previous (reading the log adds rows, so offsets would repeat entries). GET or POST AuditEvent/_search.',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              param(
                'patient',
                'reference',
                'the client as Patient/<id>; chained patient.identifier=<system>|<value> also',
                'clinical-patient',
              ),
              param('agent', 'token', 'user id of the user who acted'),
              param('subtype', 'token', 'usage action (CodeSystem usage-action)', 'AuditEvent-subtype'),
              param('action', 'token', 'usage action, as subtype (arkki: not the C/R/U/D/E of AuditEvent.action)'),
              param('date', 'date', 'when, prefixes ge gt le lt eq; repeat for a range', 'AuditEvent-date'),
            ],
          },
          {
            type: 'Organization',
            profile: FI_BASE_PROFILES.organization,
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              param('identifier', 'token', 'urn:oid:1.2.246.537.6.202|<OID> or urn:oid:1.2.246.10|<y-tunnus>', 'Organization-identifier'),
              param('name', 'string', 'name starts with (name:contains: anywhere)', 'Organization-name'),
              param('partof', 'reference', 'Organization/<OID>', 'Organization-partof'),
              param('active', 'token', 'true / false', 'Organization-active'),
            ],
            documentation:
              'A register keeper whose archiving was opened or closed carries the extension archiving (state open | closed, changed, by, reason); none: never opened. Ingest does not yet enforce it (docs/toolkit.md).',
            operation: [op('open-archiving'), op('close-archiving'), op('refusals')],
          },
          {
            type: 'Provenance',
            profile: FI_BASE_PROFILES.provenance,
            interaction: [{ code: 'read', documentation: 'Provenance/<document id>' }, { code: 'search-type' }],
            searchParam: [
              param(
                'target',
                'reference',
                'DocumentReference/<set id>[/_history/<version>]: register keeper, author and the professional e-signature (XAdES) of that version',
                'Provenance-target',
              ),
            ],
          },
          {
            type: 'CodeSystem',
            interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'search-type' }],
            searchParam: [
              param('_id', 'token', 'CodeSystem id', 'Resource-id'),
              param('url', 'uri', 'canonical URL (a bare OID is read as urn:oid:)', 'conformance-url'),
              param('name', 'string', 'name starts with', 'conformance-name'),
              param('title', 'string', 'title starts with', 'conformance-title'),
            ],
            operation: [{ name: 'lookup', definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup' }],
          },
          {
            type: 'ValueSet',
            interaction: [{ code: 'read' }],
            operation: [{ name: 'expand', definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand' }],
          },
          {
            type: 'OperationDefinition',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [param('url', 'uri', 'canonical URL of the operation', 'conformance-url')],
          },
        ],
        interaction: [
          {
            code: 'batch',
            documentation: 'Bundle of type batch with POST DocumentReference entries: archived in one transaction, one response entry each',
          },
        ],
        operation: [
          op(
            'log-export',
            "GET $log-export?log=usage|disclosure&format=csv|json&month=YYYY-MM (or from/to)&patient.identifier=&agent=: the log controller's streamed export of the register keeper's usage or disclosure log (docs/log-monitoring.md)",
          ),
          op('special-reason-comment'),
        ],
      },
    ],
  };
}

export function capabilityRoutes(_ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/metadata', async (_request, reply) => sendResource(reply, 200, capabilityStatement('0.1.0')));

    // The definitions the CapabilityStatement names, so each operation's canonical URL resolves here.
    app.get<{ Params: { id: string } }>('/OperationDefinition/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const found = OPERATION_DEFINITIONS.find((d) => d.id === request.params.id);
      if (!found)
        throw new ArkkiError('not-found', [
          {
            field: 'id',
            rule: 'not-found',
            message: `OperationDefinition/${request.params.id} is not defined here; known: ${OPERATION_DEFINITIONS.map((d) => d.id).join(', ')}`,
          },
        ]);
      return sendResource(reply, 200, found);
    });
    app.get('/OperationDefinition', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['url', '_id']);
      const url = single(query, 'url');
      const id = single(query, '_id');
      const found = OPERATION_DEFINITIONS.filter((d) => (url === undefined || d.url === url) && (id === undefined || d.id === id));
      return sendResource(
        reply,
        200,
        searchBundle(fhirBaseOf(request), 'OperationDefinition', queryString(query), [...found], undefined, found.length),
      );
    });
  };
}
