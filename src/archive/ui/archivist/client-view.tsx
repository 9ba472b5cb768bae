import type { ClientSummary, SummaryClienthood } from '../../domain/summary.ts';
import type { Person } from '../../domain/person.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import type { ArchivistT } from './archivist-texts.ts';
import { archivistPaths } from './paths.ts';
import type { CodeNames } from './view-kit.tsx';

export interface ClientViewProps {
  t: ArchivistT;
  lang: Lang;
  codes: CodeNames;
  person: Person | null;
  summary: ClientSummary;
  orgName: (oid: string) => string;
}

function levelText(t: ArchivistT, level: string): string {
  return level === 'social-welfare' ? t('levelSocialWelfare') : level === 'service-task' ? t('levelServiceTask') : t('levelServiceUnit');
}

function Clienthoods({
  t,
  lang,
  list,
  orgName,
}: {
  t: ArchivistT;
  lang: Lang;
  list: SummaryClienthood[];
  orgName: (oid: string) => string;
}) {
  if (list.length === 0) return <p class="muted">{t('noneRecorded')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('level')}</th>
          <th>{t('serviceUnit')}</th>
          <th>{t('start')}</th>
          <th>{t('end')}</th>
          <th>{t('status')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((c) => (
          <tr>
            <td>
              <a href={archivistPaths.document(c.documentId)}>{levelText(t, c.level)}</a>
            </td>
            <td>{c.serviceUnit ? orgName(c.serviceUnit) : '—'}</td>
            <td>{formatDate(c.start, lang)}</td>
            <td>{c.end ? formatDate(c.end, lang) : '—'}</td>
            <td>
              <span class={`badge ${c.active ? 'ok' : 'muted'}`}>{c.active ? t('active') : t('ended')}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The register view of one client in the archivist's own register: clienthoods, cases, latest documents. */
export function ClientView({ t, lang, codes, person, summary, orgName }: ClientViewProps) {
  return (
    <>
      <section class="card">
        <h2>{t('person')}</h2>
        <dl class="facts">
          <dt>{t('clientShort')}</dt>
          <dd>{summary.clientKey}</dd>
          {person ? (
            <>
              <dt>{t('person')}</dt>
              <dd>{[person.familyName, person.givenNames].filter(Boolean).join(', ') || '—'}</dd>
            </>
          ) : null}
          {person?.birthDate ? (
            <>
              <dt>{t('birthDate')}</dt>
              <dd>{formatDate(person.birthDate, lang)}</dd>
            </>
          ) : null}
          <dt>{t('registerOf')}</dt>
          <dd>{orgName(summary.registerKeeperOid)}</dd>
        </dl>
        {person?.turvakielto ? (
          <p class="notice warn" id="turvakielto">
            <span class="badge warn">turvakielto</span> {t('turvakielto')}
          </p>
        ) : null}
      </section>
      <section class="card">
        <h2>{t('socialWelfareTitle')}</h2>
        <Clienthoods t={t} lang={lang} list={summary.socialWelfareClienthoods} orgName={orgName} />
      </section>
      {summary.serviceTasks.map((task) => (
        <section class="card" data-service-task={task.serviceTask}>
          <h2>{codes.name('service-tasks', task.serviceTask)}</h2>
          <h3>{t('clienthoods')}</h3>
          <Clienthoods t={t} lang={lang} list={task.clienthoods} orgName={orgName} />
          <h3>{t('cases')}</h3>
          {task.cases.length === 0 ? (
            <p class="muted">{t('noneRecorded')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('caseName')}</th>
                  <th>{t('opened')}</th>
                  <th>{t('closed')}</th>
                  <th>{t('documents')}</th>
                </tr>
              </thead>
              <tbody>
                {task.cases.map((c) => (
                  <tr>
                    <td>
                      {c.name} <span class={`badge ${c.open ? 'ok' : 'muted'}`}>{c.open ? t('open') : t('ended')}</span>
                    </td>
                    <td>{formatDate(c.opened, lang)}</td>
                    <td>{c.closed ? formatDate(c.closed, lang) : '—'}</td>
                    <td>{c.documentCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('latestDocuments')}</h3>
          {task.phases.length === 0 ? (
            <p class="muted">{t('noneRecorded')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('processPhase')}</th>
                  <th>{t('docTitle')}</th>
                  <th>{t('completed')}</th>
                  <th>{t('author')}</th>
                </tr>
              </thead>
              <tbody>
                {task.phases.flatMap((p) =>
                  p.latest.map((d, i) => (
                    <tr>
                      <td>{i === 0 ? `${codes.name('process-phases', p.phase)} (${p.documentCount})` : ''}</td>
                      <td>
                        <a href={archivistPaths.document(d.documentId)}>{d.title}</a>
                      </td>
                      <td>{formatDate(d.completed, lang)}</td>
                      <td>{d.author}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  );
}
