import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from './open.ts';
import { pgliteImageFor, pgliteImagePath } from './pglite-image.ts';

describe('the prepared embedded-database image', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arkki-image-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exists after npm ci (its postinstall prepares it), so a first start needs no initdb', (t) => {
    if (!existsSync(pgliteImagePath())) {
      if (process.env.CI === 'true') assert.fail(`no image at ${pgliteImagePath()}: npm ci did not run scripts/prepare-pglite-image.mjs`);
      t.skip('no prepared image here: run npm ci (or node scripts/prepare-pglite-image.mjs)');
    }
  });

  it('a new database starts from it and keeps its data across a reopen (the image is used only for a new cluster)', async () => {
    const path = join(dir, 'db');
    const first = await openDatabase({ pgliteDir: path });
    await first.exec('create table kept (x int); insert into kept values (42)');
    await first.close();
    assert.equal(pgliteImageFor(path), undefined, 'an existing cluster is never overwritten by the image');
    const again = await openDatabase({ pgliteDir: path });
    assert.deepEqual((await again.query<{ x: number }>('select x from kept')).rows, [{ x: 42 }]);
    assert.equal((await again.query<{ v: string }>("select current_setting('server_version') as v")).rows.length, 1);
    await again.close();
  });
});
