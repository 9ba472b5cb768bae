import type { CitizenLogKind } from '../../service/citizen-log.ts';
import type { ArchivedDocument } from '../../domain/archived-document.ts';
import type { CitizenUse } from '../../domain/citizen-use.ts';
import type { ClientCase, Clienthood } from '../../domain/register.ts';
import type { CitizenDisclosures } from '../../service/citizen-view.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import type { CodeNames } from '../archivist/view-kit.tsx';
import type { CitizenT } from './citizen-texts.ts';
import { logTerms, term } from './log-terms.ts';
import { citizenPaths } from './paths.ts';

// The citizen view's pages. Plain words first, codes never: a client reads these, not an archivist.

type OrgName = (oid: string) => string;

export function HomeView({ t }: { t: CitizenT }) {
  const tiles: Array<[string, string, string]> = [
    [citizenPaths.documents, t('documentsTitle'), t('tileDocuments')],
    [citizenPaths.register, t('registerTitle'), t('tileRegister')],
    [citizenPaths.log, t('logTitle'), t('tileLog')],
    [citizenPaths.disclosures, t('disclosuresTitle'), t('tileDisclosures')],
  ];
  return (
    <>
      <p class="lead">{t('homeIntro')}</p>
      <div class="tiles">
        {tiles.map(([href, title, text]) => (
          <a class="card" href={href}>
            <strong>{title}</strong>
            <br />
            <span class="muted">{text}</span>
          </a>
        ))}
      </div>
    </>
  );
}

export function DocumentsView({
  t,
  lang,
  codes,
  docs,
  more,
  orgName,
}: {
  t: CitizenT;
  lang: Lang;
  codes: CodeNames;
  docs: ArchivedDocument[];
  more: boolean;
  orgName: OrgName;
}) {
  return (
    <>
      <p class="lead">{t('documentsIntro')}</p>
      <section class="card">
        <h2>{t('documentsCount', { n: docs.length })}</h2>
        {more ? <p class="notice">{t('moreDocuments', { n: docs.length })}</p> : null}
        {docs.length === 0 ? (
          <p class="muted" id="no-documents">
            {t('noDocuments')}
          </p>
        ) : (
          <ul class="doc-list" id="my-documents">
            {docs.map((d) => (
              <li data-document-id={d.documentId}>
                <a class="doc-title" href={citizenPaths.document(d.documentId)}>
                  {d.title}
                </a>
                <div class="doc-meta">
                  {formatDate(d.completed, lang)} · {orgName(d.registerKeeper)} · {codes.name('service-tasks', d.serviceTask)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function DocumentView({
  t,
  lang,
  codes,
  doc,
  orgName,
}: {
  t: CitizenT;
  lang: Lang;
  codes: CodeNames;
  doc: ArchivedDocument;
  orgName: OrgName;
}) {
  return (
    <>
      <p>
        <a href={citizenPaths.documents}>← {t('back')}</a>
      </p>
      <section class="card">
        <dl class="facts">
          <dt>{t('date')}</dt>
          <dd>{formatDate(doc.completed, lang)}</dd>
          <dt>{t('type')}</dt>
          <dd>{codes.name('document-types', doc.documentType)}</dd>
          <dt>{t('register')}</dt>
          <dd>{orgName(doc.registerKeeper)}</dd>
          <dt>{t('serviceUnit')}</dt>
          <dd>{orgName(doc.serviceUnit)}</dd>
          <dt>{t('service')}</dt>
          <dd>{codes.name('service-tasks', doc.serviceTask)}</dd>
          {doc.case ? (
            <>
              <dt>{t('caseName')}</dt>
              <dd>{doc.case.name}</dd>
            </>
          ) : null}
          <dt>{t('author')}</dt>
          <dd>{doc.author.name}</dd>
        </dl>
        <p>
          <a class="button" href={citizenPaths.documentBody(doc.documentId)} id="open-body">
            {t('openPdf')}
          </a>
        </p>
      </section>
    </>
  );
}

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
