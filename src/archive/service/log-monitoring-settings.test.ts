import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MONITOR_SETTINGS } from '../domain/log-monitoring.ts';
import { readMonitorSettings } from './log-monitoring-settings.ts';

// Thresholds from a file: a part overrides its defaults only, a wrong value is refused naming its field.

describe('log-monitoring settings file', () => {
  it('keeps the defaults for what the file leaves out, and names a wrong field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arkki-monitor-settings-'));
    try {
      const ok = join(dir, 'ok.json');
      await writeFile(ok, JSON.stringify({ massAccess: { maxClients: 30 }, workingHours: { end: '21:00' } }));
      const s = await readMonitorSettings(ok);
      assert.deepEqual(s.massAccess, { maxClients: 30, windowMinutes: 60 });
      assert.deepEqual(s.workingHours, { ...DEFAULT_MONITOR_SETTINGS.workingHours, end: '21:00' });
      assert.deepEqual(s.deniedAttempts, DEFAULT_MONITOR_SETTINGS.deniedAttempts);
      const bad = join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify({ deniedAttempts: { minCount: -1 } }));
      await assert.rejects(readMonitorSettings(bad), /bad\.json: deniedAttempts\.minCount must be a whole number ≥ 1, got -1/);
      await assert.rejects(readMonitorSettings(join(dir, 'missing.json')), /missing\.json: not a readable JSON file/);
      assert.equal(await readMonitorSettings(undefined), DEFAULT_MONITOR_SETTINGS);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
