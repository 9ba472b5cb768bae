// A project's overview: readiness per section and overall, late tasks, the critical path, the timeline,
// readiness over time, and the wave with what is due before each of its dates.
import { formatDate } from '../../lib/ui/i18n.ts';
import { dueBefore } from '../domain/waves.ts';
import { finnishDate } from '../domain/test-report.ts';
import { ReadinessChart, TimelineSvg } from './charts.tsx';
import { CsrfField } from './layout.tsx';
import { intParam, type Kit, projectNav, route } from './kit.tsx';

export function overviewPage(kit: Kit): void {
  route(kit, {
    method: 'GET',
    url: '/projects/:id',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const { t, services, csrfToken, session } = call;
      const id = intParam(call.params.id, 'id');
      const o = await services.overview(id);
      const wave = services.waves.find((w) => w.id === o.project.wave);
      const unscheduled = o.tasks.filter((x) => !x.startDay || !x.endDay).length;
      const titleOf = new Map(o.tasks.map((x) => [x.taskId, x.title]));
      return {
        title: t('overviewTitle', { org: o.project.organisationName }),
        nav: projectNav(t, id),
        body: (
          <>
            {o.tasks.length === 0 && <p class="notice">{t('noTasksYet')}</p>}
            <p class="big" id="overall">
              {t('overall')}: <strong data-readiness={String(o.readiness.overall)}>{`${o.readiness.overall} %`}</strong>
            </p>
            <table id="sections">
              <caption>{t('readiness')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('section')}</th>
                  <th scope="col">{t('readiness')}</th>
                  <th scope="col">{t('tasksCount')}</th>
                  <th scope="col">{t('done')}</th>
                  <th scope="col">{t('late')}</th>
                  <th scope="col">{t('workDays')}</th>
                </tr>
              </thead>
              <tbody>
                {o.readiness.sections.map((s) => (
                  <tr>
                    <th scope="row">{`${s.sectionNumber}. ${s.sectionTitle}`}</th>
                    <td>{`${s.readiness} %`}</td>
                    <td>{s.tasks}</td>
                    <td>{s.done}</td>
                    <td>{s.late}</td>
                    <td>{s.workDays}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>{t('lateTasks')}</h2>
            {o.readiness.late.length === 0 ? (
              <p>{t('noLate')}</p>
            ) : (
              <ul id="late-tasks">
                {o.readiness.late.map((x) => (
                  <li>{`${x.taskId} ${x.title} (${finnishDate(x.endDay!)})`}</li>
                ))}
              </ul>
            )}
            <h2>{t('criticalPath')}</h2>
            {o.criticalPath.length === 0 ? (
              <p>{t('noCriticalPath')}</p>
            ) : (
              <ol id="critical-path">
                {o.criticalPath.map((x) => (
                  <li>{`${x} ${titleOf.get(x) ?? ''}`}</li>
                ))}
              </ol>
            )}
            <h2>{t('timeline')}</h2>
            <p class="muted">{t('unscheduled', { n: unscheduled })}</p>
            <div class="scroll">
              <TimelineSvg
                tasks={o.tasks}
                critical={o.criticalPath}
                today={o.today}
                labels={{
                  title: t('timeline'),
                  description: t('timelineDesc'),
                  today: t('today'),
                  late: t('lateMark'),
                  day: (d) => formatDate(d, call.lang),
                }}
              />
            </div>
            <h2>{t('readinessOverTime')}</h2>
            {o.snapshots.length === 0 ? (
              <p>{t('noSnapshots')}</p>
            ) : (
              <ReadinessChart snapshots={o.snapshots} title={t('readinessOverTime')} />
            )}
            <h2>{t('wave')}</h2>
            {session.role === 'project-manager' && (
              <form method="post" action={`/projects/${id}/wave`}>
                <CsrfField token={csrfToken} />
                <label for="wave">{t('chooseWave')}</label>
                <select id="wave" name="wave">
                  <option value="">{t('noWave')}</option>
                  {services.waves.map((w) => (
                    <option value={w.id} selected={w.id === o.project.wave}>
                      {`${t('waveName', { id: w.id })}${w.provisional ? ` (${t('provisional')})` : ''}`}
                    </option>
                  ))}
                </select>
                <button type="submit">{t('saveWave')}</button>
              </form>
            )}
            <p class="muted">{t('waveSource')}</p>
            {wave && (
              <table id="wave-milestones">
                <caption>{`${t('waveName', { id: wave.id })}${wave.provisional ? ` (${t('provisional')})` : ''}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dueBefore')}</th>
                    <th scope="col">{t('navTasks')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dueBefore(wave, o.tasks).map(({ milestone, tasks }) => (
                    <tr>
                      <th scope="row">{`${t(`milestone-${milestone.kind}`)} ${finnishDate(milestone.day)}`}</th>
                      <td>{tasks.length === 0 ? t('nothingDue') : tasks.map((x) => `${x.taskId} ${x.title}`).join('; ')}</td>
                    </tr>
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
    url: '/projects/:id/wave',
    roles: ['project-manager'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      await call.services.setWave(id, call.form.wave ?? '');
      return { redirect: `/projects/${id}` };
    },
  });
}
