import type { Queryable } from '../../lib/db/db.ts';
import { GENESIS_HASH, usageRowHash } from '../domain/usage-chain.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';

// `arkki log verify`: walks each usage-log partition's hash chain in seq order, recomputes every hash and
// reports the first broken row of each partition, with what is wrong:
//   changed    the row's content (or the row before it, re-hashed) no longer matches the chain;
//   deleted    seq numbers are missing (a gap, or rows at the end the chain head still counts);
//   inserted   a row the chain does not know: beyond the head, a duplicate seq, or an unchained row;
//   reordered  the row chains to a row that stands elsewhere in the partition;
//   head       the partition has rows but no chain head.
// Rows from before migration 006 are pre-chain: counted, not verified (see the migration).

export type BreakKind = 'changed' | 'deleted' | 'inserted' | 'reordered' | 'head';
export interface ChainBreak {
  /** null: the log as a whole (pre-chain rows missing). */
  registerKeeperOid: string | null;
  clientKey: string | null;
  /** The usage_log id of the first row found broken; null when the broken rows are missing. */
  id: number | null;
  seq: number | null;
  kind: BreakKind;
  message: string;
}
export interface VerifyFilter {
  registerKeeperOid?: string;
  clientKey?: string;
}
export interface VerifyReport {
  verifiedRows: number;
  partitions: number;
  preChainRows: number;
  breaks: ChainBreak[];
}

interface LogRow extends UsageEntry {
  id: number;
  seq: number;
  prevHash: string | null;
  rowHash: string | null;
  headSeq: number | null;
  headHash: string | null;
}

const SELECT = `u.id, u.seq, u.prev_hash, u.row_hash, u.register_keeper_oid, u.client_key,
  to_char(u.logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS logged_at, u.user_id, u.user_name, u.professional_id,
  u.organisation_oid, u.system_id, u.role, u.action, u.outcome, u.rule, u.document_ids, u.purpose, u.detail, h.last_seq, h.last_hash`;

function toRow(x: Record<string, unknown>): LogRow {
  return {
    id: Number(x.id),
    seq: Number(x.seq),
    prevHash: x.prev_hash as string | null,
    rowHash: x.row_hash as string | null,
    registerKeeperOid: x.register_keeper_oid as string,
    clientKey: x.client_key as string,
    at: x.logged_at as string,
    userId: x.user_id as string,
    userName: x.user_name as string,
    professionalId: x.professional_id as string | null,
    organisationOid: x.organisation_oid as string,
    systemId: x.system_id as string,
    role: x.role as string,
    action: x.action as UsageEntry['action'],
    outcome: x.outcome as UsageEntry['outcome'],
    rule: x.rule as string,
    documentIds: x.document_ids as string[],
    purpose: x.purpose as string | null,
    detail: (typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail) as Record<string, unknown>,
    headSeq: x.last_seq === null || x.last_seq === undefined ? null : Number(x.last_seq),
    headHash: (x.last_hash as string | null) ?? null,
  };
}

function filterSql(f: VerifyFilter, alias: string, params: unknown[]): string[] {
  const where: string[] = [];
  if (f.registerKeeperOid !== undefined) where.push(`${alias}.register_keeper_oid = $${params.push(f.registerKeeperOid)}`);
  if (f.clientKey !== undefined) where.push(`${alias}.client_key = $${params.push(f.clientKey)}`);
  return where;
}

/** The state of one partition's walk. */
interface Walk {
  rk: string;
  ck: string;
  headSeq: number | null;
  headHash: string | null;
  seq: number;
  hash: string;
  lastId: number | null;
  broken: boolean;
}

export async function verifyUsageLog(q: Queryable, filter: VerifyFilter = {}, options: { pageSize?: number } = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 5000;
  const report: VerifyReport = { verifiedRows: 0, partitions: 0, preChainRows: 0, breaks: [] };
  let walk: Walk | null = null;
  const fail = (w: Walk, b: Omit<ChainBreak, 'registerKeeperOid' | 'clientKey'>) => {
    w.broken = true;
    report.breaks.push({ registerKeeperOid: w.rk, clientKey: w.ck, ...b });
  };
  const finish = (w: Walk) => {
    if (w.broken) return;
    if (w.headSeq === null)
      return fail(w, { id: w.lastId, seq: w.seq, kind: 'head', message: 'the partition has chained rows but no chain head' });
    if (w.seq < w.headSeq) {
      return fail(w, {
        id: null,
        seq: w.seq + 1,
        kind: 'deleted',
        message: `rows seq ${w.seq + 1}–${w.headSeq} at the end of the chain are missing (the head counts ${w.headSeq})`,
      });
    }
    if (w.hash !== w.headHash)
      fail(w, {
        id: w.lastId,
        seq: w.seq,
        kind: 'changed',
        message: 'the last row does not match the hash recorded in the chain head (replaced and re-hashed)',
      });
  };

  const step = async (w: Walk, r: LogRow) => {
    const expected = w.seq + 1;
    const at = { id: r.id, seq: r.seq };
    if (w.headSeq !== null && r.seq > w.headSeq)
      return fail(w, { ...at, kind: 'inserted', message: `seq ${r.seq} is beyond the chain head (${w.headSeq})` });
    if (r.seq < expected) return fail(w, { ...at, kind: 'inserted', message: `a second row with seq ${r.seq}` });
    if (r.seq > expected) {
      return fail(w, {
        ...at,
        kind: 'deleted',
        message: `seq ${expected}${r.seq - 1 > expected ? `–${r.seq - 1}` : ''} missing before this row (a gap)`,
      });
    }
    let own = false;
    try {
      own = r.prevHash !== null && usageRowHash(r.prevHash, r) === r.rowHash;
    } catch {
      /* a malformed prev_hash: not chained by appendUsage */
    }
    if (own && r.prevHash === w.hash) {
      w.seq = r.seq;
      w.hash = r.rowHash!;
      w.lastId = r.id;
      report.verifiedRows += 1;
      return;
    }
    if (!own && r.prevHash === w.hash) return fail(w, { ...at, kind: 'changed', message: 'the row’s content does not match its hash' });
    const other =
      r.prevHash === null
        ? null
        : (
            await q.query<{ id: number; seq: number }>(
              'SELECT id, seq FROM usage_log WHERE register_keeper_oid = $1 AND client_key = $2 AND row_hash = $3 AND id <> $4 LIMIT 1',
              [w.rk, w.ck, r.prevHash, r.id],
            )
          ).rows[0];
    if (other)
      return fail(w, {
        ...at,
        kind: 'reordered',
        message: `the row chains to row id ${Number(other.id)} (seq ${Number(other.seq)}) but stands at seq ${r.seq}`,
      });
    if (own && r.seq === 1) return fail(w, { ...at, kind: 'deleted', message: 'the first row chains to a predecessor that is missing' });
    if (own)
      return fail(w, {
        id: w.lastId,
        seq: w.seq,
        kind: 'changed',
        message: `row seq ${w.seq} is not the row its successor (id ${r.id}) was chained to: replaced and re-hashed`,
      });
    return fail(w, { ...at, kind: 'inserted', message: 'neither the row’s content nor its link match the chain (a forged row)' });
  };

  // Chained rows with their partition's head, in chain order, a page at a time (keyset pagination).
  let after: [string, string, number, number] | null = null;
  for (;;) {
    const params: unknown[] = [];
    const where = ['u.seq IS NOT NULL', ...filterSql(filter, 'u', params)];
    if (after)
      where.push(
        `(u.register_keeper_oid, u.client_key, u.seq, u.id) > ($${params.push(after[0])}, $${params.push(after[1])}, $${params.push(after[2])}, $${params.push(after[3])})`,
      );
    const page = (
      await q.query<Record<string, unknown>>(
        `SELECT ${SELECT} FROM usage_log u
        LEFT JOIN usage_log_chain_head h ON h.register_keeper_oid = u.register_keeper_oid AND h.client_key = u.client_key
        WHERE ${where.join(' AND ')} ORDER BY u.register_keeper_oid, u.client_key, u.seq, u.id LIMIT ${pageSize}`,
        params,
      )
    ).rows.map(toRow);
    for (const r of page) {
      if (!walk || walk.rk !== r.registerKeeperOid || walk.ck !== r.clientKey) {
        if (walk) finish(walk);
        walk = {
          rk: r.registerKeeperOid,
          ck: r.clientKey,
          headSeq: r.headSeq,
          headHash: r.headHash,
          seq: 0,
          hash: GENESIS_HASH,
          lastId: null,
          broken: false,
        };
        report.partitions += 1;
      }
      // Heads only move forward; a later page may see rows appended meanwhile, and their newer head with them.
      if (r.headSeq !== null && (walk.headSeq === null || r.headSeq > walk.headSeq))
        [walk.headSeq, walk.headHash] = [r.headSeq, r.headHash];
      if (!walk.broken) await step(walk, r);
    }
    if (page.length < pageSize) break;
    const last = page[page.length - 1]!;
    after = [last.registerKeeperOid, last.clientKey, last.seq, last.id];
  }
  if (walk) finish(walk);

  // Heads whose rows are all gone.
  const hp: unknown[] = [];
  const empty = await q.query<{ register_keeper_oid: string; client_key: string; last_seq: number }>(
    `SELECT h.register_keeper_oid, h.client_key, h.last_seq FROM usage_log_chain_head h
     WHERE ${['h.last_seq > 0', ...filterSql(filter, 'h', hp)].join(' AND ')} AND NOT EXISTS (SELECT 1 FROM usage_log u
       WHERE u.register_keeper_oid = h.register_keeper_oid AND u.client_key = h.client_key AND u.seq IS NOT NULL)
     ORDER BY 1, 2`,
    hp,
  );
  for (const h of empty.rows) {
    report.partitions += 1;
    report.breaks.push({
      registerKeeperOid: h.register_keeper_oid,
      clientKey: h.client_key,
      id: null,
      seq: 1,
      kind: 'deleted',
      message: `all ${Number(h.last_seq)} rows of the chain are missing`,
    });
  }

  // Unchained rows: pre-chain ones (id up to the epoch's mark) are only counted; later ones went around the chain.
  const epoch = (
    await q.query<{ pre_chain_rows: number; pre_chain_max_id: number }>(
      'SELECT pre_chain_rows, pre_chain_max_id FROM usage_log_chain_epoch',
    )
  ).rows[0];
  const maxId = Number(epoch?.pre_chain_max_id ?? 0);
  const up: unknown[] = [maxId];
  const uf = ['u.seq IS NULL', ...filterSql(filter, 'u', up)].join(' AND ');
  report.preChainRows = Number(
    (await q.query<{ n: number }>(`SELECT count(*) AS n FROM usage_log u WHERE ${uf} AND u.id <= $1`, up)).rows[0]!.n,
  );
  const forged = await q.query<{ register_keeper_oid: string; client_key: string; id: number }>(
    `SELECT DISTINCT ON (u.register_keeper_oid, u.client_key) u.register_keeper_oid, u.client_key, u.id FROM usage_log u
     WHERE ${uf} AND u.id > $1 ORDER BY u.register_keeper_oid, u.client_key, u.id`,
    up,
  );
  for (const f of forged.rows) {
    report.breaks.push({
      registerKeeperOid: f.register_keeper_oid,
      clientKey: f.client_key,
      id: Number(f.id),
      seq: null,
      kind: 'inserted',
      message: 'a row without a place in the chain, written after chaining started',
    });
  }
  if (
    filter.registerKeeperOid === undefined &&
    filter.clientKey === undefined &&
    epoch &&
    report.preChainRows < Number(epoch.pre_chain_rows)
  ) {
    report.breaks.push({
      registerKeeperOid: null,
      clientKey: null,
      id: null,
      seq: null,
      kind: 'deleted',
      message: `${Number(epoch.pre_chain_rows) - report.preChainRows} pre-chain rows are missing`,
    });
  }
  return report;
}
