// The toolkit's settings, read once at start-up through lib/env.ts (main.ts / cli pass process.env); an
// invalid value stops start-up naming the setting. Nothing below reads the environment.
import { join } from 'node:path';
import { ConfigError, type Env, envReader } from '../lib/env.ts';

export interface ToolkitConfig {
  mode: 'demo' | 'production';
  /** PostgreSQL of the toolkit (its own database); absent = PGlite in `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir: string;
  host: string;
  port: number;
  /** The archive's FHIR base, e.g. https://archive.example/fhir/R4. */
  archiveUrl: string;
  /**
   * Demo mode: the archive's demo user the toolkit reads the organisation register as. Per organisation the
   * toolkit reads that organisation's archived data as its archivist (`archivist-<short name>` of the demo users).
   */
  archiveDemoUser: string;
  /** Production: the archivist's or the toolkit's certificate presented to the archive (mTLS). */
  archiveCertificate?: { certFile: string; keyFile: string; caFile?: string };
  /** Key that signs the toolkit's session cookies; demo mode derives a fixed one. */
  sessionSecret: string;
  /** Follow-up: the share of archived documents out of all submitted a week should reach (0–100). */
  followUpTargetPercent: number;
}

export function loadToolkitConfig(env: Env): ToolkitConfig {
  const r = envReader(env);
  const mode = r.oneOf('ARKKI_MODE', ['demo', 'production'] as const, 'demo');
  const dataDir = r.path('ARKKI_DATA_DIR', './data');
  const databaseUrl = r.postgresUrl('TOOLKIT_DATABASE_URL');
  const archiveUrl = r.string('ARKKI_TOOLKIT_ARCHIVE_URL', `http://127.0.0.1:${r.string('PORT', '8080')}/fhir/R4`);
  if (!/^https?:\/\//.test(archiveUrl)) throw new ConfigError('ARKKI_TOOLKIT_ARCHIVE_URL', 'must be an http(s) URL');
  const certFile = r.optionalPath('ARKKI_TOOLKIT_ARCHIVE_CERT');
  const keyFile = r.optionalPath('ARKKI_TOOLKIT_ARCHIVE_KEY');
  const caFile = r.optionalPath('ARKKI_TOOLKIT_ARCHIVE_CA');
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError(certFile ? 'ARKKI_TOOLKIT_ARCHIVE_KEY' : 'ARKKI_TOOLKIT_ARCHIVE_CERT', 'the certificate and its key go together');
  }
  if (mode === 'production' && !certFile) throw new ConfigError('ARKKI_TOOLKIT_ARCHIVE_CERT', 'is required in production');
  const secret = r.raw('ARKKI_TOOLKIT_SESSION_SECRET');
  if (mode === 'production' && (!secret || secret.length < 32)) {
    throw new ConfigError('ARKKI_TOOLKIT_SESSION_SECRET', 'is required in production, at least 32 characters');
  }
  return {
    mode,
    ...(databaseUrl ? { databaseUrl } : {}),
    pgliteDir: join(dataDir, 'toolkit-db'),
    host: r.string('HOST', '127.0.0.1'),
    port: r.integer('TOOLKIT_PORT', 8082, 0, 65535),
    archiveUrl,
    archiveDemoUser: r.string('ARKKI_TOOLKIT_DEMO_USER', 'archivist-vaasa'),
    ...(certFile && keyFile ? { archiveCertificate: { certFile, keyFile, ...(caFile ? { caFile } : {}) } } : {}),
    sessionSecret: secret ?? 'arkki-toolkit-demo-session-secret-not-for-production',
    followUpTargetPercent: r.integer('ARKKI_TOOLKIT_FOLLOW_UP_TARGET', 98, 0, 100),
  };
}
