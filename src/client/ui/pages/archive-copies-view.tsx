// The archive copies page's parts: the access the archive granted (or its refusal, as it said it), the
// summary by service task, the archived documents, and the form for stating a special reason. Everything
// here is the archive's data, marked as archive copies; nothing is the client system's own record.
import type { Lang } from '../../../lib/ui/i18n.ts';
import { formatDate } from '../../../lib/ui/i18n.ts';
import type { WorkbenchCall } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import type { ArchiveAccess, ArchiveCopies } from '../../service/read-back.ts';
import { CsrfField } from '../layout.tsx';
import { workbenchMessages } from '../messages.ts';
import { taskName } from './common.tsx';

type T = ReturnType<typeof workbenchMessages>;

/** The archive's read refusals a professional meets, said in her language; any other rule gets the general line. */
const READ_REFUSALS = new Set([
  'no-client-relation',
  'service-task-not-in-role',
  'other-register-keeper',
  'disclosure-denied',
  'special-reason-in-force',
]);

export function AccessPanel({ t, lang, deps, access }: { t: T; lang: Lang; deps: WorkbenchDeps; access: ArchiveAccess }) {
  if (access.basis === 'denied')
    return (
      <section class="notice bad" id="archive-access" role="alert">
        <h2>{t('accessDeniedTitle')}</h2>
        <p>{t(READ_REFUSALS.has(access.rule) ? (`readRefusal.${access.rule}` as 'readRefusal.other') : 'readRefusal.other')}</p>
        <details>
          <summary>{t('readRefusal.technical')}</summary>
          <p class="muted">
            {t('accessRule', { rule: access.rule })}: <span lang="en">{access.message}</span>
          </p>
        </details>
      </section>
    );
  if (access.basis === 'special-reason') {
    const reason = deps.codeSets.display('special-reasons', access.reasonCode, lang) ?? access.reasonCode;
    return (
      <section class="notice warn" id="archive-access">
        <h2>{t('accessTitle')}</h2>
        <p>
          {t('accessSpecialReason', { reason, task: taskName(deps, access.serviceTask, lang) })}
          {access.validUntil ? ` ${t('accessValidUntil', { until: formatDate(access.validUntil, lang, true) })}` : ''}
        </p>
      </section>
    );
  }
  return (
    <section class="notice" id="archive-access">
      <h2>{t('accessTitle')}</h2>
      <p>{t('accessClientRelation')}</p>
    </section>
  );
}

export function SummarySections({
  t,
  lang,
  deps,
  copies,
  base,
}: {
  t: T;
  lang: Lang;
  deps: WorkbenchDeps;
  copies: ArchiveCopies;
  base: string;
}) {
  const tasks = copies.summary?.serviceTasks ?? [];
  if (tasks.length === 0) return <p class="muted">{t('none')}</p>;
  return (
    <>
      {tasks.map((task) => (
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
    </>
  );
}

/** Every archived document the archive returned (all versions it lists), with its status. */
export function ArchivedDocuments({ t, lang, copies, base }: { t: T; lang: Lang; copies: ArchiveCopies; base: string }) {
  if (copies.documents.length === 0) return null;
  return (
    <section class="card archive-copy" id="archived-documents">
      <h2>{t('archivedDocumentsTitle', { count: copies.documents.length })}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('documentTitle')}</th>
            <th scope="col">{t('date')}</th>
            <th scope="col">{t('archivedStatus')}</th>
            <th scope="col">{t('archiveCopy')}</th>
          </tr>
        </thead>
        <tbody>
          {copies.documents.map((d) => (
            <tr>
              <td>{`${d.title}${d.version && d.version !== '1' ? ` (${t('version', { n: d.version })})` : ''}`}</td>
              <td>{d.completed ? formatDate(d.completed, lang) : '–'}</td>
              <td>{d.status === 'entered-in-error' ? <span class="badge bad">{t('archivedInvalidated')}</span> : t('archivedCurrent')}</td>
              <td>
                {/^[0-9.]{3,200}$/.test(d.documentId) ? (
                  <a href={`${base}/archive/${d.documentId}`}>
                    {t('openCopy')}
                    <span class="sr">{`: ${d.title}`}</span>
                  </a>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Stating a special reason (erityinen syy): the archive decides whether it allows it, records the reason and
 * the comment in its usage log, and the grant lasts until the end of the working day.
 */
export function SpecialReasonForm({
  call,
  deps,
  action,
  open,
}: {
  call: WorkbenchCall;
  deps: WorkbenchDeps;
  action: string;
  open: boolean;
}) {
  const t = workbenchMessages(call.lang);
  const tasks = deps.codeSets.get('service-tasks')?.entries ?? [];
  const reasons = deps.codeSets.get('special-reasons')?.entries ?? [];
  const label = (e: { display: { fi: string; sv?: string; en?: string } }) => e.display[call.lang] ?? e.display.fi;
  return (
    <details class="card" id="special-reason" open={open}>
      <summary>{t('specialReasonTitle')}</summary>
      <form method="post" action={action} class="stack">
        <CsrfField token={call.csrfToken} />
        <p class="hint">{t('specialReasonIntro')}</p>
        <label for="sr-task">{t('serviceTask')}</label>
        <select id="sr-task" name="serviceTask" required>
          {tasks.map((e) => (
            <option value={e.code}>{label(e)}</option>
          ))}
        </select>
        <label for="sr-reason">{t('specialReasonCode')}</label>
        <select id="sr-reason" name="reasonCode" required>
          {reasons.map((e) => (
            <option value={e.code}>{label(e)}</option>
          ))}
        </select>
        <label for="sr-comment">{t('specialReasonComment')}</label>
        <span class="hint" id="sr-comment-hint">
          {t('specialReasonCommentHint')}
        </span>
        <textarea id="sr-comment" name="comment" rows={3} required aria-describedby="sr-comment-hint" />
        <p>
          <button type="submit">{t('specialReasonSubmit')}</button>
        </p>
      </form>
    </details>
  );
}
