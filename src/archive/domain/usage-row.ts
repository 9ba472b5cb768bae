import type { UsageEntry } from './usage-entry.ts';
export interface UsageQuery {
  registerKeeperOid?: string;
  clientKey?: string;
  userId?: string;
  from?: string;
  to?: string;
  action?: string;
  limit: number;
  offset: number;
}

export interface UsageRow extends UsageEntry {
  id: number;
}
