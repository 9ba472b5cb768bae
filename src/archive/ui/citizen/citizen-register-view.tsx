import type { ClientCase, Clienthood } from '../../domain/register.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import type { CodeNames } from '../archivist/view-kit.tsx';
import type { CitizenT } from './citizen-texts.ts';

// The citizen's register view: clienthoods and cases in plain words, codes never.

type OrgName = (oid: string) => string;

function levelText(t: CitizenT, level: string): string {
  return level === 'social-welfare' ? t('levelSocialWelfare') : level === 'service-task' ? t('levelServiceTask') : t('levelServiceUnit');
}

export function RegisterView({
  t,
  lang,
  codes,
  clienthoods,
  cases,
  orgName,
  today,
}: {
  t: CitizenT;
  lang: Lang;
  codes: CodeNames;
  clienthoods: Clienthood[];
  cases: ClientCase[];
  orgName: OrgName;
  today: string;
}) {
  return (
    <>
      <p class="lead">{t('registerIntro')}</p>
      <section class="card" id="clienthoods">
        <h2>{t('clienthoods')}</h2>
        {clienthoods.length === 0 ? (
          <p class="muted">{t('noClienthoods')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('clienthoods')}</th>
                <th>{t('register')}</th>
                <th>{t('service')}</th>
                <th>{t('from')}</th>
                <th>{t('to')}</th>
              </tr>
            </thead>
            <tbody>
              {clienthoods.map((c) => {
                const ongoing = c.end === null || c.end >= today;
                return (
                  <tr>
                    <td>
                      {levelText(t, c.level)}
                      {c.serviceUnit ? <span class="hint">{orgName(c.serviceUnit)}</span> : null}
                    </td>
                    <td>{orgName(c.registerKeeperOid)}</td>
                    <td>{c.serviceTask ? codes.name('service-tasks', c.serviceTask) : '—'}</td>
                    <td class="nowrap">{formatDate(c.start, lang)}</td>
                    <td>
                      {c.end ? formatDate(c.end, lang) : ''}{' '}
                      <span class={`badge ${ongoing ? 'ok' : 'muted'}`}>{ongoing ? t('ongoing') : t('ended')}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" id="cases">
        <h2>{t('cases')}</h2>
        {cases.length === 0 ? (
          <p class="muted">{t('noCases')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('caseName')}</th>
                <th>{t('register')}</th>
                <th>{t('service')}</th>
                <th>{t('from')}</th>
                <th>{t('to')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => {
                const open = c.closed === null || c.closed >= today;
                return (
                  <tr>
                    <td>{c.name}</td>
                    <td>{orgName(c.registerKeeperOid)}</td>
                    <td>{codes.name('service-tasks', c.serviceTask)}</td>
                    <td class="nowrap">{formatDate(c.opened, lang)}</td>
                    <td>
                      {c.closed ? formatDate(c.closed, lang) : ''}{' '}
                      <span class={`badge ${open ? 'ok' : 'muted'}`}>{open ? t('caseOpen') : t('caseClosed')}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
