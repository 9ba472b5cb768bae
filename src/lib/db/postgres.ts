import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.ts';
import { acceptable, parsePostgresTarget, type PostgresHost, type PostgresTarget, type ServerState } from './connection-string.ts';
import { DatabaseUnavailableError, isConnectionLoss } from './unavailable.ts';
import { fastReads, Pipeline, resultsOf, statementName, type Step } from './pg-statements.ts';

// int8 (bigint/count) as JS number: our counters stay far below 2^53 and PGlite returns numbers too.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number for the same reason (sizes, aggregates)
pg.types.setTypeParser(1700, (v) => Number(v));
// date as plain 'YYYY-MM-DD' text: a JS Date would shift it by the server's time zone.
pg.types.setTypeParser(1082, (v) => v);

/** A host that does not answer within this is skipped (libpq's connect_timeout in the URL overrides it). */
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;

/**
 * Keeps one pool on the host the connection string asks for (target_session_attrs) and finds it again when
 * the connection is lost, so after a standby's promotion the archive follows it without a restart.
 */
class HostPool {
  private current: pg.Pool | undefined;
  private finding: Promise<pg.Pool> | undefined;
  private closed = false;
  readonly wantsWriter: boolean;
  private readonly connectTimeoutMs: number;

  constructor(
    private readonly target: PostgresTarget,
    private readonly size: number,
  ) {
    this.wantsWriter = target.targetSessionAttrs === 'read-write' || target.targetSessionAttrs === 'primary';
    this.connectTimeoutMs = (target.connectTimeoutSeconds || DEFAULT_CONNECT_TIMEOUT_SECONDS) * 1000;
  }

  pool(): Promise<pg.Pool> {
    if (this.current) return Promise.resolve(this.current);
    // Concurrent requests during a failover share one search instead of each probing every host.
    this.finding ??= this.find().finally(() => {
      this.finding = undefined;
    });
    return this.finding;
  }

  /** The pool's server is gone (or no longer what was asked for): the next use looks for the host again. */
  lost(pool: pg.Pool): void {
    if (this.current !== pool) return;
    this.current = undefined;
    pool.end().catch(() => undefined);
  }

  /** A connection-loss error becomes a retryable DatabaseUnavailableError and drops the pool; others pass unchanged. */
  translate(err: unknown, pool: pg.Pool): unknown {
    if (!isConnectionLoss(err, this.wantsWriter)) return err;
    this.lost(pool);
    if (err instanceof DatabaseUnavailableError) return err;
    return new DatabaseUnavailableError(
      `the database connection was lost (${(err as Error).message}); the request did not complete and may be sent again`,
      { cause: err },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.current ?? (await this.finding?.catch(() => undefined));
    this.current = undefined;
    await pool?.end();
  }

  private async state(h: PostgresHost): Promise<ServerState> {
    const client = new pg.Client({ connectionString: h.url, connectionTimeoutMillis: this.connectTimeoutMs });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const r = await client.query<{ in_recovery: boolean; read_only: string }>(
        "SELECT pg_is_in_recovery() AS in_recovery, current_setting('transaction_read_only') AS read_only",
      );
      return { inRecovery: r.rows[0]!.in_recovery, readOnly: r.rows[0]!.read_only === 'on' };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async find(): Promise<pg.Pool> {
    if (this.closed) throw new Error('the database is closed');
    const attrs = this.target.targetSessionAttrs;
    const reasons: string[] = [];
    let fallback: PostgresHost | undefined;
    for (const h of this.target.hosts) {
      try {
        const s = await this.state(h);
        if (acceptable(attrs, s)) return this.use(h);
        fallback ??= h;
        reasons.push(`${h.host}:${h.port} is ${s.inRecovery ? 'a standby (in recovery)' : 'read-only'}`);
      } catch (err) {
        reasons.push(`${h.host}:${h.port}: ${(err as Error).message}`);
      }
    }
    if (attrs === 'prefer-standby' && fallback) return this.use(fallback);
    throw new DatabaseUnavailableError(`no PostgreSQL server that is ${attrs} among the configured hosts: ${reasons.join('; ')}`);
  }

  private use(h: PostgresHost): pg.Pool {
    const pool = new pg.Pool({ connectionString: h.url, max: this.size, keepAlive: true, connectionTimeoutMillis: this.connectTimeoutMs });
    // An idle connection broken by the server's death: without a listener it would crash the process.
    pool.on('error', () => this.lost(pool));
    if (this.closed) {
      pool.end().catch(() => undefined);
      throw new Error('the database is closed');
    }
    this.current = pool;
    return pool;
  }
}

/**
 * PostgreSQL through node-postgres. `url` may name several hosts
 * (`postgresql://u@h1:5432,h2:5432/arkki?target_session_attrs=read-write`): the first acceptable one is used,
 * and a lost connection fails the statement with DatabaseUnavailableError (503) and sends the next one
 * looking again. A transaction whose connection is lost fails as a whole; it is never reported as done.
 */
export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const hosts = new HostPool(parsePostgresTarget(url), poolSize);
  // Fail at start-up with the connection error, not on the first request.
  await hosts.pool();
  const run = async <T>(c: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const name = statementName(sql);
    const r = name ? await c.query({ name, text: sql, values: params ?? [] }) : await c.query(sql, params as unknown[] | undefined);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  };
  const onPool = async <T>(fn: (pool: pg.Pool) => Promise<T>): Promise<T> => {
    const pool = await hosts.pool();
    try {
      return await fn(pool);
    } catch (err) {
      throw hosts.translate(err, pool);
    }
  };
  return {
    kind: 'postgres',
    query: (sql, params) => onPool((pool) => run(pool, sql, params)),
    exec: (sql) =>
      onPool(async (pool) => {
        await pool.query(sql);
      }),
    async transaction(fn) {
      const pool = await hosts.pool();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw hosts.translate(err, pool);
      }
      // A checked-out connection has no pool listener: a server dying between statements must not crash us.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on('error', onError);
      const guarded = async <T>(p: Promise<T>): Promise<T> => {
        try {
          return await p;
        } catch (err) {
          const e = hosts.translate(err, pool);
          if (e instanceof DatabaseUnavailableError) broken ??= e;
          throw e;
        }
      };
      const pipeline = (steps: Step[]): Promise<pg.QueryResult[]> =>
        new Promise((resolve, reject) => {
          const p: Pipeline = new Pipeline(steps, (err, raw) => {
            if (!err) return resolve(resultsOf(raw));
            // A named statement parsed in a failed pipeline may or may not exist on the server now: this
            // connection's record of it can no longer be trusted, so the connection is not reused.
            if (p.parsedNew) broken ??= err;
            reject(err);
          });
          client.query(p as unknown as pg.QueryConfig);
        });
      // Fast path: BEGIN goes with the first statement, and statements queued by atCommit go with COMMIT.
      const fast = fastReads();
      let begun = false;
      const pending: Array<{ sql: string; params: () => unknown[] }> = [];
      const begin = async () => {
        if (begun) return;
        begun = true;
        await guarded(client.query('BEGIN'));
      };
      try {
        if (!fast) await begin();
        const tx: Queryable = {
          query: async <T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
            if (begun) return guarded(run<T>(client, sql, params));
            begun = true;
            const r = (await guarded(pipeline([{ text: 'BEGIN' }, { text: sql, values: params ?? [] }])))[1]!;
            return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
          },
          exec: async (sql) => {
            await begin();
            await guarded(client.query(sql));
          },
          atCommit: (sql, params) => {
            pending.push({ sql, params });
          },
        };
        const result = await fn(tx);
        const last = pending.map((s) => ({ text: s.sql, values: s.params() }));
        if (!fast) {
          for (const s of last) await guarded(client.query(s.text, s.values));
          await guarded(client.query('COMMIT'));
        } else if (begun) await guarded(pipeline([...last, { text: 'COMMIT' }]));
        else if (last.length > 0) {
          begun = true;
          await guarded(pipeline([{ text: 'BEGIN' }, ...last, { text: 'COMMIT' }]));
        }
        return result;
      } catch (err) {
        if (!broken && begun) await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw hosts.translate(err, pool);
      } finally {
        client.removeListener('error', onError);
        // A broken connection is thrown away, not handed to the next request.
        client.release(broken);
      }
    },
    close: () => hosts.close(),
  };
}
