// One inline edit of a task table cell: the value is checked against the field's rule, and a task is
// refused "Valmis" while a dependency is open — the error names the field, the rule and what is still open.
import { parseDay } from '../../lib/ui/day-input.ts';
import { openDependencies } from './dependencies.ts';
import { isTaskStatus, type ProjectTask } from './task.ts';

export const EDITABLE_FIELDS = ['startDay', 'endDay', 'responsible', 'participants', 'workDays', 'readiness', 'status', 'notes'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export function isEditableField(value: unknown): value is EditableField {
  return typeof value === 'string' && (EDITABLE_FIELDS as readonly string[]).includes(value);
}

export interface EditRefusal {
  field: EditableField;
  rule: 'day' | 'schedule-order' | 'number' | 'range' | 'status' | 'open-dependency' | 'length';
  message: string;
  /** For open-dependency: what is still open, by task id. */
  open?: string[];
}

export type EditResult = { ok: true; task: ProjectTask } | { ok: false; refusal: EditRefusal };

const MAX_TEXT = 2000;

export function applyEdit(task: ProjectTask, field: EditableField, raw: string, tasks: readonly ProjectTask[]): EditResult {
  const value = raw.trim();
  const refuse = (rule: EditRefusal['rule'], message: string, open?: string[]): EditResult => ({
    ok: false,
    refusal: { field, rule, message, ...(open ? { open } : {}) },
  });
  switch (field) {
    case 'startDay':
    case 'endDay': {
      const day = value === '' ? null : parseDay(value);
      if (day === undefined) return refuse('day', `${field}: '${value}' is not a date (1.12.2026 or 2026-12-01)`);
      const next = { ...task, [field]: day };
      if (next.startDay && next.endDay && next.endDay < next.startDay)
        return refuse('schedule-order', `${field}: the end day ${next.endDay} is before the start day ${next.startDay}`);
      return { ok: true, task: next };
    }
    case 'workDays': {
      const n = Number(value.replace(',', '.'));
      if (value === '' || !Number.isFinite(n)) return refuse('number', `workDays: '${value}' is not a number`);
      if (n < 0 || n > 10_000) return refuse('range', 'workDays: must be between 0 and 10000 work days');
      return { ok: true, task: { ...task, workDays: Math.round(n * 10) / 10 } };
    }
    case 'readiness': {
      const n = Number(value.replace('%', '').trim());
      if (value === '' || !Number.isInteger(n)) return refuse('number', `readiness: '${value}' is not a whole percentage`);
      if (n < 0 || n > 100) return refuse('range', 'readiness: must be between 0 and 100 %');
      return { ok: true, task: { ...task, readiness: n } };
    }
    case 'status': {
      if (!isTaskStatus(value)) return refuse('status', `status: '${value}' must be Aloittamatta, Toteutuksessa or Valmis`);
      if (value === 'Valmis') {
        const open = openDependencies(task, tasks);
        if (open.length > 0) {
          const ids = open.flatMap((o) => o.openTasks.map((t) => t.taskId));
          const named = open.map((o) => (o.dependency.includes('.') ? o.dependency : `section ${o.dependency}`)).join(', ');
          return refuse('open-dependency', `status: ${task.taskId} cannot be done while ${named} is open (${ids.join(', ')})`, ids);
        }
        return { ok: true, task: { ...task, status: value, readiness: 100 } };
      }
      return { ok: true, task: { ...task, status: value } };
    }
    case 'responsible':
    case 'participants':
    case 'notes': {
      if (value.length > MAX_TEXT) return refuse('length', `${field}: at most ${MAX_TEXT} characters`);
      return { ok: true, task: { ...task, [field]: value } };
    }
  }
}
