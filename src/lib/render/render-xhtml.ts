// The XHTML rendering of a document: HTML in its XML serialisation (XHTML: well-formed, no DOCTYPE so that
// arkki's own safe parser reads it back), header block first, then the content sections. No scripts, no
// external resources; the same input always gives the same text.
import { el, serialise, type Node } from '../cda/cda-xml.ts';
import { buildRenderModel, type RenderBlock, type RenderInput, type RenderModel, type RenderRow } from './render-model.ts';

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const XHTML_MEDIA_TYPE = 'application/xhtml+xml';

// Characters XML 1.0 does not allow at all: a value carrying one would make the whole rendering
// unreadable, so they are left out (not replaced by U+FFFD, which xmldom reports as an encoding fault).
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (s: string): string => s.replace(NOT_XML, '');

const STYLE = [
  'body{font-family:DejaVu Sans,Arial,sans-serif;font-size:10.5pt;margin:2em;color:#000}',
  'header{border-bottom:1px solid #444;margin-bottom:1em}',
  '.document-type{margin:0;color:#333}',
  '.invalidated{color:#a00;font-weight:bold;border:2px solid #a00;padding:.3em}',
  'dl{display:grid;grid-template-columns:minmax(10em,30%) 1fr;gap:.2em 1em;margin:.4em 0}',
  'dt{font-weight:bold}dd{margin:0}section{margin-left:.8em}',
].join('');

/** Text with its line breaks kept as `<br/>`. */
function lines(text: string): (Node | string)[] {
  const parts = xmlSafe(text).split(/\r\n|\r|\n/);
  return parts.flatMap((p, i) => (i === 0 ? [p] : [el('br'), p]));
}

function rows(list: readonly RenderRow[]): Node {
  return el('dl', {}, ...list.flatMap((r) => [el('dt', {}, xmlSafe(r.label)), ...r.values.map((v) => el('dd', {}, ...lines(v)))]));
}

/** Consecutive rows share one `<dl>`; each section is a `<section>` with a heading one level deeper. */
function blocks(list: readonly RenderBlock[], level: number): Node[] {
  const out: Node[] = [];
  let pending: RenderRow[] = [];
  const flush = () => {
    if (pending.length > 0) out.push(rows(pending));
    pending = [];
  };
  for (const b of list) {
    if (b.kind === 'field') {
      pending.push(b);
      continue;
    }
    flush();
    const heading = b.heading !== undefined ? el(`h${Math.min(level, 6)}`, {}, xmlSafe(b.heading)) : undefined;
    out.push(el('section', {}, heading, ...blocks(b.blocks, level + 1)));
  }
  flush();
  return out;
}

export function xhtmlFromModel(model: RenderModel): string {
  const inv = model.invalidation;
  const header = el(
    'header',
    { class: 'document-header' },
    el('p', { class: 'document-type' }, xmlSafe(model.documentType)),
    el('h1', {}, xmlSafe(model.title)),
    inv
      ? el(
          'p',
          { class: 'invalidated' },
          [inv.mark, inv.at, inv.reason]
            .filter(Boolean)
            .map((s) => xmlSafe(s!))
            .join(' – '),
        )
      : undefined,
    rows(model.header),
  );
  const content = blocks(model.content, 2);
  const html = el(
    'html',
    { xmlns: XHTML_NS, lang: model.lang, 'xml:lang': model.lang },
    el(
      'head',
      {},
      el('meta', { 'http-equiv': 'Content-Type', content: `${XHTML_MEDIA_TYPE}; charset=UTF-8` }),
      el('title', {}, xmlSafe(model.title)),
      el('style', { type: 'text/css' }, STYLE),
    ),
    el('body', {}, header, content.length > 0 ? el('main', { class: 'document-content' }, ...content) : undefined),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(html)}\n`;
}

/** The document as XHTML text (UTF-8), driven by the structure definition only. */
export function renderXhtml(input: RenderInput): string {
  return xhtmlFromModel(buildRenderModel(input));
}
