// `npm run bench -- --only render`: rendering time of every national structure (XHTML and PDF) from
// sample content, per document; moved here from the rendering test, which asserted nothing about it.
import { renderPdf } from '../src/lib/render/render-pdf.ts';
import { renderXhtml } from '../src/lib/render/render-xhtml.ts';
import { sampleMetadata } from '../src/lib/render/test-metadata.ts';
import { loadStructureRegistry } from '../src/lib/structures/registry.ts';
import { sampleContent } from '../src/lib/structures/sample-content.ts';
import { repositoryCodeSets } from '../src/lib/structures/test-code-sets.ts';

export interface RenderResult {
  structures: number;
  xhtmlMsPerDocument: number;
  pdfMsPerDocument: number;
  pdfKiBPerDocument: number;
}

export async function renderBenchmark(): Promise<RenderResult> {
  const registry = await loadStructureRegistry();
  const codeSets = repositoryCodeSets();
  const cases = registry.all().map((d) => ({
    definition: d,
    metadata: sampleMetadata({ documentType: d.code, title: `${d.name.fi} – åäö`, format: 'pdf' }),
    content: sampleContent(d, { seed: 11, codeSets }),
    codeSets,
  }));
  // One warm-up pass (fonts, code paths), then the measured pass.
  for (const c of cases.slice(0, 10)) await renderPdf(c);
  let t = performance.now();
  for (const c of cases) renderXhtml(c);
  const xhtmlMs = performance.now() - t;
  t = performance.now();
  let bytes = 0;
  for (const c of cases) bytes += (await renderPdf(c)).length;
  const pdfMs = performance.now() - t;
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    structures: cases.length,
    xhtmlMsPerDocument: round(xhtmlMs / cases.length, 2),
    pdfMsPerDocument: round(pdfMs / cases.length, 1),
    pdfKiBPerDocument: Math.round(bytes / cases.length / 1024),
  };
}
