import { fileURLToPath } from 'node:url';
import type { Db } from '../../lib/db/db.ts';
import { migrate } from '../../lib/db/migrate.ts';

export const ARCHIVE_MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));

export function migrateArchive(db: Db): Promise<string[]> {
  return migrate(db, ARCHIVE_MIGRATIONS);
}
