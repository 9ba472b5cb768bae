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

describe('demo content reads as one coherent record (issue 12 item 5)', () => {
  const client = { hetu: '010516A901V', familyName: 'Testinen', givenNames: 'Aino' };

  test("the client group names the document's own client; dates precede the document; Finnish only; no invented codes", () => {
    for (const definition of registry.all()) {
      const content = sampleContent(definition, { seed: 11, codeSets, client, before: '2026-11-10' });
      const json = JSON.stringify(content);
      const root = content[definition.rootKey] as Record<string, unknown>;
      const group = root.asiakas;
      const first = (Array.isArray(group) ? group[0] : group) as Record<string, unknown> | undefined;
      if (first && first.henkilotunnus !== undefined) {
        assert.deepEqual(first.henkilotunnus, { system: 'urn:oid:1.2.246.21', value: client.hetu }, definition.oid);
        if (first.sukunimi !== undefined) assert.equal(first.sukunimi, client.familyName, definition.oid);
      }
      if (Array.isArray(group)) assert.equal(group.length, 1, `${definition.oid}: one client`);
      const dates = [...json.matchAll(/"(\d{4}-\d{2}-\d{2})(?:T[^"]*)?"/g)].map((m) => m[1]!);
      assert.deepEqual(dates, [...dates].sort(), `${definition.oid}: dates run forward`);
      for (const d of dates) assert.ok(d < '2026-11-10', `${definition.oid}: ${d} is before the document`);
      assert.doesNotMatch(json, /Näytekoodi|Klienten|önskar/, definition.oid);
      assert.deepEqual(validateContent(definition, content, { codeSets }), [], definition.oid);
    }
  });
});
