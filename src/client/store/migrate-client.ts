// The client system's migrations: its own folder, its own database, its own advisory lock key.
import { fileURLToPath } from 'node:url';
import type { Db } from '../../lib/db/db.ts';
import { migrate } from '../../lib/db/migrate.ts';

export const CLIENT_MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));
const CLIENT_MIGRATION_LOCK = 7_311_011;

export function migrateClientSystem(db: Db): Promise<string[]> {
  return migrate(db, CLIENT_MIGRATIONS, CLIENT_MIGRATION_LOCK);
}
