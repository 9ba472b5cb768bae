import { join } from 'node:path';
import { openDatabase } from '../lib/db/open.ts';
import type { Identity } from '../lib/identity/identity.ts';
import { prepareArchive } from './bootstrap.ts';
import type { ArchiveConfig } from './config.ts';
import { depsOf } from './context.ts';
import { adminServices, type AdminServices } from './service/admin-services.ts';
import { useCasesFor, type ArchiveUseCases } from './service/use-cases.ts';

// What the `arkki` admin commands get: the operator's use cases and the identity-bound ones, over the
// database the server would use (same settings), migrated. The commands never see the database itself.

export interface ArchiveAdmin {
  admin: AdminServices;
  forIdentity(identity: Identity): ArchiveUseCases;
  close(): Promise<void>;
}

export async function openArchiveAdmin(config: ArchiveConfig): Promise<ArchiveAdmin> {
  const db = await openDatabase({ url: config.databaseUrl, pgliteDir: join(config.dataDir, 'db', 'archive') });
  try {
    const ctx = await prepareArchive(db, config.mode, config.maxBodyBytes);
    const deps = () => depsOf(ctx);
    return { admin: adminServices(deps), forIdentity: (identity) => useCasesFor(deps, identity), close: () => db.close() };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Runs `fn` with an admin session and closes it whatever happens. */
export async function withArchiveAdmin<T>(config: ArchiveConfig, fn: (a: ArchiveAdmin) => Promise<T>): Promise<T> {
  const a = await openArchiveAdmin(config);
  try {
    return await fn(a);
  } finally {
    await a.close();
  }
}
