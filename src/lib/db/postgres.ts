import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.ts';

// int8 (bigint/count) as JS number: our counters stay far below 2^53 and PGlite returns numbers too.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number for the same reason (sizes, aggregates)
pg.types.setTypeParser(1700, (v) => Number(v));
// date as plain 'YYYY-MM-DD' text: a JS Date would shift it by the server's time zone.
pg.types.setTypeParser(1082, (v) => v);

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Fail at start-up with the connection error, not on the first request.
  const probe = await pool.connect();
  probe.release();
  const run = async <T>(c: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const r = await c.query(sql, params as unknown[] | undefined);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
