import assert from 'node:assert/strict';
import type { Queryable } from '../../src/lib/db/db.ts';
import { ArkkiError, type ErrorCode } from '../../src/lib/errors.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import type { SubmissionResult } from '../../src/archive/service/store-documents.ts';
import { queryUsage } from '../../src/archive/store/usage-log-store.ts';
import type { UsageRow } from '../../src/archive/domain/usage-row.ts';

// Row-level checks for the archive's storage tests: what a use case wrote (or did not write), and the
// usage-log rows it appended.

export const WRITTEN_TABLES = [
  'document',
  'document_body',
  'document_locator',
  'document_event',
  'document_social_service',
  'usage_log',
  'clienthood',
  'client_case',
  'person',
] as const;
export type RowCounts = Record<(typeof WRITTEN_TABLES)[number], number>;

export async function countRows(q: Queryable): Promise<RowCounts> {
  const out = {} as RowCounts;
  for (const t of WRITTEN_TABLES) out[t] = Number((await q.query<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
  return out;
}

let serial = 0;
/**
 * A henkilötunnus no other test in the process uses: test individual numbers 900–999 only (domain README §11),
 * birth dates in 2015 so they never meet the fixtures' 2016 clients. Born on the 1st–7th: no research-sample days.
 */
export function freshHetu(): string {
  const n = serial++;
  const day = 1 + (Math.floor(n / 100) % 7);
  const month = 1 + (Math.floor(n / 700) % 12);
  return makeHetu(`2015-${String(month).padStart(2, '0')}-0${day}`, 900 + (n % 100));
}

/** The highest usage-log id so far: rows a step appends are the ones after it. */
export async function usageMark(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS n FROM usage_log')).rows[0]!.n);
}

/** Usage-log rows appended after `mark`, oldest first. */
export async function usageSince(q: Queryable, mark: number): Promise<UsageRow[]> {
  const { rows } = await queryUsage(q, { limit: 1000, offset: 0 });
  return rows.filter((r) => r.id > mark).sort((a, b) => a.id - b.id);
}

/** The part of a usage-log row a person reviewing the log looks at. */
export function logLine(r: UsageRow): {
  userId: string;
  role: string;
  action: string;
  clientKey: string;
  outcome: string;
  rule: string;
  documentIds: string[];
} {
  return {
    userId: r.userId,
    role: r.role,
    action: r.action,
    clientKey: r.clientKey,
    outcome: r.outcome,
    rule: r.rule,
    documentIds: [...r.documentIds].sort(),
  };
}

/** Asserts that a promise rejects with an ArkkiError of `code` with an issue of `rule` (and the message). */
export async function rejectsWith(p: Promise<unknown>, code: ErrorCode, rule?: string, message?: RegExp): Promise<ArkkiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ArkkiError, `expected an ArkkiError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (rule)
      assert.ok(
        err.issues.some((i) => i.rule === rule),
        `no issue with rule ${rule}: ${err.message}`,
      );
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

/** The error of a rejected submission result (fails the test if it was not rejected). */
export function rejection(r: SubmissionResult | undefined): ArkkiError {
  assert.ok(r, 'no result');
  if (r.outcome !== 'rejected') assert.fail(`expected a rejection, got ${r.outcome} (${r.document.documentId})`);
  return r.error;
}

/** The document of an accepted submission result. */
export function accepted(r: SubmissionResult | undefined, outcome: 'created' | 'duplicate' = 'created') {
  assert.ok(r, 'no result');
  if (r.outcome === 'rejected') assert.fail(`expected ${outcome}, got rejected: ${r.error.code} ${r.error.message}`);
  assert.equal(r.outcome, outcome);
  return r.document;
}
