// Signed-CDA ingest: how a CDA R2 document with the system signature enters the archive. For each document
//   content type and size → safe parse (prescan: no DTD, depth/width limits) → system signature against
//   the archive's trust → CDA header read from the SIGNED DOM only (cda-verify.ts; large batches on worker
//   threads, cda-verify-pool.ts) → national header rules → signer organisation and claimed metadata
//   consistent with the header → CDA R2 XSD (one xmllint run for the whole batch, on the signed content;
//   the schema is arkki's wrapper data/cda-r2-xsd/arkki/CDA-signed.xsd, which also admits the document as
//   served, with its enveloped ds:Signature)
// and then the accepted ones go to storeDocuments, which archives the signed bytes as they came (format
// `cda`) with their usage-log rows in one transaction. A document refused at any step is reported with
// every problem found at that step, by XPath (or line) and rule; nothing of it is written.
import { FIELD_XPATH, xpathOf } from '../../lib/cda/cda-mapping.ts';
import { checkNationalHeader } from '../../lib/cda/national-header-rules.ts';
import { validateCdaXsdMany } from '../../lib/cda/xsd-validate.ts';
import { ArkkiError, errorCodeFor, issue, type ErrorCode, type Issue } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { SystemSigner } from '../../lib/xml/verify-signature.ts';
import { CONTENT_TYPES, pdfaFailureIssues, type DeclaredBody } from '../domain/body.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { checkClaimedMetadata } from './cda-consistency.ts';
import { signatureIssue, type CdaHeader } from './cda-verify.ts';

export { withoutBase64Values } from './cda-verify.ts';
import { verifyCdaBatch } from './cda-verify-pool.ts';
import { withProfessionalSignature } from './cda-professional-signature.ts';
import type { ArchiveDeps } from './deps.ts';
import { storeDocuments, type SubmissionResult } from './store-documents.ts';
import type { Prepared } from './cda-prepared.ts';
import { refusalRecord } from '../domain/ingest-refusal.ts';
import { insertRefusals } from '../store/refusal-store.ts';

export const CDA_CONTENT_TYPE = 'application/hl7-v3+xml';

export interface CdaSubmission {
  /** The signed CDA document exactly as received. */
  data: Buffer;
  /** Content type the sender gave (default application/hl7-v3+xml). */
  contentType?: string;
  /** Size and hashes the sender declared for the bytes. */
  declared?: DeclaredBody;
  /** Metadata the sender also gave (a full DocumentReference): every field given must equal the header's. */
  claimed?: Partial<DocumentMetadata>;
  /** The professional's detached XAdES signature over the unsigned CDA (a decision's e-signature), as received. */
  professionalSignature?: Buffer;
}

const refused = (code: ErrorCode, issues: Issue[]): Prepared => ({ ok: false, error: new ArkkiError(code, issues) });

interface Verified {
  i: number;
  item: CdaSubmission;
  signer: SystemSigner;
  header?: CdaHeader;
  issues: Issue[];
  xsdText: string;
  signedXml?: string;
}

/** What is refused before any parsing: content type, size, emptiness. */
function precheck(deps: ArchiveDeps, item: CdaSubmission): Prepared | null {
  const contentType = (item.contentType ?? CDA_CONTENT_TYPE).split(';')[0]!.trim().toLowerCase();
  if (!CONTENT_TYPES.cda.includes(contentType)) {
    return refused('unsupported-media-type', [
      issue('body.contentType', 'media-type', `a signed CDA is sent as ${CONTENT_TYPES.cda.join(' or ')}, got '${contentType}'`),
    ]);
  }
  if (item.data.length > deps.maxBodyBytes) {
    return refused('too-large', [
      issue('body', 'max-size', `the CDA document is ${item.data.length} bytes; the limit is ${deps.maxBodyBytes} bytes`),
    ]);
  }
  if (item.data.length === 0) return refused('required', [issue('body', 'required', 'the CDA document is empty')]);
  return null;
}

// A header that was read (even one breaking the rules) names the document type and unit for the refusal row.
const headerMetadata = (v: Verified) => (v.header ? { metadata: v.header.metadata } : {});

/** Header rules, signer organisation and the sender's claimed metadata: pure, on the signed header. */
function headerIssues(deps: ArchiveDeps, v: Verified & { header: CdaHeader }): Issue[] {
  const m = v.header.metadata;
  const out = checkNationalHeader(v.header, { codeSets: deps.codeSets, retention: deps.retention, now: deps.now() });
  // The system signature vouches for the content on behalf of the organisation responsible for it: the
  // service provider that produced the document or the register keeper whose register it goes to.
  if (m.serviceProvider !== v.signer.organisationOid && m.registerKeeper !== v.signer.organisationOid) {
    out.push(
      signatureIssue(
        'wrong-organisation',
        `signed by a system of organisation ${v.signer.organisationOid} ("${v.signer.systemName}"), but the document's service provider is ${m.serviceProvider} (${FIELD_XPATH.serviceProvider}) and its register keeper ${m.registerKeeper} (${FIELD_XPATH.registerKeeper})`,
      ),
    );
  }
  if (m.format !== undefined && m.format !== 'cda') {
    out.push(issue(xpathOf('format'), 'format', `a signed CDA is archived in storage format 'cda'; the header says '${m.format}'`));
  }
  if (!v.header.pdfOk) {
    out.push(
      issue(
        '/ClinicalDocument/component/nonXMLBody/text',
        'pdf',
        'the phase I body is declared application/pdf but is not a PDF (does not start with %PDF-)',
      ),
    );
  }
  out.push(...pdfaFailureIssues('/ClinicalDocument/component/nonXMLBody/text', v.header.pdfa));
  if (v.item.claimed) out.push(...checkClaimedMetadata(v.item.claimed, m));
  return out;
}

/**
 * Every check before storage, for a batch. The result keeps the input's order; accepted items carry the
 * submission for storeDocuments (metadata from the signed header, the received bytes as body).
 */
export async function prepareCdaSubmissions(deps: ArchiveDeps, items: CdaSubmission[]): Promise<Prepared[]> {
  const results: Prepared[] = new Array(items.length);
  const pending: number[] = [];
  items.forEach((item, i) => {
    const refusal = precheck(deps, item);
    if (refusal) results[i] = refusal;
    else pending.push(i);
  });
  const trust = deps.signatureTrust?.();
  if (!trust && pending.length > 0) {
    for (const i of pending)
      results[i] = refused('not-supported', [
        issue(
          'signature',
          'no-trust',
          'this archive has no trust material for system signatures configured, so it cannot accept CDA documents',
        ),
      ]);
    return results;
  }
  const now = deps.now();
  const checked =
    pending.length > 0
      ? await verifyCdaBatch(
          pending.map((i) => items[i]!.data),
          trust!,
          now,
          deps.verifyWorkers,
          pending.map((i) => items[i]!.professionalSignature !== undefined),
        )
      : [];
  const verified: Verified[] = [];
  checked.forEach((v, k) => {
    const i = pending[k]!;
    if (!v.ok) results[i] = refused(v.code, v.issues);
    else
      verified.push({
        i,
        item: items[i]!,
        signer: v.signer,
        issues: v.issues,
        xsdText: v.xsdText,
        ...(v.signedXml !== undefined ? { signedXml: v.signedXml } : {}),
        ...(v.header ? { header: v.header } : {}),
      });
  });
  for (const v of verified) if (v.header) v.issues.push(...headerIssues(deps, v as Verified & { header: CdaHeader }));
  // Cheap refusals first: a document with header problems (or a signer that may not vouch for it) is
  // answered with those, every one of them, without the XSD run, which costs the most per call.
  const headerOk = verified.filter((v) => {
    if (v.issues.length === 0 && v.header) return true;
    const signature = v.issues.filter((x) => x.field === 'signature');
    const issues = signature.length > 0 ? signature : v.issues;
    results[v.i] = { ...refused(signature.length > 0 ? 'invalid' : errorCodeFor(issues), issues), ...headerMetadata(v) };
    return false;
  });
  const xsd = await validateCdaXsdMany(
    headerOk.map((v) => v.xsdText),
    { field: 'cda' },
  );
  headerOk.forEach((v, k) => {
    const issues = xsd[k]!.issues;
    if (issues.length > 0) {
      results[v.i] = { ...refused(errorCodeFor(issues), issues), ...headerMetadata(v) };
      return;
    }
    const contentType = (v.item.contentType ?? CDA_CONTENT_TYPE).split(';')[0]!.trim().toLowerCase();
    results[v.i] = {
      ok: true,
      signer: v.signer,
      phase: v.header!.bodyKind,
      submission: {
        metadata: v.header!.metadata,
        body: { contentType, data: v.item.data },
        ...(v.item.declared ? { declared: v.item.declared } : {}),
        ...(v.header!.structuredContent !== undefined
          ? {
              structured: {
                content: v.header!.structuredContent,
                ...(v.header!.structureOid ? { structureOid: v.header!.structureOid } : {}),
              },
            }
          : {}),
      },
    };
  });
  // A professional e-signature is checked last, over what the system signature covers (docs/e-signature.md).
  for (const v of headerOk) {
    const p = results[v.i]!;
    if (p.ok && v.item.professionalSignature)
      results[v.i] = await withProfessionalSignature(deps, p, v.item.professionalSignature, v.signedXml!, { trust: trust!, now });
  }
  return results;
}

/** storeDocuments names metadata fields; for a CDA sender the header's XPath is the place to fix. */
export function withCdaPaths(error: ArkkiError): ArkkiError {
  const issues = error.issues.map((i) => (FIELD_XPATH[i.field] ? { ...i, field: FIELD_XPATH[i.field]! } : i));
  return new ArkkiError(error.code, issues);
}

/**
 * The checks before storage, with a refusal row for each document refused by them (storeDocuments writes
 * its own): what the organisation's follow-up shows as refused and why.
 */
export async function prepareAndRecordRefusals(deps: ArchiveDeps, identity: Identity, items: CdaSubmission[]): Promise<Prepared[]> {
  const prepared = await prepareCdaSubmissions(deps, items);
  const at = deps.now();
  await insertRefusals(
    deps.db,
    prepared.flatMap((p) => (p.ok ? [] : [refusalRecord(identity, p.metadata, p.error, at)])),
  );
  return prepared;
}

/** Ingests a batch of signed CDA documents; answers per document, in order (created, duplicate or rejected). */
export async function ingestCdaDocuments(deps: ArchiveDeps, identity: Identity, items: CdaSubmission[]): Promise<SubmissionResult[]> {
  const prepared = await prepareAndRecordRefusals(deps, identity, items);
  const accepted = prepared.flatMap((p, i) => (p.ok ? [{ i, submission: p.submission }] : []));
  const stored =
    accepted.length > 0
      ? await storeDocuments(
          deps,
          identity,
          accepted.map((a) => a.submission),
        )
      : [];
  const results: SubmissionResult[] = prepared.map((p) => (p.ok ? undefined! : { outcome: 'rejected', error: p.error }));
  stored.forEach((r, k) => {
    results[accepted[k]!.i] = r.outcome === 'rejected' ? { outcome: 'rejected', error: withCdaPaths(r.error) } : r;
  });
  return results;
}

/** One document: the archived document, or the error that refused it. */
export async function ingestCda(deps: ArchiveDeps, identity: Identity, item: CdaSubmission) {
  const [result] = await ingestCdaDocuments(deps, identity, [item]);
  if (result!.outcome === 'rejected') throw result!.error;
  return { created: result!.outcome === 'created', document: result!.document };
}
