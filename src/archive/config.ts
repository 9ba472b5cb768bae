import { join } from 'node:path';
import { ConfigError, envReader, type Env } from '../lib/env.ts';
import { DEFAULT_SPECIAL_REASON_END_HOUR } from './domain/access-special-reason.ts';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './auth/session.ts';

// The archive's settings, read once at start-up (main.ts, cli/) and passed down: nothing below reads the environment.

export { ConfigError };
export type Mode = 'demo' | 'production';

export interface ArchiveConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Certificates: the archive's server certificate and the trusted CAs and CRLs (test PKI layout). */
  pkiDir: string;
  /** PostgreSQL for the archive; absent = embedded PGlite under dataDir. */
  databaseUrl?: string;
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
  /** UI sessions: idle timeout, lifetime, re-authentication window. */
  session: SessionSettings;
  /** Worker threads for XSD validation and for signature verification (undefined = per core, at most 4; 0 = in-process for verification). */
  xsdWorkers?: number;
  verifyWorkers?: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads the environment once at start-up; an invalid value stops start-up with the setting named. */
export function loadArchiveConfig(env: Env): ArchiveConfig {
  const e = envReader(env);
  const dataDir = e.path('ARKKI_DATA_DIR', './data');
  return {
    port: e.integer('PORT', 8080, 0, 65535),
    host: e.string('HOST', '127.0.0.1'),
    dataDir,
    pkiDir: e.path('ARKKI_PKI_DIR', join(dataDir, 'pki')),
    databaseUrl: e.postgresUrl('DATABASE_URL'),
    mode: e.oneOf('ARKKI_MODE', ['demo', 'production'] as const, 'demo'),
    maxBodyBytes: e.integer('ARKKI_MAX_BODY_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: e.oneOf('ARKKI_LOG_LEVEL', LOG_LEVELS, 'info'),
    specialReasonEndHour: e.integer('ARKKI_SPECIAL_REASON_END_HOUR', DEFAULT_SPECIAL_REASON_END_HOUR, 1, 24),
    logMonitorIntervalSeconds: e.integer('ARKKI_LOG_MONITOR_INTERVAL_SECONDS', 300, 0, 86_400),
    logMonitorSettingsFile: e.optionalPath('ARKKI_LOG_MONITOR_SETTINGS'),
    session: {
      idleMs: e.minutes('ARKKI_SESSION_IDLE_MINUTES', DEFAULT_SESSION_SETTINGS.idleMs, 24 * 60),
      maxLifetimeMs: e.minutes('ARKKI_SESSION_MAX_MINUTES', DEFAULT_SESSION_SETTINGS.maxLifetimeMs, 7 * 24 * 60),
      reauthMs: e.minutes('ARKKI_REAUTH_MINUTES', DEFAULT_SESSION_SETTINGS.reauthMs, 24 * 60),
    },
    xsdWorkers: e.optionalInteger('ARKKI_XSD_WORKERS', 1, 64),
    verifyWorkers: e.optionalInteger('ARKKI_VERIFY_WORKERS', 0, 64),
  };
}
