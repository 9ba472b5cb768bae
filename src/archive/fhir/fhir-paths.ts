import type { Issue } from '../../lib/errors.ts';
import { PROCESS_PHASE_SYSTEM, SERVICE_TASK_SYSTEMS, ext } from './systems.ts';
import { PROFESSIONAL_SIGNATURE_PATH } from './professional-signature-input.ts';

// Where each national metadata field sits in a DocumentReference, so an OperationOutcome points a FHIR
// client at the element to fix (issue.expression, a FHIRPath) while the message keeps the national name.

/** An issue that knows its FHIRPath; operation-outcome.ts puts it in issue.expression. */
export interface FhirIssue extends Issue {
  expression?: string;
}

const DR = 'DocumentReference';
const x = (name: string) => `${DR}.extension('${ext(name)}')`;
const part = (name: string, p: string) => `${x(name)}.extension('${p}')`;
const attachment = `${DR}.content[0].attachment`;
const category = (...systems: string[]) => `${DR}.category.where(${systems.map((s) => `coding.system='${s}'`).join(' or ')})`;

const PATHS: Record<string, string> = {
  documentId: `${DR}.masterIdentifier`,
  setId: `${DR}.identifier`,
  version: x('set-version'),
  replaces: `${DR}.relatesTo.where(code='replaces').target.identifier`,
  documentType: `${DR}.type`,
  title: `${DR}.description`,
  client: `${DR}.subject.identifier`,
  registerKeeper: `${DR}.custodian.identifier`,
  register: x('register'),
  serviceProvider: x('service-provider'),
  serviceUnit: x('service-unit'),
  serviceTask: category(...SERVICE_TASK_SYSTEMS),
  socialServices: `${DR}.context.event`,
  case: `${DR}.context.related`,
  'case.id': `${DR}.context.related[0].identifier`,
  'case.name': `${DR}.context.related[0].display`,
  processPhase: category(PROCESS_PHASE_SYSTEM),
  author: `${DR}.author`,
  'author.name': `${DR}.author[0].display`,
  'author.professionalId': `${DR}.author[0].identifier`,
  'author.role': `${DR}.author[0].extension('${ext('author-role')}')`,
  created: x('created'),
  completed: x('completed'),
  language: `${attachment}.language`,
  publicity: x('publicity'),
  'publicity.class': part('publicity', 'class'),
  'publicity.basis': part('publicity', 'basis'),
  retentionRule: part('retention', 'rule'),
  citizenVisible: x('citizen-visible'),
  'citizenVisible.from': part('citizen-visible', 'from'),
  format: x('storage-format'),
  clienthood: x('clienthood'),
  'clienthood.level': part('clienthood', 'level'),
  'clienthood.serviceTask': category(...SERVICE_TASK_SYSTEMS),
  'clienthood.serviceUnit': part('clienthood', 'serviceUnit'),
  'clienthood.start': part('clienthood', 'start'),
  'clienthood.end': part('clienthood', 'end'),
  caseRecord: x('case-record'),
  'caseRecord.opened': part('case-record', 'opened'),
  'caseRecord.closed': part('case-record', 'closed'),
  body: `${attachment}.data`,
  'body.contentType': `${attachment}.contentType`,
  'body.size': `${attachment}.size`,
  'body.hash': `${attachment}.hash`,
  'body.sha256': `${attachment}.extension('${ext('sha256')}')`,
  professionalSignature: PROFESSIONAL_SIGNATURE_PATH,
};

/** The FHIRPath of a national field (or of a FHIR-side field such as content[0].attachment.data). */
export function fhirPathOf(field: string): string | undefined {
  if (PATHS[field]) return PATHS[field];
  const listed = /^socialServices\[(\d+)\]$/.exec(field);
  if (listed) return `${DR}.context.event[${listed[1]}]`;
  if (/^(content|relatesTo|context|subject|author)\b/.test(field)) return `${DR}.${field}`;
  const head = field.split(/[.[]/)[0]!;
  return PATHS[head];
}

/**
 * Adds the FHIRPath to each issue: `serviceTask` gets expression
 * `DocumentReference.category.where(coding.system='urn:oid:1.2.246.537.6.1221')` and its message names both.
 */
export function withFhirPaths(issues: Issue[]): FhirIssue[] {
  return issues.map((i) => {
    if ((i as FhirIssue).expression) return i;
    const path = fhirPathOf(i.field);
    return path ? { ...i, expression: path } : i;
  });
}
