// The per-document part of signed-CDA ingest that needs no database and no code sets: UTF-8, the safe-XML
// prescan, the system signature with its certificate path, and the header read from the signed DOM. Its
// result is plain data, so it runs the same in the request's thread or in a verification worker.
import type { Document } from '@xmldom/xmldom';
import { parseCdaDocument, type ParsedCda } from '../../lib/cda/cda-parse.ts';
import { issue, type ErrorCode, type Issue } from '../../lib/errors.ts';
import { pdfaFailures, readPdfFacts, type PdfaFailure } from '../domain/pdfa.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import { SAFE_XML_DEFAULTS } from '../../lib/xml/safe-xml.ts';
import { verifyEnveloped, type SystemSigner } from '../../lib/xml/verify-signature.ts';
import { lineAndColumn, prescanXml } from '../../lib/xml/xml-prescan.ts';

/** The signed header and what the later checks need of the body (the body itself stays in the signed bytes). */
export type CdaHeader = Pick<ParsedCda, 'metadata' | 'structureOid' | 'documentTypeSystem' | 'codedSystems'> & {
  bodyKind: ParsedCda['body']['kind'];
  pdfOk: boolean;
  /** The failing PDF/A points of a phase I PDF body (empty when it is PDF/A or there is no PDF). */
  pdfa: PdfaFailure[];
  /** A phase 2 body's JSON content, read once here so the summary's key fields need no second parse. */
  structuredContent?: unknown;
};

export type VerifiedCda =
  | { ok: false; code: ErrorCode; issues: Issue[] }
  | { ok: true; signer: SystemSigner; signedXml: string; rootLine: number; header?: CdaHeader; issues: Issue[] };

const PDF_MAGIC = Buffer.from('%PDF-');

/** Signer profiles that may vouch for archived content; a viewing system only reads. */
const SIGNING_PROFILES = new Set(['connected', 'storing', 'archiving']);

export function signatureIssue(reason: string, detail: string): Issue {
  return issue('signature', reason, `system signature (järjestelmäallekirjoitus) refused: ${detail}`);
}

/** Lines before the document element (declaration, comments), so XSD line numbers match the sender's file. */
function linesBeforeRoot(text: string): number {
  const prolog = /^\uFEFF?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/.exec(text)?.[0] ?? '';
  return prolog.split('\n').length - 1;
}

/** Cheap refusals first (encoding, prescan), then the signature, then the header from the signed DOM. */
export async function verifyCdaBytes(data: Uint8Array, trust: CertificateTrust, now: Date): Promise<VerifiedCda> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { ok: false, code: 'invalid', issues: [issue('cda', 'encoding', 'the CDA document is not valid UTF-8')] };
  }
  // The prescan names the rule (doctype, too-deep, …) that the signature verifier would only call malformed.
  const problem = prescanXml(text, SAFE_XML_DEFAULTS);
  if (problem) {
    const at = lineAndColumn(text, problem.offset);
    return {
      ok: false,
      code: 'invalid',
      issues: [{ ...issue('cda', problem.rule, `${problem.message} (line ${at.line}, column ${at.column})`), line: at.line } as Issue],
    };
  }
  const verified = await verifyEnveloped(text, { trust, now, prescanned: true });
  if (!verified.ok) return { ok: false, code: 'invalid', issues: [signatureIssue(verified.reason, verified.detail)] };
  const { signer } = verified;
  const issues: Issue[] = [];
  if (signer.profile && !SIGNING_PROFILES.has(signer.profile)) {
    issues.push(signatureIssue('signer-profile', `a ${signer.profile} system (${signer.systemName}) cannot sign archived documents`));
  }
  const base = { ok: true as const, signer, signedXml: verified.signedXml, rootLine: linesBeforeRoot(text) };
  const parsed = parseCdaDocument(verified.signedDocument as Document);
  if (!parsed.ok) return { ...base, issues: [...issues, ...parsed.issues] };
  const { metadata, structureOid, documentTypeSystem, codedSystems, body } = parsed.cda;
  const pdfOk = body.kind !== 'pdf' || body.data.subarray(0, 5).equals(PDF_MAGIC);
  const header: CdaHeader = {
    metadata,
    bodyKind: body.kind,
    pdfOk,
    pdfa: body.kind === 'pdf' && pdfOk ? pdfaFailures(await readPdfFacts(body.data)) : [],
    ...(structureOid !== undefined ? { structureOid } : {}),
    ...(documentTypeSystem !== undefined ? { documentTypeSystem } : {}),
    ...(codedSystems !== undefined ? { codedSystems } : {}),
    ...(body.kind === 'structured' ? { structuredContent: body.content } : {}),
  };
  return { ...base, header, issues };
}
