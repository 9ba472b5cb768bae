import { createHash } from 'node:crypto';
import { issue, type Issue } from '../../lib/errors.ts';
import type { DocumentFormat } from '../../lib/metadata/metadata.ts';
import type { DocumentBody } from './archived-document.ts';
import { pdfaFailures, readPdfFacts, type PdfaFailure } from './pdfa.ts';

/** Content types accepted for each storage format (tallennusmuoto). */
export const CONTENT_TYPES: Record<DocumentFormat, readonly string[]> = {
  pdf: ['application/pdf'],
  cda: ['application/hl7-v3+xml', 'application/xml', 'text/xml'],
  structured: ['application/json'],
};

export interface DeclaredBody {
  size?: number;
  sha256?: string;
  sha1Base64?: string;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Checks a body against its format and what the sender declared (size, hashes) before anything is stored. */
export function validateBody(format: DocumentFormat | undefined, body: DocumentBody, declared: DeclaredBody, maxBytes: number): Issue[] {
  const out: Issue[] = [];
  const ct = body.contentType.split(';')[0]!.trim().toLowerCase();
  if (body.data.length === 0) out.push(issue('body', 'required', 'document body is empty'));
  if (body.data.length > maxBytes) {
    out.push(issue('body', 'max-size', `document body is ${body.data.length} bytes; the limit is ${maxBytes} bytes`));
    return out;
  }
  if (format && CONTENT_TYPES[format]) {
    if (!CONTENT_TYPES[format].includes(ct)) {
      out.push(
        issue(
          'body.contentType',
          'media-type',
          `content type '${ct}' does not fit format '${format}'; expected ${CONTENT_TYPES[format].join(' or ')}`,
        ),
      );
    } else if (format === 'pdf' && !body.data.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
      out.push(issue('body', 'pdf', 'body is declared application/pdf but does not start with %PDF-'));
    } else if (format === 'cda' && !/^(\uFEFF)?\s*</.test(body.data.subarray(0, 64).toString('utf8'))) {
      out.push(issue('body', 'xml', 'body is declared XML (CDA R2) but does not start with an XML element'));
    }
  }
  if (declared.size !== undefined && declared.size !== body.data.length) {
    out.push(issue('body.size', 'size-mismatch', `declared size ${declared.size} bytes but the body is ${body.data.length} bytes`));
  }
  if (declared.sha256 !== undefined && declared.sha256.toLowerCase() !== sha256Hex(body.data)) {
    out.push(issue('body.sha256', 'hash-mismatch', 'declared SHA-256 does not match the body: the body was changed or cut in transit'));
  }
  if (declared.sha1Base64 !== undefined && declared.sha1Base64 !== createHash('sha1').update(body.data).digest('base64')) {
    out.push(
      issue(
        'body.hash',
        'hash-mismatch',
        'declared SHA-1 hash (attachment.hash) does not match the body: the body was changed or cut in transit',
      ),
    );
  }
  return out;
}

/** The refusal rule of a PDF body without PDF/A structure (ISO 19005-2; see pdfa.ts for the points). */
export const PDFA_RULE = 'pdfa-required';

/** One issue per failing PDF/A point, at `field`; the message names the point and what was found. */
export function pdfaFailureIssues(field: string, failures: readonly PdfaFailure[]): Issue[] {
  return failures.map((f) => issue(field, PDFA_RULE, `the PDF body is not PDF/A: ${f.point}: ${f.detail}`));
}

/** The PDF/A check of a PDF body (after validateBody found it to be a PDF). */
export async function pdfaIssues(data: Uint8Array, field = 'body'): Promise<Issue[]> {
  return pdfaFailureIssues(field, pdfaFailures(await readPdfFacts(data)));
}
