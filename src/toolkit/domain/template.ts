// The national task table template (seed 004, parsed into deployment-tasks.json) as the rows a new joining
// project starts with: every section's tasks in order, all "Aloittamatta", one estimated work day each.
import type { ProjectTask } from './task.ts';

export interface TemplateTask {
  id: string;
  parent: string | null;
  title: string;
  workPackage: number | string | null;
  description: string;
  dependsOn: string[];
  dependencyText: string | null;
  note?: string;
}

export interface TaskTemplate {
  id: string;
  name: string;
  source: string;
  sections: Array<{ number: string; title: string; tasks: TemplateTask[] }>;
}

export function tasksFromTemplate(template: TaskTemplate): ProjectTask[] {
  let position = 0;
  return template.sections.flatMap((section) =>
    section.tasks.map((t) => ({
      taskId: t.id,
      position: position++,
      sectionNumber: section.number,
      sectionTitle: section.title,
      parentId: t.parent,
      title: t.title,
      workPackage: t.workPackage === null ? null : String(t.workPackage),
      description: t.description ?? '',
      dependsOn: [...t.dependsOn],
      dependencyText: t.dependencyText,
      startDay: null,
      endDay: null,
      responsible: '',
      participants: '',
      workDays: 1,
      readiness: 0,
      status: 'Aloittamatta' as const,
      notes: t.note ?? '',
    })),
  );
}
