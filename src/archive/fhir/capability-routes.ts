import type { FastifyPluginAsync } from 'fastify';
import { XADES_MIME_TYPE } from '../../lib/xml/xades.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { CDA_CONTENT_TYPE } from '../service/ingest-cda.ts';
import { DOCUMENT_SEARCH_PARAMS } from './search-params.ts';
import { ARKKI_BASE, FI_BASE_IG, FI_BASE_PROFILES } from './systems.ts';
import { sendResource } from './fhir-plugin.ts';

const param = (name: string, type: string, documentation: string) => ({ name, type, documentation });

/**
 * The request bodies a DocumentReference create accepts (docs/fhir-mapping.md §3 and §10). R4 has no element
 * for per-interaction media types (CapabilityStatement.format lists FHIR formats only), so they are named here.
 */
export const CREATE_FORMATS = [CDA_CONTENT_TYPE, 'application/fhir+json'] as const;
const CREATE_FORMATS_TEXT =
  `create accepts Content-Type ${CREATE_FORMATS.join(' or ')}: ` +
  `${CDA_CONTENT_TYPE} = the signed CDA R2 document itself (metadata from its signed header); ` +
  'application/fhir+json = a DocumentReference (storage formats pdf, structured, cda; a cda document in content[0] base64, ' +
  `optionally with a decision's professional e-signature as a second content entry of contentType ${XADES_MIME_TYPE})`;

/** The CapabilityStatement: what this server really does, including what it refuses. */
export function capabilityStatement(version: string): Record<string, unknown> {
  const docParams: Record<string, [string, string]> = {
    'patient.identifier': ['token', 'client: urn:oid:1.2.246.21|<henkilötunnus> or urn:oid:<issuer>|<temporary id>'],
    'subject:identifier': ['token', 'same as patient.identifier'],
    identifier: ['token', 'set id (urn:oid:…)'],
    type: ['token', 'document type (asiakirjatyyppi)'],
    category: ['token', 'service task (urn:oid:1.2.246.537.6.1221|code) or process phase'],
    'service-task': ['token', 'service task code (palvelutehtävä)'],
    'social-service': ['token', 'social service code (sosiaalipalvelu)'],
    case: ['token', 'case id (asia OID)'],
    'process-phase': ['token', 'process phase code'],
    completed: ['date', 'completion date (valmistumispäivä), prefixes ge gt le lt eq; repeat for a range'],
    status: ['token', 'current (default), superseded, entered-in-error (archivists)'],
    _count: ['number', 'page size 1–500 (default 50)'],
    _page_token: ['string', 'opaque token of the next link'],
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
            'Every request needs an identity (demo header in demo mode; certificates in production). Unknown search parameters are refused.',
        },
        resource: [
          {
            type: 'DocumentReference',
            versioning: 'versioned',
            readHistory: true,
            documentation: CREATE_FORMATS_TEXT,
            interaction: [
              { code: 'create', documentation: CREATE_FORMATS_TEXT },
              ...['read', 'vread', 'history-instance', 'search-type'].map((code) => ({ code })),
            ],
            searchParam: DOCUMENT_SEARCH_PARAMS.map((n) => param(n, docParams[n]![0], docParams[n]![1])),
            operation: [{ name: 'invalidate', definition: `${ARKKI_BASE}/OperationDefinition/invalidate` }],
          },
          { type: 'Binary', interaction: [{ code: 'read' }] },
          {
            type: 'Patient',
            profile: FI_BASE_PROFILES.patient,
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [param('identifier', 'token', 'urn:oid:1.2.246.21|<henkilötunnus>')],
            operation: [{ name: 'client-summary', definition: `${ARKKI_BASE}/OperationDefinition/client-summary` }],
          },
          {
            type: 'AuditEvent',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              param('patient.identifier', 'token', 'client'),
              param('agent', 'token', 'user id'),
              param('date', 'date', 'ge/lt'),
              param('action', 'token', 'usage action'),
              param('_count', 'number', 'page size'),
              param('_offset', 'number', 'paging'),
            ],
          },
          {
            type: 'Organization',
            profile: FI_BASE_PROFILES.organization,
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              param('identifier', 'token', 'urn:oid:1.2.246.537.6.202|<OID> or urn:oid:1.2.246.10|<y-tunnus>'),
              param('name', 'string', 'name starts with'),
              param('partof', 'reference', 'Organization/<OID>'),
              param('active', 'token', 'true / false'),
            ],
          },
          {
            type: 'Provenance',
            profile: FI_BASE_PROFILES.provenance,
            interaction: [{ code: 'search-type' }],
            searchParam: [
              param(
                'target',
                'reference',
                'DocumentReference/<set id>[/_history/<version>]: register keeper, author and the professional e-signature (XAdES) of that version',
              ),
            ],
          },
          {
            type: 'CodeSystem',
            interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'search-type' }],
            operation: [{ name: 'lookup', definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup' }],
          },
          {
            type: 'ValueSet',
            interaction: [{ code: 'read' }],
            operation: [{ name: 'expand', definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand' }],
          },
        ],
        interaction: [
          {
            code: 'batch',
            documentation: 'Bundle of type batch with POST DocumentReference entries: archived in one transaction, one response entry each',
          },
        ],
        operation: [
          {
            name: 'log-export',
            definition: `${ARKKI_BASE}/OperationDefinition/log-export`,
            documentation:
              "GET $log-export?log=usage|disclosure&format=csv|json&month=YYYY-MM (or from/to)&patient.identifier=&agent=: the log controller's streamed export of the register keeper's usage or disclosure log (docs/log-monitoring.md)",
          },
        ],
      },
    ],
  };
}

export function capabilityRoutes(_ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/metadata', async (_request, reply) => sendResource(reply, 200, capabilityStatement('0.1.0')));
  };
}
