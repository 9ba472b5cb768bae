import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The import graph of the repository's own modules, read from the source text (relative specifiers only:
// packages are not ours). Used by the architecture guards.

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

export interface ModuleGraph {
  /** Repository-relative paths of every module under the scanned folders. */
  files: string[];
  /** Module → the repository-relative modules it imports. */
  imports: Map<string, string[]>;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
}

/** Strips comments so that an import mentioned in a comment does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

export function moduleGraph(folders: readonly string[] = ['src', 'test', 'bench', 'scripts']): ModuleGraph {
  const abs: string[] = [];
  for (const f of folders) walk(join(ROOT, f), abs);
  const files = abs.map((p) => relative(ROOT, p)).sort();
  const imports = new Map<string, string[]>();
  for (const file of files) {
    const text = code(readFileSync(join(ROOT, file), 'utf8'));
    const targets = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2]!;
      targets.add(relative(ROOT, resolve(ROOT, dirname(file), spec)));
    }
    imports.set(file, [...targets].sort());
  }
  return { files, imports };
}

/** Every module reachable from `start` (excluding itself), with one path to each for the error message. */
export function reachable(graph: ModuleGraph, start: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of graph.imports.get(at) ?? []) {
      if (seen.has(next)) continue;
      seen.set(next, [...seen.get(at)!, next]);
      queue.push(next);
    }
  }
  seen.delete(start);
  return seen;
}

/** Strongly connected components with more than one module (import circles), Tarjan's algorithm. */
export function importCircles(graph: ModuleGraph, include: (file: string) => boolean): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of (graph.imports.get(v) ?? []).filter(include)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const f of graph.files.filter(include)) if (!idx.has(f)) visit(f);
  return circles;
}
