// Readiness over time: the day's latest readiness per project, kept for the chart.
import type { Queryable } from '../../lib/db/db.ts';

export interface ReadinessSnapshot {
  day: string;
  overall: number;
  bySection: Record<string, number>;
}

export async function saveSnapshot(db: Queryable, projectId: number, s: ReadinessSnapshot): Promise<void> {
  await db.query(
    `INSERT INTO readiness_snapshot (project_id, day, overall, by_section) VALUES ($1, $2::date, $3, $4::jsonb)
     ON CONFLICT (project_id, day) DO UPDATE SET overall = EXCLUDED.overall, by_section = EXCLUDED.by_section`,
    [projectId, s.day, s.overall, JSON.stringify(s.bySection)],
  );
}

export async function listSnapshots(db: Queryable, projectId: number): Promise<ReadinessSnapshot[]> {
  const r = await db.query<{ day: string; overall: string | number; by_section: Record<string, number> | string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, overall, by_section FROM readiness_snapshot WHERE project_id = $1 ORDER BY day`,
    [projectId],
  );
  return r.rows.map((x) => ({
    day: x.day,
    overall: Number(x.overall),
    bySection: typeof x.by_section === 'string' ? (JSON.parse(x.by_section) as Record<string, number>) : x.by_section,
  }));
}
