import { ArkkiError, errorCodeFor, type Issue } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { clientKey as toClientKey } from '../../lib/identifiers/client-id.ts';
import { parseHetu } from '../../lib/identifiers/hetu.ts';
import { decideAccess } from '../domain/access-policy.ts';
import { pdfaIssues, sha256Hex, validateBody, type DeclaredBody } from '../domain/body.ts';
import { checkNewVersion } from '../domain/lifecycle.ts';
import { documentKind, type DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument, DocumentBody } from '../domain/archived-document.ts';
import { applyToView, checkRegisterOrder, emptyView, type RegisterView } from '../domain/register-rules.ts';
import { destructionDate } from '../../lib/metadata/retention.ts';
import { usageEntry, type UsageEntry } from '../domain/usage-entry.ts';
import { validateMetadata } from '../../lib/metadata/validate-metadata.ts';
import { getDocuments, insertDocuments, locate, recordStatusChange, type NewDocumentRow } from '../store/document-store.ts';
import { casesOf, clienthoodsOf, saveCase, saveClienthood } from '../store/register-store.ts';
import { turvakieltoClients } from '../store/access-facts-store.ts';
import { appendUsage } from '../store/usage-log-store.ts';
import { insertRefusals } from '../store/refusal-store.ts';
import { refusalRecord } from '../domain/ingest-refusal.ts';
import { ensurePersons } from '../store/person-store.ts';
import { saveStructuredFields } from '../store/structured-fields-store.ts';
import {
  insertProfessionalSignatures,
  signatureDigestsOf,
  type StoredProfessionalSignature,
} from '../store/professional-signature-store.ts';
import type { SummaryFieldSet } from '../domain/summary-fields.ts';
import { jsonContent, type StructuredContent } from './structured-fields.ts';
import { checkStructuredContent } from './structured-content-check.ts';
import { submissionHash } from '../../lib/canonical-json.ts';
import type { ArchiveDeps } from './deps.ts';
import { checkOrganisations, loadOrganisations } from './organisation-check.ts';

export interface Submission {
  metadata: DocumentMetadata;
  body: DocumentBody;
  declared?: DeclaredBody;
  /** Structured content already read from the body (CDA ingest); a `structured` JSON body is read here. */
  structured?: StructuredContent;
  /** A verified professional e-signature (CDA ingest), written with the document in the same transaction. */
  professionalSignature?: StoredProfessionalSignature;
}

export type SubmissionResult =
  | { outcome: 'created' | 'duplicate'; document: ArchivedDocument }
  | { outcome: 'rejected'; error: ArkkiError };

/** Timestamps are kept at millisecond precision in UTC so paging cursors and hashes are exact. */
function normalise(m: DocumentMetadata): DocumentMetadata {
  return {
    ...m,
    created: new Date(m.created).toISOString(),
    completed: new Date(m.completed).toISOString(),
    socialServices: m.socialServices ?? [],
  };
}

const partition = (m: DocumentMetadata) => `${m.registerKeeper}|${toClientKey(m.client)}`;

/**
 * Archives a batch of submissions (store or new version). Each item is validated on its own; the accepted
 * ones are written with their usage-log rows in ONE transaction, so a crash leaves all or nothing.
 * Re-sending an archived document (same id, same content) answers as before without a second copy.
 */
export async function storeDocuments(deps: ArchiveDeps, identity: Identity, submissions: Submission[]): Promise<SubmissionResult[]> {
  try {
    return await storeOnce(deps, identity, submissions);
  } catch (err) {
    // Two senders raced on the same document id or version: run again and answer from what won.
    if ((err as { code?: string }).code === '23505') return storeOnce(deps, identity, submissions);
    throw err;
  }
}

const PDF_MAGIC = Buffer.from('%PDF-');

async function storeOnce(deps: ArchiveDeps, identity: Identity, submissions: Submission[]): Promise<SubmissionResult[]> {
  const now = deps.now();
  const results: (SubmissionResult | undefined)[] = new Array(submissions.length);
  const reject = (i: number, code: ArkkiError['code'], issues: Issue[]) => {
    results[i] = { outcome: 'rejected', error: new ArkkiError(code, issues) };
  };
  const rules = { codeSets: deps.codeSets, retention: deps.retention, now };
  const usage: UsageEntry[] = [];

  // 1. Pure checks: metadata, body, access. Nothing touches the database for a malformed item.
  const candidates: Array<{
    i: number;
    m: DocumentMetadata;
    body: DocumentBody;
    bodySha: string;
    rule: string;
    structureOid?: string;
    fields?: SummaryFieldSet;
  }> = [];
  // A PDF body must be PDF/A (a signed CDA's PDF is checked on its verification path, cda-verify.ts).
  const pdfa = await Promise.all(
    submissions.map((s) =>
      s.metadata?.format === 'pdf' && s.body && s.body.data.length <= deps.maxBodyBytes && s.body.data.subarray(0, 5).equals(PDF_MAGIC)
        ? pdfaIssues(s.body.data)
        : [],
    ),
  );
  submissions.forEach((s, i) => {
    const issues = validateMetadata(s.metadata ?? {}, rules);
    if (s.body) issues.push(...validateBody(s.metadata?.format, s.body, s.declared ?? {}, deps.maxBodyBytes), ...pdfa[i]!);
    else issues.push({ field: 'body', rule: 'required', message: 'document body is mandatory' });
    if (issues.length > 0) return reject(i, errorCodeFor(issues), issues);
    const m = normalise(s.metadata);
    const key = toClientKey(m.client);
    const action = m.version > 1 ? 'new-version' : 'create';
    const decision = decideAccess(identity, action, { registerKeeperOid: m.registerKeeper, serviceTask: m.serviceTask, clientKey: key });
    if (!decision.allow) {
      usage.push(
        usageEntry(identity, action, decision, {
          registerKeeperOid: m.registerKeeper,
          clientKey: key,
          at: now,
          outcome: 'denied',
          documentIds: [m.documentId],
        }),
      );
      return reject(i, 'forbidden', [
        { field: 'registerKeeper', rule: decision.rule, message: `not allowed to archive: ${decision.reason}` },
      ]);
    }
    candidates.push({ i, m, body: s.body, bodySha: sha256Hex(s.body.data), rule: decision.rule });
  });

  // 1b. Structured (phase 2) content against its national structure (structured-content-check.ts), and
  // its key fields for the client data summary (docs/rendering.md).
  const checked: typeof candidates = [];
  for (const c of candidates) {
    const structured = submissions[c.i]!.structured ?? (c.m.format === 'structured' ? jsonContent(c.body.data) : undefined);
    if (!structured && c.m.format === 'structured') {
      reject(c.i, 'invalid', [{ field: 'body', rule: 'json', message: 'a structured document body must be the content as JSON' }]);
      continue;
    }
    if (structured) {
      const check = await checkStructuredContent(deps, c.m, structured);
      if (!check.ok) {
        reject(c.i, errorCodeFor(check.issues), check.issues);
        continue;
      }
      c.structureOid = check.structureOid;
      if (check.fields) c.fields = check.fields;
    }
    checked.push(c);
  }

  // 2. Reference data outside the transaction: the organisation register changes rarely.
  const orgs = await loadOrganisations(
    deps.db,
    checked.map((c) => c.m),
  );
  const valid = checked.filter((c) => {
    const issues = checkOrganisations(c.m, orgs);
    if (issues.length > 0) reject(c.i, 'invalid', issues);
    return issues.length === 0;
  });

  // 3. One transaction: idempotency, versions, register order, then all writes and their log rows.
  await deps.db.transaction(async (tx) => {
    const ids = valid.map((c) => c.m.documentId);
    const replaced = valid.filter((c) => c.m.replaces).map((c) => c.m.replaces!);
    const locators = await locate(tx, [...ids, ...replaced]);
    const existing = await getDocuments(tx, [...locators.values()], true);
    const keys = [
      ...new Map(
        valid.map((c) => [partition(c.m), { registerKeeperOid: c.m.registerKeeper, clientKey: toClientKey(c.m.client) }]),
      ).values(),
    ];
    const views = new Map<string, RegisterView>();
    for (const k of keys) views.set(`${k.registerKeeperOid}|${k.clientKey}`, emptyView());
    for (const c of await clienthoodsOf(tx, keys))
      views.get(`${c.registerKeeperOid}|${c.clientKey}`)!.clienthoods.push({ level: c.level, serviceTask: c.serviceTask });
    for (const c of await casesOf(tx, keys)) views.get(`${c.registerKeeperOid}|${c.clientKey}`)!.cases.set(c.caseId, c.serviceTask);

    // A resend is the same submission only with the same professional e-signature (or again none).
    const signed = await signatureDigestsOf(
      tx,
      valid.flatMap((c) => (c.m.format === 'cda' && existing.get(c.m.documentId) ? [existing.get(c.m.documentId)!.doc] : [])),
    );
    const rows: NewDocumentRow[] = [];
    const signatures: StoredProfessionalSignature[] = [];
    const inBatch = new Map<string, { hash: string; doc: ArchivedDocument; signatureSha?: string }>();
    const supersede: ArchivedDocument[] = [];
    for (const c of valid) {
      const { m } = c;
      const key = toClientKey(m.client);
      const hash = submissionHash(m, c.bodySha);
      const signature = submissions[c.i]!.professionalSignature;
      const earlierInBatch = inBatch.get(m.documentId);
      const prior = existing.get(m.documentId) ?? (earlierInBatch && { doc: earlierInBatch.doc, submissionHash: earlierInBatch.hash });
      if (prior) {
        const priorSignature = existing.has(m.documentId) ? signed.get(m.documentId) : earlierInBatch?.signatureSha;
        if (prior.submissionHash !== hash)
          reject(c.i, 'conflict', [
            {
              field: 'documentId',
              rule: 'immutable',
              message: `document ${m.documentId} is already archived with different content; send a new version with a new document id`,
            },
          ]);
        else if (priorSignature !== signature?.signatureSha256)
          reject(c.i, 'conflict', [
            {
              field: 'professionalSignature',
              rule: 'immutable',
              message: `document ${m.documentId} is already archived ${!priorSignature ? 'without a professional e-signature' : signature ? 'with another professional e-signature' : 'with a professional e-signature'}; a signature cannot be added or changed afterwards, send a new version`,
            },
          ]);
        else results[c.i] = { outcome: 'duplicate', document: prior.doc };
        continue;
      }
      const kind = documentKind(m.documentType, deps.codeSets.lookup('document-types', m.documentType)?.codeSystem ?? null);
      const view = views.get(partition(m))!;
      const issues = checkRegisterOrder(m, kind, view);
      let previous: ArchivedDocument | undefined;
      if (m.version > 1) {
        const loc = locators.get(m.replaces!);
        const stored =
          loc && loc.registerKeeperOid === m.registerKeeper && loc.clientKey === key ? existing.get(m.replaces!)?.doc : undefined;
        // The replaced version may come earlier in this same batch (a load queue holding a document and its correction).
        const earlier = inBatch.get(m.replaces!)?.doc;
        previous = stored ?? (earlier && earlier.registerKeeper === m.registerKeeper && earlier.clientKey === key ? earlier : undefined);
        issues.push(...checkNewVersion(m, previous));
      }
      if (issues.length > 0) {
        reject(c.i, issues.some((x) => x.rule === 'archive-first') ? 'precondition' : 'conflict', issues);
        continue;
      }
      const rule = deps.retention.rules.find((r) => r.id === m.retentionRule)!;
      const hetu = m.client.kind === 'hetu' ? parseHetu(m.client.value) : null;
      const doc: ArchivedDocument = {
        ...m,
        clientKey: key,
        status: 'current',
        destructionDate: destructionDate(rule, deps.retention, m.completed, hetu && hetu.ok ? hetu.hetu.birthDate : null),
        body: { sha256: c.bodySha, size: c.body.data.length, contentType: c.body.contentType.split(';')[0]!.trim().toLowerCase() },
        archivedAt: now.toISOString(),
        archivedBy: identity.userId,
        ...(c.structureOid ? { structureOid: c.structureOid } : {}),
      };
      if (previous) {
        previous.status = 'superseded'; // a later item of this batch may not replace it again
        supersede.push(previous);
      }
      applyToView(view, m, kind);
      rows.push({ doc, body: c.body, submissionHash: hash });
      inBatch.set(m.documentId, { hash, doc, ...(signature ? { signatureSha: signature.signatureSha256 } : {}) });
      if (signature) signatures.push(signature);
      results[c.i] = { outcome: 'created', document: doc };
      usage.push(
        usageEntry(
          identity,
          m.version > 1 ? 'new-version' : 'create',
          { rule: c.rule },
          {
            registerKeeperOid: m.registerKeeper,
            clientKey: key,
            at: now,
            documentIds: m.replaces ? [m.documentId, m.replaces] : [m.documentId],
          },
        ),
      );
    }
    await ensurePersons(
      tx,
      rows.map((r) => r.doc.client),
    );
    await insertDocuments(tx, rows);
    await insertProfessionalSignatures(tx, signatures);
    await saveStructuredFields(
      tx,
      valid.flatMap((c) => {
        const r = results[c.i];
        // One row per structured document, key fields or none: the row also records which structure the
        // content follows, which decides the JSON and XHTML renderings a reader is offered.
        return r?.outcome === 'created' && c.structureOid
          ? [
              {
                registerKeeperOid: r.document.registerKeeper,
                clientKey: r.document.clientKey,
                documentId: r.document.documentId,
                structureOid: c.structureOid,
                fields: c.fields?.fields ?? [],
              },
            ]
          : [];
      }),
    );
    for (const p of supersede) await recordStatusChange(tx, p, 'superseded', identity.userId, now.toISOString(), null);
    for (const r of rows) {
      if (r.doc.clienthood) await saveClienthood(tx, r.doc);
      if (r.doc.caseRecord) await saveCase(tx, r.doc);
    }
    // Every use of a turvakielto client's data is flagged for log monitoring, writes included.
    const marked = await turvakieltoClients(tx, [...new Set(usage.map((u) => u.clientKey))]);
    for (const u of usage)
      if (marked.has(u.clientKey)) u.detail = { ...u.detail, flags: [...((u.detail.flags as string[] | undefined) ?? []), 'turvakielto'] };
    await appendUsage(tx, usage);
    // What was refused, without client data, for the organisation's follow-up (docs/fhir-mapping.md, $refusals).
    await insertRefusals(
      tx,
      results.flatMap((r, i) =>
        r?.outcome === 'rejected'
          ? [refusalRecord(identity, submissions[i]?.metadata as Partial<DocumentMetadata> | undefined, r.error, now)]
          : [],
      ),
    );
  });
  return results as SubmissionResult[];
}

/** One submission: the document, or the error that refused it. */
export async function storeDocument(
  deps: ArchiveDeps,
  identity: Identity,
  submission: Submission,
): Promise<{ created: boolean; document: ArchivedDocument }> {
  const [result] = await storeDocuments(deps, identity, [submission]);
  if (result!.outcome === 'rejected') throw result!.error;
  return { created: result!.outcome === 'created', document: result!.document };
}
