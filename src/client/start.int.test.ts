import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPkiFixture, type PkiFixture } from '../../test/support/pki.ts';
import { loadClientConfig } from './config.ts';
import { startClientSystem } from './start.ts';
import { statusCounts } from './store/queue-store.ts';

// startClientSystem on its own PGlite directory, with the demo PKI's connected-system certificate, and
// the archive not there: it starts, migrates, keeps what was recorded across a restart, and stops cleanly.

describe('startClientSystem', () => {
  let pki: PkiFixture;
  let dataDir: string;
  before(async () => {
    pki = await createPkiFixture();
    dataDir = await mkdtemp(join(tmpdir(), 'arkki-client-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await pki.cleanup();
  });

  it('opens its own database, finds the demo system certificate and survives a restart', async () => {
    const config = loadClientConfig({
      ARKKI_DATA_DIR: dataDir,
      ARKKI_PKI_DIR: pki.dir,
      ARKKI_CLIENT_ARCHIVE_URL: 'http://127.0.0.1:9/fhir/R4',
      ARKKI_CLIENT_QUEUE_INTERVAL_MS: '50',
    });
    const errors: unknown[] = [];
    const first = await startClientSystem({ config, onError: (e) => errors.push(e) });
    const ref = await first.service.recordClient(
      { kind: 'hetu', value: '010516A901V' },
      { familyName: 'Virtanen', givenNames: 'Aino', turvakielto: false },
    );
    await first.service.openClienthood(ref, {
      level: 'social-welfare',
      serviceTask: '10',
      serviceUnit: '1.2.246.10.9990001.10.101',
      start: '2026-11-01',
    });
    await new Promise((r) => setTimeout(r, 300));
    await first.close();
    assert.deepEqual(errors, [], 'an unreachable archive is a retry, not an error');

    const again = await startClientSystem({ config, worker: false });
    try {
      const counts = await statusCounts(again.db);
      assert.equal(counts['retry-wait'] + counts.waiting, 1, 'the queued clienthood is still there, waiting to be retried');
    } finally {
      await again.close();
    }
  });
});
