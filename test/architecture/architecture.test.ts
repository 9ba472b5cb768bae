import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCircles, moduleGraph, reachable, ROOT } from './module-graph.ts';

// The house rules of design.md, kept by tests rather than by memory: what may import what.

const graph = moduleGraph();
const isTest = (f: string) => /\.test\.tsx?$/.test(f) || f.startsWith('test/');
const under = (dir: string) => (f: string) => f.startsWith(dir);
const SYSTEMS = ['src/archive/', 'src/client/', 'src/deploy/', 'src/toolkit/'];
const ADAPTERS = ['src/archive/fhir/', 'src/archive/ui/', 'src/archive/cli/', 'src/archive/auth/', 'src/cli/'];
// What an adapter must not reach: the database, the store, and the unscoped dependencies behind the context.
const BEHIND_THE_SEAM = [
  'src/archive/store/',
  'src/lib/db/',
  'src/archive/service/deps.ts',
  'src/archive/context.ts',
  'src/archive/bootstrap.ts',
];

/** Violations as readable lines: "who → … → what". */
function violations(from: (f: string) => boolean, forbidden: (target: string) => boolean, transitive: boolean): string[] {
  const out: string[] = [];
  for (const file of graph.files.filter(from)) {
    if (transitive) {
      for (const [target, path] of reachable(graph, file)) if (forbidden(target)) out.push(path.join(' → '));
    } else {
      for (const target of graph.imports.get(file) ?? []) if (forbidden(target)) out.push(`${file} → ${target}`);
    }
  }
  return out;
}

describe('architecture', () => {
  it('sees the whole tree (the scanner finds the modules and their imports)', () => {
    assert.ok(graph.files.length > 300, `only ${graph.files.length} modules found`);
    assert.ok((graph.imports.get('src/archive/server.ts') ?? []).includes('src/archive/adapter-context.ts'));
  });

  it('lib/ imports no system, not even through a test helper', () => {
    const bad = violations(under('src/lib/'), (t) => SYSTEMS.some((s) => t.startsWith(s)) || t.startsWith('src/cli/'), true);
    assert.deepEqual(bad, [], `lib must stand on its own:\n${bad.join('\n')}`);
  });

  it('the client system and the deployment toolkit never import the archive (they use lib/archive-api)', () => {
    const bad = violations(
      (f) => f.startsWith('src/client/') || f.startsWith('src/deploy/') || f.startsWith('src/toolkit/'),
      (t) => t.startsWith('src/archive/'),
      true,
    );
    assert.deepEqual(bad, [], bad.join('\n'));
  });

  it('adapters never reach the store, the database or the unscoped dependencies', () => {
    const bad = violations(
      (f) => ADAPTERS.some((a) => f.startsWith(a)) && !isTest(f) && !ALLOWED_ADAPTER_FILES.has(f),
      (t) => BEHIND_THE_SEAM.some((b) => t.startsWith(b)),
      false,
    );
    assert.deepEqual(bad, [], `an adapter gets use cases bound to the caller (ctx.forIdentity), never the database:\n${bad.join('\n')}`);
  });

  it("the client system's workbench pages never reach its store or database (they read through service/workbench-reads)", () => {
    const bad = violations(
      (f) => (f.startsWith('src/client/ui/') || f.startsWith('src/client/http/')) && !isTest(f),
      (t) => t.startsWith('src/client/store/') || t.startsWith('src/lib/db/'),
      false,
    );
    assert.deepEqual(bad, [], `a workbench page gets the client system's reads and use cases, never the database:\n${bad.join('\n')}`);
  });

  it('no adapter can archive an unsigned document: none reaches the unsigned store step, and it is no use case', () => {
    // Every document carries the system signature (issue 12): documents enter through ingestCda, which
    // verifies the signed CDA and only then calls storeDocuments (service/ingest-cda.ts).
    const STORE_STEP = 'src/archive/service/store-documents.ts';
    const bad = violations(
      (f) => ADAPTERS.some((a) => f.startsWith(a)) && !isTest(f),
      (t) => t === STORE_STEP,
      false,
    );
    assert.deepEqual(bad, [], `an adapter archives documents through ingestCda / ingestCdaDocuments only:\n${bad.join('\n')}`);
    const useCases = readFileSync(join(ROOT, 'src/archive/service/use-cases.ts'), 'utf8').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(useCases, /store-documents\.ts|\bstoreDocuments?\b|\bprepareCdaSubmissions\b/);
  });

  it('the domain core imports no service, store or adapter', () => {
    const bad = violations(
      (f) => f.startsWith('src/archive/domain/') && !isTest(f),
      (t) => ['service/', 'store/', 'fhir/', 'ui/', 'cli/', 'auth/', 'demo/'].some((d) => t.startsWith(`src/archive/${d}`)),
      false,
    );
    assert.deepEqual(bad, [], bad.join('\n'));
  });

  it('has no import circles', () => {
    const circles = importCircles(graph, (f) => f.startsWith('src/'));
    assert.deepEqual(circles, [], `import circles:\n${circles.map((c) => c.join(' ↔ ')).join('\n')}`);
  });

  it('reads process.env only in config.ts, main.ts and the command line', () => {
    const readers = graph.files.filter(
      (f) =>
        f.startsWith('src/') &&
        !isTest(f) &&
        /process\.env\b/.test(
          readFileSync(join(ROOT, f), 'utf8')
            .replace(/\/\/.*$/gm, '')
            .replace(/\/\*[\s\S]*?\*\//g, ''),
        ),
    );
    const allowed = (f: string) =>
      f === 'src/main.ts' || /^src\/[a-z]+\/config\.ts$/.test(f) || /\/cli\//.test(f) || f.startsWith('src/cli/');
    assert.deepEqual(
      readers.filter((f) => !allowed(f)),
      [],
    );
  });
});

/**
 * Adapter files allowed past the seam, each with its reason. Keep this list short: a new entry needs the
 * same justification in review.
 */
const ALLOWED_ADAPTER_FILES = new Set<string>([]);
