// The PDF rendering (the phase I body): A4, DejaVu Sans embedded (subset) so å/ä/ö and every other
// character survive text extraction, header block on the first page, label/value rows, "sivu n / m" on
// every page, PDF/A-2b identification and XMP metadata. Deterministic: the dates come from the document
// (its completion time) and the file ID from a hash of the rendered model, so the same input gives the
// same bytes and the body hash is stable.
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { escapeXml } from '../cda/cda-xml.ts';
import { pdfFonts } from './pdf-fonts.ts';
import { buildRenderModel, type RenderBlock, type RenderInput, type RenderModel, type RenderRow } from './render-model.ts';
import { word } from './render-text.ts';
import { xmlSafe } from './render-xhtml.ts';

export const PDF_MEDIA_TYPE = 'application/pdf';

type ParsedFont = object;

/** pdfkit's per-document font object (EmbeddedFont): the parsed font and its text-layout cache. */
interface DocFont {
  font: ParsedFont;
  layoutCache?: Record<string, unknown>;
}
// Text layout (shaping a word into positioned glyphs) is a fifth of a rendering and the same words recur
// in every document (labels, names, dates). pdfkit caches it per document; these caches live across
// documents, one per font. Safe: a run is made while the font's glyph cache is fresh from pdfFonts()
// and holds only glyph ids, code points and metrics. Dropped every LAYOUT_CACHE_DOCUMENTS documents so
// the words of many documents do not pile up.
const LAYOUT_CACHE_DOCUMENTS = 2_000;
let layoutCaches = new WeakMap<ParsedFont, Record<string, unknown>>();
let documentsSinceReset = 0;

function shareLayoutCaches(doc: Doc): void {
  if (++documentsSinceReset > LAYOUT_CACHE_DOCUMENTS) {
    layoutCaches = new WeakMap();
    documentsSinceReset = 1;
  }
  const internals = doc as unknown as { _font: DocFont; _fontFamilies: Record<string, DocFont> };
  // The default font of the constructor is the registered 'regular': the same object, so pdfkit does not
  // open it a second time and compare the two by their JSON-serialised name tables (6 % of a rendering).
  internals._fontFamilies.regular = internals._font;
  doc.font('bold');
  for (const f of Object.values(internals._fontFamilies)) {
    if (!f.layoutCache) continue;
    let shared = layoutCaches.get(f.font);
    if (!shared) layoutCaches.set(f.font, (shared = Object.create(null) as Record<string, unknown>));
    f.layoutCache = shared;
  }
  doc.font('regular');
}

const MARGIN = 56;
const FOOTER_GAP = 28;
const LABEL_SHARE = 0.34;
const INDENT = 10;
const SIZE = { type: 10, title: 16, heading: [13, 12, 11, 10.5], label: 9, value: 10, footer: 8.5 } as const;
const GREY = '#444444';

type Doc = PDFKit.PDFDocument;
/** pdfkit internals replaced for determinism and escaped XMP; not in its type definitions. */
interface DocInternals {
  _id: Uint8Array;
  _addInfo: () => void;
  appendXML: (xml: string) => void;
}

/** pdfkit writes Title/Author into its XMP unescaped; this writes the same packet with escaped values. */
function xmpInfo(model: RenderModel, info: { title: string; author: string; subject: string; date: string }): string {
  const x = (s: string) => escapeXml(xmlSafe(s));
  const lang = model.lang === 'sv' ? 'sv-FI' : 'fi-FI';
  return `
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreateDate>${info.date}</xmp:CreateDate>
            <xmp:ModifyDate>${info.date}</xmp:ModifyDate>
            <xmp:MetadataDate>${info.date}</xmp:MetadataDate>
            <xmp:CreatorTool>arkki</xmp:CreatorTool>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>application/pdf</dc:format>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${x(info.title)}</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>${x(info.author)}</rdf:li></rdf:Seq></dc:creator>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${x(info.subject)}</rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>arkki (PDFKit)</pdf:Producer>
        </rdf:Description>
        `;
}

class Layout {
  readonly left = MARGIN;
  readonly width: number;
  constructor(private readonly doc: Doc) {
    this.width = doc.page.width - 2 * MARGIN;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string, depth: number): void {
    const doc = this.doc;
    const size = SIZE.heading[Math.min(depth, SIZE.heading.length - 1)]!;
    const x = this.left + Math.min(depth, 4) * INDENT;
    const width = this.width - (x - this.left);
    doc.font('bold').fontSize(size);
    // Keep a heading with at least the first line of what follows it.
    this.ensure(doc.heightOfString(text, { width }) + 24);
    doc.moveDown(0.4);
    doc.text(text, x, doc.y, { width });
    doc.moveDown(0.2);
  }

  row(r: RenderRow, depth: number): void {
    const doc = this.doc;
    const x = this.left + Math.min(depth, 4) * INDENT;
    const total = this.width - (x - this.left);
    const labelWidth = Math.round(total * LABEL_SHARE);
    const valueX = x + labelWidth + 8;
    const valueWidth = total - labelWidth - 8;
    const value = r.values.join('\n');
    doc.font('bold').fontSize(SIZE.label);
    const labelHeight = doc.heightOfString(r.label, { width: labelWidth });
    doc.font('regular').fontSize(SIZE.value);
    const valueHeight = doc.heightOfString(value, { width: valueWidth });
    const height = Math.max(labelHeight, valueHeight);
    const pageBody = this.bottom - MARGIN;
    if (height <= pageBody) this.ensure(height);
    const top = doc.y;
    doc.font('bold').fontSize(SIZE.label).fillColor(GREY).text(r.label, x, top, { width: labelWidth });
    const afterLabel = doc.y;
    // A value longer than a page flows on over the following pages in its column.
    doc.font('regular').fontSize(SIZE.value).fillColor('black').text(value, valueX, top, { width: valueWidth });
    if (doc.y < afterLabel && height <= pageBody) doc.y = afterLabel;
    doc.y += 3;
  }

  blocks(list: readonly RenderBlock[], depth: number): void {
    for (const b of list) {
      if (b.kind === 'field') this.row(b, depth);
      else {
        if (b.heading !== undefined) this.heading(b.heading, depth);
        this.blocks(b.blocks, b.heading !== undefined ? depth + 1 : depth);
      }
    }
  }

  headerBlock(model: RenderModel): void {
    const doc = this.doc;
    doc.font('regular').fontSize(SIZE.type).fillColor(GREY).text(model.documentType, this.left, MARGIN, { width: this.width });
    doc.font('bold').fontSize(SIZE.title).fillColor('black').text(model.title, { width: this.width });
    doc.moveDown(0.3);
    const inv = model.invalidation;
    if (inv) {
      const text = [inv.mark, inv.at, inv.reason].filter(Boolean).join(' – ');
      doc.font('bold').fontSize(SIZE.heading[1]);
      const h = doc.heightOfString(text, { width: this.width - 12 });
      const top = doc.y;
      doc
        .rect(this.left, top, this.width, h + 10)
        .lineWidth(1.5)
        .strokeColor('#aa0000')
        .stroke();
      doc.fillColor('#aa0000').text(text, this.left + 6, top + 5, { width: this.width - 12 });
      doc.fillColor('black');
      doc.y = top + h + 16;
    }
    for (const r of model.header) this.row(r, 0);
    doc.moveDown(0.3);
    doc
      .moveTo(this.left, doc.y)
      .lineTo(this.left + this.width, doc.y)
      .lineWidth(0.75)
      .strokeColor(GREY)
      .stroke();
    doc.moveDown(0.5);
  }

  /** "sivu n / m" on every page; drawn last, when the page count is known. */
  pageNumbers(model: RenderModel): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      // Writing into the bottom margin must not make pdfkit start a new page.
      const margins = doc.page.margins;
      doc.page.margins = { ...margins, bottom: 0 };
      doc.font('regular').fontSize(SIZE.footer).fillColor(GREY);
      const y = doc.page.height - MARGIN + FOOTER_GAP - SIZE.footer;
      doc.text(model.title, this.left, y, { width: this.width * 0.7, lineBreak: false, ellipsis: true, height: SIZE.footer * 1.3 });
      doc.text(`${word('page', model.lang)} ${i + 1} / ${range.count}`, this.left, y, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      doc.page.margins = margins;
    }
  }
}

/** The PDF of an already built model. */
export function pdfFromModel(model: RenderModel, info: { author: string; completed: string }): Promise<Buffer> {
  const date = new Date(info.completed);
  if (Number.isNaN(date.getTime())) throw new RangeError(`completion time '${info.completed}' is not a timestamp`);
  const lang = model.lang === 'sv' ? 'sv-FI' : 'fi-FI';
  const { regular, bold } = pdfFonts();
  const doc = new PDFDocument({
    // The default font would otherwise be Helvetica, which is not embedded (PDF/A wants every font embedded).
    font: regular,
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang,
    displayTitle: true,
    info: {
      Title: model.title,
      Author: info.author,
      Subject: model.documentType,
      Creator: 'arkki',
      Producer: 'arkki (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  const internals = doc as unknown as DocInternals;
  // The file ID names this rendering: a hash of what is shown and when, not of the wall clock.
  internals._id = createHash('sha256')
    .update(JSON.stringify([model, info]))
    .digest()
    .subarray(0, 16);
  const xmpDate = `${date.toISOString().slice(0, 19)}Z`;
  internals._addInfo = () =>
    internals.appendXML(xmpInfo(model, { title: model.title, author: info.author, subject: model.documentType, date: xmpDate }));
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  shareLayoutCaches(doc);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const layout = new Layout(doc);
  layout.headerBlock(model);
  layout.blocks(model.content, 0);
  layout.pageNumbers(model);
  doc.end();
  return done;
}

/** The document as a PDF, driven by the structure definition only (header block only without content). */
export function renderPdf(input: RenderInput): Promise<Buffer> {
  return pdfFromModel(buildRenderModel(input), { author: input.metadata.author.name, completed: input.metadata.completed });
}
