import type { Issue } from '../../lib/errors.ts';

// Where each national metadata field sits in a DocumentReference, so an OperationOutcome points a FHIR
// client at the element to fix while the message keeps the national field name.
const PATHS: Record<string, string> = {
  documentId: 'DocumentReference.masterIdentifier',
  setId: 'DocumentReference.identifier',
  version: `DocumentReference.extension('set-version')`,
  replaces: `DocumentReference.relatesTo.where(code='replaces').target`,
  documentType: 'DocumentReference.type',
  title: 'DocumentReference.description',
  client: 'DocumentReference.subject.identifier',
  registerKeeper: 'DocumentReference.custodian.identifier',
  register: `DocumentReference.extension('register')`,
  serviceProvider: `DocumentReference.extension('service-provider')`,
  serviceUnit: `DocumentReference.extension('service-unit')`,
  serviceTask: 'DocumentReference.category (service task)',
  socialServices: 'DocumentReference.context.event',
  case: 'DocumentReference.context.related',
  processPhase: 'DocumentReference.category (process phase)',
  author: 'DocumentReference.author',
  created: `DocumentReference.extension('created')`,
  completed: `DocumentReference.extension('completed')`,
  language: 'DocumentReference.content.attachment.language',
  publicity: `DocumentReference.extension('publicity')`,
  retentionRule: `DocumentReference.extension('retention')`,
  citizenVisible: `DocumentReference.extension('citizen-visible')`,
  format: `DocumentReference.extension('storage-format')`,
  clienthood: `DocumentReference.extension('clienthood')`,
  caseRecord: `DocumentReference.extension('case-record')`,
  body: 'DocumentReference.content.attachment.data',
  'body.contentType': 'DocumentReference.content.attachment.contentType',
  'body.size': 'DocumentReference.content.attachment.size',
  'body.hash': 'DocumentReference.content.attachment.hash',
  'body.sha256': `DocumentReference.content.attachment.extension('sha256')`,
};

/** Rewrites `serviceTask` to `serviceTask (DocumentReference.category (service task))` and so on. */
export function withFhirPaths(issues: Issue[]): Issue[] {
  return issues.map((i) => {
    const head = i.field.split(/[.[]/)[0]!;
    const path = PATHS[i.field] ?? PATHS[head];
    return path ? { ...i, field: `${i.field} (${path})` } : i;
  });
}
