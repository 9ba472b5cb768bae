// From recorded exchanges to what the checks reason about: each document the system submitted (read from
// its own signed CDA, signature verified here with the test PKI), each invalidation, special reason and read,
// with the archive's answer and the rules it named. Only the wire is used — the harness knows nothing of
// how the system or the archive is built.
import { createHash } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import type { BundleEntry, DocumentReference, OperationOutcome } from '../../lib/archive-api/index.ts';
import { issuesOf, isOperationOutcome } from '../../lib/archive-api/outcome-issues.ts';
import { parseCda, parseCdaDocument, type ParsedCda } from '../../lib/cda/cda-parse.ts';
import { type DocumentKind, type DocumentMetadata, documentKind } from '../../lib/metadata/metadata.ts';
import type { CertificateTrust } from '../../lib/pki/index.ts';
import { verifyEnveloped } from '../../lib/xml/verify-signature.ts';
import type { Exchange, KnownUser } from './recording.ts';

export const CDA_TYPE = 'application/hl7-v3+xml';

/** Who made a request, as far as the wire tells. */
export interface Caller {
  kind: 'system' | 'professional' | 'unknown';
  /** The demo user id or the certificate subject: an identity of a test user, never client data. */
  id?: string;
  organisationOid?: string;
}

export interface Answer {
  status: number;
  /** The archive's validation rules in the answer (first issue first). */
  rules: string[];
  /** Network failure, 5xx or 429: the system may send the same again. */
  retryable: boolean;
  /** A 4xx refusal a person must act on. */
  refused: boolean;
}

export interface Submission {
  type: 'submission';
  request: string;
  /** The entry's index in a batch. */
  entry?: number;
  at: string;
  caller: Caller;
  /** SHA-256 of what was submitted (the CDA bytes, or the DocumentReference JSON): "sent unchanged" is "same hash". */
  sha256: string;
  /** Undefined when the submission carried no CDA (a JSON DocumentReference with a PDF has no system signature). */
  cda?: {
    /** The header as the harness read it; undefined when it could not be read. */
    metadata?: DocumentMetadata;
    kind?: DocumentKind;
    parseIssues: Array<{ field: string; rule: string }>;
    body?: ParsedCda['body']['kind'];
    pdfOk?: boolean;
    structureOid?: string;
    signature: { ok: true; organisationOid: string; systemName: string } | { ok: false; reason: string };
  };
  answer: Answer;
}

export interface Invalidation {
  type: 'invalidation';
  request: string;
  at: string;
  caller: Caller;
  setId: string;
  reason?: string;
  answer: Answer;
}

export type ReadKind = 'search' | 'summary' | 'read' | 'history' | 'body' | 'patient-search' | 'patient' | 'provenance';

export interface Read {
  type: 'read';
  request: string;
  at: string;
  caller: Caller;
  kind: ReadKind;
  /** Names of the query parameters (their values are client data and stay out of reports). */
  parameters: string[];
  /** The patient a summary or patient read concerns (in memory only, to pair reads with special reasons). */
  patient?: string;
  answer: Answer;
}

export interface SpecialReason {
  type: 'special-reason';
  request: string;
  at: string;
  caller: Caller;
  patient: string;
  serviceTask?: string;
  reasonCode?: string;
  comment?: string;
  answer: Answer;
}

export type Observation = Submission | Invalidation | Read | SpecialReason;

export interface ObserveOptions {
  /** The test PKI's trust (roots, intermediates, CRLs) the archive's system signatures are checked against. */
  trust: CertificateTrust;
  /** The test archive's demo users, to tell a system's identity from a professional's. */
  users?: readonly KnownUser[];
}

function answerOf(status: number, outcome: unknown, transportError?: string): Answer {
  const rules = isOperationOutcome(outcome)
    ? issuesOf(outcome)
        .map((i) => i.rule)
        .filter((r): r is string => !!r)
    : [];
  const retryable = transportError !== undefined || status >= 500 || status === 429;
  return { status, rules, retryable, refused: !retryable && status >= 400 };
}

function jsonOf(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function callerOf(x: Exchange, users: readonly KnownUser[]): Caller {
  if (x.demoUser) {
    const user = users.find((u) => u.id === x.demoUser);
    if (!user) return { kind: 'unknown', id: x.demoUser };
    return {
      kind: user.role === 'system' ? 'system' : 'professional',
      id: user.id,
      ...(user.organisation ? { organisationOid: user.organisation } : {}),
    };
  }
  if (x.clientCertificate) {
    return {
      kind: 'system',
      id: x.clientCertificate.subject,
      ...(x.clientCertificate.organisationOid ? { organisationOid: x.clientCertificate.organisationOid } : {}),
    };
  }
  return { kind: 'unknown' };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function readCda(bytes: Buffer, trust: CertificateTrust, at: Date): Promise<NonNullable<Submission['cda']>> {
  const text = bytes.toString('utf8');
  const verified = await verifyEnveloped(text, { trust, now: at });
  // The header is read from the signed DOM when the signature holds, as the archive does; otherwise from
  // the bytes as sent, so the other checks still have something to say about a badly signed document.
  const parsed = verified.ok ? parseCdaDocument(verified.signedDocument as Document) : parseCda(text);
  const signature = verified.ok
    ? { ok: true as const, organisationOid: verified.signer.organisationOid, systemName: verified.signer.systemName }
    : { ok: false as const, reason: verified.reason };
  if (!parsed.ok) return { parseIssues: parsed.issues.map((i) => ({ field: i.field, rule: i.rule })), signature };
  const { metadata, body, structureOid, documentTypeSystem } = parsed.cda;
  return {
    metadata,
    kind: documentKind(metadata.documentType, documentTypeSystem ?? null),
    parseIssues: [],
    body: body.kind,
    ...(body.kind === 'pdf' ? { pdfOk: body.data.subarray(0, 5).equals(Buffer.from('%PDF-')) } : {}),
    ...(structureOid ? { structureOid } : {}),
    signature,
  };
}

async function submissionOf(
  resource: DocumentReference | undefined,
  raw: Buffer | undefined,
  base: Omit<Submission, 'type' | 'sha256' | 'cda'>,
  trust: CertificateTrust,
): Promise<Submission> {
  const attachment = resource?.content?.[0]?.attachment;
  const cdaBytes = raw ?? (attachment?.contentType === CDA_TYPE && attachment.data ? Buffer.from(attachment.data, 'base64') : undefined);
  if (!cdaBytes) return { type: 'submission', ...base, sha256: sha256(JSON.stringify(resource ?? null)) };
  return { type: 'submission', ...base, sha256: sha256(cdaBytes), cda: await readCda(cdaBytes, trust, new Date(base.at)) };
}

function entryAnswer(e: BundleEntry | undefined): Answer {
  const status = Number.parseInt(e?.response?.status ?? '', 10);
  return answerOf(Number.isNaN(status) ? 0 : status, e?.response?.outcome as OperationOutcome | undefined);
}

function parameter(body: unknown, name: string): string | undefined {
  const params = (body as { parameter?: Array<{ name?: string; valueString?: string; valueCode?: string }> })?.parameter;
  const p = Array.isArray(params) ? params.find((x) => x.name === name) : undefined;
  return p?.valueString ?? p?.valueCode;
}

const READS: Array<[RegExp, ReadKind]> = [
  [/^DocumentReference$/, 'search'],
  [/^DocumentReference\/[^/]+\/_history(\/[^/]+)?$/, 'history'],
  [/^DocumentReference\/[^/]+$/, 'read'],
  [/^Binary\/.+$/, 'body'],
  [/^Patient\/[^/]+\/\$client-summary$/, 'summary'],
  [/^Patient$/, 'patient-search'],
  [/^Patient\/[^/$]+$/, 'patient'],
  [/^Provenance$/, 'provenance'],
];

/** Every exchange that concerns client data, in arrival order; reference data, metadata and the demo list are left out. */
export async function observe(exchanges: readonly Exchange[], options: ObserveOptions): Promise<Observation[]> {
  const users = options.users ?? [];
  const ordered = [...exchanges].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const out: Observation[] = [];
  for (const x of ordered) {
    const base = { request: x.id, at: x.at, caller: callerOf(x, users) };
    const answerJson = jsonOf(x.answerBody);
    const answer = answerOf(x.status, answerJson, x.transportError);
    if (x.method === 'POST' && x.path === '') {
      const bundle = jsonOf(x.requestBody) as { type?: string; entry?: BundleEntry[] } | undefined;
      const answers = (answerJson as { entry?: BundleEntry[] } | undefined)?.entry;
      for (const [i, e] of (bundle?.entry ?? []).entries()) {
        // A refused or lost whole batch answers every entry alike.
        const a = Array.isArray(answers) && x.status < 300 ? entryAnswer(answers[i]) : answer;
        out.push(
          await submissionOf(e.resource as DocumentReference | undefined, undefined, { ...base, entry: i, answer: a }, options.trust),
        );
      }
    } else if (x.method === 'POST' && x.path === 'DocumentReference') {
      const cda = x.contentType?.startsWith(CDA_TYPE) ? x.requestBody : undefined;
      const resource = cda ? undefined : (jsonOf(x.requestBody) as DocumentReference | undefined);
      out.push(await submissionOf(resource, cda, { ...base, answer }, options.trust));
    } else if (x.method === 'POST' && /^DocumentReference\/[^/]+\/\$invalidate$/.test(x.path)) {
      const reason = parameter(jsonOf(x.requestBody), 'reason');
      out.push({ type: 'invalidation', ...base, setId: x.path.split('/')[1]!, ...(reason !== undefined ? { reason } : {}), answer });
    } else if (x.method === 'POST' && /^Patient\/[^/]+\/\$special-reason$/.test(x.path)) {
      const body = jsonOf(x.requestBody);
      const [serviceTask, reasonCode, comment] = ['serviceTask', 'reasonCode', 'comment'].map((n) => parameter(body, n));
      out.push({
        type: 'special-reason',
        ...base,
        patient: x.path.split('/')[1]!,
        ...(serviceTask !== undefined ? { serviceTask } : {}),
        ...(reasonCode !== undefined ? { reasonCode } : {}),
        ...(comment !== undefined ? { comment } : {}),
        answer,
      });
    } else if (x.method === 'GET') {
      const kind = READS.find(([re]) => re.test(x.path))?.[1];
      if (!kind) continue;
      const patient = kind === 'summary' || kind === 'patient' ? x.path.split('/')[1] : undefined;
      out.push({ type: 'read', ...base, kind, parameters: [...new Set(x.query.map(([k]) => k))], ...(patient ? { patient } : {}), answer });
    }
  }
  return out;
}
