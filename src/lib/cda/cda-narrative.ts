// The human-readable part (section/text) of a structured (phase 2) body: arkki's rendering of the content
// (src/lib/render, the same model as the XHTML and PDF renderings) in CDA narrative-block elements.
import type { CodeSets } from '../codes/code-sets.ts';
import { narrativeFromContent } from '../render/render-narrative.ts';
import type { RenderLang } from '../render/render-text.ts';
import type { StructureDefinition } from '../structures/definition.ts';
import type { Node } from './cda-xml.ts';

/** `<text>` of the structured section. */
export function narrativeText(
  content: unknown,
  definition?: StructureDefinition,
  options: { codeSets?: CodeSets; lang?: RenderLang } = {},
): Node {
  return narrativeFromContent(content, { ...options, ...(definition ? { definition } : {}) });
}
