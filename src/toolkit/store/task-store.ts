// A project's task table rows.
import type { Queryable } from '../../lib/db/db.ts';
import type { ProjectTask, TaskStatus } from '../domain/task.ts';

interface Row {
  task_id: string;
  position: number;
  section_number: string;
  section_title: string;
  parent_id: string | null;
  title: string;
  work_package: string | null;
  description: string;
  depends_on: string[] | string;
  dependency_text: string | null;
  start_day: string | Date | null;
  end_day: string | Date | null;
  responsible: string;
  participants: string;
  work_days: string | number;
  readiness: number;
  status: TaskStatus;
  notes: string;
}

const day = (v: string | Date | null): string | null =>
  v === null
    ? null
    : v instanceof Date
      ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`
      : v.slice(0, 10);

const toTask = (r: Row): ProjectTask => ({
  taskId: r.task_id,
  position: r.position,
  sectionNumber: r.section_number,
  sectionTitle: r.section_title,
  parentId: r.parent_id,
  title: r.title,
  workPackage: r.work_package,
  description: r.description,
  dependsOn: typeof r.depends_on === 'string' ? (JSON.parse(r.depends_on) as string[]) : r.depends_on,
  dependencyText: r.dependency_text,
  startDay: day(r.start_day),
  endDay: day(r.end_day),
  responsible: r.responsible,
  participants: r.participants,
  workDays: Number(r.work_days),
  readiness: r.readiness,
  status: r.status,
  notes: r.notes,
});

// Dates travel as text both ways, so neither driver shifts them by a time zone.
const COLUMNS = `task_id, position, section_number, section_title, parent_id, title, work_package, description, depends_on,
  dependency_text, to_char(start_day, 'YYYY-MM-DD') AS start_day, to_char(end_day, 'YYYY-MM-DD') AS end_day, responsible,
  participants, work_days, readiness, status, notes`;

export async function listTasks(db: Queryable, projectId: number): Promise<ProjectTask[]> {
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM project_task WHERE project_id = $1 ORDER BY position`, [projectId])).rows.map(toTask);
}

export async function getTask(db: Queryable, projectId: number, taskId: string): Promise<ProjectTask | undefined> {
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM project_task WHERE project_id = $1 AND task_id = $2`, [projectId, taskId]);
  return r.rows[0] && toTask(r.rows[0]);
}

/** Inserts or replaces rows by task id (an import or the template); rows not given stay as they are. */
export async function upsertTasks(db: Queryable, projectId: number, tasks: readonly ProjectTask[]): Promise<void> {
  for (const t of tasks) {
    await db.query(
      `INSERT INTO project_task (project_id, task_id, position, section_number, section_title, parent_id, title, work_package,
         description, depends_on, dependency_text, start_day, end_day, responsible, participants, work_days, readiness, status, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12::date, $13::date, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (project_id, task_id) DO UPDATE SET position = EXCLUDED.position, section_number = EXCLUDED.section_number,
         section_title = EXCLUDED.section_title, parent_id = EXCLUDED.parent_id, title = EXCLUDED.title,
         work_package = EXCLUDED.work_package, description = EXCLUDED.description, depends_on = EXCLUDED.depends_on,
         dependency_text = EXCLUDED.dependency_text, start_day = EXCLUDED.start_day, end_day = EXCLUDED.end_day,
         responsible = EXCLUDED.responsible, participants = EXCLUDED.participants, work_days = EXCLUDED.work_days,
         readiness = EXCLUDED.readiness, status = EXCLUDED.status, notes = EXCLUDED.notes, updated_at = now()`,
      [
        projectId,
        t.taskId,
        t.position,
        t.sectionNumber,
        t.sectionTitle,
        t.parentId,
        t.title,
        t.workPackage,
        t.description,
        JSON.stringify(t.dependsOn),
        t.dependencyText,
        t.startDay,
        t.endDay,
        t.responsible,
        t.participants,
        t.workDays,
        t.readiness,
        t.status,
        t.notes,
      ],
    );
  }
}
