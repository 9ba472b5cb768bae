import { mkdir } from 'node:fs/promises';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { lockPgliteDir } from './pglite-lock.ts';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, an embedded PGlite database in `pgliteDir`. */
  url?: string;
  /** PGlite directory; undefined = in memory. */
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  if (options.url) return openPostgres(options.url, options.poolSize);
  if (!options.pgliteDir) return openPglite();
  await mkdir(options.pgliteDir, { recursive: true });
  const unlock = lockPgliteDir(options.pgliteDir);
  try {
    const db = await openPglite(options.pgliteDir);
    return {
      ...db,
      close: async () => {
        await db.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
