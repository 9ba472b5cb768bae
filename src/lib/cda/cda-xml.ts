// A tiny XML writer for the documents arkki generates itself: one element per line, so that xmllint's
// line numbers point at a single element. Text and attribute values are always escaped here, never by callers.

export type Attrs = Record<string, string | number | undefined>;
/** An element: name, attributes, and children (elements or text). */
export interface Node {
  name: string;
  attrs?: Attrs;
  children?: (Node | string)[];
}

export const el = (name: string, attrs: Attrs = {}, ...children: (Node | string | undefined | false)[]): Node => ({
  name,
  attrs,
  children: children.filter((c): c is Node | string => c !== undefined && c !== false),
});

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attributes(attrs: Attrs = {}): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

/** Serialises with two-space indentation; an element with text children keeps them inline (mixed content). */
export function serialise(node: Node, depth = 0): string {
  const pad = '  '.repeat(depth);
  const open = `${node.name}${attributes(node.attrs)}`;
  const children = node.children ?? [];
  if (children.length === 0) return `${pad}<${open}/>`;
  if (children.some((c) => typeof c === 'string')) return `${pad}<${open}>${children.map(inline).join('')}</${node.name}>`;
  return `${pad}<${open}>\n${children.map((c) => serialise(c as Node, depth + 1)).join('\n')}\n${pad}</${node.name}>`;
}

function inline(c: Node | string): string {
  if (typeof c === 'string') return escapeXml(c);
  const children = c.children ?? [];
  const open = `${c.name}${attributes(c.attrs)}`;
  return children.length === 0 ? `<${open}/>` : `<${open}>${children.map(inline).join('')}</${c.name}>`;
}
