// From the archive back: the client's summary (kooste) and the archived documents, fetched from the
// national archive through its public API (lib/archive-api) as the signed-in professional, every line
// marked as an archive copy. The archive decides the access; what it refuses is said as it said it.
import { patientIdOf } from '../../../lib/archive-api/index.ts';
import type { ClientSummary } from '../../../lib/archive-api/index.ts';
import { ArkkiError } from '../../../lib/errors.ts';
import { formatDate } from '../../../lib/ui/i18n.ts';
import { ALL_ROLES, type WorkbenchCall, type WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { workbenchMessages } from '../messages.ts';
import { clientPath, clientRefOf, taskName } from './common.tsx';

/** The archive client acting for the signed-in professional (demo mode: the archive's demo user of the same person). */
function archiveFor(deps: WorkbenchDeps, call: WorkbenchCall) {
  if (deps.mode !== 'demo' || !call.user.archiveUserId) return undefined;
  return deps.system.archive.asDemoUser(call.user.archiveUserId);
}

export function registerArchiveCopiesPage(kit: WorkbenchKit, deps: WorkbenchDeps): void {
  kit.route({
    method: 'GET',
    url: '/clients/:handle/archive',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      const lang = call.lang;
      const ref = clientRefOf(deps, call.params.handle);
      const client = await deps.system.reads.client(ref);
      if (!client) throw new ArkkiError('not-found', t('notFound'));
      const base = clientPath(deps, ref.clientKey);
      const title = t('archiveCopiesTitle', { name: `${client.population.familyName} ${client.population.givenNames}` });
      const archive = archiveFor(deps, call);
      if (!archive) return { title, body: <p class="notice warn">{t('archiveNoAccess')}</p> };
      let summary: ClientSummary;
      try {
        summary = await archive.patients.summary(patientIdOf(ref.clientKey));
      } catch (err) {
        return { title, body: <p class="notice bad">{t('archiveUnavailable', { reason: (err as Error).message })}</p> };
      }
      const body = (
        <>
          <p class="notice warn">
            <strong class="badge warn">{t('archiveCopy')}</strong> {t('archiveCopiesIntro')}
          </p>
          {summary.serviceTasks.map((task) => (
            <section class="card archive-copy">
              <h2>{`${t('serviceTask')}: ${taskName(deps, task.serviceTask, lang)}`}</h2>
              {task.cases.length > 0 && (
                <>
                  <h3>{t('cases')}</h3>
                  <ul>
                    {task.cases.map((c) => (
                      <li>{`${c.name} · ${t('opened')} ${formatDate(c.opened, lang)}${c.closed ? ` · ${t('closed')} ${formatDate(c.closed, lang)}` : ''}`}</li>
                    ))}
                  </ul>
                </>
              )}
              {task.phases.map((p) => (
                <>
                  <h3>{`${t(`phase.${p.phase}` as 'phase.arviointi')} · ${t('documentsInPhase', { count: p.documentCount })}`}</h3>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('documentTitle')}</th>
                        <th scope="col">{t('date')}</th>
                        <th scope="col">{t('author')}</th>
                        <th scope="col">{t('archiveCopy')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.latest.map((d) => (
                        <tr>
                          <td>{`${d.title}${d.version > 1 ? ` (${t('version', { n: d.version })})` : ''}`}</td>
                          <td>{formatDate(d.completed, lang)}</td>
                          <td>{d.author}</td>
                          <td>
                            <a href={`${base}/archive/${d.documentId}`}>
                              {t('openCopy')}
                              <span class="sr">{`: ${d.title}`}</span>
                            </a>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              ))}
            </section>
          ))}
          {summary.serviceTasks.length === 0 && <p class="muted">{t('none')}</p>}
          <p>
            <a href={base}>{t('backToClient')}</a>
          </p>
        </>
      );
      return { title, body };
    },
  });

  kit.route({
    method: 'GET',
    url: '/clients/:handle/archive/:documentId',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      clientRefOf(deps, call.params.handle);
      const archive = archiveFor(deps, call);
      if (!archive) throw new ArkkiError('forbidden', t('archiveNoAccess'));
      const id = call.params.documentId!;
      if (!/^[0-9.]{3,200}$/.test(id)) throw new ArkkiError('not-found', t('notFound'));
      const body = await archive.documents.body(`Binary/${id}`);
      return { file: { contentType: body.contentType, data: body.data, fileName: `arkistokopio-${id}.xml` } };
    },
  });
}
