import { join } from 'node:path';
import { ConfigError, type ArchiveConfig } from './config.ts';
import type { Db } from '../lib/db/db.ts';
import { configureXmllintPool } from '../lib/cda/xsd-pool.ts';
import { openDatabase } from '../lib/db/open.ts';
import type { Identity } from '../lib/identity/identity.ts';
import { demoAuthenticator, productionAuthenticator, readDemoUsers } from './auth/demo-authenticator.ts';
import { demoPkiExists, ensureDemoPki } from './auth/demo-pki.ts';
import { publicRegisters } from './service/public-services.ts';
import { productionAuth } from './auth/production-auth.ts';
import { loadTrust, type PkiHttpsOptions } from '../lib/pki/index.ts';
import { depsOf, type ArchiveContext } from './context.ts';
import { DEMO_DIR, demoSeedState, seedDemo, type DemoSeedProgress, type DemoSeedState } from './demo/seed.ts';
import { loadCurrentCodeSets, syncCodeSets } from './store/code-set-store.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../lib/codes/code-set-files.ts';
import { migrateArchive } from './store/migrate-archive.ts';
import { readRetentionRules } from '../lib/metadata/retention-file.ts';
import { startLogMonitorTimer } from './service/log-monitoring.ts';
import { readMonitorSettings } from './service/log-monitoring-settings.ts';

/** The log monitor's own PostgreSQL connections, beside the API's pool. */
const MONITOR_CONNECTIONS = 1;

/** Migrates, syncs the code sets from data/codes and builds the archive's context. */
export async function prepareArchive(
  db: Db,
  mode: ArchiveConfig['mode'],
  maxBodyBytes: number,
  now: () => Date = () => new Date(),
): Promise<ArchiveContext> {
  await migrateArchive(db);
  await syncCodeSets(db, await readCodeSetFiles(DEFAULT_CODES_DIR), now());
  const codeSets = await loadCurrentCodeSets(db);
  const demoUsers: Identity[] | undefined = mode === 'demo' ? await readDemoUsers(join(DEMO_DIR, 'users.json')) : undefined;
  return {
    db,
    codeSets,
    retention: await readRetentionRules(),
    now,
    demoUsers,
    config: { mode, maxBodyBytes },
    authenticate: demoUsers ? demoAuthenticator(demoUsers) : productionAuthenticator(),
  };
}

export interface StartedArchive {
  ctx: ArchiveContext;
  /**
   * Demo: what this start found of the demo data, and the seeding to run once the server listens (it
   * completes an interrupted one; nothing to do when complete).
   */
  demoData?: { found: DemoSeedState; seed: (onProgress?: (p: DemoSeedProgress) => void) => ReturnType<typeof seedDemo> };
  /** Production: HTTPS with client certificates. */
  https?: PkiHttpsOptions;
  /** Demo: where the demo TEST PKI is, whether this start is creating it, and when it is ready. */
  demoPki?: { dir: string; creating: boolean; ready: Promise<DemoPkiState> };
  stop: () => void;
}

/** `step` names what start-up is doing, for the progress lines of `npm start`. */
export async function startArchive(config: ArchiveConfig, step: (label: string) => void = () => undefined): Promise<StartedArchive> {
  step(config.databaseUrl ? 'connecting to PostgreSQL' : 'opening the embedded database (the first start creates it)');
  const db = await openDatabase({ url: config.databaseUrl, pgliteDir: join(config.dataDir, 'db', 'archive') });
  step('migrating the database and loading the code sets');
  const ctx = await prepareArchive(db, config.mode, config.maxBodyBytes);
  ctx.config.specialReasonEndHour = config.specialReasonEndHour;
  ctx.config.verifyWorkers = config.verifyWorkers;
  configureXmllintPool(config.xsdWorkers);
  // Log monitoring (lokivalvonta) on a timer once the archive is ready; ARKKI_LOG_MONITOR_INTERVAL_SECONDS=0 turns it off.
  const monitorSettings = await readMonitorSettings(config.logMonitorSettingsFile).catch((err: Error) => {
    throw new ConfigError('ARKKI_LOG_MONITOR_SETTINGS', err.message);
  });
  // The monitor gets a connection of its own on PostgreSQL, so however long a run takes it never holds one
  // of the API's pooled connections (PGlite is one connection: there the run's short transactions matter).
  const startMonitor = async (): Promise<{ stop: () => Promise<void> } | undefined> => {
    if (config.logMonitorIntervalSeconds <= 0) return undefined;
    const monitorDb = config.databaseUrl ? await openDatabase({ url: config.databaseUrl, poolSize: MONITOR_CONNECTIONS }) : db;
    const timer = startLogMonitorTimer(
      { ...depsOf(ctx), db: monitorDb },
      config.logMonitorIntervalSeconds,
      (err) => console.error(`arkki: log monitoring run failed: ${(err as Error).message}`),
      { settings: monitorSettings },
    );
    return {
      stop: async () => {
        await timer.stop();
        if (monitorDb !== db) await monitorDb.close();
      },
    };
  };
  if (config.mode === 'demo') {
    // Creating the demo TEST PKI means a dozen RSA keys, seconds of CPU. Demo mode serves plain HTTP with demo
    // identities, so nothing the server needs to listen waits for it: a first start creates it in the
    // background (the demo data, signed with it, is seeded after it) and signed CDA is refused ("no-trust")
    // for those seconds. A later start only reads it, before listening.
    const preparePki = async () => {
      const pki = await ensureDemoPki(config.pkiDir, ctx.demoUsers ?? []);
      // Signed CDA documents from the demo systems verify against the demo PKI (read once; demo CRLs last 30 days).
      const demoTrust = await loadTrust(pki.dir);
      ctx.signatureTrust = () => demoTrust;
      return pki;
    };
    const pkiExists = await demoPkiExists(config.pkiDir);
    let pkiReady: Promise<DemoPkiState>;
    if (pkiExists) {
      step('reading the demo TEST PKI');
      pkiReady = Promise.resolve(await preparePki());
    } else {
      pkiReady = preparePki();
      pkiReady.catch(() => undefined); // the caller awaits it; no unhandled rejection meanwhile
    }
    const found = await demoSeedState(depsOf(ctx));
    // The demo's client documents are signed with the demo systems' certificates, so the PKI comes first.
    // Seeding itself is left to the caller, to run after the server listens (main.ts).
    const seed = async (onProgress?: (p: DemoSeedProgress) => void) => {
      const pki = await pkiReady;
      return seedDemo(depsOf(ctx), ctx.demoUsers ?? [], undefined, pki.dir, onProgress);
    };
    const monitor = await startMonitor();
    return {
      ctx,
      demoData: { found, seed },
      demoPki: { dir: config.pkiDir, creating: !pkiExists, ready: pkiReady },
      stop: () => void monitor?.stop(),
    };
  }
  const auth = await productionAuth(
    publicRegisters(() => depsOf(ctx)),
    config.pkiDir,
  ).catch((err: Error) => {
    throw new ConfigError(
      'ARKKI_PKI_DIR',
      `production mode needs the server certificate and trusted CAs in ${config.pkiDir}: ${err.message}`,
    );
  });
  ctx.authenticate = auth.authenticator;
  ctx.signatureTrust = auth.trust;
  const monitor = await startMonitor();
  return {
    ctx,
    https: auth.https,
    stop: () => {
      void monitor?.stop();
      auth.stop();
    },
  };
}

type DemoPkiState = Awaited<ReturnType<typeof ensureDemoPki>>;
