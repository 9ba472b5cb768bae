// Conversion of originals that are not PDF/A into PDF/A-2b with well-kept Debian tools, never by hand:
// LibreOffice headless for text documents and scanned images (one process per batch of files), Ghostscript
// for old PDFs. Installed by scripts/install-system-deps.sh. A file that fails comes back with the tool's
// reason: the caller reports it as conversion-failed, it is never dropped.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SRGB_ICC_FILE } from '../../lib/render/placeholder-pdf.ts';
import type { OriginalFormat } from './export-format.ts';
import { declaresPdfA } from './pdfa-page.ts';

const run = promisify(execFile);

export type Conversion = { ok: true; pdf: Buffer; tool: 'ghostscript' | 'libreoffice' } | { ok: false; detail: string };

export interface ConvertItem {
  path: string;
  format: OriginalFormat;
}

export const CONVERSION_TOOLS = { ghostscript: 'gs', libreoffice: 'soffice' } as const;

/** Whether a conversion tool is on PATH (tests skip without them outside CI). */
export async function toolAvailable(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

const LO_FILTER = {
  writer: 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}',
  draw: 'pdf:draw_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}',
} as const;

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
}

/** A PostScript string literal. */
function psString(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/**
 * Ghostscript's PDF/A definition file (its PDFA_def.ps, with our profile): -dPDFA=2 alone writes the
 * pdfaid XMP but no OutputIntent, which PDF/A requires; this embeds the sRGB ICC profile as the
 * DestOutputProfile of a GTS_PDFA1 OutputIntent.
 */
function pdfaDefinition(icc: string): string {
  return `%!
[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark
[{icc_PDFA} << /N 3 >> /PUT pdfmark
[{icc_PDFA} ${psString(icc)} (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark
[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA} /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) >> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark
`;
}

async function ghostscript(input: string, output: string, definition: string): Promise<Conversion> {
  try {
    await run(
      'gs',
      [
        '-q',
        '-dPDFA=2',
        '-dBATCH',
        '-dNOPAUSE',
        '-dSAFER',
        `--permit-file-read=${SRGB_ICC_FILE}`,
        '-dPDFSTOPONERROR',
        '-dPDFACompatibilityPolicy=1',
        '-sColorConversionStrategy=RGB',
        '-sDEVICE=pdfwrite',
        `-sOutputFile=${output}`,
        definition,
        input,
      ],
      { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 },
    );
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    return { ok: false, detail: `Ghostscript: ${lastLines(e.stderr || e.stdout || e.message)}` };
  }
  return checked(output, 'ghostscript');
}

async function checked(output: string, tool: 'ghostscript' | 'libreoffice'): Promise<Conversion> {
  let pdf: Buffer;
  try {
    pdf = await readFile(output);
  } catch {
    return { ok: false, detail: `${tool === 'ghostscript' ? 'Ghostscript' : 'LibreOffice'} wrote no PDF (it could not open the file)` };
  }
  if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) return { ok: false, detail: `${tool} wrote something that is not a PDF` };
  if (!declaresPdfA(pdf)) return { ok: false, detail: `${tool} wrote a PDF that does not declare PDF/A` };
  return { ok: true, pdf, tool };
}

/** LibreOffice converts a whole group in one start (its start-up is most of the cost). */
async function libreOffice(items: Array<{ key: number; path: string; ext: string }>, group: keyof typeof LO_FILTER, work: string) {
  const inDir = join(work, `${group}-in`);
  const outDir = join(work, `${group}-out`);
  await mkdir(inDir, { recursive: true });
  // Unique names: soffice names its output after the input's base name, and originals of one batch may share one.
  for (const it of items) await symlink(resolve(it.path), join(inDir, `${it.key}.${it.ext}`));
  let failure: string | undefined;
  try {
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${join(work, 'lo-profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        LO_FILTER[group],
        '--outdir',
        outDir,
        ...items.map((it) => join(inDir, `${it.key}.${it.ext}`)),
      ],
      { timeout: 60_000 + items.length * 20_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    failure = `LibreOffice: ${lastLines(e.stderr || e.message)}`;
  }
  const out = new Map<number, Conversion>();
  for (const it of items) {
    const result = await checked(join(outDir, `${it.key}.pdf`), 'libreoffice');
    out.set(it.key, !result.ok && failure ? { ok: false, detail: failure } : result);
  }
  return out;
}

/** Converts every item; the answer has one entry per item, in order. */
export async function convertToPdfA(items: readonly ConvertItem[]): Promise<Conversion[]> {
  if (items.length === 0) return [];
  const work = await mkdtemp(join(tmpdir(), 'arkki-convert-'));
  try {
    const results: Conversion[] = new Array(items.length);
    const groups: Record<keyof typeof LO_FILTER, Array<{ key: number; path: string; ext: string }>> = { writer: [], draw: [] };
    const definition = join(work, 'PDFA_def.ps');
    if (items.some((it) => it.format === 'pdf')) await writeFile(definition, pdfaDefinition(SRGB_ICC_FILE));
    for (const [i, it] of items.entries()) {
      if (it.format === 'pdf') results[i] = await ghostscript(it.path, join(work, `${i}-gs.pdf`), definition);
      else (it.format === 'tiff' ? groups.draw : groups.writer).push({ key: i, path: it.path, ext: it.format });
    }
    for (const group of ['writer', 'draw'] as const) {
      if (groups[group].length === 0) continue;
      for (const [key, result] of await libreOffice(groups[group], group, work)) results[key] = result;
    }
    return results;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
