// The task table: filters, inline editing (htmx posts one cell, the row comes back), the national template,
// and CSV / XLSX import and export.
import { isEditableField, EDITABLE_FIELDS, type EditableField } from '../domain/task-edit.ts';
import { isLate, isTaskStatus, TASK_STATUSES, type ProjectTask } from '../domain/task.ts';
import { finnishDate } from '../domain/test-report.ts';
import { tasksToXlsx } from '../service/task-table-files.ts';
import { CsrfField } from './layout.tsx';
import { BadInput, type Call, intParam, type Kit, projectNav, route } from './kit.tsx';

const COLUMN_KEY: Record<EditableField, Parameters<Call['t']>[0]> = {
  startDay: 'colStart',
  endDay: 'colEnd',
  responsible: 'colResponsible',
  participants: 'colParticipants',
  workDays: 'colWorkDays',
  readiness: 'colReadiness',
  status: 'colStatus',
  notes: 'colNotes',
};

function Cell({ call, projectId, task, field }: { call: Call; projectId: number; task: ProjectTask; field: EditableField }) {
  const label = call.t('fieldOf', { field: call.t(COLUMN_KEY[field]), task: task.taskId });
  const common = {
    name: field,
    'aria-label': label,
    'hx-post': `/projects/${projectId}/tasks/${task.taskId}`,
    'hx-trigger': 'change',
    'hx-target': 'closest tr',
    'hx-swap': 'outerHTML',
  };
  if (field === 'status')
    return (
      <select {...common}>
        {TASK_STATUSES.map((s) => (
          <option value={s} selected={s === task.status}>
            {s}
          </option>
        ))}
      </select>
    );
  // Days as people in Finland type them (1.12.2026; lib/ui/day-input.ts reads that and ISO alike).
  if (field === 'startDay' || field === 'endDay')
    return <input {...common} type="text" inputMode="numeric" size={10} value={task[field] ? finnishDate(task[field]!) : ''} />;
  if (field === 'workDays' || field === 'readiness')
    return (
      <input
        {...common}
        type="number"
        min="0"
        max={field === 'readiness' ? '100' : '10000'}
        step={field === 'workDays' ? '0.5' : '1'}
        value={String(task[field])}
      />
    );
  return <input {...common} type="text" value={task[field]} />;
}

export function TaskRow({
  call,
  projectId,
  task,
  message,
  error,
}: {
  call: Call;
  projectId: number;
  task: ProjectTask;
  message?: string;
  error?: boolean;
}) {
  const late = isLate(task, call.services.today());
  return (
    <tr id={`task-${task.taskId.replaceAll('.', '-')}`} class={late ? 'late' : undefined}>
      <th scope="row">{task.taskId}</th>
      <td class="title">
        {task.parentId ? '↳ ' : ''}
        {task.title}
        {late && <span class="badge bad">{` ${call.t('lateMark')}`}</span>}
        {message && (
          <p role={error ? 'alert' : 'status'} class={error ? 'cell-error' : 'ok'}>
            {message}
          </p>
        )}
      </td>
      <td>{task.dependsOn.join(', ')}</td>
      {EDITABLE_FIELDS.map((f) => (
        <td>
          <Cell call={call} projectId={projectId} task={task} field={f} />
        </td>
      ))}
    </tr>
  );
}

export function taskPages(kit: Kit): void {
  route(kit, {
    method: 'GET',
    url: '/projects/:id/tasks',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const { t, services, query, csrfToken } = call;
      const id = intParam(call.params.id, 'id');
      const project = await services.project(id);
      const all = await services.tasks(id);
      const filter = {
        ...(query.section ? { section: query.section } : {}),
        ...(isTaskStatus(query.status) ? { status: query.status } : {}),
        ...(query.responsible ? { responsible: query.responsible } : {}),
        ...(query.late === '1' ? { late: true } : {}),
      };
      const tasks = await services.tasks(id, filter);
      const sections = [...new Map(all.map((x) => [x.sectionNumber, x.sectionTitle])).entries()];
      return {
        title: t('tasksTitle', { org: project.organisationName }),
        nav: projectNav(t, id),
        body: (
          <>
            {query.imported && (
              <p role="status" class="notice">
                {t('importDone', { n: query.imported })}
              </p>
            )}
            <div class="card">
              <form method="post" action={`/projects/${id}/tasks/template`} class="inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit">{t('loadTemplate')}</button>
              </form>{' '}
              <a href="/template.xlsx" class="button">
                {t('downloadTemplate')}
              </a>{' '}
              <a href={`/projects/${id}/tasks.csv`} class="button">
                {t('exportCsv')}
              </a>{' '}
              <a href={`/projects/${id}/tasks.xlsx`} class="button">
                {t('exportXlsx')}
              </a>
              <form method="post" action={`/projects/${id}/tasks/import`} enctype="multipart/form-data">
                <CsrfField token={csrfToken} />
                <label for="task-file">{t('importFile')}</label>
                <input
                  id="task-file"
                  type="file"
                  name="file"
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  required
                />
                <button type="submit">{t('importButton')}</button>
              </form>
            </div>
            <form method="get" action={`/projects/${id}/tasks`} class="card">
              <h2>{t('filter')}</h2>
              <label for="f-section">{t('section')}</label>
              <select id="f-section" name="section">
                <option value="">{t('allSections')}</option>
                {sections.map(([n, title]) => (
                  <option value={n} selected={query.section === n}>{`${n}. ${title}`}</option>
                ))}
              </select>
              <label for="f-status">{t('colStatus')}</label>
              <select id="f-status" name="status">
                <option value="">{t('allStatuses')}</option>
                {TASK_STATUSES.map((s) => (
                  <option value={s} selected={query.status === s}>
                    {s}
                  </option>
                ))}
              </select>
              <label for="f-responsible">{t('responsible')}</label>
              <input id="f-responsible" name="responsible" value={query.responsible ?? ''} />
              <label>
                <input type="checkbox" name="late" value="1" checked={query.late === '1'} /> {t('onlyLate')}
              </label>
              <button type="submit">{t('applyFilter')}</button>
            </form>
            <p>{t('shown', { n: tasks.length, total: all.length })}</p>
            {all.length === 0 ? (
              <p>{t('noTasksYet')}</p>
            ) : (
              <table class="task-table">
                <thead>
                  <tr>
                    <th scope="col">{t('colId')}</th>
                    <th scope="col">{t('colTask')}</th>
                    <th scope="col">{t('colDepends')}</th>
                    {EDITABLE_FIELDS.map((f) => (
                      <th scope="col">{t(COLUMN_KEY[f])}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((task) => (
                    <TaskRow call={call} projectId={id} task={task} />
                  ))}
                </tbody>
              </table>
            )}
          </>
        ),
      };
    },
  });

  route(kit, {
    method: 'POST',
    url: '/projects/:id/tasks/:taskId',
    roles: ['project-manager'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const taskId = call.params.taskId ?? '';
      const field = Object.keys(call.form).find(isEditableField);
      if (!field) throw new BadInput(`one of ${EDITABLE_FIELDS.join(', ')} is required`);
      const r = await call.services.editTask(id, taskId, field, call.form[field] ?? '');
      if (r.ok) return { fragment: <TaskRow call={call} projectId={id} task={r.task} message={call.t('saved')} /> };
      const stored = (await call.services.tasks(id)).find((x) => x.taskId === taskId)!;
      const message =
        r.refusal.rule === 'open-dependency'
          ? call.t('refusedDone', { task: taskId, open: r.refusal.open!.join(', ') })
          : call.t('editRefused', { message: r.refusal.message });
      return { fragment: <TaskRow call={call} projectId={id} task={stored} message={message} error />, status: 422 };
    },
  });

  route(kit, {
    method: 'POST',
    url: '/projects/:id/tasks/template',
    roles: ['project-manager'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      await call.services.loadTemplate(id);
      return { redirect: `/projects/${id}/tasks` };
    },
  });

  route(kit, {
    method: 'POST',
    url: '/projects/:id/tasks/import',
    roles: ['project-manager'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const body = call.request.body as Record<string, unknown> | undefined;
      const file = body?.file;
      if (!Buffer.isBuffer(file) || file.length === 0) throw new BadInput('file: choose a CSV or XLSX file');
      // An XLSX file is a zip (PK); anything else is read as CSV.
      const kind = file.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv';
      const r = await call.services.importFile(id, file, kind);
      if (r.ok) return { redirect: `/projects/${id}/tasks?imported=${r.tasks.length}` };
      const project = await call.services.project(id);
      return {
        status: 422,
        title: call.t('tasksTitle', { org: project.organisationName }),
        nav: projectNav(call.t, id),
        body: (
          <div role="alert">
            <p>{call.t('importProblems')}</p>
            <ul>
              {r.problems.map((p) => (
                <li>{call.t('importRow', { row: p.row, column: p.column, message: p.message })}</li>
              ))}
            </ul>
            <p>
              <a href={`/projects/${id}/tasks`}>{call.t('navTasks')}</a>
            </p>
          </div>
        ),
      };
    },
  });

  route(kit, {
    method: 'GET',
    url: '/projects/:id/tasks.csv',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      return {
        file: { contentType: 'text/csv; charset=utf-8', data: await call.services.exportCsv(id), fileName: `tehtavataulukko-${id}.csv` },
      };
    },
  });
  route(kit, {
    method: 'GET',
    url: '/projects/:id/tasks.xlsx',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      return {
        file: {
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data: await call.services.exportXlsx(id),
          fileName: `tehtavataulukko-${id}.xlsx`,
        },
      };
    },
  });
  route(kit, {
    method: 'GET',
    url: '/template.xlsx',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => ({
      file: {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data: await tasksToXlsx(call.services.templateTasks()),
        fileName: 'kansallinen-tehtavataulukko.xlsx',
      },
    }),
  });
}
