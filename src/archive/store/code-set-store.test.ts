import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '../../../test/support/databases.ts';
import { versionFromFile, type CodeSetFile } from '../../lib/codes/code-sets.ts';
import { listVersions, loadCodeSetVersion, loadCurrentCodeSets, syncCodeSets } from './code-set-store.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../lib/codes/code-set-files.ts';

const t0 = new Date('2026-01-05T10:00:00Z');
const t1 = new Date('2026-03-01T10:00:00Z');

test('readCodeSetFiles reads the nine shipped files', async () => {
  const files = await readCodeSetFiles(DEFAULT_CODES_DIR);
  assert.deepEqual(
    files.map((f) => f.id),
    [
      'client-roles',
      'document-types',
      'municipalities',
      'process-phases',
      'service-need-reporters',
      'service-tasks',
      'social-services',
      'special-reasons',
      'support-needs',
    ],
  );
});

test('readCodeSetFiles names the file and field that are wrong', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'arkki-codes-'));
  try {
    await writeFile(
      join(dir, 'a.json'),
      JSON.stringify({ id: 'a', oid: null, name: 'A', source: 's', provisional: false, codes: [{ code: '1' }] }),
    );
    await assert.rejects(readCodeSetFiles(dir), /a\.json: codes\[0\]\.display_fi: must be a non-empty string/);
    await writeFile(join(dir, 'a.json'), '{ not json');
    await assert.rejects(readCodeSetFiles(dir), /a\.json: not valid JSON/);
    const ok = { id: 'a', oid: null, name: 'A', source: 's', provisional: false, codes: [{ code: '1', display_fi: 'Yksi' }] };
    await writeFile(join(dir, 'a.json'), JSON.stringify(ok));
    await writeFile(join(dir, 'b.json'), JSON.stringify(ok));
    await assert.rejects(readCodeSetFiles(dir), /b\.json: id: code set 'a' is also defined in a\.json/);
    await assert.rejects(readCodeSetFiles(join(dir, 'missing')), /code-set folder '.*missing' does not exist/);
  } finally {
    await rm(dir, { recursive: true });
  }
});

for (const database of testDatabases()) {
  test(`code-set versions on ${database.name}`, async (t) => {
    const db = await database.open();
    t.after(() => db.close());
    const files = await readCodeSetFiles(DEFAULT_CODES_DIR);

    await t.test('first sync adds version 1 of every set; a second sync changes nothing', async () => {
      const first = await syncCodeSets(db, files, t0);
      assert.ok(first.every((r) => r.version === 1 && r.changed));
      const second = await syncCodeSets(db, files, t1);
      assert.ok(
        second.every((r) => r.version === 1 && !r.changed),
        JSON.stringify(second),
      );
      assert.equal((await listVersions(db, 'service-tasks')).length, 1);
    });

    await t.test('loaded sets equal the files, entry order and properties included', async () => {
      const sets = await loadCurrentCodeSets(db);
      assert.deepEqual(
        sets.ids(),
        files.map((f) => f.id),
      );
      for (const f of files) assert.deepEqual(sets.get(f.id), versionFromFile(f, 1), f.id);
      assert.equal(sets.findBySystem('urn:oid:1.2.246.537.6.1505', '2')!.entry.display.fi, 'Asia-asiakirja');
    });

    await t.test('a changed file becomes version 2; version 1 entries stay readable', async () => {
      const tasks = files.find((f) => f.id === 'service-tasks')!;
      // The national code for older people's services arrives and replaces the provisional x- code.
      const changed: CodeSetFile = {
        ...tasks,
        codes: tasks.codes.map((c) => (c.code === 'x-iakkaat' ? { ...c, code: '30', provisional: false, validFrom: '2026-01-01' } : c)),
      };
      const result = await syncCodeSets(db, [changed, ...files.filter((f) => f !== tasks)], t1);
      assert.deepEqual(
        result.filter((r) => r.changed),
        [{ setId: 'service-tasks', version: 2, changed: true }],
      );

      const current = await loadCurrentCodeSets(db);
      assert.equal(current.get('service-tasks')!.version, 2);
      assert.equal(current.has('service-tasks', 'x-iakkaat'), false);
      assert.equal(current.lookup('service-tasks', '30')!.validFrom, '2026-01-01');
      assert.equal(current.check('service-tasks', '30', 'f', '2025-06-01')!.rule, 'code-not-valid');

      const v1 = await loadCodeSetVersion(db, 'service-tasks', 1);
      assert.equal(v1!.entries.find((e) => e.code === 'x-iakkaat')!.display.fi, 'Iäkkäiden palvelut');
      assert.equal(await loadCodeSetVersion(db, 'service-tasks', 3), undefined);

      const versions = await listVersions(db, 'service-tasks');
      assert.deepEqual(
        versions.map((v) => [v.version, v.current, v.entryCount, v.loadedAt.toISOString()]),
        [
          [1, false, 7, t0.toISOString()],
          [2, true, 7, t1.toISOString()],
        ],
      );
      assert.deepEqual(await listVersions(db, 'no-such-set'), []);
    });

    await t.test('going back to the earlier content is a new version, not a rewrite of history', async () => {
      const result = await syncCodeSets(db, files, t1);
      assert.deepEqual(
        result.find((r) => r.setId === 'service-tasks'),
        { setId: 'service-tasks', version: 3, changed: true },
      );
      assert.equal((await listVersions(db, 'service-tasks')).length, 3);
    });
  });
}
