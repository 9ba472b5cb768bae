// Every one of the national structures renders, driven by its definition alone: sample content → XHTML
// that arkki's safe XML parser reads back with every shown label in it, and → a PDF from which Debian's
// pdftotext (poppler, independent of pdfkit; -raw = content order, so a label wrapped beside its value stays whole) extracts the labels with å/ä/ö intact; the same input gives
// the same bytes again.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import type { DocumentMetadata } from '../metadata/metadata.ts';
import type { FieldDef, StructureDefinition } from '../structures/definition.ts';
import { loadStructureRegistry } from '../structures/registry.ts';
import { sampleContent } from '../structures/sample-content.ts';
import { repositoryCodeSets } from '../structures/test-code-sets.ts';
import { parseXmlSafely } from '../xml/safe-xml.ts';
import { buildRenderModel, type RenderBlock } from './render-model.ts';
import { renderPdf } from './render-pdf.ts';
import { localText } from './render-text.ts';
import { renderXhtml, XHTML_NS } from './render-xhtml.ts';
import { sampleMetadata } from './test-metadata.ts';

const registry = await loadStructureRegistry();
const codeSets = repositoryCodeSets();
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdfunite', ['-v']).status === 0;
if (!hasPdftotext) requireSystemDependency('pdftotext and pdfunite (poppler-utils)');

const run = (cmd: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

/**
 * The text of each PDF, page by page. One pdfunite + one pdftotext over all of them instead of a
 * process per document keeps the test fast; pages come back separated by form feeds, in order.
 */
async function pdfTexts(pdfs: Buffer[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'arkki-render-'));
  try {
    const files = await Promise.all(
      pdfs.map(async (pdf, i) => {
        const file = join(dir, `${String(i).padStart(4, '0')}.pdf`);
        await writeFile(file, pdf);
        return file;
      }),
    );
    await run('pdfunite', [...files, join(dir, 'all.pdf')]);
    const pages = (await run('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'all.pdf'), '-'])).split('\f');
    return pdfs.map((pdf) => {
      const count = Number(/\/Count (\d+)/.exec(pdf.toString('latin1'))![1]);
      return pages.splice(0, count).join('\f');
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Labels the rendering must show for the content's top-level fields: a field's label, or for a group
 * shown without its own heading (hidden, hideTitle) the labels of its first level, as far as filled.
 */
function shownLabels(d: StructureDefinition, content: Record<string, unknown>): string[] {
  const labels = (fields: readonly FieldDef[], value: unknown, depth: number): string[] => {
    const item = (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined;
    if (!item || typeof item !== 'object') return [];
    return fields
      .filter((f) => f.key in item)
      .flatMap((f) => {
        if (f.hidden || f.hideTitle) return depth < 2 && f.fields.length > 0 ? labels(f.fields, item[f.key], depth + 1) : [];
        return [localText(f.title ?? f.label, 'fi')];
      });
  };
  return labels(d.fields, content[d.rootKey], 0);
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** Every label, heading and value the rendering shows (header and content), for checking extracted text. */
function shownTexts(blocks: readonly RenderBlock[]): string[] {
  return blocks.flatMap((b) => (b.kind === 'field' ? [b.label, ...b.values] : [b.heading ?? '', ...shownTexts(b.blocks)]));
}

interface Case {
  d: StructureDefinition;
  metadata: DocumentMetadata;
  content: Record<string, unknown>;
}
const cases: Case[] = registry.all().map((d) => ({
  d,
  metadata: sampleMetadata({ documentType: d.code, title: `${d.name.fi} – åäö`, format: 'pdf' }),
  content: sampleContent(d, { seed: 11, codeSets }),
}));

describe(`all ${cases.length} national structures render`, () => {
  const pdfs = new Map<string, Buffer>();
  const xhtmls = new Map<string, string>();
  before(async () => {
    for (const c of cases) xhtmls.set(c.d.oid, renderXhtml({ ...c, definition: c.d, codeSets }));
    for (const c of cases) pdfs.set(c.d.oid, await renderPdf({ ...c, definition: c.d, codeSets }));
  });

  test('XHTML: well-formed, in the XHTML namespace, no scripts, every shown label present', () => {
    for (const c of cases) {
      const xhtml = xhtmls.get(c.d.oid)!;
      const parsed = parseXmlSafely(xhtml, { field: c.d.oid });
      assert.ok(parsed.ok, `${c.d.oid}: ${!parsed.ok && parsed.issue.message}`);
      const html = parsed.document.documentElement!;
      assert.equal(html.namespaceURI, XHTML_NS);
      assert.equal(parsed.document.getElementsByTagName('script').length, 0);
      const text = squash(html.textContent ?? '');
      for (const label of [...shownLabels(c.d, c.content), `(${c.d.code})`, 'Laatija', c.metadata.title]) {
        assert.ok(text.includes(squash(label)), `${c.d.oid}: label '${label}' missing from the XHTML`);
      }
    }
  });

  test('PDF: pdftotext extracts the header, the labels and å/ä/ö', { skip: !hasPdftotext && 'pdftotext not installed' }, async () => {
    const texts = await pdfTexts(cases.map((c) => pdfs.get(c.d.oid)!));
    cases.forEach((c, i) => {
      const pages = texts[i]!.split('\f');
      const text = squash(texts[i]!);
      for (const label of [...shownLabels(c.d, c.content), 'Laatija', 'Sanna Sosiaalityöntekijä', c.metadata.title]) {
        assert.ok(text.includes(squash(label)), `${c.d.oid}: '${label}' not extracted from the PDF`);
      }
      // Every character of every shown text extracts (a glyph missing from ToUnicode would drop a letter).
      const model = buildRenderModel({ ...c, definition: c.d, codeSets });
      for (const shown of shownTexts([...model.header, ...model.content])) {
        assert.ok(text.includes(squash(shown)), `${c.d.oid}: '${shown}' not extracted from the PDF`);
      }
      pages.forEach((p, n) =>
        assert.ok(squash(p).includes(`sivu${n + 1}/${pages.length}`), `${c.d.oid}: page ${n + 1} has no 'sivu ${n + 1} / ${pages.length}'`),
      );
      assert.match(text, /å/);
      assert.match(text, /ä/);
      assert.match(text, /ö/);
    });
  });

  test('the same input renders to the same bytes', async () => {
    // Re-render in another order: nothing carried between renderings (font caches) may change a byte.
    for (const c of [...cases].reverse().slice(0, 40)) {
      assert.equal(renderXhtml({ ...c, definition: c.d, codeSets }), xhtmls.get(c.d.oid), c.d.oid);
      assert.ok((await renderPdf({ ...c, definition: c.d, codeSets })).equals(pdfs.get(c.d.oid)!), `${c.d.oid}: PDF bytes differ`);
    }
  });
});
