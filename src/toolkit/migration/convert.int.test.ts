import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyPdf } from '../../lib/render/placeholder-pdf.ts';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import { convertToPdfA, toolAvailable } from './convert.ts';
import { declaresPdfA } from './pdfa-page.ts';
import { tiffImage } from './tiff-image.ts';

// Originals that are not PDF/A become PDF/A-2 through Ghostscript (old PDFs) and LibreOffice (RTF, text,
// scanned TIFF); a file the tools cannot read comes back as a failure with the tool's words, never dropped.

describe('conversion of originals to PDF/A', () => {
  let dir: string;
  let tools = false;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arkki-convert-test-'));
    tools = (await toolAvailable('gs')) && (await toolAvailable('soffice'));
    if (!tools) requireSystemDependency('Ghostscript and LibreOffice (gs, soffice)');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('converts an old PDF, RTF, text and TIFF, and reports the broken PDF', async (t) => {
    if (!tools) return t.skip('skipped: run scripts/install-system-deps.sh');
    const files = {
      'old.pdf': legacyPdf(['Vanha PDF 1.4 ilman upotettuja fontteja']),
      'note.rtf': '{\\rtf1\\ansi Vanha RTF-asiakirja \\u228?\\par}',
      'note.txt': 'Vanha tekstitiedosto äö\n',
      'scan.tif': tiffImage(200, 120, (x, y) => (((x >> 3) + (y >> 3)) % 2 ? 240 : 20)),
      'broken.pdf': '%PDF-1.4\nnot a pdf body at all\ntrailer\n<< >>\n%%EOF\n',
    };
    for (const [name, data] of Object.entries(files)) await writeFile(join(dir, name), data);
    const formats = { 'old.pdf': 'pdf', 'note.rtf': 'rtf', 'note.txt': 'txt', 'scan.tif': 'tiff', 'broken.pdf': 'pdf' } as const;
    const results = await convertToPdfA(Object.entries(formats).map(([name, format]) => ({ path: join(dir, name), format })));
    const [pdf, rtf, txt, tif, broken] = results;
    for (const [name, r] of [
      ['old.pdf', pdf],
      ['note.rtf', rtf],
      ['note.txt', txt],
      ['scan.tif', tif],
    ] as const) {
      assert.ok(r?.ok, `${name}: ${r && !r.ok ? r.detail : ''}`);
      if (r?.ok) assert.ok(declaresPdfA(r.pdf), `${name} declares PDF/A`);
    }
    assert.equal(pdf?.ok && pdf.tool, 'ghostscript');
    assert.equal(rtf?.ok && rtf.tool, 'libreoffice');
    assert.ok(broken && !broken.ok);
    assert.match(broken.ok ? '' : broken.detail, /Ghostscript/);
  });
});
