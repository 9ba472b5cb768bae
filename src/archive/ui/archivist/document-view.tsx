import type { ComponentChildren } from 'preact';
import type { Issue } from '../../../lib/errors.ts';
import { MIN_INVALIDATION_REASON } from '../../domain/lifecycle.ts';
import type { ArchivedDocument } from '../../domain/archived-document.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import { CsrfField } from '../layout.tsx';
import type { ArchivistT } from './archivist-texts.ts';
import { archivistPaths } from './paths.ts';
import { IssueList, StatusBadge, type CodeNames } from './view-kit.tsx';

export interface DocumentViewProps {
  t: ArchivistT;
  lang: Lang;
  codes: CodeNames;
  doc: ArchivedDocument;
  /** Every version of the set, newest first. */
  history: ArchivedDocument[];
  /** Organisation register names by OID, for the register keeper, provider and unit. */
  orgName: (oid: string) => string;
  /** Names of users (archivedBy, invalidation.by) by user id; an id without a logged name is shown as is. */
  userName: (userId: string) => string;
  /** The retention rule's name, in Finnish as the rules file has it. */
  retentionName: (ruleId: string) => string;
  notice?: string;
}

const Org = ({ name, oid }: { name: string; oid: string }) =>
  name && name !== oid ? (
    <>
      {name} <span class="muted">({oid})</span>
    </>
  ) : (
    <>{oid}</>
  );

function InvalidationNotice({
  t,
  lang,
  doc,
  userName,
}: {
  t: ArchivistT;
  lang: Lang;
  doc: ArchivedDocument;
  userName: (id: string) => string;
}) {
  if (!doc.invalidation) return null;
  return (
    <div class="notice bad" id="invalidation">
      <p>
        <strong>{t('invalidatedBecause')}</strong> {formatDate(doc.invalidation.at, lang, true)} · {t('by')} {userName(doc.invalidation.by)}
      </p>
      <p>
        {t('reason')}: <span id="invalidation-reason">{doc.invalidation.reason}</span>
      </p>
    </div>
  );
}

export function DocumentView({ t, lang, codes, doc, history, orgName, userName, retentionName, notice }: DocumentViewProps) {
  const facts: Array<[string, ComponentChildren]> = [
    [t('status'), <StatusBadge t={t} status={doc.status} />],
    [t('documentType'), `${codes.name('document-types', doc.documentType)} (${doc.documentType})`],
    [t('clientShort'), <a href={archivistPaths.client(doc.documentId)}>{doc.clientKey}</a>],
    [t('registerKeeper'), <Org name={orgName(doc.registerKeeper)} oid={doc.registerKeeper} />],
    [t('register'), t(`register.${doc.register}`)],
    [t('serviceProvider'), <Org name={orgName(doc.serviceProvider)} oid={doc.serviceProvider} />],
    [t('serviceUnit'), <Org name={orgName(doc.serviceUnit)} oid={doc.serviceUnit} />],
    [t('serviceTask'), codes.name('service-tasks', doc.serviceTask)],
    [t('socialServices'), doc.socialServices.map((s) => codes.name('social-services', s)).join(', ') || '—'],
    [
      t('caseName'),
      doc.case ? (
        <>
          {doc.case.name} <span class="muted">({doc.case.id})</span>
        </>
      ) : (
        '—'
      ),
    ],
    [t('processPhase'), codes.name('process-phases', doc.processPhase) || '—'],
    [t('author'), `${doc.author.name}, ${doc.author.role} (${doc.author.professionalId})`],
    [t('created'), formatDate(doc.created, lang, true)],
    [t('completed'), formatDate(doc.completed, lang, true)],
    [t('language'), t(`lang.${doc.language}`)],
    [
      t('publicity'),
      <>
        {t(`publicity.${doc.publicity.class}`)} <span class="muted">({doc.publicity.basis})</span>
      </>,
    ],
    [t('retention'), retentionName(doc.retentionRule)],
    [t('destruction'), doc.destructionDate ? formatDate(doc.destructionDate, lang) : '—'],
    [
      t('citizenVisible'),
      `${doc.citizenVisible.visible ? t('yes') : t('no')}${doc.citizenVisible.from ? ` (${formatDate(doc.citizenVisible.from, lang)})` : ''}`,
    ],
    [t('format'), `${doc.format} (${doc.body.contentType}, ${doc.body.size} B)`],
    [t('archivedAt'), `${formatDate(doc.archivedAt, lang, true)} · ${userName(doc.archivedBy)}`],
    [t('documentId'), doc.documentId],
    [t('setId'), doc.setId],
    [t('version'), String(doc.version)],
    [t('replaces'), doc.replaces ? <a href={archivistPaths.document(doc.replaces)}>{doc.replaces}</a> : '—'],
  ];
  return (
    <>
      {notice ? (
        <p class="notice ok" role="status">
          {notice}
        </p>
      ) : null}
      <InvalidationNotice t={t} lang={lang} doc={doc} userName={userName} />
      <p class="actions">
        <a class="button secondary" href={archivistPaths.documentBody(doc.documentId)}>
          {t('openBody')}
        </a>{' '}
        {doc.format === 'cda' ? (
          <>
            <a class="button secondary" id="open-pdf" href={archivistPaths.documentPdf(doc.documentId)}>
              {t('openPdf')}
            </a>{' '}
          </>
        ) : null}
        <a class="button secondary" href={archivistPaths.client(doc.documentId)}>
          {t('clientOfDocument')}
        </a>{' '}
        {doc.status === 'current' ? (
          <a class="button" href={archivistPaths.invalidate(doc.documentId)} id="open-invalidate">
            {t('openInvalidate')}
          </a>
        ) : null}
      </p>
      <section class="card">
        <h2>{t('metadata')}</h2>
        <dl class="facts">
          {facts.map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </>
          ))}
        </dl>
      </section>
      <section class="card" id="history">
        <h2>{t('history')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('version')}</th>
              <th>{t('docTitle')}</th>
              <th>{t('completed')}</th>
              <th>{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr data-version={v.version}>
                <td>
                  {v.documentId === doc.documentId ? (
                    <strong>{v.version}</strong>
                  ) : (
                    <a href={archivistPaths.document(v.documentId)}>{v.version}</a>
                  )}
                </td>
                <td>{v.title}</td>
                <td>{formatDate(v.completed, lang, true)}</td>
                <td>
                  <StatusBadge t={t} status={v.status} />
                  {v.invalidation ? <span class="hint">{v.invalidation.reason}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export interface InvalidateViewProps {
  t: ArchivistT;
  lang: Lang;
  doc: ArchivedDocument;
  csrfToken: string;
  issues: Issue[];
  reason: string;
}

/** The invalidation form on its own page, which the kit guards with a fresh card check (sensitive). */
export function InvalidateView({ t, lang, doc, csrfToken, issues, reason }: InvalidateViewProps) {
  const invalid = issues.some((i) => i.field === 'reason');
  const n = MIN_INVALIDATION_REASON;
  // The reason's rule has its own message in the reader's language; other issues come as the service words them.
  const others = issues.filter((i) => i.field !== 'reason');
  return (
    <section class="card narrow">
      <p>
        <a href={archivistPaths.document(doc.documentId)}>{doc.title}</a> · {formatDate(doc.completed, lang)} · {doc.clientKey}
      </p>
      <p class="notice warn">{t('invalidateHelp')}</p>
      <IssueList issues={others} title={t('error')} />
      {doc.status !== 'current' ? (
        <p>{t('onlyCurrent')}</p>
      ) : (
        <form method="post" action={archivistPaths.invalidate(doc.documentId)} class="stack">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="_return" value={archivistPaths.invalidate(doc.documentId)} />
          <div>
            <label for="f-reason">{t('invalidateReason', { n })}</label>
            <textarea
              name="reason"
              id="f-reason"
              rows={3}
              required
              aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={invalid ? 'reason-error' : undefined}
            >
              {reason}
            </textarea>
            {invalid ? (
              <p class="field-error" id="reason-error" role="alert">
                {t('reasonTooShort', { n })}
              </p>
            ) : null}
          </div>
          <p>
            <button type="submit" id="confirm-invalidate">
              {t('invalidate')}
            </button>{' '}
            <a class="button secondary" href={archivistPaths.document(doc.documentId)}>
              {t('cancel')}
            </a>
          </p>
        </form>
      )}
    </section>
  );
}
