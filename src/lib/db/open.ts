import { mkdir } from 'node:fs/promises';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, an embedded PGlite database in `pgliteDir`. */
  url?: string;
  /** PGlite directory; undefined = in memory. */
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  if (options.url) return openPostgres(options.url, options.poolSize);
  if (options.pgliteDir) await mkdir(options.pgliteDir, { recursive: true });
  return openPglite(options.pgliteDir);
}
