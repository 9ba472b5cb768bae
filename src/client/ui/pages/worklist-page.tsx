// Work lists (työlistat): what waits for the professional — or, for the team lead, for the whole team:
// unfinished drafts, finished documents left unlocked for more than N days, cases without a closing
// document, what waits for the nightly batch or the archive, and the archive's refusals to fix, each with
// the archive's message (in the user's language where the queue item has one) and a link to where to fix it.
import { formatDate } from '../../../lib/ui/i18n.ts';
import type { RefusalView } from '../../domain/refusal.ts';
import type { Lang } from '../../../lib/ui/i18n.ts';
import type { QueueLine, WorkItem } from '../../service/workbench-reads.ts';
import { ALL_ROLES, type WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { workbenchMessages } from '../messages.ts';
import { clientPath } from './common.tsx';

/** The archive's message in the user's language when the refusal carries one per language. */
export function refusalText(line: QueueLine, lang: Lang): string {
  const r = line.refusal;
  if (!r) return '';
  return r.messages?.[lang] ?? r.messages?.fi ?? r.message;
}

/** The refusal as the social worker reads it: what happened, what to do, and the archive's own words. */
function RefusalCell({ explained, fallback, label }: { explained: RefusalView | undefined; fallback: string; label: string }) {
  if (!explained) return <>{fallback}</>;
  return (
    <>
      <strong>{explained.title}</strong>
      <br />
      {explained.fix}
      <br />
      <span class="muted">{`${label}: ${explained.archiveMessage}`}</span>
    </>
  );
}

export function registerWorklistPage(kit: WorkbenchKit, deps: WorkbenchDeps): void {
  kit.route({
    method: 'GET',
    url: '/worklists',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      const lang = call.lang;
      const reads = deps.system.reads;
      // The team lead sees the team's lists; a professional her own documents.
      const mine = call.user.role === 'team-lead' ? undefined : call.user.professionalId;
      const staleBefore = new Date(deps.now().getTime() - deps.staleAfterDays * 86_400_000).toISOString();
      const [drafts, stale, finished, cases, waiting, refused, explained] = await Promise.all([
        reads.documentsInState('draft', mine),
        reads.documentsInState('finished', mine, staleBefore),
        reads.documentsInState('finished', mine),
        reads.openCases(),
        reads.queueItemsIn(['waiting', 'sending', 'retry-wait'], mine),
        reads.queueItemsIn(['refused'], mine),
        deps.system.archiving.archivingErrors(lang),
      ]);
      // The refusal in a social worker's words (its class, what to do, where), the archive's own words beside it.
      const why = new Map(explained.map((e) => [`${e.clientKey}|${e.documentId}`, e.explained]));
      const fixUrl = (w: WorkItem<QueueLine>) => {
        const place = why.get(`${w.clientKey}|${w.item.documentId}`)?.fixAt.kind;
        if (w.item.kind !== 'document') return clientPath(deps, w.clientKey);
        return place === 'archiving-choices' ? `${docLink(w, w.item.documentId)}/archiving` : docLink(w, w.item.documentId);
      };
      const who = (w: WorkItem<unknown>) => `${w.familyName} ${w.givenNames}`;
      const docLink = (w: WorkItem<unknown>, documentId: string) => `${clientPath(deps, w.clientKey)}/documents/${documentId}`;
      const none = <p class="muted">{t('none')}</p>;
      const body = (
        <>
          <p class="muted">{t('worklistsOf', { who: mine ? call.user.name : t('wholeTeam') })}</p>
          <section class="card" id="refused">
            <h2>{`${t('archivingErrors')} (${refused.length})`}</h2>
            {refused.length === 0 ? (
              none
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('client')}</th>
                    <th scope="col">{t('documentTitle')}</th>
                    <th scope="col">{t('archiveMessage')}</th>
                    <th scope="col">{t('fix')}</th>
                  </tr>
                </thead>
                <tbody>
                  {refused.map((w) => (
                    <tr>
                      <td>{who(w)}</td>
                      <td>{w.item.title}</td>
                      <td>
                        <RefusalCell
                          explained={why.get(`${w.clientKey}|${w.item.documentId}`)}
                          fallback={refusalText(w.item, lang)}
                          label={t('archiveMessage')}
                        />
                      </td>
                      <td>
                        <a href={fixUrl(w)}>
                          {why.get(`${w.clientKey}|${w.item.documentId}`)?.where ?? t('fix')}
                          <span class="sr">{`: ${w.item.title}`}</span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section class="card" id="drafts">
            <h2>{`${t('drafts')} (${drafts.length})`}</h2>
            {drafts.length === 0 ? (
              none
            ) : (
              <ul>
                {drafts.map((w) => (
                  <li>
                    <a href={docLink(w, w.item.documentId)}>{w.item.title}</a>
                    {` · ${who(w)} · ${formatDate(w.item.created, lang)}`}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" id="stale">
            <h2>{`${t('oldFinished', { days: deps.staleAfterDays })} (${stale.length})`}</h2>
            {stale.length === 0 ? (
              none
            ) : (
              <ul>
                {stale.map((w) => (
                  <li>
                    <a href={docLink(w, w.item.documentId)}>{w.item.title}</a>
                    {` · ${who(w)} · ${formatDate(w.item.completed, lang)}`}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" id="open-cases">
            <h2>{`${t('openProcesses')} (${cases.length})`}</h2>
            {cases.length === 0 ? (
              none
            ) : (
              <ul>
                {cases.map((w) => (
                  <li>
                    <a href={`${clientPath(deps, w.clientKey)}#case-${w.item.caseId}`}>{w.item.name}</a>
                    {` · ${who(w)} · ${t('opened')} ${formatDate(w.item.opened, lang)}`}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" id="waiting">
            <h2>{`${t('waitingBatch')} (${finished.length + waiting.length})`}</h2>
            {finished.length + waiting.length === 0 ? (
              none
            ) : (
              <ul>
                {finished.map((w) => (
                  <li>
                    <a href={docLink(w, w.item.documentId)}>{w.item.title}</a>
                    {` · ${who(w)} · ${t('state.finished')}`}
                  </li>
                ))}
                {waiting.map((w) => (
                  <li>
                    {w.item.kind === 'document' ? <a href={docLink(w, w.item.documentId)}>{w.item.title}</a> : w.item.title}
                    {` · ${who(w)} · ${t(`queue.${w.item.status}`)}${w.item.attempts > 0 ? ` (${w.item.attempts})` : ''}`}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      );
      return { title: t('worklistsTitle'), body };
    },
  });
}
