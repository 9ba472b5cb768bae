// The client system's settings, read once at start-up through lib/env.ts from the environment it is given
// (main.ts / cli pass process.env); an invalid value stops start-up naming the setting. Nothing below reads it.
import { availableParallelism } from 'node:os';
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
  queue: {
    batchSize: number;
    intervalMs: number;
    leaseMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    /**
     * Worker threads that build (render, sign) the queue's submissions; 0 = in the main thread. Default:
     * the cores but one (the main thread claims, sends and records), at most 4.
     */
    buildWorkers: number;
  };
  nightlyBatchHour: number;
  /** The workbench's own HTTP server (the archive's port + 1 unless set). */
  workbench: {
    host: string;
    port: number;
    /** Work list: finished but unlocked documents older than this many days. */
    staleAfterDays: number;
    /** Production: the workbench's server certificate and key (card login needs TLS); default the PKI's server certificate. */
    tls?: { certFile: string; keyFile: string };
  };
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
  const archivePort = r.integer('PORT', 8080, 0, 65534);
  const tlsCert = r.optionalPath('ARKKI_CLIENT_TLS_CERT');
  const tlsKey = r.optionalPath('ARKKI_CLIENT_TLS_KEY');
  if (Boolean(tlsCert) !== Boolean(tlsKey)) {
    throw new ConfigError(tlsCert ? 'ARKKI_CLIENT_TLS_KEY' : 'ARKKI_CLIENT_TLS_CERT', 'the certificate and its key go together');
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
      buildWorkers: r.integer('ARKKI_CLIENT_BUILD_WORKERS', Math.max(1, Math.min(4, availableParallelism() - 1)), 0, 32),
    },
    nightlyBatchHour: r.integer('ARKKI_CLIENT_NIGHTLY_HOUR', 1, 0, 23),
    workbench: {
      host: r.string('ARKKI_CLIENT_HOST', r.string('HOST', '127.0.0.1')),
      // Port 0 (any free port, as tests ask) stays 0 rather than becoming the privileged port 1.
      port: r.integer('ARKKI_CLIENT_PORT', archivePort === 0 ? 0 : archivePort + 1, 0, 65535),
      staleAfterDays: r.integer('ARKKI_CLIENT_STALE_DAYS', 3, 0, 365),
      ...(tlsCert && tlsKey ? { tls: { certFile: tlsCert, keyFile: tlsKey } } : {}),
    },
  };
}
