import { migrateArchive } from '../../src/archive/store/migrate-archive.ts';
import { databasesMigratedBy, type TestDatabase } from './test-databases.ts';

export type { TestDatabase };

/** The archive's storage tests: PGlite always, PostgreSQL when provided (see test-databases.ts). */
export function testDatabases(): TestDatabase[] {
  return databasesMigratedBy(migrateArchive);
}
