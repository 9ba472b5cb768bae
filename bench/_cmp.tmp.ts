import { writeFileSync, mkdirSync } from 'node:fs';
import { renderPdf } from '../src/lib/render/render-pdf.ts';
import { sampleMetadata } from '../src/lib/render/test-metadata.ts';
import { repositoryCodeSets } from '../src/lib/structures/test-code-sets.ts';
const out = process.argv[2]!;
mkdirSync(out, { recursive: true });
const codeSets = repositoryCodeSets();
const inputs = Array.from({ length: 300 }, (_, i) => ({ metadata: sampleMetadata({ documentType: '1001', title: `Muistio ${i} Ööö Åke`, format: 'cda' }), content: { teksti: `Tapaaminen ${i} äiti ja isä`, 'ÅÖ': 'x' }, codeSets }));
for (const x of inputs.slice(0, 20)) await renderPdf(x as never);
const c0 = process.cpuUsage();
for (const [i, x] of inputs.entries()) {
  const b = await renderPdf(x as never);
  if (i % 50 === 0 || i === 32) writeFileSync(`${out}/${i}.pdf`, b);
  writeFileSync(`${out}/len.txt`, `${i} ${b.length}\n`, { flag: 'a' });
}
const c = process.cpuUsage(c0);
console.log('cpu ms/doc', (c.user + c.system) / 1000 / inputs.length);
