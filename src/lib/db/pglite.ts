import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db.ts';
import { pgliteImageFor } from './pglite-image.ts';

/** Embedded PostgreSQL (PGlite). `dataDir` undefined = in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  // Same value shapes as the pg adapter: int8/numeric as numbers, date as 'YYYY-MM-DD' text.
  const parsers = { 20: Number, 1700: Number, 1082: (v: string) => v };
  const loadDataDir = pgliteImageFor(dataDir);
  const pg = new PGlite(dataDir, { parsers, ...(loadDataDir ? { loadDataDir } : {}) });
  await pg.waitReady;
  type Conn = Pick<PGlite, 'query' | 'exec'>;
  const wrap = (q: Conn): Queryable => ({
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    // PGlite has a single connection; its transaction() holds an exclusive lock until fn settles.
    transaction: (fn) =>
      pg.transaction(async (raw) => {
        const pending: Array<{ sql: string; params: () => unknown[] }> = [];
        const tx: Queryable = { ...wrap(raw as unknown as Conn), atCommit: (sql, params) => void pending.push({ sql, params }) };
        const result = await fn(tx);
        // No round trips to save in process: the queued statements simply run last, before COMMIT.
        for (const s of pending) await tx.query(s.sql, s.params());
        return result;
      }),
    close: () => pg.close(),
  };
}
