// Placeholder PDFs for demo data, tests and benchmarks, written directly (no layout engine) because the
// benchmark generators make hundreds of thousands of them: `simplePdf` is a PDF/A-2b page (DejaVu Sans
// subset embedded, sRGB OutputIntent, XMP with pdfaid, trailer /ID), `legacyPdf` the plain PDF 1.4 that
// old systems exported (Helvetica not embedded, no XMP), which the migration converts. The font subset and
// the ICC profile are built once per process; a document costs a few string joins.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/** Padding text of `length` characters for a PDF comment line (no line breaks). */
export type PdfFiller = (length: number) => string;

const require = createRequire(import.meta.url);
const FONT_FILE = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
/** pdfkit's own sRGB IEC 61966-2.1 profile, the one it embeds for its PDF/A output. */
export const SRGB_ICC_FILE = join(dirname(require.resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc');

/**
 * What a placeholder can show: ASCII and the letters and marks of Finnish and Swedish texts. Kept small,
 * as every glyph adds to each document's size.
 */
const REPERTOIRE = (() => {
  const cps: number[] = [];
  for (let c = 0x20; c <= 0x7e; c++) cps.push(c);
  for (const ch of 'ÅÄÖåäöÉéÜüŠšŽž–’”…·§€°') cps.push(ch.codePointAt(0)!);
  return cps;
})();
const FALLBACK = 0x3f; // '?'

/** The parts of fontkit's font object used here (reached through pdfkit, which depends on fontkit). */
interface FontkitGlyph {
  id: number;
  advanceWidth: number;
}
interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  glyphForCodePoint(cp: number): FontkitGlyph;
  createSubset(): { includeGlyph(glyph: number): number; encode(): Uint8Array };
}

interface Shared {
  /** code point → 4-hex-digit CID in the subset */
  cid: Map<number, string>;
  /** the font and colour objects (numbers 5…), shared bytes of every document */
  objects: Buffer[];
}
let shared: Shared | undefined;

const FONT_NAME = 'ARKKIP+DejaVuSans';

function buildShared(): Shared {
  const probe = new PDFDocument({ font: readFileSync(FONT_FILE) as unknown as string, autoFirstPage: false });
  const font = (probe as unknown as { _font: { font: FontkitFont } })._font.font;
  const scale = 1000 / font.unitsPerEm;
  const subset = font.createSubset();
  const cid = new Map<number, string>();
  const widths: number[] = [0];
  const unicode: number[] = [0];
  for (const cp of REPERTOIRE) {
    const glyph = font.glyphForCodePoint(cp);
    if (glyph.id === 0) continue;
    const gid = subset.includeGlyph(glyph.id);
    cid.set(cp, gid.toString(16).padStart(4, '0'));
    widths[gid] = Math.round(glyph.advanceWidth * scale);
    unicode[gid] = cp;
  }
  const fontFile = Buffer.from(subset.encode());
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <ffff> endcodespacerange',
    `${unicode.length - 1} beginbfchar`,
    ...unicode.slice(1).map((u, i) => `<${hex(i + 1)}> <${hex(u)}>`),
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const cidSet = Buffer.alloc(Math.ceil(widths.length / 8));
  for (let i = 0; i < widths.length; i++) cidSet[i >> 3]! |= 0x80 >> (i & 7);
  const b = font.bbox;
  const r = (n: number) => Math.round(n * scale);
  const icc = readFileSync(SRGB_ICC_FILE);
  // Object numbers 5… in the order below; the per-document objects 1–4 refer to 5 (font) and 11 (intent).
  const objects = [
    dict(`<< /Type /Font /Subtype /Type0 /BaseFont /${FONT_NAME} /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>`),
    dict(
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${FONT_NAME} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /CIDToGIDMap /Identity /DW 600 /W [0 [${widths.join(' ')}]] >>`,
    ),
    stream('', Buffer.from(cmap, 'latin1')),
    dict(
      `<< /Type /FontDescriptor /FontName /${FONT_NAME} /Flags 4 /FontBBox [${r(b.minX)} ${r(b.minY)} ${r(b.maxX)} ${r(b.maxY)}] /ItalicAngle ${font.italicAngle} /Ascent ${r(font.ascent)} /Descent ${r(font.descent)} /CapHeight ${r(font.capHeight || font.ascent)} /XHeight ${r(font.xHeight || 0)} /StemV 80 /FontFile2 9 0 R /CIDSet 10 0 R >>`,
    ),
    stream(` /Length1 ${fontFile.length}`, fontFile),
    stream('', cidSet),
    dict(
      '<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile 12 0 R >>',
    ),
    stream(' /N 3', icc),
  ];
  return { cid, objects };
}

function dict(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** A Flate-compressed stream object body; `extra` goes into its dictionary. */
function stream(extra: string, data: Buffer): Buffer {
  const packed = deflateSync(data);
  return Buffer.concat([
    Buffer.from(`<< /Length ${packed.length} /Filter /FlateDecode${extra} >>\nstream\n`, 'latin1'),
    packed,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** A PDF text string in UTF-16BE hex, so any title survives in the document information dictionary. */
function pdfTextString(s: string): string {
  return `<feff${Buffer.from(s, 'utf16le').swap16().toString('hex')}>`;
}

function xmp(title: string, date: string): string {
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/pdf</dc:format><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(title)}</rdf:li></rdf:Alt></dc:title></rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>${date}</xmp:CreateDate><xmp:ModifyDate>${date}</xmp:ModifyDate><xmp:CreatorTool>arkki</xmp:CreatorTool></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>arkki placeholder</pdf:Producer></rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Serialises numbered objects (1…n) with a header, an optional padding comment, the xref table and trailer. */
function writePdf(version: string, objects: Buffer[], trailerExtra: string, padding: number, filler: PdfFiller | undefined): Buffer {
  const head = [`%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`];
  if (padding > 2) {
    const text = (filler ?? ((n: number) => 'x'.repeat(n)))(padding - 2).replace(/[\r\n]/g, 'x');
    head.push(`%${text}\n`);
  }
  const parts: Buffer[] = [Buffer.from(head.join(''), 'latin1')];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(at);
    const open = Buffer.from(`${i + 1} 0 obj\n`, 'latin1');
    const close = Buffer.from('\nendobj\n', 'latin1');
    parts.push(open, o, close);
    at += open.length + o.length + close.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)];
  parts.push(
    Buffer.from(
      `${xref.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${at}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** Base size of a placeholder before padding: the padding makes up the rest of `targetBytes`. */
function padded(build: (padding: number) => Buffer, targetBytes: number): Buffer {
  const base = build(0);
  const padding = targetBytes - base.length;
  return padding > 2 ? build(padding) : base;
}

/**
 * A valid one-page PDF/A-2b with the given text lines, padded to roughly `targetBytes` so benchmark bodies
 * have a realistic size (the embedded font subset alone is some 20 kB). The padding is a second content
 * stream holding one content-stream comment: stream data, as the bulk of a real PDF is, so a parser skips
 * it by its /Length. The default filler repeats one character; benchmarks pass an incompressible one, as
 * real PDFs are. Characters outside the font subset's repertoire show as '?'. Deterministic: the same
 * lines give the same bytes.
 */
export function simplePdf(lines: string[], targetBytes = 0, filler?: PdfFiller): Buffer {
  shared ??= buildShared();
  const { cid, objects } = shared;
  const fallback = cid.get(FALLBACK)!;
  const encode = (s: string) => [...s].map((ch) => cid.get(ch.codePointAt(0)!) ?? fallback).join('');
  const text = lines.map((l, i) => `BT /F1 11 Tf 56 ${780 - i * 16} Td <${encode(l)}> Tj ET`).join('\n');
  const title = lines[0] ?? '';
  const id = createHash('sha256').update(JSON.stringify(lines)).digest('hex').slice(0, 32);
  const date = '2026-01-01T00:00:00Z';
  const meta = Buffer.from(xmp(title, date), 'utf8');
  const content = stream('', Buffer.from(text, 'latin1'));
  const info = dict(
    `<< /Title ${pdfTextString(title)} /Producer (arkki placeholder) /CreationDate (D:20260101000000Z) /ModDate (D:20260101000000Z) >>`,
  );
  const build = (padding: string | undefined) => {
    const contents = padding === undefined ? '13 0 R' : '[13 0 R 15 0 R]';
    const perDocument = [
      dict(`<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R /OutputIntents [11 0 R] /Lang (fi-FI) >>`),
      dict('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
      dict(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents ${contents} >>`),
      Buffer.concat([
        Buffer.from(`<< /Type /Metadata /Subtype /XML /Length ${meta.length} >>\nstream\n`, 'latin1'),
        meta,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    ];
    const all = [...perDocument, ...objects, content, info];
    if (padding !== undefined) {
      const data = `%${padding}\n`;
      all.push(dict(`<< /Length ${data.length} >>\nstream\n${data}\nendstream`));
    }
    return writePdf('1.7', all, ` /Info 14 0 R /ID [<${id}> <${id}>]`, 0, undefined);
  };
  const base = build(undefined);
  if (targetBytes <= base.length) return base;
  const withEmptyPad = build('').length;
  const length = targetBytes - withEmptyPad;
  if (length <= 0) return base;
  return build(
    (filler ?? ((n: number) => 'x'.repeat(n)))(length)
      .replace(/[\r\n]/g, 'x')
      .slice(0, length),
  );
}

/**
 * An old-style PDF 1.4 page as legacy systems exported them: Helvetica not embedded, no XMP, no
 * OutputIntent, no file ID. The archive refuses it (pdfa-required); the migration converts it.
 */
export function legacyPdf(lines: string[], targetBytes = 0, filler?: PdfFiller): Buffer {
  // Standard 14 fonts with WinAnsi cover å/ä/ö; the text is written in latin1 to match.
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines.map((l, i) => `BT /F1 11 Tf 56 ${780 - i * 16} Td (${esc(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ].map((o) => Buffer.from(o, 'latin1'));
  return padded((padding) => writePdf('1.4', objects, '', padding, filler), targetBytes);
}
