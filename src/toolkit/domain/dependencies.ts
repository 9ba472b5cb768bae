// "A task may not be marked done while a task it depends on is open" (issue 15). A dependency names a task
// (`7.3`) or a whole section (`5`: every task of section 5), as the template's dependency column does.
import type { ProjectTask } from './task.ts';

export interface OpenDependency {
  /** What the task depends on, as written: a task id or a section number. */
  dependency: string;
  /** The tasks behind it that are not done. */
  openTasks: Array<Pick<ProjectTask, 'taskId' | 'title' | 'status'>>;
}

/** The tasks a dependency stands for: the task itself and its sub-tasks, or every task of a section. */
export function tasksOfDependency(dependency: string, tasks: readonly ProjectTask[]): ProjectTask[] {
  if (!dependency.includes('.')) return tasks.filter((t) => t.sectionNumber === dependency);
  return tasks.filter((t) => t.taskId === dependency || t.taskId.startsWith(`${dependency}.`));
}

export function openDependencies(task: ProjectTask, tasks: readonly ProjectTask[]): OpenDependency[] {
  const out: OpenDependency[] = [];
  for (const dependency of task.dependsOn) {
    const open = tasksOfDependency(dependency, tasks).filter((t) => t.taskId !== task.taskId && t.status !== 'Valmis');
    if (open.length > 0) out.push({ dependency, openTasks: open.map(({ taskId, title, status }) => ({ taskId, title, status })) });
  }
  return out;
}
