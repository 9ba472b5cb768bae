// The DejaVu Sans fonts every pdfkit document of arkki embeds (the archive's renderings, the toolkit's
// reports, the migration's PDF/A pages), parsed once per process. Parsing a 750 kB TrueType file took most
// of a document's time (a toolkit report 470–760 ms before, 170–310 ms after); every document still embeds
// its own subset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** A parsed font (fontkit) as pdfkit holds it; pdfkit accepts one wherever it takes a font file (hence the cast type). */
export type PdfFont = string;

export interface PdfFonts {
  regular: PdfFont;
  bold: PdfFont;
}

let fonts: PdfFonts | undefined;

// Parsed through pdfkit itself (no direct dependency on its font parser).
function parsedFont(file: string): PdfFont {
  const probe = new PDFDocument({ font: readFileSync(join(FONT_DIR, file)) as unknown as string, autoFirstPage: false });
  return (probe as unknown as { _font: { font: PdfFont } })._font.font;
}

/**
 * The shared fonts, each with an empty glyph cache. The parser caches a glyph with the characters it was
 * first asked for; subsetting asks for the parts of composite glyphs (the O in Ö) with none, so a cache
 * kept from an earlier document would leave such a glyph out of this document's ToUnicode map (the
 * character would not extract) and make the bytes depend on what was rendered before. The parsed tables,
 * the expensive part, stay. Call it once per document, right before `new PDFDocument`, and lay the document
 * out and end it in one synchronous run (pdfkit subsets the fonts in `end()`): then sharing is safe.
 */
export function pdfFonts(): PdfFonts {
  fonts ??= { regular: parsedFont('DejaVuSans.ttf'), bold: parsedFont('DejaVuSans-Bold.ttf') };
  for (const font of [fonts.regular, fonts.bold]) (font as unknown as { _glyphs: object })._glyphs = {};
  return fonts;
}
