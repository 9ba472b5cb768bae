import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { criticalPath } from './critical-path.ts';
import { readinessOf } from './readiness.ts';
import { applyEdit } from './task-edit.ts';
import type { ProjectTask } from './task.ts';
import { type TaskTemplate, tasksFromTemplate } from './template.ts';
import { dueBefore, type Wave } from './waves.ts';
import { followUpWeeks } from './follow-up.ts';

const template = JSON.parse(readFileSync(new URL('../../../data/toolkit/deployment-tasks.json', import.meta.url), 'utf8')) as TaskTemplate;
const fresh = () => tasksFromTemplate(template);
const byId = (tasks: ProjectTask[], id: string) => tasks.find((t) => t.taskId === id)!;

describe('the national template', () => {
  it('has 15 sections and 176 tasks, all not started', () => {
    const tasks = fresh();
    assert.equal(tasks.length, 176);
    assert.equal(new Set(tasks.map((t) => t.sectionNumber)).size, 15);
    assert.ok(tasks.every((t) => t.status === 'Aloittamatta'));
    assert.deepEqual(byId(tasks, '6.2').dependsOn, ['5']);
  });
});

describe('a task is not done while a dependency is open', () => {
  it('refuses Valmis on 7.4 while section 5 is open, naming the open tasks', () => {
    const tasks = fresh();
    const r = applyEdit(byId(tasks, '7.4'), 'status', 'Valmis', tasks);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.refusal.rule, 'open-dependency');
    assert.match(r.refusal.message, /section 5/);
    assert.ok(r.refusal.open!.includes('5.1'));
  });
  it('allows it once every task of section 5 is done, and then counts it 100 %', () => {
    const tasks = fresh().map((t) => (t.sectionNumber === '5' ? { ...t, status: 'Valmis' as const } : t));
    const r = applyEdit(byId(tasks, '7.4'), 'status', 'Valmis', tasks);
    assert.ok(r.ok && r.task.readiness === 100);
  });
  it('names the field and rule of bad input', () => {
    const t = fresh()[0]!;
    const cases: Array<[Parameters<typeof applyEdit>[1], string, string]> = [
      ['readiness', '120', 'range'],
      ['readiness', 'half', 'number'],
      ['endDay', '31.2.2027', 'day'],
      ['status', 'Done', 'status'],
    ];
    for (const [field, value, rule] of cases) {
      const r = applyEdit(t, field, value, [t]);
      assert.ok(!r.ok && r.refusal.field === field && r.refusal.rule === rule, `${field}=${value}`);
    }
    const late = applyEdit({ ...t, startDay: '2027-02-01' }, 'endDay', '1.1.2027', [t]);
    assert.ok(!late.ok && late.refusal.rule === 'schedule-order');
  });
});

describe('readiness, late tasks and the critical path', () => {
  it('weights readiness by work days', () => {
    const tasks = fresh().filter((t) => t.sectionNumber === '15');
    tasks[0] = { ...tasks[0]!, workDays: 3, status: 'Valmis' };
    tasks[1] = { ...tasks[1]!, workDays: 1, readiness: 0, endDay: '2026-01-01' };
    const r = readinessOf(tasks, '2026-12-01');
    assert.equal(r.overall, 75);
    assert.equal(r.sections[0]!.readiness, 75);
    assert.deepEqual(
      r.late.map((t) => t.taskId),
      [tasks[1]!.taskId],
    );
  });
  it('follows dependencies to the chain that ends last', () => {
    const tasks = fresh().map((t) => {
      const day = (s: string, e: string) => ({ ...t, startDay: s, endDay: e });
      if (t.taskId === '4.3') return day('2027-01-01', '2027-01-20');
      if (t.taskId === '7.3') return day('2027-01-21', '2027-02-10');
      if (t.taskId === '4.5') return day('2027-02-11', '2027-03-01');
      if (t.taskId === '1.1') return day('2027-01-01', '2027-01-05');
      return t;
    });
    // 4.5 depends on 7.3; 7.3 has no listed dependency.
    assert.deepEqual(criticalPath(tasks), ['7.3', '4.5']);
  });
});

describe('waves and follow-up', () => {
  it('lists open tasks due before each milestone of a wave', () => {
    const wave: Wave = {
      id: 'x',
      registrationBy: '2027-01',
      preparationEvent: '2027-02',
      trainings: '2027-04',
      archivingStart: { from: '2027-06', to: '2027-09' },
      provisional: true,
    };
    const tasks = fresh().map((t) =>
      t.taskId === '1.1' ? { ...t, endDay: '2027-01-31' } : t.taskId === '1.2' ? { ...t, endDay: '2027-03-15' } : t,
    );
    const due = dueBefore(wave, tasks);
    assert.deepEqual(
      due.map((d) => [d.milestone.kind, d.milestone.day, d.tasks.map((t) => t.taskId)]),
      [
        ['registration', '2027-01-31', ['1.1']],
        ['preparation-event', '2027-02-01', []],
        ['trainings', '2027-04-01', ['1.2']],
        ['archiving-start', '2027-06-01', []],
      ],
    );
  });
  it('counts archived and refused documents per week against the target', () => {
    const weeks = followUpWeeks(
      '2026-12-02',
      8,
      [
        { day: '2026-12-02', documentType: 'A', serviceUnit: 'U1' },
        { day: '2026-12-03', documentType: 'A', serviceUnit: 'U2' },
        { day: '2026-12-09', documentType: 'B', serviceUnit: 'U1' },
      ],
      [
        {
          day: '2026-12-04',
          reason: 'code-unknown',
          field: 'serviceTask',
          documentType: 'A',
          serviceUnit: 'U2',
          system: 's',
          documentIds: ['d9'],
        },
        { day: '2026-12-05', reason: 'oid', field: 'documentId', system: 's', documentIds: [] },
      ],
      90,
    );
    assert.equal(weeks.length, 8);
    assert.deepEqual(
      [weeks[0]!.from, weeks[0]!.archived, weeks[0]!.refused, weeks[0]!.successPercent, weeks[0]!.meetsTarget],
      ['2026-11-30', 2, 2, 50, false],
    );
    assert.deepEqual(weeks[0]!.refusedByServiceUnit, { U2: 1, '': 1 }, 'refused per unit, unknown as ""');
    assert.deepEqual(weeks[0]!.refusedByDocumentType, { A: 1, '': 1 });
    assert.deepEqual(weeks[0]!.refusedByReason, { 'code-unknown': 1, oid: 1 });
    assert.deepEqual([weeks[1]!.archived, weeks[1]!.meetsTarget, weeks[2]!.successPercent], [1, true, null]);
  });
});
