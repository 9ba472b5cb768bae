// The critical path: the chain of dependent scheduled tasks that ends last — any delay on it moves the
// project's end. Computed on the schedule as entered (end days), following the dependency column.
import { tasksOfDependency } from './dependencies.ts';
import type { ProjectTask } from './task.ts';

/** Task ids from the first to the last task of the critical path; empty when nothing is scheduled. */
export function criticalPath(tasks: readonly ProjectTask[]): string[] {
  const scheduled = tasks.filter((t) => t.startDay && t.endDay);
  const byId = new Map(scheduled.map((t) => [t.taskId, t]));
  const predecessors = new Map<string, string[]>();
  for (const t of scheduled) {
    const pre = t.dependsOn.flatMap((d) => tasksOfDependency(d, scheduled)).filter((p) => p.taskId !== t.taskId);
    predecessors.set(
      t.taskId,
      pre.map((p) => p.taskId),
    );
  }
  // Longest chain ending at each task, by end day; a circle in the data is cut where it is met.
  const best = new Map<string, { end: string; chain: string[] }>();
  const visiting = new Set<string>();
  const chainTo = (id: string): { end: string; chain: string[] } => {
    const hit = best.get(id);
    if (hit) return hit;
    const task = byId.get(id)!;
    visiting.add(id);
    let longest: string[] = [];
    let longestEnd = '';
    for (const p of predecessors.get(id) ?? []) {
      if (visiting.has(p)) continue;
      const c = chainTo(p);
      if (c.chain.length > longest.length || (c.chain.length === longest.length && c.end > longestEnd)) {
        longest = c.chain;
        longestEnd = c.end;
      }
    }
    visiting.delete(id);
    const result = { end: task.endDay!, chain: [...longest, id] };
    best.set(id, result);
    return result;
  };
  let answer: { end: string; chain: string[] } | undefined;
  for (const t of scheduled) {
    const c = chainTo(t.taskId);
    if (!answer || c.end > answer.end || (c.end === answer.end && c.chain.length > answer.chain.length)) answer = c;
  }
  return answer?.chain ?? [];
}
