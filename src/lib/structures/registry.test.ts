// The registry reads a folder of definitions: the national data as shipped, and a folder where a new
// structure version is dropped in without any code change.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ArkkiError } from '../errors.ts';
import { DEFAULT_STRUCTURES_DIR, loadStructureRegistry } from './registry.ts';
import { sampleContent } from './sample-content.ts';
import { validateContent } from './validate-content.ts';

const CASE_FILE = '1.2.246.537.6.1505.2.2022.6.28.json';

describe('the national structures in data/structures', async () => {
  const registry = await loadStructureRegistry();

  test('are indexed by structure OID', () => {
    const d = registry.byOid('1.2.246.537.6.1505.2.2022.6.28')!;
    assert.equal(d.name.fi, 'Asia-asiakirja');
    assert.equal(d.rootKey, 'asia_asiakirja');
    assert.equal(d.version, '2022-06-28');
  });

  test('are indexed by document-type code, with and without the code system', () => {
    assert.equal(registry.latest('2', '1.2.246.537.6.1505')?.oid, '1.2.246.537.6.1505.2.2022.6.28');
    assert.equal(registry.latest('2')?.oid, '1.2.246.537.6.1505.2.2022.6.28');
    assert.equal(registry.latest('2', '1.2.246.537.6.1506'), undefined);
    assert.equal(registry.latest('no-such-code'), undefined);
  });

  test('match the document-types code set one to one', () => {
    const codes = JSON.parse(readFileSync(join(DEFAULT_STRUCTURES_DIR, '../codes/document-types.json'), 'utf8')) as {
      codes: { code: string; codeSystem?: string; structureOid?: string }[];
    };
    for (const c of codes.codes) {
      assert.equal(registry.latest(c.code, c.codeSystem ?? '1.2.246.537.6.1506')?.oid, c.structureOid, `code ${c.code}`);
    }
    assert.equal(codes.codes.length, registry.size);
  });

  test('fields carry their key path, display order and resolved cardinality', () => {
    const d = registry.byOid('1.2.246.537.6.1505.2.2022.6.28')!;
    const client = d.byPath.get('asia_asiakirja.asiakas')!;
    assert.deepEqual([client.min, client.max, client.repeatable], [1, null, true]);
    const surname = d.byPath.get('asia_asiakirja.asiakas.sukunimi')!;
    assert.deepEqual([surname.type, surname.min, surname.max, surname.repeatable], ['name', 1, 1, false]);
    const rows = [...d.byPath.values()].map((f) => f.row);
    assert.deepEqual(
      rows,
      [...rows].sort((a, b) => a - b),
      'depth-first order is display order',
    );
  });
});

describe('a folder of definitions is data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arkki-structures-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(DEFAULT_STRUCTURES_DIR, CASE_FILE), join(dir, CASE_FILE));
  copyFileSync(join(DEFAULT_STRUCTURES_DIR, 'index.json'), join(dir, 'index.json'));

  test('a new version dropped in becomes the latest; the old one stays addressable', async () => {
    const next = JSON.parse(readFileSync(join(dir, CASE_FILE), 'utf8'));
    next.oid = '1.2.246.537.6.1505.2.2026.1.15';
    next.version = '2026-01-15';
    next.fields[0].label.fi = 'Uusi otsikko';
    writeFileSync(join(dir, `${next.oid}.json`), JSON.stringify(next));
    const registry = await loadStructureRegistry(dir);
    assert.equal(registry.size, 2);
    assert.equal(registry.latest('2')?.oid, next.oid);
    assert.deepEqual(
      registry.versions('2').map((d) => d.version),
      ['2026-01-15', '2022-06-28'],
    );
    assert.equal(registry.onDate('2', '2024-03-01')?.version, '2022-06-28');
    assert.equal(registry.onDate('2', '2021-01-01'), undefined);
    assert.equal(registry.byOid('1.2.246.537.6.1505.2.2022.6.28')?.fields[0]?.label.fi, 'Palvelunjärjestäjän toimintayksikkö');
    const latest = registry.latest('2')!;
    assert.deepEqual(validateContent(latest, sampleContent(latest, { seed: 1 })), []);
  });

  test('the same code in two code systems must be asked for with its system', async () => {
    const other = JSON.parse(readFileSync(join(dir, CASE_FILE), 'utf8'));
    other.oid = '1.2.246.537.6.1506.2.2024.1.1';
    other.codeSystem = '1.2.246.537.6.1506';
    other.version = '2024-01-01';
    const sub = mkdtempSync(join(dir, 'two-'));
    copyFileSync(join(dir, CASE_FILE), join(sub, CASE_FILE));
    writeFileSync(join(sub, 'other.json'), JSON.stringify(other));
    const registry = await loadStructureRegistry(sub);
    assert.throws(() => registry.latest('2'), /name the code system/);
    assert.equal(registry.latest('2', '1.2.246.537.6.1506')?.oid, other.oid);
  });

  test('a broken structure file stops the load and names the file and the field', async () => {
    const sub = mkdtempSync(join(dir, 'broken-'));
    const broken = JSON.parse(readFileSync(join(dir, CASE_FILE), 'utf8'));
    broken.fields[0].type = 'textarea';
    broken.fields[1].fields[0].condition = { kind: 'one-of', fields: ['nowhere'] };
    writeFileSync(join(sub, 'broken.json'), JSON.stringify(broken));
    await assert.rejects(loadStructureRegistry(sub), (e: unknown) => {
      assert.ok(e instanceof ArkkiError);
      assert.ok(
        e.issues.some((i) => i.field === 'broken.json: fields[0].type'),
        JSON.stringify(e.issues),
      );
      assert.ok(
        e.issues.some((i) => i.field === 'broken.json: fields[1].fields[0].condition'),
        JSON.stringify(e.issues),
      );
      return true;
    });
  });

  test('a JSON file that is not a structure is refused, not skipped', async () => {
    const sub = mkdtempSync(join(dir, 'stray-'));
    writeFileSync(join(sub, 'notes.json'), '{"hello": 1}');
    await assert.rejects(loadStructureRegistry(sub), /format/);
    writeFileSync(join(sub, 'notes.json'), '{"hello": ');
    await assert.rejects(loadStructureRegistry(sub), /not JSON/);
  });
});
