// The narrative of a structured (phase 2) CDA body, section/text, written from the same render model as
// the XHTML and PDF renderings, so what a CDA viewer shows is what arkki's renderings show. CDA allows
// only its narrative-block subset of XHTML there, so the model is written with list/item/caption/content
// (valid StrucDoc.Text for any structure) instead of the XHTML's section/dl elements.
import { el, type Node } from '../cda/cda-xml.ts';
import { buildContentBlocks, type RenderBlock, type RenderOptions } from './render-model.ts';
import { xmlSafe } from './render-xhtml.ts';

function valueContent(value: string): Node {
  const parts = xmlSafe(value).split(/\r\n|\r|\n/);
  return el('content', {}, ...parts.flatMap((p, i) => (i === 0 ? [p] : [el('br'), p])));
}

function item(b: RenderBlock): Node {
  // A value shown without its label (Sosmeta hideTitle) has no caption.
  if (b.kind === 'field')
    return el('item', {}, b.label !== '' ? el('caption', {}, xmlSafe(b.label)) : undefined, ...b.values.map(valueContent));
  const inner = b.blocks.length > 0 ? list(b.blocks) : undefined;
  // A section with a hidden title never reaches here: the model merges its rows into the parent.
  return el('item', {}, el('caption', {}, xmlSafe(b.heading ?? '')), inner);
}

function list(blocks: readonly RenderBlock[]): Node {
  return el('list', {}, ...blocks.map(item));
}

/** `<text>` of the structured section: one list item per shown field or section, in display order. */
export function narrativeFromContent(content: unknown, options: RenderOptions = {}): Node {
  const blocks = buildContentBlocks(content, options);
  return el('text', {}, blocks.length > 0 ? list(blocks) : el('paragraph', {}, '–'));
}
