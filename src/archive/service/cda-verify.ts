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
  | {
      ok: true;
      signer: SystemSigner;
      /** What the XSD run reads: the signed content with its base64 values blanked, lines kept (forXsd). */
      xsdText: string;
      /** The signed content itself, only when asked for (a professional e-signature is checked over it). */
      signedXml?: string;
      header?: CdaHeader;
      issues: Issue[];
    };

// An ED value carried as base64 (the phase I PDF, the phase 2 JSON) is mixed content that CDA.xsd cannot
// constrain, yet it is most of a document's bytes: it is blanked before the XSD run (line breaks kept, so
// line numbers stay), which spares copying and scanning ~30 KB per document in xmllint. Works on the
// canonical form, whose attributes are always double-quoted.
const BASE64_VALUE = /(<(?:[A-Za-z_][\w.-]*:)?(?:text|value)\b[^>]*\brepresentation="B64"[^>]*>)([^<]*)/g;
export function withoutBase64Values(xml: string): string {
  return xml.replace(BASE64_VALUE, (_m, open: string, text: string) => open + text.replace(/[^\n]+/g, ''));
}

/**
 * The XSD input of a signed document: its signed content without base64 values, after as many line breaks
 * as the received file had before its root element, so xmllint's line numbers are the sender's. Made where
 * the document is verified (a worker, for a batch), so only this small text travels back.
 */
export function forXsd(signedXml: string, rootLine: number): string {
  return '\n'.repeat(rootLine) + withoutBase64Values(signedXml);
}

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
export async function verifyCdaBytes(
  data: Uint8Array,
  trust: CertificateTrust,
  now: Date,
  options: { keepSignedXml?: boolean } = {},
): Promise<VerifiedCda> {
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
  const base = {
    ok: true as const,
    signer,
    xsdText: forXsd(verified.signedXml, linesBeforeRoot(text)),
    ...(options.keepSignedXml ? { signedXml: verified.signedXml } : {}),
  };
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
