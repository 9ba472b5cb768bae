// The deployment test report as PDF (pdfkit, DejaVu Sans embedded so å/ä/ö survive text extraction).
import PDFDocument from 'pdfkit';
import { pdfFonts } from '../../lib/render/pdf-fonts.ts';
import { REPORT_TEXTS, type ReportModel } from '../domain/test-report.ts';

export function reportPdf(model: ReportModel, createdAt: Date): Promise<Buffer> {
  // Parsed once per process (lib/render/pdf-fonts.ts); laid out and ended below in one synchronous run.
  const fonts = pdfFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    font: fonts.regular,
    lang: model.lang === 'sv' ? 'sv-FI' : 'fi-FI',
    displayTitle: true,
    info: {
      Title: `${model.title} – ${model.subject}`,
      Subject: model.subject,
      Creator: 'arkki deployment toolkit',
      CreationDate: createdAt,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(16).text(model.title);
  doc.moveDown(0.5);
  doc.fontSize(10);
  for (const [label, value] of model.rows) {
    doc
      .font('bold')
      .text(`${label}: `, { continued: true })
      .font('regular')
      .text(value || '–');
  }
  doc.moveDown();
  doc
    .font('bold')
    .fontSize(12)
    .text(model.lang === 'sv' ? 'Förutsättningar' : 'Edellytykset');
  doc.fontSize(10);
  for (const p of model.preconditions) {
    doc
      .font('bold')
      .text(`${p.ok ? '✓' : '✗'} ${p.label}: `, { continued: true })
      .font('regular')
      .text(p.detail);
  }
  doc.moveDown();
  const t = REPORT_TEXTS[model.lang];
  doc.font('bold').fontSize(12).text(t.documents);
  for (const d of model.documents) {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(10).text(d.heading);
    doc.fontSize(9);
    for (const f of d.findings) {
      doc
        .font('bold')
        .text(`${f.field}: `, { continued: true })
        .font('regular')
        .text(`${f.value || '–'} — ${f.result}${f.remark ? ` (${f.remark})` : ''}`);
    }
  }
  if (model.documents.length === 0) doc.font('regular').fontSize(10).text('–');
  doc.moveDown();
  doc.font('bold').fontSize(12).text(model.outcome);
  doc.end();
  return done;
}
