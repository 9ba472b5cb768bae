import { join, resolve } from 'node:path';

export type Mode = 'demo' | 'production';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Certificates: the archive's server certificate and the trusted CAs and CRLs (test PKI layout). */
  pkiDir: string;
  /** PostgreSQL for the archive; absent = embedded PGlite under dataDir. */
  databaseUrl?: string;
  /** PostgreSQL for the reference client system (its own database). */
  clientDatabaseUrl?: string;
  mode: Mode;
  /** Largest accepted document body in bytes. */
  maxBodyBytes: number;
  logLevel: string;
  /**
   * Special reason (asiayhteys): a stated reason gives access until this hour (Finnish time, 1–24) of the
   * working day it was stated on; stated at or after it, until the end of that calendar day.
   */
  specialReasonEndHour: number;
  /** Log monitoring (lokivalvonta) runs inside the server every this many seconds; 0 = not in the server (CLI only). */
  logMonitorIntervalSeconds: number;
  /** JSON file with log-monitoring thresholds (docs/log-monitoring.md); absent = the defaults. */
  logMonitorSettingsFile?: string;
}

export const DEFAULT_SPECIAL_REASON_END_HOUR = 16;

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`configuration ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new ConfigError(name, `must be a postgres:// or postgresql:// URL`);
  return raw;
}

/** Reads the environment once at start-up; an invalid value stops start-up with the setting named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = (env.ARKKI_MODE ?? 'demo') as Mode;
  if (mode !== 'demo' && mode !== 'production') {
    throw new ConfigError('ARKKI_MODE', `must be 'demo' or 'production', got '${env.ARKKI_MODE}'`);
  }
  const logLevel = env.ARKKI_LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('ARKKI_LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.ARKKI_DATA_DIR ?? './data'),
    pkiDir: resolve(env.ARKKI_PKI_DIR ?? join(env.ARKKI_DATA_DIR ?? './data', 'pki')),
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    clientDatabaseUrl: postgresUrl(env, 'CLIENT_DATABASE_URL'),
    mode,
    maxBodyBytes: integer(env, 'ARKKI_MAX_BODY_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel,
    specialReasonEndHour: integer(env, 'ARKKI_SPECIAL_REASON_END_HOUR', DEFAULT_SPECIAL_REASON_END_HOUR, 1, 24),
    logMonitorIntervalSeconds: integer(env, 'ARKKI_LOG_MONITOR_INTERVAL_SECONDS', 300, 0, 86_400),
    logMonitorSettingsFile: env.ARKKI_LOG_MONITOR_SETTINGS ? resolve(env.ARKKI_LOG_MONITOR_SETTINGS) : undefined,
  };
}
