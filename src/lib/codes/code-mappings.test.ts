import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArkkiError } from '../errors.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from './code-set-files.ts';
import { CodeSets } from './code-sets.ts';
import { mappedCode, mappingTable, parseCodeMappingFile, readCodeMappingFiles } from './code-mappings.ts';

const codeSets = CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR));

test('the 2026-12 mappings turn dropped values into the ones the current code sets hold', async () => {
  const table = mappingTable(await readCodeMappingFiles(DEFAULT_CODES_DIR), codeSets);
  assert.equal(mappedCode(table, 'service-tasks', 'x-paihde')!.to, '15');
  assert.equal(mappedCode(table, 'service-tasks', 'x-toimeentulotuki')!.to, 'x-tyoikaiset');
  assert.equal(mappedCode(table, 'social-services', 'x-sosiaalityo')!.to, '46');
  assert.equal(mappedCode(table, 'service-tasks', '10'), undefined);
  for (const m of table) {
    assert.equal(codeSets.has(m.set, m.from), false, `${m.set} ${m.from} is gone from the current version`);
    assert.equal(codeSets.has(m.set, m.to), true, `${m.set} ${m.to} is held`);
  }
});

test('chains resolve to their last value; a target the code sets do not hold and a cycle are refused', () => {
  const file = (id: string, mappings: Array<[string, string]>) =>
    parseCodeMappingFile(
      { id, source: 'test', mappings: mappings.map(([from, to]) => ({ set: 'service-tasks', from, to, reason: 'test' })) },
      `${id}.json`,
    );
  const chained = mappingTable([file('a', [['x-vanha', 'x-paihde']]), file('b', [['x-paihde', '15']])], codeSets);
  assert.equal(mappedCode(chained, 'service-tasks', 'x-vanha')!.to, '15');
  assert.throws(
    () => mappingTable([file('a', [['x-paihde', 'x-ei-ole']])], codeSets),
    (e: ArkkiError) => e.issues[0]!.rule === 'code-mapping-target' && /does not hold/.test(e.issues[0]!.message),
  );
  assert.throws(
    () => mappingTable([file('a', [['x-a', 'x-b']]), file('b', [['x-b', 'x-a']])]),
    (e: ArkkiError) => e.issues.some((i) => i.rule === 'code-mapping-cycle'),
  );
  assert.throws(
    () => parseCodeMappingFile({ id: 'c', source: 's', mappings: [{ set: 'document-types', from: '1', to: '2', reason: 'r' }] }, 'c.json'),
    (e: ArkkiError) => e.issues[0]!.field === 'c.json: mappings[0].set',
  );
});
