// Every national structure in data/structures: generated sample content is valid against its own
// definition, in both fill modes. This is the base of the per-structure round-trip tests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadStructureRegistry } from './registry.ts';
import { sampleContent } from './sample-content.ts';
import { repositoryCodeSets } from './test-code-sets.ts';
import { validateContent } from './validate-content.ts';

const registry = await loadStructureRegistry();
const codeSets = repositoryCodeSets();

test('data/structures holds all 202 national structures', () => {
  assert.equal(registry.size, 202);
});

describe('sample content validates with zero issues', () => {
  for (const definition of registry.all()) {
    test(`${definition.oid} ${definition.name.fi}`, () => {
      for (const fill of ['all', 'required'] as const) {
        const content = sampleContent(definition, { seed: 42, fill, codeSets });
        assert.deepEqual(validateContent(definition, content, { codeSets }), [], `fill=${fill}`);
      }
    });
  }
});

describe('sample content is deterministic', () => {
  const definition = registry.latest('2', '1.2.246.537.6.1505')!;

  test('the same seed gives the same JSON', () => {
    assert.equal(
      JSON.stringify(sampleContent(definition, { seed: 5, codeSets })),
      JSON.stringify(sampleContent(definition, { seed: 5, codeSets })),
    );
  });

  test('another seed gives other content', () => {
    assert.notEqual(JSON.stringify(sampleContent(definition, { seed: 5 })), JSON.stringify(sampleContent(definition, { seed: 6 })));
  });

  test('required-only content leaves optional fields out', () => {
    const full = JSON.stringify(sampleContent(definition, { seed: 5 }));
    const minimal = sampleContent(definition, { seed: 5, fill: 'required' });
    assert.ok(JSON.stringify(minimal).length < full.length);
    assert.equal((minimal.asia_asiakirja as Record<string, unknown>).muut_asiaan_liittyvat_henkilot, undefined);
  });

  test('henkilötunnukset are test identifiers (individual number 900–999)', () => {
    const json = JSON.stringify(sampleContent(definition, { seed: 9 }));
    const hetus = [...json.matchAll(/"urn:oid:1\.2\.246\.21","value":"(\d{6}[-+A-FU-Y](\d{3})[0-9A-Y])"/g)];
    assert.ok(hetus.length > 0);
    for (const m of hetus) assert.ok(Number(m[2]) >= 900, m[1]);
  });
});
