// A plain PDF/A-2b page of text lines with pdfkit's PDF/A subset (DejaVu Sans embedded): the body of the
// derived clienthood and case documents, and the PDF/A originals the synthetic generator writes.
// Deterministic: the dates and the file id come from the input, never from the clock.
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { pdfFonts } from '../../lib/render/pdf-fonts.ts';

export function pdfaPage(lines: string[], info: { title: string; date: string }): Promise<Buffer> {
  const date = new Date(info.date);
  const doc = new PDFDocument({
    font: pdfFonts().regular,
    size: 'A4',
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'fi-FI',
    displayTitle: true,
    info: { Title: info.title, Creator: 'arkki migrate', Producer: 'arkki (PDFKit)', CreationDate: date, ModDate: date },
  });
  (doc as unknown as { _id: Buffer })._id = createHash('sha256')
    .update(JSON.stringify([lines, info]))
    .digest()
    .subarray(0, 16);
  doc.fontSize(11);
  for (const line of lines) doc.text(line);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.end();
  return done;
}

/**
 * Whether a PDF declares PDF/A conformance (the pdfaid part in its XMP metadata). A declaration, not a
 * full check: originals that declare it are sent as they are and the archive checks them; the others
 * are converted.
 */
export function declaresPdfA(pdf: Buffer): boolean {
  return pdf.includes('pdfaid:part') || pdf.includes('<pdfaid:part>');
}
