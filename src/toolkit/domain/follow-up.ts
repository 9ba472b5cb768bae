// Post-launch follow-up (README §10: 8–12 weeks of intensive monitoring): what the organisation's systems
// archived and what the archive refused, per week from the go-live, against a success target.
import { plusDays, weekdayOf } from '../../lib/time/finnish-clock.ts';

export interface ArchivedItem {
  day: string;
  documentType: string;
  serviceUnit: string;
}

export interface RefusedItem {
  day: string;
  /** The archive's reason (its rule), e.g. `code-unknown`, and the field it named. */
  reason: string;
  field: string;
  /** When the archive could tell. */
  documentType?: string;
  serviceUnit?: string;
  system: string;
  documentIds: string[];
}

export interface WeekOfFollowUp {
  /** 1 = the week of the go-live. */
  week: number;
  /** Monday of the week. */
  from: string;
  /** Sunday of the week. */
  to: string;
  archived: number;
  refused: number;
  /** archived / (archived + refused), %, or null when nothing was sent. */
  successPercent: number | null;
  meetsTarget: boolean | null;
  byServiceUnit: Record<string, number>;
  byDocumentType: Record<string, number>;
  /** Refused per service unit / document type / reason; '' = not known. */
  refusedByServiceUnit: Record<string, number>;
  refusedByDocumentType: Record<string, number>;
  refusedByReason: Record<string, number>;
  refusals: RefusedItem[];
}

export const FOLLOW_UP_WEEKS = { min: 8, max: 12 } as const;

export function mondayOf(day: string): string {
  return plusDays(day, 1 - weekdayOf(day));
}

/** Weeks 1…n from the go-live's week; days outside them are not counted. */
export function followUpWeeks(
  goLive: string,
  weeks: number,
  archived: readonly ArchivedItem[],
  refused: readonly RefusedItem[],
  targetPercent: number,
): WeekOfFollowUp[] {
  const n = Math.min(FOLLOW_UP_WEEKS.max, Math.max(1, Math.round(weeks)));
  const first = mondayOf(goLive);
  return Array.from({ length: n }, (_, i) => {
    const from = plusDays(first, 7 * i);
    const to = plusDays(from, 6);
    const inWeek = <T extends { day: string }>(x: T) => x.day >= from && x.day <= to;
    const a = archived.filter(inWeek);
    const r = refused.filter(inWeek);
    const tally = (keys: readonly string[]) =>
      keys.reduce<Record<string, number>>((acc, k) => {
        acc[k] = (acc[k] ?? 0) + 1;
        return acc;
      }, {});
    const count = (key: 'serviceUnit' | 'documentType') => tally(a.map((x) => x[key]));
    const total = a.length + r.length;
    const successPercent = total === 0 ? null : Math.round((a.length / total) * 1000) / 10;
    return {
      week: i + 1,
      from,
      to,
      archived: a.length,
      refused: r.length,
      successPercent,
      meetsTarget: successPercent === null ? null : successPercent >= targetPercent,
      byServiceUnit: count('serviceUnit'),
      byDocumentType: count('documentType'),
      refusedByServiceUnit: tally(r.map((x) => x.serviceUnit ?? '')),
      refusedByDocumentType: tally(r.map((x) => x.documentType ?? '')),
      refusedByReason: tally(r.map((x) => x.reason)),
      refusals: r,
    };
  });
}
