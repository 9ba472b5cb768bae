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
  /**
   * Production sign-in: the organisation's single sign-on in front of the toolkit sets `header` to the
   * signed-in user's id; `usersFile` (JSON: [{ userId, name, role }]) says who may use the toolkit and as what.
   * Demo mode without it: the demo picker.
   */
  signIn?: { header: string; usersFile: string };
  /**
   * The conformance harness page: the test archive its runs forward to (origin or FHIR base; absent = the
   * archive the toolkit uses, demo mode only) and the test PKI directory whose CAs and CRLs the systems'
   * signatures are checked against. Absent in production unless both are set: the page then says so.
   */
  conformance?: { archive?: string; pkiDir: string };
}

export function loadToolkitConfig(env: Env): ToolkitConfig {
  const r = envReader(env);
  const mode = r.oneOf('ARKKI_MODE', ['demo', 'production'] as const, 'demo');
  const dataDir = r.path('ARKKI_DATA_DIR', './data');
  const databaseUrl = r.postgresUrl('TOOLKIT_DATABASE_URL');
  const archivePort = r.integer('PORT', 8080, 0, 65533);
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
  const signIn = signInOf(r, mode);
  const conformanceArchive = r.raw('ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE');
  if (conformanceArchive && !/^https?:\/\//.test(conformanceArchive))
    throw new ConfigError('ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE', 'must be an http(s) URL of the test archive');
  const conformancePki = r.optionalPath('ARKKI_TOOLKIT_CONFORMANCE_PKI');
  if (mode === 'production' && Boolean(conformanceArchive) !== Boolean(conformancePki)) {
    throw new ConfigError(
      conformanceArchive ? 'ARKKI_TOOLKIT_CONFORMANCE_PKI' : 'ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE',
      'the conformance harness needs both its test archive and its test PKI directory',
    );
  }
  const conformance =
    mode === 'demo'
      ? {
          ...(conformanceArchive ? { archive: conformanceArchive } : {}),
          pkiDir: conformancePki ?? r.path('ARKKI_PKI_DIR', join(dataDir, 'pki')),
        }
      : conformanceArchive && conformancePki
        ? { archive: conformanceArchive, pkiDir: conformancePki }
        : undefined;
  return {
    mode,
    ...(databaseUrl ? { databaseUrl } : {}),
    pgliteDir: join(dataDir, 'toolkit-db'),
    host: r.string('HOST', '127.0.0.1'),
    // The archive's port + 2 (the client workbench has + 1); PORT=0 (tests) picks a free one for each.
    port: r.integer('TOOLKIT_PORT', archivePort === 0 ? 0 : archivePort + 2, 0, 65535),
    archiveUrl,
    archiveDemoUser: r.string('ARKKI_TOOLKIT_DEMO_USER', 'archivist-vaasa'),
    ...(certFile && keyFile ? { archiveCertificate: { certFile, keyFile, ...(caFile ? { caFile } : {}) } } : {}),
    sessionSecret: secret ?? 'arkki-toolkit-demo-session-secret-not-for-production',
    followUpTargetPercent: r.integer('ARKKI_TOOLKIT_FOLLOW_UP_TARGET', 98, 0, 100),
    ...(signIn ? { signIn } : {}),
    ...(conformance ? { conformance } : {}),
  };
}

/**
 * The toolkit has no sign-in of its own in production (the demo picker is demo mode's only): it refuses to
 * start there until the organisation's single sign-on is configured, so no page is ever open to anyone.
 */
function signInOf(r: ReturnType<typeof envReader>, mode: ToolkitConfig['mode']): ToolkitConfig['signIn'] {
  const header = r.raw('ARKKI_TOOLKIT_SSO_HEADER')?.toLowerCase();
  const usersFile = r.optionalPath('ARKKI_TOOLKIT_USERS');
  if (header !== undefined && !/^[a-z0-9-]{1,64}$/.test(header))
    throw new ConfigError('ARKKI_TOOLKIT_SSO_HEADER', `must be an HTTP header name (letters, digits, -), got '${header}'`);
  if (mode === 'production' && !header) {
    throw new ConfigError(
      'ARKKI_TOOLKIT_SSO_HEADER',
      'is required in production: the toolkit has no sign-in of its own; name the header your single sign-on in front of the toolkit sets to the signed-in user id (and list the users in ARKKI_TOOLKIT_USERS)',
    );
  }
  if (Boolean(header) !== Boolean(usersFile)) {
    throw new ConfigError(
      header ? 'ARKKI_TOOLKIT_USERS' : 'ARKKI_TOOLKIT_SSO_HEADER',
      'the sign-in header and the users file go together (ARKKI_TOOLKIT_SSO_HEADER and ARKKI_TOOLKIT_USERS)',
    );
  }
  return header && usersFile ? { header, usersFile } : undefined;
}
