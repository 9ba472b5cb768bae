import type { AlertDraft, MonitorRule } from './log-monitoring.ts';
export type AlertStatus = 'open' | 'acknowledged' | 'reviewed';

export type ReviewOutcome = 'justified' | 'misuse-suspected' | 'false-positive';

export const REVIEW_OUTCOMES: readonly ReviewOutcome[] = ['justified', 'misuse-suspected', 'false-positive'];

export interface StoredAlert extends Omit<AlertDraft, 'rule'> {
  alertId: number;
  rule: MonitorRule;
  status: AlertStatus;
  outcome: ReviewOutcome | null;
  raisedAt: string;
  updatedAt: string;
}

export interface AlertEvent {
  seq: number;
  at: string;
  kind: 'raised' | 'extended' | 'reopened' | 'acknowledged' | 'reviewed';
  userId: string;
  userName: string;
  note: string | null;
  outcome: ReviewOutcome | null;
  usageIds: number[];
}

export interface AlertFilter {
  status?: AlertStatus;
  rule?: MonitorRule;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}
