import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The client system is a connected system like any vendor's: it reaches the archive only through
// lib/archive-api, never src/archive; its domain is pure (no store, queue, service, Node I/O).

const here = fileURLToPath(new URL('./', import.meta.url));
const src = resolve(here, '..');

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'/gms)].map((m) =>
    m[1]!.startsWith('.') ? relative(src, resolve(file, '..', m[1]!)) : m[1]!,
  );
}

describe('src/client imports', () => {
  it('never imports src/archive', () => {
    const found = files(here).flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('archive/'))
        .map((i) => `${relative(src, f)}: ${i}`),
    );
    assert.deepEqual(found, []);
  });

  it('keeps its domain pure: only the domain itself and lib values', () => {
    const found = files(join(here, 'domain'))
      .filter((f) => !f.endsWith('.test.ts'))
      .flatMap((f) =>
        imports(f)
          .filter((i) => !i.startsWith('client/domain/') && !/^lib\/(identifiers|metadata|errors)/.test(i))
          .map((i) => `${relative(src, f)}: ${i}`),
      );
    assert.deepEqual(found, []);
  });
});
