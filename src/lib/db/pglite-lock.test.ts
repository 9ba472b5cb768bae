import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './open.ts';

test('a second opener of the same embedded database is refused with the holder named; a stale lock is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arkki-lock-'));
  try {
    // A lock left by a process that no longer exists is stale.
    writeFileSync(`${join(dir, 'db')}.lock`, '999999');
    const db = await openDatabase({ pgliteDir: join(dir, 'db') });
    await db.query('CREATE TABLE t (x int)');
    // Same process again: refused only for other live processes, so simulate one with our parent's pid.
    writeFileSync(`${join(dir, 'db')}.lock`, String(process.ppid));
    await assert.rejects(openDatabase({ pgliteDir: join(dir, 'db') }), /in use by process/);
    writeFileSync(`${join(dir, 'db')}.lock`, String(process.pid));
    await db.close();
    const again = await openDatabase({ pgliteDir: join(dir, 'db') });
    assert.deepEqual((await again.query('SELECT count(*)::int AS n FROM t')).rows, [{ n: 0 }]);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
