// The list of joining projects and opening one for an organisation of the organisation register.
import { CsrfField } from './layout.tsx';
import { type Kit, route, toolkitNav } from './kit.tsx';

export function projectPages(kit: Kit): void {
  route(kit, {
    method: 'GET',
    url: '/projects',
    roles: ['project-manager', 'archivist'],
    handler: async ({ t, services, csrfToken, session }) => {
      const [projects, organisations] = await Promise.all([services.projects(), services.organisations()]);
      return {
        title: t('projectsTitle'),
        nav: toolkitNav(t),
        body: (
          <>
            {projects.length === 0 ? (
              <p>{t('projectsNone')}</p>
            ) : (
              <ul>
                {projects.map((p) => (
                  <li>
                    <a href={`/projects/${p.id}`}>{p.organisationName}</a> <span class="muted">{p.organisationOid}</span>
                  </li>
                ))}
              </ul>
            )}
            {session.role === 'project-manager' && (
              <form method="post" action="/projects" class="card">
                <h2>{t('openProject')}</h2>
                <CsrfField token={csrfToken} />
                <label for="organisation">{t('organisation')}</label>
                <select id="organisation" name="organisation" required>
                  {organisations.map((o) => (
                    <option value={o.oid}>{`${o.name} (${o.oid})`}</option>
                  ))}
                </select>
                <button type="submit">{t('openProjectButton')}</button>
              </form>
            )}
          </>
        ),
      };
    },
  });
  route(kit, {
    method: 'POST',
    url: '/projects',
    roles: ['project-manager'],
    handler: async ({ form, services }) => {
      const p = await services.openProject(form.organisation ?? '');
      return { redirect: `/projects/${p.id}/tasks` };
    },
  });
}
