import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, waitFor } from '../support/npm-start.ts';

// Issue 13 item 3: `kill -9` in the middle of the first start's seeding. The next start says it found a
// half-seeded archive and completes it, ending with the same demo data a start that was never killed
// archives; the start after that finds it complete.

const archived = /demo data\s+(\d+) documents archived on this first start/;

test('a first start killed half-way through seeding is completed by the next start', { timeout: 1_500_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arkki-kill-'));
  const clean = mkdtempSync(join(tmpdir(), 'arkki-clean-'));
  try {
    const first = await start(dir);
    const [, clients, documents] = await waitFor(first.proc, first.output, /demo data: (\d+)\/\d+ clients, (\d+) documents/, 600);
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.on('exit', r));
    assert.doesNotMatch(first.output(), archived, 'killed before seeding finished');
    assert.ok(Number(clients) > 0 && Number(documents) > 0);

    const second = await start(dir);
    const half = /stopped half-way \(found (\d+) documents\)/.exec(second.output());
    assert.ok(half, `the second start says what it found:\n${second.output()}`);
    assert.ok(Number(half[1]) >= Number(documents));
    const total = Number((await waitFor(second.proc, second.output, archived, 900))[1]);
    assert.doesNotMatch(second.output(), /seeding the demo data failed/);
    await stop(second.proc);

    const third = await start(dir);
    assert.match(third.output(), new RegExp(`demo data\\s+${total} documents \\(seeded on the first start\\)`));
    await stop(third.proc);

    const reference = await start(clean);
    const expected = Number((await waitFor(reference.proc, reference.output, archived, 900))[1]);
    await stop(reference.proc);
    assert.equal(total, expected, 'the completed seeding has exactly the documents of an uninterrupted one');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(clean, { recursive: true, force: true });
  }
});
