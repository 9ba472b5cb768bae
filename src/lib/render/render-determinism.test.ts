// A rendering is an archived body: its hash must not depend on the process, the machine's time zone or
// locale, or what was rendered before. A fresh process in another time zone renders the same bytes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadStructureRegistry } from '../structures/registry.ts';
import { sampleContent } from '../structures/sample-content.ts';
import { repositoryCodeSets } from '../structures/test-code-sets.ts';
import { renderPdf } from './render-pdf.ts';
import { renderXhtml } from './render-xhtml.ts';
import { sampleMetadata } from './test-metadata.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

const STRUCTURE = '1.2.246.537.6.1506.11000.2023.9.8'; // Iäkkäiden palvelupäätös
const metadata = sampleMetadata({ documentType: '11000', title: 'Iäkkäiden palvelupäätös – Åström', format: 'cda' });

/** The same rendering in a child process with another time zone and locale; prints the two hashes. */
const CHILD = `
const { loadStructureRegistry } = await import(${JSON.stringify(here('../structures/registry.ts'))});
const { sampleContent } = await import(${JSON.stringify(here('../structures/sample-content.ts'))});
const { repositoryCodeSets } = await import(${JSON.stringify(here('../structures/test-code-sets.ts'))});
const { renderPdf } = await import(${JSON.stringify(here('./render-pdf.ts'))});
const { renderXhtml } = await import(${JSON.stringify(here('./render-xhtml.ts'))});
const { createHash } = await import('node:crypto');
const codeSets = repositoryCodeSets();
const definition = (await loadStructureRegistry()).byOid(process.env.STRUCTURE);
const input = { metadata: JSON.parse(process.env.METADATA), definition, content: sampleContent(definition, { seed: 4, codeSets }), codeSets };
const sha = (b) => createHash('sha256').update(b).digest('hex');
console.log(sha(await renderPdf(input)) + ' ' + sha(renderXhtml(input)));
`;

test('a fresh process in another time zone and locale renders the same bytes', async () => {
  const codeSets = repositoryCodeSets();
  const registry = await loadStructureRegistry();
  // Render other documents first, so any state carried between renderings would show.
  for (const d of registry.all().slice(0, 5))
    await renderPdf({ metadata, definition: d, content: sampleContent(d, { seed: 1, codeSets }), codeSets });
  const definition = registry.byOid(STRUCTURE)!;
  const input = { metadata, definition, content: sampleContent(definition, { seed: 4, codeSets }), codeSets };
  const ours = `${sha(await renderPdf(input))} ${sha(renderXhtml(input))}`;
  const theirs = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', CHILD],
      {
        env: {
          ...process.env,
          TZ: 'America/Los_Angeles',
          LANG: 'en_US.UTF-8',
          LC_ALL: 'en_US.UTF-8',
          STRUCTURE,
          METADATA: JSON.stringify(metadata),
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim())),
    );
  });
  assert.equal(theirs, ours);
});
