import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The migration tool is a storing system (tallentava järjestelmä) like any vendor's: it reaches the archive
// only through lib/archive-api, never src/archive or the reference client system.

const here = fileURLToPath(new URL('./', import.meta.url));
const src = resolve(here, '../..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src/toolkit/migration imports', () => {
  it('never imports src/archive or src/client', () => {
    const found = files(here).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'/gms)]
        .map((m) => (m[1]!.startsWith('.') ? relative(src, resolve(f, '..', m[1]!)) : m[1]!))
        .filter((i) => i.startsWith('archive/') || i.startsWith('client/'))
        .map((i) => `${relative(src, f)}: ${i}`),
    );
    assert.deepEqual(found, []);
  });
});
