// The one way arkki parses XML it did not write (incoming CDA, signatures): size first, then a linear
// prescan (no DTD, no processing instructions, depth/element/attribute limits), then @xmldom/xmldom with
// every warning and error made fatal, so malformed XML is refused rather than half-parsed.
// xmldom itself never fetches external resources; refusing DTDs also rules out entity expansion.
import { DOMParser, type Document } from '@xmldom/xmldom';
import { ArkkiError, issue, type ErrorCode, type Issue } from '../errors.ts';
import { lineAndColumn, prescanXml, type PrescanLimits } from './xml-prescan.ts';
import './xmldom-regex-cache.ts';

export interface SafeXmlOptions {
  /** Largest accepted input in bytes (UTF-8); checked before anything else. Default 16 MiB. */
  maxBytes?: number;
  /** Deepest element nesting. Default 256 (a CDA document nests a few dozen levels). */
  maxDepth?: number;
  /** Most elements in the document. Default 200 000. */
  maxElements?: number;
  /** Longest attribute value in characters. Default 64 KiB: CDA attributes are codes, OIDs and times. */
  maxAttributeLength?: number;
  /** Most attributes on one element. Default 256. */
  maxAttributesPerElement?: number;
  /** Processing instructions to accept besides the XML declaration (e.g. `xml-stylesheet`). Default none. */
  allowProcessingInstructions?: readonly string[];
  /** The `field` of the issue, naming the input in the caller's terms. Default `xml`. */
  field?: string;
  /**
   * The caller has already run prescanXml over this very text with these limits and it passed (signed-CDA
   * ingest does, to name the rule and line itself): the scan is not run twice. Only for string input.
   */
  prescanned?: boolean;
}

export const SAFE_XML_DEFAULTS = {
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 256,
  maxElements: 200_000,
  maxAttributeLength: 64 * 1024,
  maxAttributesPerElement: 256,
  allowProcessingInstructions: [] as readonly string[],
  field: 'xml',
  prescanned: false,
};

/** An issue about XML input, with the place in it where that is known. */
export interface XmlIssue extends Issue {
  line?: number;
  column?: number;
}

export type SafeXmlResult = { ok: true; document: Document } | { ok: false; code: ErrorCode; issue: XmlIssue };

function refused(field: string, rule: string, message: string, place?: { line: number; column: number }, near = false): SafeXmlResult {
  const where = place ? ` (${near ? 'near ' : ''}line ${place.line}, column ${place.column})` : '';
  const found: XmlIssue = { ...issue(field, rule, `${message}${where}`), ...place };
  return { ok: false, code: rule === 'too-large' ? 'too-large' : 'invalid', issue: found };
}

/** Byte size without encoding the whole string when its length alone already settles it. */
function byteLength(input: string | Uint8Array, limit: number): number {
  if (typeof input !== 'string') return input.byteLength;
  if (input.length > limit) return input.length; // every character is at least one byte
  return Buffer.byteLength(input, 'utf8');
}

interface Reported {
  message: string;
  place?: { line: number; column: number };
}

/** xmldom's DOM handler carries a locator: the start of the last node it read, so only near the error. */
function placeIn(context: unknown): { line: number; column: number } | undefined {
  const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
  return locator?.lineNumber ? { line: locator.lineNumber, column: locator.columnNumber ?? 1 } : undefined;
}

export function parseXmlSafely(input: string | Uint8Array, options: SafeXmlOptions = {}): SafeXmlResult {
  const o = { ...SAFE_XML_DEFAULTS, ...options };
  const size = byteLength(input, o.maxBytes);
  if (size > o.maxBytes) return refused(o.field, 'too-large', `XML of ${size} bytes exceeds the limit of ${o.maxBytes} bytes`);

  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return refused(o.field, 'encoding', 'XML is not valid UTF-8');
    }
  }

  const limits: PrescanLimits = o;
  const problem = o.prescanned && typeof input === 'string' ? null : prescanXml(text, limits);
  if (problem) return refused(o.field, problem.rule, problem.message, lineAndColumn(text, problem.offset));

  let document: Document;
  let reported: Reported | undefined;
  try {
    const parser = new DOMParser({
      locator: true,
      // Any warning or error stops parsing: xmldom would otherwise recover and return a partial tree.
      onError: (level, message, context) => {
        reported ??= { message: `${message.replace(/\s*@#\[line:\d+,col:\d+\]\s*$/, '')} (${level})`, place: placeIn(context) };
        throw new Error(message);
      },
    });
    document = parser.parseFromString(text, 'application/xml');
  } catch (e) {
    const message = reported?.message ?? String((e as Error).message);
    return refused(o.field, 'malformed', `XML is not well-formed: ${message.replace(/\s+/g, ' ').slice(0, 300)}`, reported?.place, true);
  }
  // Defence in depth: the prescan already refused these.
  if (document.doctype) return refused(o.field, 'doctype', 'DTDs are not accepted');
  if (!document.documentElement) return refused(o.field, 'malformed', 'XML has no root element');
  return { ok: true, document };
}

/** As parseXmlSafely, throwing ArkkiError (`too-large` → 413, otherwise `invalid`) on refusal. */
export function parseXmlOrThrow(input: string | Uint8Array, options: SafeXmlOptions = {}): Document {
  const result = parseXmlSafely(input, options);
  if (!result.ok) throw new ArkkiError(result.code, [result.issue]);
  return result.document;
}
