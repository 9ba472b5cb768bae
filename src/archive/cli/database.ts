import { join } from 'node:path';
import { loadArchiveConfig } from '../config.ts';
import { openDatabase } from '../../lib/db/open.ts';
import type { Db } from '../../lib/db/db.ts';
import { migrateArchive } from '../store/migrate-archive.ts';

/** Opens the archive database the server would use (same env settings), migrated. */
export async function openArchiveDbFromEnv(): Promise<Db> {
  const config = loadArchiveConfig(process.env);
  const db = await openDatabase({ url: config.databaseUrl, pgliteDir: join(config.dataDir, 'db', 'archive') });
  await migrateArchive(db);
  return db;
}
