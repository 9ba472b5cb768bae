import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { moduleGraph, reachable } from '../../../test/architecture/module-graph.ts';

// The harness is a black box between a vendor's system and the archive: it may know neither side's code,
// only the wire (lib/archive-api's types, lib's CDA and signature readers). Not even the reference client
// system, which its tests drive: a check that leaned on the client's code would certify only that client.

describe('src/toolkit/conformance imports', () => {
  it('reaches neither src/archive nor src/client, not even transitively', () => {
    const graph = moduleGraph(['src']);
    const bad = graph.files
      .filter((f) => f.startsWith('src/toolkit/conformance/') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...reachable(graph, f)]
          .filter(([t]) => t.startsWith('src/archive/') || t.startsWith('src/client/'))
          .map(([, path]) => path.join(' → ')),
      );
    assert.deepEqual(bad, []);
    assert.ok(graph.files.includes('src/toolkit/conformance/harness.ts'), 'the scanner sees the harness');
  });
});
