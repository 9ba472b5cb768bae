// Readiness of a joining project: per section and overall, each task weighted by its estimated work days
// (a two-week task counts ten times a one-day task). Tasks of weight 0 count only where all weigh 0.
import { effectiveReadiness, isLate, type ProjectTask } from './task.ts';

export interface SectionReadiness {
  sectionNumber: string;
  sectionTitle: string;
  readiness: number;
  tasks: number;
  done: number;
  late: number;
  workDays: number;
}

export interface Readiness {
  overall: number;
  sections: SectionReadiness[];
  late: ProjectTask[];
}

function weighted(tasks: readonly ProjectTask[]): number {
  const weight = tasks.reduce((s, t) => s + t.workDays, 0);
  if (tasks.length === 0) return 0;
  const r =
    weight > 0
      ? tasks.reduce((s, t) => s + t.workDays * effectiveReadiness(t), 0) / weight
      : tasks.reduce((s, t) => s + effectiveReadiness(t), 0) / tasks.length;
  return Math.round(r * 10) / 10;
}

export function readinessOf(tasks: readonly ProjectTask[], today: string): Readiness {
  const bySection = new Map<string, ProjectTask[]>();
  for (const t of tasks) bySection.set(t.sectionNumber, [...(bySection.get(t.sectionNumber) ?? []), t]);
  const sections = [...bySection.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([sectionNumber, ts]) => ({
      sectionNumber,
      sectionTitle: ts[0]!.sectionTitle,
      readiness: weighted(ts),
      tasks: ts.length,
      done: ts.filter((t) => t.status === 'Valmis').length,
      late: ts.filter((t) => isLate(t, today)).length,
      workDays: ts.reduce((s, t) => s + t.workDays, 0),
    }));
  return { overall: weighted(tasks), sections, late: tasks.filter((t) => isLate(t, today)) };
}
