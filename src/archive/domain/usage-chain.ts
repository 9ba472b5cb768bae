import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json.ts';
import type { UsageEntry } from './usage-entry.ts';

// The hash chain of the usage log (käyttöloki): each row's hash covers the previous row's hash of the same
// log partition (register keeper, client) and every column of the row except the database locator `id`.
// The row's place in its partition is `seq` (1, 2, 3, …), which is hashed, so a reordered, deleted or
// inserted row breaks the chain just like a changed one.

export const GENESIS_HASH = '0'.repeat(64);
const HASH = /^[0-9a-f]{64}$/;

/** A usage entry at its place in the partition's chain. */
export interface ChainedEntry extends UsageEntry {
  seq: number;
}

/** The instant as `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, milliseconds): the form stored and read back. */
export function isoInstant(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new TypeError(`usage entry: invalid time ${JSON.stringify(at)}`);
  return d.toISOString();
}

/** A row's columns as stored and hashed (snake_case, the time as an ISO instant); the seq is the chain's. */
export function usageColumns(e: UsageEntry) {
  return {
    register_keeper_oid: e.registerKeeperOid,
    client_key: e.clientKey,
    logged_at: isoInstant(e.at),
    user_id: e.userId,
    user_name: e.userName,
    professional_id: e.professionalId,
    organisation_oid: e.organisationOid,
    system_id: e.systemId,
    role: e.role,
    action: e.action,
    outcome: e.outcome,
    rule: e.rule,
    document_ids: e.documentIds,
    purpose: e.purpose,
    detail: e.detail,
  };
}

/** The exact text that is hashed for one row (versioned, canonical JSON with sorted keys). */
export function usageRowText(prevHash: string, e: ChainedEntry): string {
  if (!HASH.test(prevHash))
    throw new TypeError(`usage chain: previous hash must be 64 lowercase hex digits, got ${JSON.stringify(prevHash)}`);
  if (!Number.isSafeInteger(e.seq) || e.seq < 1) throw new TypeError(`usage chain: seq must be a positive integer, got ${e.seq}`);
  const row = { seq: e.seq, ...usageColumns(e) };
  return `arkki-usage-v1\n${prevHash}\n${canonicalJson(row)}`;
}

/**
 * The hashed text of a row around its seq, for chaining in the database (migration 016): for every seq,
 * `arkki-usage-v1\n${prevHash}\n${before}${seq}${after}` is exactly usageRowText(prevHash, {...entry, seq}).
 * The keys are sorted, and after "seq" come only string fields (their quotes escaped), so the last
 * `"seq":` is the row's own.
 */
export function usageRowTextAround(e: UsageEntry): { before: string; after: string } {
  const text = usageRowText(GENESIS_HASH, { ...e, seq: 1 });
  const row = text.slice(`arkki-usage-v1\n${GENESIS_HASH}\n`.length);
  const at = row.lastIndexOf('"seq":1,') + '"seq":'.length;
  return { before: row.slice(0, at), after: row.slice(at + 1) };
}

/** SHA-256 (hex) of the row chained to `prevHash` (GENESIS_HASH for the first row of a partition). */
export function usageRowHash(prevHash: string, entry: ChainedEntry): string {
  return createHash('sha256').update(usageRowText(prevHash, entry), 'utf8').digest('hex');
}

/** Chains entries after a partition head; returns the rows' seq and hashes and the new head. */
export function chainEntries(
  head: { seq: number; hash: string },
  entries: UsageEntry[],
): { rows: Array<{ seq: number; prevHash: string; rowHash: string }>; head: { seq: number; hash: string } } {
  let { seq, hash } = head;
  const rows = entries.map((e) => {
    seq += 1;
    const prevHash = hash;
    hash = usageRowHash(prevHash, { ...e, seq });
    return { seq, prevHash, rowHash: hash };
  });
  return { rows, head: { seq, hash } };
}
