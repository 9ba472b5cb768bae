import { join } from 'node:path';
import { ConfigError, type ArchiveConfig } from './config.ts';
import type { Db } from '../lib/db/db.ts';
import { configureXmllintPool } from '../lib/cda/xsd-pool.ts';
import { openDatabase } from '../lib/db/open.ts';
import type { Identity } from '../lib/identity/identity.ts';
import { demoAuthenticator, productionAuthenticator, readDemoUsers } from './auth/demo-authenticator.ts';
import { ensureDemoPki } from './auth/demo-pki.ts';
import { productionAuth } from './auth/production-auth.ts';
import { loadTrust, type PkiHttpsOptions } from '../lib/pki/index.ts';
import { depsOf, type ArchiveContext } from './context.ts';
import { DEMO_DIR, seedDemo } from './demo/seed.ts';
import { loadCurrentCodeSets, syncCodeSets } from './store/code-set-store.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../lib/codes/code-set-files.ts';
import { migrateArchive } from './store/migrate-archive.ts';
import { readRetentionRules } from '../lib/metadata/retention-file.ts';
import { startLogMonitorTimer } from './service/log-monitoring.ts';
import { readMonitorSettings } from './service/log-monitoring-settings.ts';

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
  seeded: { seeded: boolean; documents: number } | null;
  /** Production: HTTPS with client certificates. */
  https?: PkiHttpsOptions;
  /** Demo: where the demo TEST PKI is and whether this start created it. */
  demoPki?: { created: boolean; dir: string };
  stop: () => void;
}

export async function startArchive(config: ArchiveConfig): Promise<StartedArchive> {
  const db = await openDatabase({ url: config.databaseUrl, pgliteDir: join(config.dataDir, 'db', 'archive') });
  const ctx = await prepareArchive(db, config.mode, config.maxBodyBytes);
  ctx.config.specialReasonEndHour = config.specialReasonEndHour;
  ctx.config.verifyWorkers = config.verifyWorkers;
  configureXmllintPool(config.xsdWorkers);
  // Log monitoring (lokivalvonta) on a timer once the archive is ready; ARKKI_LOG_MONITOR_INTERVAL_SECONDS=0 turns it off.
  const monitorSettings = await readMonitorSettings(config.logMonitorSettingsFile).catch((err: Error) => {
    throw new ConfigError('ARKKI_LOG_MONITOR_SETTINGS', err.message);
  });
  const startMonitor = () =>
    config.logMonitorIntervalSeconds > 0
      ? startLogMonitorTimer(
          depsOf(ctx),
          config.logMonitorIntervalSeconds,
          (err) => console.error(`arkki: log monitoring run failed: ${(err as Error).message}`),
          { settings: monitorSettings },
        )
      : undefined;
  if (config.mode === 'demo') {
    const demoPki = await ensureDemoPki(config.pkiDir, ctx.demoUsers ?? []);
    // Signed CDA documents from the demo systems verify against the demo PKI (read once; demo CRLs last 30 days).
    const demoTrust = await loadTrust(demoPki.dir);
    ctx.signatureTrust = () => demoTrust;
    // The demo's client documents are signed with the demo systems' certificates, so the PKI comes first.
    const seeded = await seedDemo(depsOf(ctx), ctx.demoUsers ?? [], undefined, demoPki.dir);
    const monitor = startMonitor();
    return { ctx, seeded, demoPki, stop: () => void monitor?.stop() };
  }
  const auth = await productionAuth(db, config.pkiDir).catch((err: Error) => {
    throw new ConfigError(
      'ARKKI_PKI_DIR',
      `production mode needs the server certificate and trusted CAs in ${config.pkiDir}: ${err.message}`,
    );
  });
  ctx.authenticate = auth.authenticator;
  ctx.signatureTrust = auth.trust;
  const monitor = startMonitor();
  return {
    ctx,
    seeded: null,
    https: auth.https,
    stop: () => {
      void monitor?.stop();
      auth.stop();
    },
  };
}
