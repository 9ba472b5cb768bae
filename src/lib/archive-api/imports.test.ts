import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

// The client must work against any archive that speaks the API, and ship without the archive: it imports
// only its own files, Node built-ins, undici and the FHIR types — never src/archive (nor the rest of lib).

const ALLOWED = [/^\.\/[a-z-]+\.ts$/, /^node:/, /^undici$/, /^fhir\/r4\.d\.ts$/];

describe('lib/archive-api imports', () => {
  it('reaches nothing but itself, Node, undici and @types/fhir', () => {
    const dir = new URL('./', import.meta.url);
    const found: string[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const text = readFileSync(new URL(name, dir), 'utf8');
      for (const m of text.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'/gms)) {
        if (!ALLOWED.some((re) => re.test(m[1]!))) found.push(`${name}: ${m[1]}`);
      }
    }
    assert.deepEqual(found, []);
  });
});
