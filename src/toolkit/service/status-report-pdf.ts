// The follow-up's weekly status report as PDF for the project group (pdfkit, DejaVu Sans embedded).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export interface StatusReportText {
  title: string;
  lines: string[];
  sections: Array<{ heading: string; lines: string[] }>;
}

export function statusReportPdf(r: StatusReportText, lang: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    font: join(FONT_DIR, 'DejaVuSans.ttf'),
    lang,
    displayTitle: true,
    info: { Title: r.title, Creator: 'arkki deployment toolkit' },
  });
  doc.registerFont('regular', join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
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
