// The client system's settings, read once at start-up from the environment it is given (main.ts / cli
// pass process.env); an invalid value stops start-up naming the setting. Nothing below reads the environment.
import { join, resolve } from 'node:path';

export interface ClientConfig {
  mode: 'demo' | 'production';
  /** PostgreSQL of the client system (its own database); absent = PGlite in `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir: string;
  /** The archive's FHIR base, e.g. https://archive.example/fhir/R4. */
  archiveUrl: string;
  /** Demo mode: the archive's demo user the system sends as (its system user). */
  archiveDemoUser: string;
  /**
   * The system certificate (PEM files): it signs every document and, over https, identifies the system
   * (mTLS). Demo mode without files: the organisation's connected-system certificate of the demo PKI in `pkiDir`.
   */
  systemCertificate?: { certFile: string; keyFile: string };
  pkiDir: string;
  /** CA chain: travels in the signature's KeyInfo and is trusted for the archive's server certificate. */
  caChainFile: string;
  registerKeeperOid: string;
  serviceProviderOid: string;
  /** The arc under which the system mints document, set, case and clienthood ids. */
  oidRoot: string;
  queue: { batchSize: number; intervalMs: number; leaseMs: number; retryBaseMs: number; retryMaxMs: number };
  nightlyBatchHour: number;
}

export class ClientConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`configuration ${setting}: ${message}`);
    this.name = 'ClientConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ClientConfigError(name, `must be a whole number, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new ClientConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oid(env: Env, name: string, fallback: string): string {
  const v = env[name] || fallback;
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(v)) throw new ClientConfigError(name, `must be an OID, got '${v}'`);
  return v;
}

/** Demo defaults: the Vaasa organisation of the demo data and its connected-system certificate. */
export function loadClientConfig(env: Env): ClientConfig {
  const mode = env.ARKKI_MODE ?? 'demo';
  if (mode !== 'demo' && mode !== 'production') throw new ClientConfigError('ARKKI_MODE', `must be 'demo' or 'production', got '${mode}'`);
  const dataDir = resolve(env.ARKKI_DATA_DIR ?? './data');
  const pkiDir = resolve(env.ARKKI_PKI_DIR ?? join(dataDir, 'pki'));
  const databaseUrl = env.CLIENT_DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ClientConfigError('CLIENT_DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const archiveUrl = env.ARKKI_CLIENT_ARCHIVE_URL ?? `http://127.0.0.1:${env.PORT ?? '8080'}/fhir/R4`;
  if (!/^https?:\/\//.test(archiveUrl)) throw new ClientConfigError('ARKKI_CLIENT_ARCHIVE_URL', 'must be an http(s) URL');
  if (mode === 'production' && !archiveUrl.startsWith('https://')) {
    throw new ClientConfigError('ARKKI_CLIENT_ARCHIVE_URL', 'must be https in production: the system certificate is presented over TLS');
  }
  const registerKeeperOid = oid(env, 'ARKKI_CLIENT_REGISTER_KEEPER', '1.2.246.10.9990001.10.1');
  const certFile = env.ARKKI_CLIENT_SYSTEM_CERT;
  const keyFile = env.ARKKI_CLIENT_SYSTEM_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ClientConfigError(
      certFile ? 'ARKKI_CLIENT_SYSTEM_KEY' : 'ARKKI_CLIENT_SYSTEM_CERT',
      'the certificate and its key go together',
    );
  }
  if (mode === 'production' && !certFile) throw new ClientConfigError('ARKKI_CLIENT_SYSTEM_CERT', 'is required in production');
  return {
    mode,
    ...(databaseUrl ? { databaseUrl } : {}),
    pgliteDir: join(dataDir, 'client-db'),
    archiveUrl,
    archiveDemoUser: env.ARKKI_CLIENT_DEMO_USER || 'system-vaasa',
    ...(certFile && keyFile ? { systemCertificate: { certFile: resolve(certFile), keyFile: resolve(keyFile) } } : {}),
    pkiDir,
    caChainFile: resolve(env.ARKKI_CLIENT_CA_CHAIN || join(pkiDir, 'ca-chain.pem')),
    registerKeeperOid,
    serviceProviderOid: oid(env, 'ARKKI_CLIENT_SERVICE_PROVIDER', registerKeeperOid),
    oidRoot: oid(env, 'ARKKI_CLIENT_OID_ROOT', `${registerKeeperOid}.77`),
    queue: {
      batchSize: integer(env, 'ARKKI_CLIENT_QUEUE_BATCH', 100, 1, 1000),
      intervalMs: integer(env, 'ARKKI_CLIENT_QUEUE_INTERVAL_MS', 5_000, 10, 3_600_000),
      leaseMs: integer(env, 'ARKKI_CLIENT_QUEUE_LEASE_MS', 300_000, 1_000, 86_400_000),
      retryBaseMs: integer(env, 'ARKKI_CLIENT_RETRY_BASE_MS', 30_000, 1, 3_600_000),
      retryMaxMs: integer(env, 'ARKKI_CLIENT_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
    },
    nightlyBatchHour: integer(env, 'ARKKI_CLIENT_NIGHTLY_HOUR', 1, 0, 23),
  };
}
