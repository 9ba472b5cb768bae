import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/lib/db/db.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { openPostgres } from '../../src/lib/db/postgres.ts';
import { requireSystemDependency } from './system-deps.ts';

// The databases of any system's storage tests; databases.ts adds the archive's migrations.

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database (the given migrations applied unless `migrated: false`). */
  open(options?: { migrated?: boolean }): Promise<Db>;
}

/**
 * The databases a storage test runs against: always PGlite; PostgreSQL when scripts/run-tests.mjs (or the
 * developer) provided ARKKI_TEST_DATABASE_URL. Missing PostgreSQL skips with a hint, and fails under CI=true.
 */
export function databasesMigratedBy(migrate: (db: Db) => Promise<unknown>): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: 'pglite',
      async open(options) {
        const db = await openPglite();
        if (options?.migrated !== false) await migrate(db);
        return db;
      },
    },
  ];
  const adminUrl = process.env.ARKKI_TEST_DATABASE_URL;
  if (!adminUrl) {
    requireSystemDependency('PostgreSQL server (ARKKI_TEST_DATABASE_URL)');
    return list;
  }
  list.push({
    name: 'postgres',
    async open(options) {
      const name = `arkki_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openPostgres(url.toString(), 4);
      if (options?.migrated !== false) await migrate(db);
      return db;
    },
  });
  return list;
}
