import os from 'node:os';
import type { Db } from '../src/lib/db/db.ts';
import { openDatabase } from '../src/lib/db/open.ts';
import { startTempPostgres } from '../scripts/pg-temp.mjs';

// The database a benchmark runs on, and the machine facts recorded with its results.

export type DbKind = 'postgres' | 'pglite';

export interface BenchDatabase {
  db: Db;
  kind: DbKind;
  notes: string[];
  /** PostgreSQL: the database's URL (the nightly benchmark makes databases of its own beside it). */
  url?: string;
  /** PostgreSQL: a further pool on the same database (the server gives the log monitor one of its own). */
  connect?: (poolSize: number) => Promise<Db>;
  stop: () => Promise<void>;
}

/** PostgreSQL on a throwaway cluster (fsync off, as for tests); PGlite in memory if PostgreSQL is missing. */
export async function openBenchDatabase(wanted: DbKind, poolSize: number): Promise<BenchDatabase> {
  const notes: string[] = [];
  if (wanted === 'postgres') {
    const pg = await startTempPostgres();
    if (pg) {
      const db = await openDatabase({ url: pg.url, poolSize });
      notes.push(
        'throwaway PostgreSQL cluster from scripts/pg-temp.mjs: fsync, synchronous_commit and full_page_writes off, shared_buffers 256MB',
      );
      return {
        db,
        kind: 'postgres',
        notes,
        url: pg.url,
        connect: (size) => openDatabase({ url: pg.url, poolSize: size }),
        stop: async () => {
          await db.close();
          pg.stop();
        },
      };
    }
    notes.push(
      'PostgreSQL server is not installed (scripts/install-system-deps.sh installs it): fell back to PGlite, figures are NOT comparable with the targets',
    );
  }
  const db = await openDatabase({});
  notes.push('PGlite in memory: one connection, queries run one at a time');
  return { db, kind: 'pglite', notes, stop: () => db.close() };
}

export interface MachineInfo {
  os: string;
  cpus: { model: string; count: number; speedMHz: number };
  memoryGiB: number;
  node: string;
  database: string;
}

export async function machineInfo(db: Db): Promise<MachineInfo> {
  const cpus = os.cpus();
  const version = await db.query<{ version: string }>('SELECT version() AS version');
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: { model: cpus[0]?.model ?? 'unknown', count: cpus.length, speedMHz: cpus[0]?.speed ?? 0 },
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    database: `${db.kind}: ${version.rows[0]!.version}`,
  };
}
