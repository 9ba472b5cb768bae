import { renderPdf } from '../src/lib/render/render-pdf.ts';
import { sampleMetadata } from '../src/lib/render/test-metadata.ts';
import { repositoryCodeSets } from '../src/lib/structures/test-code-sets.ts';
const codeSets = repositoryCodeSets();
const inputs = Array.from({ length: 300 }, (_, i) => ({
  metadata: sampleMetadata({ documentType: '1001', title: `Muistio ${i}`, format: 'cda' }),
  content: { teksti: `Tapaaminen ${i}` },
  codeSets,
}));
for (const x of inputs.slice(0, 20)) await renderPdf(x as never);
const t = performance.now();
let bytes = 0;
for (const x of inputs) bytes += (await renderPdf(x as never)).length;
console.log('ms/doc', (performance.now() - t) / inputs.length, 'bytes', bytes / inputs.length);
