// PDF/A structure of a PDF body (ISO 19005-2, the points an archive can check without rendering): XMP
// metadata naming the PDF/A part and conformance level, an OutputIntent with an embedded ICC profile,
// every font embedded, no encryption, no JavaScript, no actions or streams that reach outside the file,
// and a file identifier in the trailer. The PDF is parsed once with pdf-lib's object parser (no page tree,
// no content streams, no font programs decoded: only the XMP packet and the ICC header are inflated),
// then the facts are checked; `pdfaFailures` over the facts is pure.
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from '@cantoo/pdf-lib';
import type { PDFContext, PDFObject } from '@cantoo/pdf-lib';

/** The named points of the check; each failure names one and says what was found. */
export type PdfaPoint =
  | 'pdf-syntax'
  | 'encryption'
  | 'trailer-id'
  | 'xmp-metadata'
  | 'pdfaid-part'
  | 'pdfaid-conformance'
  | 'output-intent'
  | 'icc-profile'
  | 'font-embedded'
  | 'javascript'
  | 'external-reference'
  | 'forbidden-action';

export interface PdfaFailure {
  point: PdfaPoint;
  detail: string;
}

/** What the check needs of a parsed PDF, as plain data. */
export interface PdfFacts {
  parseError?: string;
  /** objects the parser could not read (an encrypted file's object streams are among them) */
  invalidObjects: number;
  encrypted: boolean;
  hasId: boolean;
  /** the catalog's /Metadata XMP packet as text, when there is one */
  xmp?: string;
  /** each GTS_PDFA1 OutputIntent: whether its DestOutputProfile is an ICC profile ('acsp' signature) */
  outputIntents: Array<{ profile: 'icc' | 'missing' | 'not-icc' }>;
  /** fonts whose program is not in the file, by BaseFont name */
  unembeddedFonts: string[];
  /** action types (/S) found anywhere, JavaScript name trees and /JS entries counted as 'JavaScript' */
  actions: string[];
  /** URIs of URI actions that name a local file */
  fileUris: string[];
  /** streams whose data lives in an external file (/F in a stream dictionary) */
  externalStreams: number;
}

/** PDF/A parts and the conformance levels each defines (part 1: A, B; parts 2 and 3: A, B, U). */
const CONFORMANCE: Record<string, readonly string[]> = { '1': ['A', 'B'], '2': ['A', 'B', 'U'], '3': ['A', 'B', 'U'] };

/** Actions that reach outside the file (ISO 19005-2 6.5.1 forbids Launch, ImportData, …; GoToR/GoToE open other files). */
const EXTERNAL_ACTIONS = new Set(['Launch', 'GoToR', 'GoToE', 'ImportData', 'SubmitForm', 'Thread']);
/** Further actions ISO 19005-2 6.5.1 forbids. */
const FORBIDDEN_ACTIONS = new Set(['Sound', 'Movie', 'ResetForm', 'Hide', 'SetOCGState', 'Rendition', 'Trans', 'GoTo3DView']);

/** The failing points of a PDF's facts; empty when the PDF has the PDF/A structure. */
export function pdfaFailures(f: PdfFacts): PdfaFailure[] {
  if (f.parseError !== undefined) return [{ point: 'pdf-syntax', detail: `the PDF could not be read: ${f.parseError}` }];
  const out: PdfaFailure[] = [];
  if (f.encrypted) out.push({ point: 'encryption', detail: 'the PDF is encrypted (trailer /Encrypt); PDF/A forbids encryption' });
  else if (f.invalidObjects > 0) out.push({ point: 'pdf-syntax', detail: `${f.invalidObjects} object(s) of the PDF could not be read` });
  if (!f.hasId) out.push({ point: 'trailer-id', detail: 'the trailer has no file identifier (/ID)' });
  if (f.xmp === undefined) {
    out.push({ point: 'xmp-metadata', detail: 'the document catalog has no XMP metadata stream (/Metadata)' });
  } else {
    const part = xmpValue(f.xmp, 'part');
    const conformance = xmpValue(f.xmp, 'conformance');
    if (part === undefined) out.push({ point: 'pdfaid-part', detail: 'the XMP metadata does not name a PDF/A part (pdfaid:part)' });
    else if (!CONFORMANCE[part])
      out.push({ point: 'pdfaid-part', detail: `pdfaid:part is '${part}'; PDF/A parts 1, 2 and 3 are accepted` });
    if (conformance === undefined) {
      out.push({ point: 'pdfaid-conformance', detail: 'the XMP metadata does not name a PDF/A conformance level (pdfaid:conformance)' });
    } else if (part !== undefined && CONFORMANCE[part] && !CONFORMANCE[part].includes(conformance)) {
      out.push({ point: 'pdfaid-conformance', detail: `pdfaid:conformance '${conformance}' is not a level of PDF/A-${part}` });
    }
  }
  if (f.outputIntents.length === 0) {
    out.push({ point: 'output-intent', detail: 'the document catalog has no PDF/A OutputIntent (/OutputIntents with /S /GTS_PDFA1)' });
  } else {
    for (const oi of f.outputIntents) {
      if (oi.profile === 'missing')
        out.push({ point: 'icc-profile', detail: 'the PDF/A OutputIntent has no embedded ICC profile (/DestOutputProfile)' });
      if (oi.profile === 'not-icc') out.push({ point: 'icc-profile', detail: 'the OutputIntent /DestOutputProfile is not an ICC profile' });
    }
  }
  for (const name of f.unembeddedFonts)
    out.push({ point: 'font-embedded', detail: `font ${name} is not embedded (no FontFile, FontFile2 or FontFile3)` });
  const actions = [...new Set(f.actions)];
  if (actions.includes('JavaScript')) out.push({ point: 'javascript', detail: 'the PDF contains JavaScript' });
  for (const a of actions.filter((s) => EXTERNAL_ACTIONS.has(s)))
    out.push({ point: 'external-reference', detail: `a ${a} action reaches outside the file` });
  for (const uri of f.fileUris) out.push({ point: 'external-reference', detail: `a URI action names a local file (${uri.slice(0, 80)})` });
  if (f.externalStreams > 0)
    out.push({ point: 'external-reference', detail: `${f.externalStreams} stream(s) take their data from an external file (/F)` });
  for (const a of actions.filter((s) => FORBIDDEN_ACTIONS.has(s)))
    out.push({ point: 'forbidden-action', detail: `a ${a} action, which PDF/A forbids` });
  return out;
}

/** pdfaid:part / pdfaid:conformance, written as an element or as an attribute of rdf:Description. */
function xmpValue(xmp: string, name: 'part' | 'conformance'): string | undefined {
  const m = new RegExp(`pdfaid:${name}\\s*(?:=\\s*["']\\s*([^"'<]*?)\\s*["']|>\\s*([^<]*?)\\s*<)`).exec(xmp);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Parses the PDF and reads its facts; a PDF that cannot be parsed gives facts with `parseError`. */
export async function readPdfFacts(bytes: Uint8Array): Promise<PdfFacts> {
  const facts: PdfFacts = {
    invalidObjects: 0,
    encrypted: false,
    hasId: false,
    outputIntents: [],
    unembeddedFonts: [],
    actions: [],
    fileUris: [],
    externalStreams: 0,
  };
  let context: PDFContext;
  try {
    context = await PDFParser.forBytesWithOptions(bytes, Number.POSITIVE_INFINITY, false, false).parseDocument();
  } catch (err) {
    return { ...facts, parseError: (err as Error).message.split('\n')[0]!.slice(0, 200) };
  }
  const trailer = context.trailerInfo;
  facts.encrypted = trailer.Encrypt !== undefined;
  facts.hasId = trailer.ID !== undefined && context.lookup(trailer.ID) instanceof PDFArray;
  const catalog = trailer.Root ? context.lookup(trailer.Root) : undefined;
  if (!(catalog instanceof PDFDict)) return { ...facts, parseError: 'the trailer names no document catalog (/Root)' };
  const metadata = catalog.lookup(PDFName.of('Metadata'));
  if (metadata instanceof PDFRawStream) {
    const text = decoded(metadata);
    if (text) facts.xmp = Buffer.from(text).toString('utf8');
  }
  const intents = catalog.lookup(PDFName.of('OutputIntents'));
  if (intents instanceof PDFArray) {
    for (let i = 0; i < intents.size(); i++) {
      const oi = intents.lookup(i);
      if (!(oi instanceof PDFDict) || oi.lookup(PDFName.of('S'))?.toString() !== '/GTS_PDFA1') continue;
      const profile = oi.lookup(PDFName.of('DestOutputProfile'));
      if (!(profile instanceof PDFRawStream)) facts.outputIntents.push({ profile: 'missing' });
      else {
        const head = decoded(profile, 40);
        const icc = head !== undefined && head.length >= 40 && Buffer.from(head.subarray(36, 40)).toString('latin1') === 'acsp';
        facts.outputIntents.push({ profile: icc ? 'icc' : 'not-icc' });
      }
    }
  }
  for (const [, object] of context.enumerateIndirectObjects()) visit(context, object, facts, 0);
  return facts;
}

/** The stream's data after its filters; `length` bytes of it when only the start is needed. */
function decoded(stream: PDFRawStream, length?: number): Uint8Array | Uint8ClampedArray | undefined {
  try {
    const data = decodePDFRawStream(stream);
    return length === undefined ? data.decode() : data.getBytes(length);
  } catch {
    return undefined;
  }
}

const NAME = {
  Type: PDFName.of('Type'),
  Subtype: PDFName.of('Subtype'),
  S: PDFName.of('S'),
  JS: PDFName.of('JS'),
  URI: PDFName.of('URI'),
  F: PDFName.of('F'),
  BaseFont: PDFName.of('BaseFont'),
  FontDescriptor: PDFName.of('FontDescriptor'),
  JavaScript: PDFName.of('JavaScript'),
} as const;
const FONT_FILES = ['FontFile', 'FontFile2', 'FontFile3'].map((n) => PDFName.of(n));

/** One pass over every object (direct objects nested in dictionaries and arrays too, never through references). */
function visit(context: PDFContext, object: PDFObject, facts: PdfFacts, depth: number): void {
  if (depth > 64) return;
  if (object instanceof PDFInvalidObject) {
    facts.invalidObjects += 1;
    return;
  }
  if (object instanceof PDFArray) {
    for (let i = 0; i < object.size(); i++) visit(context, object.get(i), facts, depth + 1);
    return;
  }
  const isStream = object instanceof PDFStream;
  const dict = isStream ? object.dict : object instanceof PDFDict ? object : undefined;
  if (!dict) return;
  if (isStream && dict.has(NAME.F)) facts.externalStreams += 1;
  const type = dict.get(NAME.Type)?.toString();
  const action = dict.get(NAME.S);
  if (action instanceof PDFName && (type === undefined || type === '/Action')) {
    const s = action.decodeText();
    facts.actions.push(s);
    if (s === 'URI') {
      const uri = text(context.lookup(dict.get(NAME.URI)));
      if (uri !== undefined && /^\s*file:/i.test(uri)) facts.fileUris.push(uri);
    }
  }
  if (dict.has(NAME.JS) || dict.has(NAME.JavaScript)) facts.actions.push('JavaScript');
  if (type === '/Font') {
    const subtype = dict.get(NAME.Subtype)?.toString();
    // A Type0 font's program is in its descendant (checked as its own object); a Type3 font is drawn by its own content.
    if (subtype !== '/Type0' && subtype !== '/Type3') {
      const descriptor = context.lookup(dict.get(NAME.FontDescriptor));
      if (!(descriptor instanceof PDFDict) || !FONT_FILES.some((n) => descriptor.has(n))) {
        facts.unembeddedFonts.push(dict.get(NAME.BaseFont)?.toString().slice(1) ?? '(unnamed)');
      }
    }
  }
  for (const [, value] of dict.entries()) if (!(value instanceof PDFRef)) visit(context, value, facts, depth + 1);
}

function text(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;
}
