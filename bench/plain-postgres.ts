// The physical limit beside the batched ingest (issue 16 item 1): the same writes a storeDocuments batch
// makes — body, metadata, locator, 'archived' event and usage-log row per document — as plain multi-row
// INSERTs through the same pool, one transaction per batch, no application logic in between. The rows are
// copies of documents the service ingest just archived (read before the clock), under a client key of
// their own, so the tables, indexes and row sizes are the real ones.
import type { Db, Queryable } from '../src/lib/db/db.ts';
import { insertRows } from '../src/lib/db/insert-rows.ts';
import { progress } from './progress.ts';

type Row = Record<string, unknown>;

export interface PlainPostgresResult {
  documents: number;
  batchSize: number;
  inFlight: number;
  seconds: number;
  docsPerSecond: number;
  /** Rows written per table (a table short of `documents` would make the limit look higher than it is). */
  rows: { body: number; document: number; locator: number; event: number; usage: number };
}

const rowsOf = async (db: Db, sql: string, params: unknown[]) => (await db.query<{ r: Row }>(sql, params)).rows.map((x) => x.r);

/** bytea comes out of to_jsonb as '\x…' hex: back to bytes, sent as a binary parameter like the archive's. */
const bytes = (hex: unknown) => Buffer.from(String(hex).slice(2), 'hex');

async function insertCopies(tx: Queryable, table: string, rows: Row[], drop: string[] = []): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).filter((c) => !drop.includes(c));
  await insertRows(
    tx,
    table,
    columns,
    rows.map((r) => columns.map((c) => (c === 'data' && table === 'document_body' ? bytes(r[c]) : r[c]))),
  );
}

export async function plainPostgresIngest(
  db: Db,
  options: { docs: number; batchSize: number; inFlight: number },
): Promise<PlainPostgresResult> {
  const docs = await rowsOf(db, `SELECT to_jsonb(d) AS r FROM document d WHERE d.version = 1 LIMIT $1`, [options.docs]);
  const suffix = '-plain';
  const ids = docs.map((d) => String(d.document_id));
  const [bodies, locators, events, usage] = await Promise.all([
    rowsOf(
      db,
      `SELECT to_jsonb(b) AS r FROM document_body b JOIN document d
         ON d.register_keeper_oid = b.register_keeper_oid AND d.client_key = b.client_key AND d.body_sha256 = b.sha256
       WHERE d.document_id = ANY($1)`,
      [ids],
    ),
    rowsOf(db, `SELECT to_jsonb(l) AS r FROM document_locator l WHERE l.document_id = ANY($1)`, [ids]),
    rowsOf(db, `SELECT to_jsonb(e) AS r FROM document_event e WHERE e.document_id = ANY($1) AND e.seq = 1`, [ids]),
    rowsOf(db, `SELECT to_jsonb(u) AS r FROM usage_log u WHERE u.action = 'create' AND u.document_ids && $1 LIMIT $2`, [ids, ids.length]),
  ]);
  const renamed = (rows: Row[]): Row[] =>
    rows.map((r) => ({
      ...r,
      client_key: `${r.client_key}${suffix}`,
      ...('document_id' in r ? { document_id: `${r.document_id}.7` } : {}),
      ...('set_id' in r ? { set_id: `${r.set_id}.7` } : {}),
    }));
  const byDoc = <T extends Row>(rows: T[], key: (r: T) => string) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  const bodyOf = new Map(bodies.map((b) => [`${b.register_keeper_oid}|${b.client_key}|${b.sha256}`, b]));
  const locatorOf = byDoc(locators, (r) => String(r.document_id));
  const eventOf = byDoc(events, (r) => String(r.document_id));
  const usageOf = byDoc(usage, (r) => String((r.document_ids as string[])[0]));
  const bar = progress(`plain PostgreSQL, same writes (batches of ${options.batchSize}, ${options.inFlight} in flight)`, docs.length);
  let next = 0;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      while (next < docs.length) {
        const part = docs.slice(next, next + options.batchSize);
        next += part.length;
        const seen = new Set<string>();
        const partBodies = part.flatMap((d) => {
          const k = `${d.register_keeper_oid}|${d.client_key}|${d.body_sha256}`;
          if (seen.has(k) || !bodyOf.has(k)) return [];
          seen.add(k);
          return [bodyOf.get(k)!];
        });
        const id = (d: Row) => String(d.document_id);
        await db.transaction(async (tx) => {
          await insertCopies(tx, 'document_body', renamed(partBodies));
          await insertCopies(tx, 'document', renamed(part));
          await insertCopies(tx, 'document_locator', renamed(part.flatMap((d) => locatorOf.get(id(d)) ?? [])));
          await insertCopies(tx, 'document_event', renamed(part.flatMap((d) => eventOf.get(id(d)) ?? [])));
          await insertCopies(
            tx,
            'usage_log',
            renamed(part.flatMap((d) => usageOf.get(id(d)) ?? [])).map((u) => ({
              ...u,
              document_ids: [`${(u.document_ids as string[])[0]}.7`],
            })),
            ['id'],
          );
        });
        done += part.length;
        bar.update(done);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const docsPerSecond = Math.round(docs.length / seconds);
  bar.done(`${docs.length.toLocaleString('en-US')} documents in ${seconds.toFixed(1)} s = ${docsPerSecond} docs/s`);
  return {
    documents: docs.length,
    batchSize: options.batchSize,
    inFlight: options.inFlight,
    seconds: Math.round(seconds * 10) / 10,
    docsPerSecond,
    rows: { body: bodies.length, document: docs.length, locator: locators.length, event: events.length, usage: usage.length },
  };
}
