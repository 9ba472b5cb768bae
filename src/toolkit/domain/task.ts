// A task of a joining project's task table (seed 004): the template's fields plus what the project fills in.

export const TASK_STATUSES = ['Aloittamatta', 'Toteutuksessa', 'Valmis'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface ProjectTask {
  /** The template's number: `1.4`, or `1.4.1` for a sub-task. */
  taskId: string;
  position: number;
  sectionNumber: string;
  sectionTitle: string;
  parentId: string | null;
  title: string;
  workPackage: string | null;
  description: string;
  /** Task ids (`7.3`) or whole sections (`5`) that must be done first. */
  dependsOn: string[];
  dependencyText: string | null;
  /** Schedule, ISO days. */
  startDay: string | null;
  endDay: string | null;
  responsible: string;
  participants: string;
  /** Estimated work days: the weight of the task in readiness. */
  workDays: number;
  /** Readiness 0–100 %, as the responsible person estimates it. */
  readiness: number;
  status: TaskStatus;
  notes: string;
}

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** A task's readiness as it counts: a done task is 100 % whatever was typed. */
export function effectiveReadiness(task: Pick<ProjectTask, 'status' | 'readiness'>): number {
  return task.status === 'Valmis' ? 100 : task.readiness;
}

/** Late: its end day has passed and it is not done. */
export function isLate(task: Pick<ProjectTask, 'status' | 'endDay'>, today: string): boolean {
  return task.status !== 'Valmis' && task.endDay !== null && task.endDay < today;
}

/** The section a task id belongs to (`10.2.1` → `10`). */
export function sectionOf(taskId: string): string {
  return taskId.split('.')[0]!;
}
