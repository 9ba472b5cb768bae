import type { CitizenLogKind } from '../../service/citizen-log.ts';
import type { CitizenUse } from '../../domain/citizen-use.ts';
import type { CitizenDisclosures } from '../../service/citizen-view.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import type { CodeNames } from '../archivist/view-kit.tsx';
import type { CitizenT } from './citizen-texts.ts';
import { logTerms, term } from './log-terms.ts';
import { citizenPaths } from './paths.ts';

// The citizen's log pages: who used the client's data and to whom it was disclosed.

type OrgName = (oid: string) => string;

function UsesTable({ t, lang, uses }: { t: CitizenT; lang: Lang; uses: CitizenUse[] }) {
  const terms = logTerms(lang);
  return (
    <table id="uses">
      <thead>
        <tr>
          <th>{t('date')}</th>
          <th>{t('organisation')}</th>
          <th>{t('who')}</th>
          <th>{t('what')}</th>
          <th>{t('basis')}</th>
          <th>{t('reference')}</th>
        </tr>
      </thead>
      <tbody>
        {uses.map((u) => (
          <tr data-use-id={u.id} data-action={u.action}>
            <td class="nowrap">{formatDate(u.at, lang, true)}</td>
            <td>
              {u.organisation.name}
              {u.serviceUnit ? <span class="hint">{u.serviceUnit.name}</span> : null}
              {u.registerKeeper.oid !== u.organisation.oid ? (
                <span class="hint">
                  {t('register')}: {u.registerKeeper.name}
                </span>
              ) : null}
            </td>
            <td>
              {term(terms, 'role', u.role)}
              {u.professionalName ? <span class="hint">{u.professionalName}</span> : null}
            </td>
            <td>{term(terms, 'action', u.action)}</td>
            <td>
              {term(terms, 'basis', u.basis.kind)}
              {u.basis.kind === 'disclosure' || u.basis.kind === 'special-reason' ? (
                <>
                  {' '}
                  <span class="badge warn">{u.basis.kind === 'disclosure' ? t('disclosuresTitle') : '!'}</span>
                </>
              ) : null}
            </td>
            <td class="nowrap">#{u.id}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LogView({
  t,
  lang,
  uses,
  total,
  page,
  pageSize,
  kind,
}: {
  t: CitizenT;
  lang: Lang;
  uses: CitizenUse[];
  total: number;
  page: number;
  pageSize: number;
  kind: CitizenLogKind;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number) => `${citizenPaths.log}?kind=${kind}&page=${p}`;
  return (
    <>
      <p class="lead">{t('logIntro')}</p>
      {/* Storing rows (a client system archiving) would bury who has looked: they are a choice of their own. */}
      <form method="get" action={citizenPaths.log} class="card inline" id="log-filter">
        <div>
          <label for="f-kind">{t('logKind')}</label>
          <select name="kind" id="f-kind">
            {(['looked', 'stored', 'all'] as const).map((k) => (
              <option value={k} selected={k === kind}>
                {t(`logKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('logFilter')}</button>
      </form>
      <section class="card">
        <p class="muted" id="uses-count">
          {t('logCount', { n: total })}
        </p>
        {uses.length === 0 ? (
          <p class="muted" id="no-uses">
            {t('logEmpty')}
          </p>
        ) : (
          <UsesTable t={t} lang={lang} uses={uses} />
        )}
        {pages > 1 ? (
          <p class="pager" id="uses-pager">
            {page > 1 ? (
              <a class="button secondary" href={link(page - 1)} rel="prev">
                {t('previous')}
              </a>
            ) : null}
            <span class="muted">
              {t('page', { page })} / {pages}
            </span>
            {page < pages ? (
              <a class="button secondary" href={link(page + 1)} rel="next">
                {t('next')}
              </a>
            ) : null}
          </p>
        ) : null}
      </section>
    </>
  );
}

export function DisclosuresView({
  t,
  lang,
  codes,
  data,
  orgName,
}: {
  t: CitizenT;
  lang: Lang;
  codes: CodeNames;
  data: CitizenDisclosures;
  orgName: OrgName;
}) {
  const scope = (r: { serviceTasks: string[]; documentIds: string[] }) =>
    [
      ...(r.serviceTasks.includes('*') ? [t('allServices')] : r.serviceTasks.map((s) => codes.name('service-tasks', s))),
      ...(r.documentIds.length ? [t('documentsN', { n: r.documentIds.length })] : []),
    ].join(', ');
  return (
    <>
      <p class="lead">{t('disclosuresIntro')}</p>
      <section class="card" id="rules">
        <h2>{t('rulesTitle')}</h2>
        <p class="muted">{t('rulesIntro')}</p>
        {data.rules.length === 0 ? (
          <p class="muted" id="no-rules">
            {t('noRules')}
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('kind')}</th>
                <th>{t('register')}</th>
                <th>{t('recipient')}</th>
                <th>{t('scope')}</th>
                <th>{t('valid')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rules.map((r) => (
                <tr data-kind={r.kind}>
                  <td>
                    <span class={`badge ${r.kind === 'denial' ? 'bad' : 'ok'}`}>{t(`kind.${r.kind}` as 'kind.consent')}</span>
                  </td>
                  <td>{orgName(r.registerKeeperOid)}</td>
                  <td>{r.recipientOid ? orgName(r.recipientOid) : t('allRecipients')}</td>
                  <td>{scope(r)}</td>
                  <td class="nowrap">
                    {formatDate(r.validFrom, lang)} – {r.validUntil ? formatDate(r.validUntil, lang) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" id="disclosures">
        <h2>{t('logTitle2')}</h2>
        {data.disclosures.length === 0 ? (
          <p class="muted" id="no-disclosures">
            {t('noDisclosures')}
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('date')}</th>
                <th>{t('register')}</th>
                <th>{t('disclosedTo')}</th>
                <th>{t('what2')}</th>
                <th>{t('basis')}</th>
                <th>{t('reference')}</th>
              </tr>
            </thead>
            <tbody>
              {data.disclosures.map((d) => (
                <tr>
                  <td class="nowrap">{formatDate(d.at, lang, true)}</td>
                  <td>{orgName(d.registerKeeperOid)}</td>
                  <td>{orgName(d.recipientOrganisationOid)}</td>
                  <td>{t('documentsN', { n: d.documentIds.length })}</td>
                  <td>{t(`basis.${d.basisKind}` as 'basis.consent')}</td>
                  <td class="nowrap">#{d.id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
