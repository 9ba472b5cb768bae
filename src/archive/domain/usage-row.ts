import type { UsageEntry } from './usage-entry.ts';
export interface UsageQuery {
  registerKeeperOid?: string;
  clientKey?: string;
  userId?: string;
  from?: string;
  to?: string;
  action?: string;
  /** One row by its id (AuditEvent read). */
  id?: number;
  limit: number;
  offset: number;
  /** Oldest first instead of newest first (the order is always logged_at, id). */
  ascending?: boolean;
  /**
   * Keyset paging: only rows after this one in the query's order. Reading the log logs the read, so the
   * newest rows move under an offset between two pages; a keyset keeps each page where it was.
   */
  after?: { at: string; id: number };
  /** Skip the count (a register-wide count is a scan of the partition). */
  noTotal?: boolean;
}

export interface UsageRow extends UsageEntry {
  id: number;
}
