// A linear pass over XML text before any parser sees it: refuses DTDs (the door to external entities and
// entity expansion), processing instructions, and inputs too deep or too wide to be a document we
// archive. It also matches end tags to give exact places for the commonest error; the rest of
// well-formedness is left to the parser, which runs only if this passes.

export interface PrescanLimits {
  maxDepth: number;
  maxElements: number;
  maxAttributeLength: number;
  maxAttributesPerElement: number;
  /** Processing-instruction targets let through (e.g. `xml-stylesheet`); the XML declaration always is. */
  allowProcessingInstructions: readonly string[];
}

export interface PrescanProblem {
  rule:
    | 'doctype'
    | 'processing-instruction'
    | 'encoding'
    | 'too-deep'
    | 'too-many-elements'
    | 'attribute-too-long'
    | 'too-many-attributes'
    | 'malformed';
  message: string;
  /** Character offset in the text, for line and column. */
  offset: number;
}

const NAME_END = /[\s/>?]/;
const NAME_START = /[A-Za-z_:\u00C0-\uFFFD]/;
// Characters XML 1.0 forbids anywhere (§2.2); xmldom would let them through.
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function problem(rule: PrescanProblem['rule'], message: string, offset: number): PrescanProblem {
  return { rule, message, offset };
}

/** `<?target …?>` at `at`; null when it is allowed. */
function checkProcessingInstruction(text: string, at: number, start: number, limits: PrescanLimits): PrescanProblem | number {
  const end = text.indexOf('?>', at + 2);
  if (end < 0) return problem('malformed', 'processing instruction is not closed with ?>', at);
  const body = text.slice(at + 2, end);
  const target = body.split(NAME_END, 1)[0] ?? '';
  if (target.toLowerCase() === 'xml') {
    if (at !== start || target !== 'xml')
      return problem('malformed', 'the XML declaration may only stand at the very start of the document', at);
    const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(body)?.[1];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding))
      return problem('encoding', `encoding '${encoding}' is not accepted; documents must be UTF-8`, at);
  } else if (!limits.allowProcessingInstructions.includes(target)) {
    return problem('processing-instruction', `processing instruction <?${target.slice(0, 40)}?> is not accepted`, at);
  }
  return end + 2;
}

/** Scans a start tag from `at` (the `<`); returns the offset after `>` and whether it closed itself. */
function scanStartTag(text: string, at: number, limits: PrescanLimits): PrescanProblem | { next: number; selfClosing: boolean } {
  let attributes = 0;
  let i = at + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return problem('malformed', 'attribute value is not closed', i);
      if (close - i - 1 > limits.maxAttributeLength) {
        return problem(
          'attribute-too-long',
          `attribute value of ${close - i - 1} characters exceeds the limit of ${limits.maxAttributeLength}`,
          i,
        );
      }
      if (++attributes > limits.maxAttributesPerElement) {
        return problem('too-many-attributes', `element has more than ${limits.maxAttributesPerElement} attributes`, at);
      }
      i = close + 1;
    } else if (c === '>') {
      return { next: i + 1, selfClosing: text[i - 1] === '/' };
    } else if (c === '<') {
      return problem('malformed', "'<' inside a tag", i);
    } else {
      i++;
    }
  }
  return problem('malformed', 'tag is not closed with >', at);
}

/** The first reason to refuse `text` before parsing it, or null. */
export function prescanXml(text: string, limits: PrescanLimits): PrescanProblem | null {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const forbidden = FORBIDDEN_CHARACTER.exec(text);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return problem('malformed', `character U+${code} is not allowed in XML`, forbidden.index);
  }
  const stack: { name: string; offset: number }[] = [];
  let elements = 0;
  let i = start;
  for (;;) {
    const at = text.indexOf('<', i);
    if (at < 0) {
      const open = stack.pop();
      return open ? problem('malformed', `element <${open.name.slice(0, 60)}> is not closed`, open.offset) : null;
    }
    const next = text[at + 1];
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end < 0) return problem('malformed', 'comment is not closed with -->', at);
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', at)) {
      const end = text.indexOf(']]>', at + 9);
      if (end < 0) return problem('malformed', 'CDATA section is not closed with ]]>', at);
      i = end + 3;
    } else if (next === '!') {
      const what = text.slice(at, at + 12).split(/\s/, 1)[0];
      return problem(
        'doctype',
        `${what} is not accepted: DTDs and entity declarations are refused (external entities, entity expansion)`,
        at,
      );
    } else if (next === '?') {
      const r = checkProcessingInstruction(text, at, start, limits);
      if (typeof r !== 'number') return r;
      i = r;
    } else if (next === '/') {
      const end = text.indexOf('>', at + 2);
      if (end < 0) return problem('malformed', 'end tag is not closed with >', at);
      const name = text.slice(at + 2, end).trimEnd();
      const open = stack.pop();
      if (!open) return problem('malformed', `end tag </${name.slice(0, 60)}> has no start tag`, at);
      if (open.name !== name) {
        const { line, column } = lineAndColumn(text, open.offset);
        return problem(
          'malformed',
          `end tag </${name.slice(0, 60)}> does not match <${open.name.slice(0, 60)}> opened at line ${line}, column ${column}`,
          at,
        );
      }
      i = end + 1;
    } else if (next === undefined || !NAME_START.test(next)) {
      return problem('malformed', "'<' is not followed by a tag name (write &lt; in text)", at);
    } else {
      const tag = scanStartTag(text, at, limits);
      if ('rule' in tag) return tag;
      if (++elements > limits.maxElements) return problem('too-many-elements', `more than ${limits.maxElements} elements`, at);
      if (!tag.selfClosing) {
        // The stack is bounded by maxDepth, so matching end tags costs no more than counting them.
        if (stack.length >= limits.maxDepth) return problem('too-deep', `elements nested deeper than ${limits.maxDepth} levels`, at);
        stack.push({ name: text.slice(at + 1, tag.next).split(NAME_END, 1)[0]!, offset: at });
      }
      i = tag.next;
    }
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
