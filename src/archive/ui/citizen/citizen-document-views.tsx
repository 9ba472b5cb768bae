import type { ArchivedDocument } from '../../domain/archived-document.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import type { CodeNames } from '../archivist/view-kit.tsx';
import type { CitizenT } from './citizen-texts.ts';
import { citizenPaths } from './paths.ts';

// The citizen view's home and document pages. Plain words first, codes never: a client reads these, not an archivist.

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
