// The toolkit's migrations: its own folder, its own database, its own advisory lock key.
import { fileURLToPath } from 'node:url';
import type { Db } from '../../lib/db/db.ts';
import { migrate } from '../../lib/db/migrate.ts';

export const TOOLKIT_MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));
const TOOLKIT_MIGRATION_LOCK = 7_311_021;

export function migrateToolkit(db: Db): Promise<string[]> {
  return migrate(db, TOOLKIT_MIGRATIONS, TOOLKIT_MIGRATION_LOCK);
}
