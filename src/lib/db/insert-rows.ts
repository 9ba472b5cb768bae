import type { Queryable } from './db.ts';

// PostgreSQL accepts at most 65,535 parameters per statement.
const MAX_PARAMS = 60_000;

/** One multi-row INSERT per chunk: far fewer round trips than a statement per row in batch ingest. */
export async function insertRows(q: Queryable, table: string, columns: readonly string[], rows: unknown[][], suffix = ''): Promise<number> {
  if (rows.length === 0) return 0;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let count = 0;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${marks.join(',')})`;
    });
    const r = await q.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')} ${suffix}`, params);
    count += r.rowCount;
  }
  return count;
}
