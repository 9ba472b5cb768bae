import { issue, type Issue } from '../../lib/errors.ts';
import { clientIdFromFhirIdentifier, parseClientKey } from '../../lib/identifiers/client-id.ts';
import { urnToOid } from '../../lib/identifiers/oid.ts';
import type { DeclaredBody } from '../domain/body.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { DocumentBody } from '../domain/archived-document.ts';
import type { Json } from './document-reference.ts';
import { clientKeyFromPatientId } from './patient.ts';
import { PROCESS_PHASE_SYSTEM, SERVICE_TASK_SYSTEMS, SOCIAL_SERVICE_SYSTEMS, URI_SYSTEM, ext } from './systems.ts';
import type { CodeSets } from '../../lib/codes/code-sets.ts';

/** THL's document-type systems (clienthood/case documents and client documents): preferred over other codings. */
const NATIONAL_TYPE_SYSTEMS = ['urn:oid:1.2.246.537.6.1505', 'urn:oid:1.2.246.537.6.1506'];

// FHIR R4 DocumentReference (create) → national metadata + body. Structural problems are reported with
// the FHIR path; the metadata rules themselves are checked by the domain (validateMetadata).

type Ext = { url?: string; extension?: Ext[]; [k: string]: unknown };

const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function extension(r: Json | Ext, name: string): Ext | undefined {
  return arr(r.extension).find((e) => e.url === ext(name)) as Ext | undefined;
}
function part(e: Ext | undefined, url: string): Ext | undefined {
  return e?.extension?.find((x) => x.url === url);
}
/** The OID of an identifier whose value is an OID or urn:oid. */
function oidOf(v: unknown): string | undefined {
  const value = str(obj(v)?.value);
  if (value === undefined) return undefined;
  // A malformed urn:oid: is reported as the OID after the prefix, so the message points at the bad arc.
  return urnToOid(value) ?? (value.startsWith('urn:oid:') ? value.slice('urn:oid:'.length) : value);
}
function codingIn(concepts: Json[], systems: readonly string[], seen?: { system?: string }): string | undefined {
  for (const c of concepts) {
    const hit = arr(obj(c)?.coding).find((x) => systems.includes(String(x.system)));
    if (hit) {
      if (seen) seen.system = String(hit.system);
      return str(hit.code);
    }
  }
  return undefined;
}

/**
 * Each coded value must come under its own system: a provisional value of a national set under arkki's code
 * system, never under the national OID (rule `provisional-code-system`), and a national value under the OID.
 */
export function codedSystemIssues(parsed: ParsedDocumentReference, codeSets: CodeSets): Issue[] {
  const s = parsed.codedSystems;
  const m = parsed.metadata;
  const out = [
    s.serviceTask && m.serviceTask ? codeSets.checkSystem('service-tasks', m.serviceTask, s.serviceTask, 'serviceTask') : null,
    ...s.socialServices.map((system, i) =>
      m.socialServices?.[i] ? codeSets.checkSystem('social-services', m.socialServices[i]!, system, `socialServices[${i}]`) : null,
    ),
  ];
  return out.filter((x): x is Issue => x !== null);
}

/**
 * created/completed travel in their extension and, for FHIR-only readers, in context.period: either may be
 * sent alone, but two different values would leave the archive guessing, so they are refused.
 */
function sameInstant(
  issues: Issue[],
  field: string,
  fromExtension: string | undefined,
  fromPeriod: string | undefined,
  periodPath: string,
): string | undefined {
  if (
    fromExtension !== undefined &&
    fromPeriod !== undefined &&
    fromExtension !== fromPeriod &&
    Date.parse(fromExtension) !== Date.parse(fromPeriod)
  ) {
    issues.push(
      issue(field, 'mismatch', `the ${field} extension says ${fromExtension} but ${periodPath} says ${fromPeriod}; send one value`),
    );
  }
  return fromExtension ?? fromPeriod;
}

export interface ParsedDocumentReference {
  metadata: Partial<DocumentMetadata>;
  body?: DocumentBody;
  declared: DeclaredBody;
  issues: Issue[];
  /** The system each coded value came under (national or arkki's provisional), for codedSystemIssues. */
  codedSystems: { serviceTask?: string; socialServices: string[] };
}

export function documentReferenceInput(input: unknown): ParsedDocumentReference {
  const issues: Issue[] = [];
  const r = obj(input);
  if (r?.resourceType !== 'DocumentReference') {
    return {
      metadata: {},
      declared: {},
      codedSystems: { socialServices: [] },
      issues: [
        issue('resourceType', 'resource-type', `expected a DocumentReference resource, got ${r ? String(r.resourceType) : typeof input}`),
      ],
    };
  }
  const m: Partial<DocumentMetadata> = {};
  m.documentId = oidOf(r.masterIdentifier);
  m.setId = oidOf(arr(r.identifier).find((i) => i.use === 'official') ?? arr(r.identifier)[0]);
  m.version = extension(r, 'set-version')?.valueInteger as number | undefined;
  const replaces = arr(r.relatesTo).find((x) => x.code === 'replaces');
  if (replaces) {
    m.replaces = oidOf(obj(obj(replaces.target)?.identifier));
    // A reference names a resource, and here the logical id is the set id, shared by all versions: it
    // cannot say which version is replaced, so the replaced document id must come as an identifier.
    if (m.replaces === undefined)
      issues.push(
        issue(
          'replaces',
          'identifier-required',
          `relatesTo.target of a new version must carry the replaced version's document id as identifier {system: '${URI_SYSTEM}', value: 'urn:oid:…'}`,
        ),
      );
  }
  const typeCodings = arr(obj(r.type)?.coding);
  m.documentType = str((typeCodings.find((c) => NATIONAL_TYPE_SYSTEMS.includes(String(c.system))) ?? typeCodings[0])?.code);
  m.title = str(r.description);
  const subjectId = obj(obj(r.subject)?.identifier);
  const subjectRef = str(obj(r.subject)?.reference);
  if (subjectId) {
    const client = clientIdFromFhirIdentifier(subjectId as { system?: string; value?: string });
    if (typeof client === 'string') issues.push(issue('client', 'client-id', client));
    else m.client = client;
  } else if (subjectRef !== undefined) {
    // Patient/<id> as this server's Patient API names the client (a henkilötunnus or an encoded key).
    const id = /^Patient\/([A-Za-z0-9.-]{1,64})$/.exec(subjectRef)?.[1];
    try {
      if (!id) throw new RangeError(`subject.reference '${subjectRef}' is not Patient/<id>`);
      m.client = parseClientKey(clientKeyFromPatientId(id));
    } catch (e) {
      issues.push(issue('client', 'client-id', (e as Error).message));
    }
  }
  m.registerKeeper = oidOf(obj(obj(r.custodian)?.identifier));
  m.register = extension(r, 'register')?.valueCode as DocumentMetadata['register'] | undefined;
  m.serviceProvider = oidOf(extension(r, 'service-provider')?.valueIdentifier);
  m.serviceUnit = oidOf(extension(r, 'service-unit')?.valueIdentifier);
  const taskSeen: { system?: string } = {};
  m.serviceTask = codingIn(arr(r.category), SERVICE_TASK_SYSTEMS, taskSeen);
  m.processPhase = codingIn(arr(r.category), [PROCESS_PHASE_SYSTEM]);
  const context = obj(r.context) ?? {};
  const socialSystems: string[] = [];
  m.socialServices = arr(context.event)
    .map((e) => {
      const seen: { system?: string } = {};
      const code = codingIn([e], SOCIAL_SERVICE_SYSTEMS, seen);
      if (code !== undefined) socialSystems.push(seen.system!);
      return code;
    })
    .filter((x): x is string => x !== undefined);
  const related = arr(context.related)[0];
  if (related) m.case = { id: oidOf(related.identifier) ?? '', name: str(related.display) ?? '' };
  const author = arr(r.author)[0];
  if (author) {
    m.author = {
      name: str(author.display) ?? '',
      professionalId: str(obj(author.identifier)?.value) ?? '',
      role: str(extension(author, 'author-role')?.valueString) ?? '',
    };
  }
  m.created = sameInstant(
    issues,
    'created',
    str(extension(r, 'created')?.valueDateTime),
    str(obj(context.period)?.start),
    'context.period.start',
  );
  m.completed = sameInstant(
    issues,
    'completed',
    str(extension(r, 'completed')?.valueDateTime),
    str(obj(context.period)?.end),
    'context.period.end',
  );
  const publicity = extension(r, 'publicity');
  if (publicity)
    m.publicity = { class: part(publicity, 'class')?.valueCode as 'secret', basis: str(part(publicity, 'basis')?.valueString) ?? '' };
  m.retentionRule = str(part(extension(r, 'retention'), 'rule')?.valueCode);
  const visible = extension(r, 'citizen-visible');
  m.citizenVisible = visible
    ? {
        visible: part(visible, 'visible')?.valueBoolean !== false,
        ...(part(visible, 'from') ? { from: str(part(visible, 'from')!.valueDate) } : {}),
      }
    : { visible: true };
  m.format = extension(r, 'storage-format')?.valueCode as DocumentMetadata['format'] | undefined;
  const clienthood = extension(r, 'clienthood');
  if (clienthood) {
    m.clienthood = {
      level: part(clienthood, 'level')?.valueCode as NonNullable<DocumentMetadata['clienthood']>['level'],
      ...(m.serviceTask ? { serviceTask: m.serviceTask } : {}),
      ...(part(clienthood, 'serviceUnit') ? { serviceUnit: oidOf(part(clienthood, 'serviceUnit')!.valueIdentifier) } : {}),
      start: str(part(clienthood, 'start')?.valueDate) ?? '',
      ...(part(clienthood, 'end') ? { end: str(part(clienthood, 'end')!.valueDate) } : {}),
    };
  }
  const caseRecord = extension(r, 'case-record');
  if (caseRecord) {
    m.caseRecord = {
      opened: str(part(caseRecord, 'opened')?.valueDate) ?? '',
      ...(part(caseRecord, 'closed') ? { closed: str(part(caseRecord, 'closed')!.valueDate) } : {}),
    };
  }

  const contents = arr(r.content);
  const attachment = obj(contents[0]?.attachment);
  m.language = str(attachment?.language) as DocumentMetadata['language'] | undefined;
  const declared: DeclaredBody = {};
  let body: DocumentBody | undefined;
  if (contents.length !== 1)
    issues.push(issue('content', 'cardinality', `a submission carries exactly one content attachment, got ${contents.length}`));
  if (attachment) {
    const data = str(attachment.data);
    const contentType = str(attachment.contentType);
    // Named as the national body fields, so these read like the body checks of the service (body.*).
    if (!contentType)
      issues.push(issue('body.contentType', 'required', 'the content type of the body (attachment.contentType) is mandatory'));
    if (data === undefined)
      issues.push(issue('body', 'required', 'the document body is mandatory: send it base64-encoded in content[0].attachment.data'));
    else if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) issues.push(issue('body', 'base64', 'attachment data is not valid base64'));
    else if (contentType) body = { contentType, data: Buffer.from(data, 'base64') };
    if (typeof attachment.size === 'number') declared.size = attachment.size;
    if (typeof attachment.hash === 'string') declared.sha1Base64 = attachment.hash;
    const sha = arr(attachment.extension).find((e) => e.url === ext('sha256'));
    if (sha) declared.sha256 = str(sha.valueString);
  }
  return {
    metadata: m,
    body,
    declared,
    issues,
    codedSystems: { ...(taskSeen.system ? { serviceTask: taskSeen.system } : {}), socialServices: socialSystems },
  };
}
