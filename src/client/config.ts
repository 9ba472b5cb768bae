// The client system's settings, read once at start-up through lib/env.ts from the environment it is given
// (main.ts / cli pass process.env); an invalid value stops start-up naming the setting. Nothing below reads it.
import { join } from 'node:path';
import { ConfigError, type Env, envReader } from '../lib/env.ts';

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
   * The system (TLS) certificate (PEM files): over https it identifies the system (mTLS). Demo mode without
   * files: the organisation's connected-system certificate of the demo PKI in `pkiDir`.
   */
  systemCertificate?: { certFile: string; keyFile: string };
  /**
   * The system signing certificate (PEM files, keyUsage digitalSignature / nonRepudiation): it makes the
   * system signature of every document. Demo mode without files: the demo PKI's signing certificate.
   */
  signingCertificate?: { certFile: string; keyFile: string };
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

/** Demo defaults: the Vaasa organisation of the demo data and its connected-system certificate. */
export function loadClientConfig(env: Env): ClientConfig {
  const r = envReader(env);
  const mode = r.oneOf('ARKKI_MODE', ['demo', 'production'] as const, 'demo');
  const dataDir = r.path('ARKKI_DATA_DIR', './data');
  const pkiDir = r.path('ARKKI_PKI_DIR', join(dataDir, 'pki'));
  const databaseUrl = r.postgresUrl('CLIENT_DATABASE_URL');
  const archiveUrl = r.string('ARKKI_CLIENT_ARCHIVE_URL', `http://127.0.0.1:${r.string('PORT', '8080')}/fhir/R4`);
  if (!/^https?:\/\//.test(archiveUrl)) throw new ConfigError('ARKKI_CLIENT_ARCHIVE_URL', 'must be an http(s) URL');
  if (mode === 'production' && !archiveUrl.startsWith('https://')) {
    throw new ConfigError('ARKKI_CLIENT_ARCHIVE_URL', 'must be https in production: the system certificate is presented over TLS');
  }
  const oid = (name: string, fallback: string) => {
    const v = r.string(name, fallback);
    if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(v)) throw new ConfigError(name, `must be an OID, got '${v}'`);
    return v;
  };
  const registerKeeperOid = oid('ARKKI_CLIENT_REGISTER_KEEPER', '1.2.246.10.9990001.10.1');
  const certFile = r.optionalPath('ARKKI_CLIENT_SYSTEM_CERT');
  const keyFile = r.optionalPath('ARKKI_CLIENT_SYSTEM_KEY');
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError(certFile ? 'ARKKI_CLIENT_SYSTEM_KEY' : 'ARKKI_CLIENT_SYSTEM_CERT', 'the certificate and its key go together');
  }
  if (mode === 'production' && !certFile) throw new ConfigError('ARKKI_CLIENT_SYSTEM_CERT', 'is required in production');
  const signingCertFile = r.optionalPath('ARKKI_CLIENT_SIGNING_CERT');
  const signingKeyFile = r.optionalPath('ARKKI_CLIENT_SIGNING_KEY');
  if (Boolean(signingCertFile) !== Boolean(signingKeyFile)) {
    throw new ConfigError(
      signingCertFile ? 'ARKKI_CLIENT_SIGNING_KEY' : 'ARKKI_CLIENT_SIGNING_CERT',
      'the signing certificate and its key go together',
    );
  }
  if (mode === 'production' && !signingCertFile)
    throw new ConfigError('ARKKI_CLIENT_SIGNING_CERT', 'is required in production: the system signature is made with it');
  return {
    mode,
    ...(databaseUrl ? { databaseUrl } : {}),
    pgliteDir: join(dataDir, 'client-db'),
    archiveUrl,
    archiveDemoUser: r.string('ARKKI_CLIENT_DEMO_USER', 'system-vaasa'),
    ...(certFile && keyFile ? { systemCertificate: { certFile, keyFile } } : {}),
    ...(signingCertFile && signingKeyFile ? { signingCertificate: { certFile: signingCertFile, keyFile: signingKeyFile } } : {}),
    pkiDir,
    caChainFile: r.path('ARKKI_CLIENT_CA_CHAIN', join(pkiDir, 'ca-chain.pem')),
    registerKeeperOid,
    serviceProviderOid: oid('ARKKI_CLIENT_SERVICE_PROVIDER', registerKeeperOid),
    oidRoot: oid('ARKKI_CLIENT_OID_ROOT', `${registerKeeperOid}.77`),
    queue: {
      batchSize: r.integer('ARKKI_CLIENT_QUEUE_BATCH', 100, 1, 1000),
      intervalMs: r.integer('ARKKI_CLIENT_QUEUE_INTERVAL_MS', 5_000, 10, 3_600_000),
      leaseMs: r.integer('ARKKI_CLIENT_QUEUE_LEASE_MS', 300_000, 1_000, 86_400_000),
      retryBaseMs: r.integer('ARKKI_CLIENT_RETRY_BASE_MS', 30_000, 1, 3_600_000),
      retryMaxMs: r.integer('ARKKI_CLIENT_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
    },
    nightlyBatchHour: r.integer('ARKKI_CLIENT_NIGHTLY_HOUR', 1, 0, 23),
  };
}
