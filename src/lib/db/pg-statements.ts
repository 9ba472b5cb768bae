import { createHash } from 'node:crypto';
import pg from 'pg';

// What makes one logged read cheap on PostgreSQL (issue 16 item 2): the hot statements are prepared once per
// connection under a name (parsed and analysed once, and after a few runs planned once), and a transaction's
// BEGIN and COMMIT travel in the same network round trip as its first and last statements.

const MAX_NAMED = 1_000;
const named = new Map<string, string>();

/**
 * Marks a statement as hot: on PostgreSQL it is prepared once per connection under a name derived from its
 * text. Dynamic SQL may be marked too (a search's text depends only on which criteria are set); past
 * MAX_NAMED distinct texts the rest run unnamed, so the server's per-connection statements stay bounded.
 */
export function hot(sql: string): string {
  if (!named.has(sql) && named.size < MAX_NAMED) named.set(sql, `arkki_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`);
  return sql;
}

export function statementName(sql: string): string | undefined {
  return fast ? named.get(sql) : undefined;
}

let fast = true;

/**
 * The benchmark's before/after switch (bench/reads.ts): off = every statement unnamed and sent on its own,
 * BEGIN and COMMIT their own round trips, usage rows chained in Node, a set's versions in two statements —
 * the read path as it was. Production never turns it off.
 */
export function setFastReads(on: boolean): void {
  fast = on;
}

export function fastReads(): boolean {
  return fast;
}

export interface Step {
  text: string;
  values?: unknown[];
}

interface Connection {
  parsedStatements: Record<string, string>;
  parse(m: { text: string; name?: string; types?: unknown[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[]; valueMapper?: unknown }): void;
  describe(m: { type: 'P' | 'S'; name?: string }): void;
  execute(m: { portal?: string; rows?: number }): void;
  sync(): void;
  stream: { cork?: () => void; uncork?: () => void };
}

// pg's own value mapping (Date, Buffer, arrays, JSON), the same as for its ordinary queries.
const prepareValue = (pg as unknown as { utils: { prepareValue: (v: unknown) => unknown } }).utils.prepareValue;

/**
 * Several statements in one extended-protocol pipeline ending in a single Sync: one round trip. An error
 * skips the rest up to the Sync (inside an explicit transaction, the transaction is then aborted), and the
 * query fails with it. Resolves to one result per step.
 */
export class Pipeline extends (pg.Query as unknown as new (config: { text: string }) => object) {
  /** A named statement was parsed in this pipeline: if it fails, whether the server kept it is unknown. */
  parsedNew = false;
  private readonly names: Array<string | undefined>;

  constructor(
    private readonly steps: Step[],
    readonly callback: (err: Error | null, results?: unknown) => void,
  ) {
    super({ text: steps[0]!.text });
    this.names = steps.map((s) => statementName(s.text));
    // A value pg cannot send must fail here, before any message is written: a half-written pipeline
    // without its Sync would leave the connection waiting.
    for (const step of steps) for (const v of step.values ?? []) prepareValue(v);
  }

  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: Connection): void {
    const parsedHere = new Set<string>();
    this.steps.forEach((s, i) => {
      const name = this.names[i];
      if (!name || (connection.parsedStatements[name] !== s.text && !parsedHere.has(name))) {
        connection.parse({ text: s.text, ...(name ? { name } : {}) });
        if (name) {
          this.parsedNew = true;
          parsedHere.add(name);
        }
      }
      connection.bind({ statement: name ?? '', values: s.values ?? [], valueMapper: prepareValue });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '' });
    });
    connection.sync();
  }

  /** Called by pg when the Sync's ReadyForQuery arrives without an error: the names parsed now exist. */
  handleReadyForQuery(connection: Connection): void {
    this.steps.forEach((s, i) => {
      const name = this.names[i];
      if (name) connection.parsedStatements[name] = s.text;
    });
    (pg.Query.prototype as unknown as { handleReadyForQuery(c: Connection): void }).handleReadyForQuery.call(this, connection);
  }
}

/** A Pipeline's results, one per step (pg gives a single result when there was one statement). */
export function resultsOf(raw: unknown): pg.QueryResult[] {
  return Array.isArray(raw) ? (raw as pg.QueryResult[]) : [raw as pg.QueryResult];
}
