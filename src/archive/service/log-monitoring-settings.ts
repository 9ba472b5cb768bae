import { readFile } from 'node:fs/promises';
import { DEFAULT_MONITOR_SETTINGS, validateMonitorSettings, type MonitorSettings } from '../domain/log-monitoring.ts';

// Log-monitoring thresholds from a JSON file (ARKKI_LOG_MONITOR_SETTINGS for the server, --settings for the
// CLI): any part of MonitorSettings; what is left out keeps its default. A wrong value names its field.

export function monitorSettingsFrom(given: Partial<MonitorSettings>): MonitorSettings {
  return {
    ...DEFAULT_MONITOR_SETTINGS,
    ...given,
    massAccess: { ...DEFAULT_MONITOR_SETTINGS.massAccess, ...given.massAccess },
    deniedAttempts: { ...DEFAULT_MONITOR_SETTINGS.deniedAttempts, ...given.deniedAttempts },
    workingHours: { ...DEFAULT_MONITOR_SETTINGS.workingHours, ...given.workingHours },
  };
}

export async function readMonitorSettings(file: string | undefined): Promise<MonitorSettings> {
  if (!file) return DEFAULT_MONITOR_SETTINGS;
  let given: Partial<MonitorSettings>;
  try {
    given = JSON.parse(await readFile(file, 'utf8')) as Partial<MonitorSettings>;
  } catch (err) {
    throw new Error(`${file}: not a readable JSON file (${(err as Error).message})`);
  }
  const s = monitorSettingsFrom(given);
  const errors = validateMonitorSettings(s);
  if (errors.length > 0) throw new Error(`${file}: ${errors.join('; ')}`);
  return s;
}
