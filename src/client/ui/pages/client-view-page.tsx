// The client view: clienthoods (three levels, opened and ended here), then service unit → service task → case →
// process phase → documents. Under turvakielto no page shows the contact data.
import type { ClienthoodLevel } from '../../../lib/metadata/metadata.ts';
import { ArkkiError } from '../../../lib/errors.ts';
import { formatDate } from '../../../lib/ui/i18n.ts';
import { shownContactData } from '../../domain/client.ts';
import { PROCESS_PHASES } from '../../domain/process-phase.ts';
import type { WorkbenchCall } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { CsrfField } from '../layout.tsx';
import { workbenchMessages } from '../messages.ts';
import { clientPath, clientRefOf, DayField, isoDay, Notice, taskName, unitName } from './common.tsx';

export const LEVELS: ClienthoodLevel[] = ['social-welfare', 'service-task', 'service-unit'];

export async function clientView(deps: WorkbenchDeps, call: WorkbenchCall) {
  const t = workbenchMessages(call.lang);
  const lang = call.lang;
  const ref = clientRefOf(deps, call.params.handle);
  const reads = deps.system.reads;
  const client = await reads.client(ref);
  if (!client) throw new ArkkiError('not-found', t('notFound'));
  const [clienthoods, cases, documents, items] = await Promise.all([
    reads.clienthoods(ref),
    reads.cases(ref),
    reads.documents(ref),
    reads.queueItems(ref),
  ]);
  const statusOf = new Map(items.map((i) => [i.documentId, i.status]));
  const base = clientPath(deps, ref.clientKey);
  const p = client.population;
  const contact = shownContactData(p);
  const openTasks = clienthoods.filter((c) => c.level === 'service-task' && !c.end);
  const units = [...new Set(cases.map((c) => c.serviceUnit))];
  const today = isoDay(deps.now());
  const taskCodes = deps.codeSets.get('service-tasks')?.entries ?? [];
  const body = (
    <>
      <Notice text={call.query.done ? t(call.query.done === 'locked' ? 'lockedQueued' : 'clientRecorded') : undefined} />
      <section class="card">
        <dl class="facts">
          <dt>{t('clientId')}</dt>
          <dd>{client.clientKey}</dd>
          <dt>{t('contact')}</dt>
          <dd>
            {contact === 'turvakielto' ? (
              <strong class="badge bad">{t('turvakieltoHidden')}</strong>
            ) : (
              [
                contact.address,
                contact.municipality ? (deps.codeSets.display('municipalities', contact.municipality, lang) ?? contact.municipality) : '',
              ]
                .filter(Boolean)
                .join(', ') || '–'
            )}
          </dd>
        </dl>
        <p>
          <a href={`${base}/archive`}>{t('archiveCopies')}</a>
        </p>
      </section>

      <section class="card">
        <h2>{t('clienthoods')}</h2>
        {clienthoods.length === 0 ? (
          <p>{t('noClienthoods')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('level')}</th>
                <th scope="col">{t('serviceTask')}</th>
                <th scope="col">{t('serviceUnit')}</th>
                <th scope="col">{t('start')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {clienthoods.map((c) => (
                <tr>
                  <td>{t(`level.${c.level}`)}</td>
                  <td>{taskName(deps, c.serviceTask, lang)}</td>
                  <td>{unitName(deps, c.serviceUnit, lang)}</td>
                  <td>{formatDate(c.start, lang)}</td>
                  <td>
                    {c.end ? (
                      t('ended', { date: formatDate(c.end, lang) })
                    ) : (
                      <form method="post" action={`${base}/clienthoods/${c.clienthoodId}/close`} class="inline">
                        <CsrfField token={call.csrfToken} />
                        <label for={`end-${c.clienthoodId}`} class="sr">
                          {t('end')}
                        </label>
                        <input type="text" id={`end-${c.clienthoodId}`} name="end" value={formatDate(today, lang)} size={10} />
                        <button type="submit" class="secondary small">
                          {t('closeClienthood')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <details>
          <summary>{t('openClienthood')}</summary>
          <form method="post" action={`${base}/clienthoods`} class="stack">
            <CsrfField token={call.csrfToken} />
            <label for="ch-level">{t('level')}</label>
            <select id="ch-level" name="level">
              {LEVELS.map((l) => (
                <option value={l}>{t(`level.${l}`)}</option>
              ))}
            </select>
            <label for="ch-task">{t('serviceTask')}</label>
            <select id="ch-task" name="serviceTask">
              {taskCodes.map((c) => (
                <option value={c.code} selected={call.user.serviceTasks[0] === c.code}>
                  {c.display[lang] ?? c.display.fi}
                </option>
              ))}
            </select>
            <label for="ch-unit">{t('serviceUnit')}</label>
            <select id="ch-unit" name="serviceUnit">
              {deps.serviceUnits.map((u) => (
                <option value={u.oid}>{u.name[lang] ?? u.name.fi}</option>
              ))}
            </select>
            <DayField name="start" id="ch-start" label={t('start')} value={formatDate(today, lang)} lang={lang} />
            <p>
              <button type="submit">{t('openClienthood')}</button>
            </p>
          </form>
        </details>
      </section>

      {openTasks.length > 0 && (
        <section class="card">
          <h2>{t('openCase')}</h2>
          <form method="post" action={`${base}/cases`} class="stack">
            <CsrfField token={call.csrfToken} />
            <label for="case-name">{t('caseName')}</label>
            <input type="text" id="case-name" name="name" autocomplete="off" />
            <label for="case-task">{t('serviceTask')}</label>
            <select id="case-task" name="serviceTask">
              {[...new Set(openTasks.map((c) => c.serviceTask))].map((code) => (
                <option value={code}>{taskName(deps, code, lang)}</option>
              ))}
            </select>
            <label for="case-unit">{t('serviceUnit')}</label>
            <select id="case-unit" name="serviceUnit">
              {deps.serviceUnits.map((u) => (
                <option value={u.oid} selected={openTasks[0]?.serviceUnit === u.oid}>
                  {u.name[lang] ?? u.name.fi}
                </option>
              ))}
            </select>
            <DayField name="opened" id="case-opened" label={t('opened')} value={formatDate(today, lang)} lang={lang} />
            <p>
              <button type="submit">{t('openCase')}</button>
            </p>
          </form>
        </section>
      )}

      {units.map((unit) => (
        <section class="card unit">
          <h2>{`${t('serviceUnit')}: ${unitName(deps, unit, lang)}`}</h2>
          {[...new Set(cases.filter((c) => c.serviceUnit === unit).map((c) => c.serviceTask))].map((task) => (
            <div class="task">
              <h3>{`${t('serviceTask')}: ${taskName(deps, task, lang)}`}</h3>
              {cases
                .filter((c) => c.serviceUnit === unit && c.serviceTask === task)
                .map((k) => (
                  <article class="case" id={`case-${k.caseId}`}>
                    <h4>
                      {`${t('case')}: ${k.name}`}
                      <span class="muted">{` · ${t('opened')} ${formatDate(k.opened, lang)}${k.closed ? ` · ${t('closed')} ${formatDate(k.closed, lang)}` : ''}`}</span>
                    </h4>
                    <ol class="phases">
                      {PROCESS_PHASES.map((phase) => {
                        const docs = documents.filter((d) => d.caseId === k.caseId && d.processPhase === phase);
                        return (
                          <li class="phase">
                            <span class="phase-name">{t(`phase.${phase}`)}</span>
                            {docs.length > 0 && (
                              <ul class="docs">
                                {docs.map((d) => {
                                  const q = statusOf.get(d.documentId);
                                  return (
                                    <li>
                                      <a href={`${base}/documents/${d.documentId}`}>{d.title}</a>
                                      {d.version > 1 ? ` (${t('version', { n: d.version })})` : ''}{' '}
                                      <span class={`badge ${d.state === 'locked' ? 'ok' : d.state === 'finished' ? 'warn' : 'muted'}`}>
                                        {t(`state.${d.state}`)}
                                      </span>{' '}
                                      {q && (
                                        <span class={`badge ${q === 'refused' ? 'bad' : q === 'archived' ? 'ok' : 'muted'}`}>
                                          {t(`queue.${q}`)}
                                        </span>
                                      )}
                                    </li>
                                  );
                                })}
                              </ul>
                            )}
                            {!k.closed && (
                              <a class="small" href={`${base}/cases/${k.caseId}/new?phase=${phase}`}>
                                {`${t('newDocument')}`}
                                <span class="sr">{` – ${t(`phase.${phase}`)}`}</span>
                              </a>
                            )}
                          </li>
                        );
                      })}
                    </ol>
                    {!k.closed && (
                      <form method="post" action={`${base}/cases/${k.caseId}/close`} class="inline">
                        <CsrfField token={call.csrfToken} />
                        <label for={`closed-${k.caseId}`}>{t('closed')}</label>
                        <input type="text" id={`closed-${k.caseId}`} name="closed" value={formatDate(today, lang)} size={10} />
                        <button type="submit" class="secondary small">
                          {t('closeCase')}
                        </button>
                      </form>
                    )}
                  </article>
                ))}
            </div>
          ))}
        </section>
      ))}
      {cases.length === 0 && openTasks.length > 0 && <p class="muted">{t('noCases')}</p>}
    </>
  );
  return { title: t('clientTitle', { name: `${p.familyName} ${p.givenNames}` }), body };
}
