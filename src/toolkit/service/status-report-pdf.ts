// The follow-up's weekly status report as PDF for the project group (pdfkit, DejaVu Sans embedded).
import PDFDocument from 'pdfkit';
import { pdfFonts } from '../../lib/render/pdf-fonts.ts';

export interface StatusReportText {
  title: string;
  lines: string[];
  sections: Array<{ heading: string; lines: string[] }>;
}

export function statusReportPdf(r: StatusReportText, lang: string): Promise<Buffer> {
  // Parsed once per process (lib/render/pdf-fonts.ts); laid out and ended below in one synchronous run.
  const fonts = pdfFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    font: fonts.regular,
    lang,
    displayTitle: true,
    info: { Title: r.title, Creator: 'arkki deployment toolkit' },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(16).text(r.title).moveDown(0.5);
  doc.font('regular').fontSize(10);
  for (const l of r.lines) doc.text(l);
  for (const s of r.sections) {
    doc.moveDown().font('bold').fontSize(12).text(s.heading).font('regular').fontSize(10);
    for (const l of s.lines) doc.text(l);
  }
  doc.end();
  return done;
}
