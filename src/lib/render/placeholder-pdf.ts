/** Padding text of `length` characters for a PDF comment line (no line breaks). */
export type PdfFiller = (length: number) => string;

/**
 * A small, valid one-page PDF with the given text lines, padded to roughly `targetBytes` with a PDF
 * comment so benchmark bodies have a realistic size. (Real renderings come with the documents issue.)
 * The default filler repeats one character; benchmarks pass an incompressible one, as real PDFs are.
 */
export function simplePdf(lines: string[], targetBytes = 0, filler?: PdfFiller): Buffer {
  const base = buildPdf(lines);
  const padding = targetBytes - base.length;
  return padding > 2 ? pad(base.toString('latin1'), padding, filler) : base;
}

function buildPdf(lines: string[]): Buffer {
  // Standard 14 fonts with WinAnsi cover å/ä/ö; the text is written in latin1 to match.
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines.map((l, i) => `BT /F1 11 Tf 56 ${780 - i * 16} Td (${esc(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A comment line after the header; every xref offset moves by the same amount. */
function pad(base: string, padding: number, filler: PdfFiller = (n) => 'x'.repeat(n)): Buffer {
  const text = filler(padding - 2).replace(/[\r\n]/g, 'x');
  const withPad = base.replace('%PDF-1.4\n', () => `%PDF-1.4\n%${text}\n`);
  // Shift every xref offset by the padding added before the objects.
  const fixed = withPad
    .replace(/(\d{10}) 00000 n /g, (_m, n: string) => `${String(Number(n) + padding).padStart(10, '0')} 00000 n `)
    .replace(/startxref\n(\d+)/, (_m, n: string) => `startxref\n${Number(n) + padding}`);
  return Buffer.from(fixed, 'latin1');
}
