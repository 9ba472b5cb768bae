// @xmldom/xmldom 0.9.12 (the newest release) builds its QName regular expression again for every end tag
// it reads (`g.reg('^', g.QName_group, g.S_OPT, '$')` in sax.js): a Unicode character class compiled
// ~100 times per CDA document, a third of the parser's time in a profile of signed-CDA verification. The
// pieces it combines are the grammar module's constant RegExp objects and string literals, so the result
// for the same pieces is always the same expression; this keeps it. Only expressions without the g or y
// flag are kept (they carry no lastIndex state, so sharing one is the same as building a new one), and at
// most MAX distinct combinations (sax.js uses a handful), after which it builds them as before. If a later
// xmldom no longer has `reg`, this does nothing.
import { createRequire } from 'node:module';

type Reg = (this: unknown, ...parts: (RegExp | string)[]) => RegExp;
interface Node {
  next: Map<RegExp | string, Node>;
  value?: RegExp;
}

const MAX = 64;
const grammar = createRequire(import.meta.url)('@xmldom/xmldom/lib/grammar.js') as { reg?: Reg & { cached?: true } };
const original = grammar.reg;

let enabled = true;
/** For the benchmark's same-run baseline only: false builds every expression as xmldom does. */
export function useXmldomRegexCache(on: boolean): void {
  enabled = on;
}

if (typeof original === 'function' && !original.cached) {
  const root: Node = { next: new Map() };
  let kept = 0;
  const cached = function (this: unknown, ...parts: (RegExp | string)[]): RegExp {
    if (!enabled) return original.apply(this, parts);
    let node = root;
    for (const part of parts) {
      let next = node.next.get(part);
      if (!next) {
        if (kept >= MAX) return original.apply(this, parts);
        next = { next: new Map() };
        node.next.set(part, next);
      }
      node = next;
    }
    if (node.value) return node.value;
    const built = original.apply(this, parts);
    if (!built.global && !built.sticky && kept < MAX) {
      node.value = built;
      kept++;
    }
    return built;
  } as Reg & { cached?: true };
  cached.cached = true;
  grammar.reg = cached;
}
