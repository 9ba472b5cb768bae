// Starts the reference client system: its own database (migrated), its use cases, the load queue and the
// worker that drains it. The archive is reached only through lib/archive-api.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ArchiveApi, createArchiveApi } from '../lib/archive-api/index.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../lib/codes/code-set-files.ts';
import { CodeSets } from '../lib/codes/code-sets.ts';
import type { Db } from '../lib/db/db.ts';
import { openDatabase } from '../lib/db/open.ts';
import { loadPki } from '../lib/pki/index.ts';
import type { SigningKey } from '../lib/xml/xml-signature.ts';
import type { ClientConfig } from './config.ts';
import type { RecordDefaults } from './domain/archive-metadata.ts';
import { createBuildPool } from './queue/build-pool.ts';
import { createLoadQueue, type LoadQueue } from './queue/load-queue.ts';
import { type QueueWorker, startQueueWorker } from './queue/queue-worker.ts';
import { type ArchivingUseCases, archivingUseCases } from './service/archiving.ts';
import { type ClientSystemService, clientSystemService } from './service/client-system.ts';
import { oidMinter } from './service/oid-minter.ts';
import { type WorkbenchReads, workbenchReads } from './service/workbench-reads.ts';
import { migrateClientSystem } from './store/migrate-client.ts';

export interface ClientSystemOptions {
  config: ClientConfig;
  /** An already open database (tests); default: the configured PostgreSQL or PGlite directory. */
  db?: Db;
  /** An archive client (tests); default: built from the configuration. */
  archive?: ArchiveApi;
  codeSets?: CodeSets;
  now?: () => Date;
  /** Start the background worker (default true); tests drain by hand. */
  worker?: boolean;
  onError?: (err: unknown) => void;
}

export interface ClientSystem {
  db: Db;
  service: ClientSystemService;
  /** The error work list, fixing refused items, the queue with display states, the monitoring figures. */
  archiving: ArchivingUseCases;
  /** What the workbench's pages read, bound to the organisation's register (the pages never get `db`). */
  reads: WorkbenchReads;
  queue: LoadQueue;
  config: ClientConfig;
  archive: ArchiveApi;
  /** The code sets its documents are built with (the workbench's selects show the same). */
  codeSets: CodeSets;
  close(): Promise<void>;
}

/**
 * The organisation's connected-system certificates: the TLS one (`system`, mTLS) and the signing one
 * (`signing`, the system signature): configured files, or in demo mode the demo PKI's.
 */
async function systemKey(config: ClientConfig, kind: 'system' | 'signing'): Promise<SigningKey & { chainPem: string }> {
  const chainPem = await readFile(config.caChainFile, 'utf8');
  let files = kind === 'system' ? config.systemCertificate : config.signingCertificate;
  if (!files) {
    const pki = await loadPki(config.pkiDir);
    const entry = pki.index.issued.find(
      (e) => e.kind === kind && e.organisationOid === config.registerKeeperOid && e.profile === 'connected' && !e.revokedAt,
    );
    if (!entry)
      throw new Error(
        `no connected-system ${kind === 'system' ? 'TLS' : 'signing'} certificate of ${config.registerKeeperOid} in the demo PKI ${config.pkiDir} (the archive's demo start issues one)`,
      );
    files = { certFile: join(config.pkiDir, entry.certFile), keyFile: join(config.pkiDir, entry.keyFile) };
  }
  return { certificatePem: await readFile(files.certFile, 'utf8'), privateKeyPem: await readFile(files.keyFile, 'utf8'), chainPem };
}

export const DEFAULT_RECORD_DEFAULTS: RecordDefaults = {
  author: { name: 'Asiakastietojärjestelmä', professionalId: 'SYSTEM', role: 'järjestelmä' },
  publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
  retentionRule: 'sh-12y',
  language: 'fi',
};

export async function startClientSystem(options: ClientSystemOptions): Promise<ClientSystem> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const key = await systemKey(config, 'system');
  const signingKey = await systemKey(config, 'signing');
  const db =
    options.db ?? (await openDatabase({ ...(config.databaseUrl ? { url: config.databaseUrl } : { pgliteDir: config.pgliteDir }) }));
  try {
    await migrateClientSystem(db);
    const codeSets = options.codeSets ?? CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR));
    const archive =
      options.archive ??
      createArchiveApi({
        baseUrl: config.archiveUrl,
        identity:
          config.mode === 'production'
            ? { kind: 'system-certificate', certPem: key.certificatePem, keyPem: key.privateKeyPem }
            : { kind: 'demo-user', userId: config.archiveDemoUser },
        ...(config.archiveUrl.startsWith('https://') ? { caPem: key.chainPem } : {}),
        userAgent: 'arkki-client-system',
      });
    const deps = {
      db,
      organisation: { registerKeeperOid: config.registerKeeperOid, serviceProviderOid: config.serviceProviderOid },
      defaults: DEFAULT_RECORD_DEFAULTS,
      now,
      newOid: oidMinter(config.oidRoot),
    };
    const service = clientSystemService(deps);
    const archiving = archivingUseCases({ ...deps, signingCertificatePem: signingKey.certificatePem });
    const pool = createBuildPool({ workers: config.queue.buildWorkers, codeSets, systemKey: signingKey });
    const queue = createLoadQueue({
      db,
      archive,
      pool,
      now,
      batchSize: config.queue.batchSize,
      leaseMs: config.queue.leaseMs,
      retry: { baseDelayMs: config.queue.retryBaseMs, maxDelayMs: config.queue.retryMaxMs },
    });
    const worker: QueueWorker | undefined =
      options.worker === false
        ? undefined
        : startQueueWorker({
            queue,
            nightlyBatch: () => service.nightlyBatch(),
            now,
            intervalMs: config.queue.intervalMs,
            nightlyBatchHour: config.nightlyBatchHour,
            onError: options.onError ?? ((err) => console.error('client system load queue:', err instanceof Error ? err.message : err)),
          });
    return {
      db,
      service,
      archiving,
      reads: workbenchReads(db, config.registerKeeperOid),
      queue,
      codeSets,
      config,
      archive,
      async close() {
        await worker?.stop();
        await pool.close();
        if (!options.archive) await archive.close();
        if (!options.db) await db.close();
      },
    };
  } catch (err) {
    if (!options.db) await db.close();
    throw err;
  }
}
