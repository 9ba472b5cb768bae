import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db.ts';

/**
 * Applies the numbered `*.sql` files of one system's migration folder that have not run yet, each in its
 * own transaction. The advisory lock keeps two PostgreSQL instances starting at once from racing.
 */
export async function migrate(db: Db, dir: string, lockKey = 7_311_001): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_-]+\.sql$/.test(f)).sort();
  // Checked first: a login role without CREATE on the schema (docs/operations.md) can then still start.
  const known = await db.query<{ t: unknown }>(`SELECT to_regclass('schema_migration') AS t`);
  if (known.rows[0]?.t == null) {
    await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  }
  const applied: string[] = [];
  for (const file of files) {
    const sql = await readFile(join(dir, file), 'utf8');
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
      const seen = await tx.query('SELECT 1 FROM schema_migration WHERE name = $1', [file]);
      if (seen.rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
