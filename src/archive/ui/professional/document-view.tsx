import type { ArchiveUseCases } from '../../service/use-cases.ts';
import type { ArchivedDocument } from '../../domain/archived-document.ts';
import { clientRef } from '../client-ref.ts';
import { download } from '../ui-kit.tsx';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import type { UiKit, UiResult } from '../ui-kit.tsx';
import type { CodeSets } from '../../../lib/codes/code-sets.ts';
import { proMessages } from './messages.ts';

function DocumentFacts({
  doc,
  lang,
  codes,
  unitName,
}: {
  doc: ArchivedDocument;
  lang: Lang;
  codes: Pick<CodeSets, 'display'>;
  unitName?: string;
}) {
  const t = proMessages(lang);
  return (
    <dl class="facts">
      <dt>{t('docType')}</dt>
      <dd>{codes.display('document-types', doc.documentType, lang) ?? doc.documentType}</dd>
      <dt>{t('status')}</dt>
      <dd>
        {doc.status === 'invalidated' ? (
          <span class="badge bad">{t('statusInvalidated')}</span>
        ) : (
          <span class="badge ok">{t('statusActive')}</span>
        )}
      </dd>
      <dt>{t('serviceTask')}</dt>
      <dd>{codes.display('service-tasks', doc.serviceTask, lang) ?? doc.serviceTask}</dd>
      {doc.case && (
        <>
          <dt>{t('case')}</dt>
          <dd>{doc.case.name}</dd>
        </>
      )}
      {doc.processPhase && (
        <>
          <dt>{t('phase')}</dt>
          <dd>{codes.display('process-phases', doc.processPhase, lang) ?? doc.processPhase}</dd>
        </>
      )}
      <dt>{t('author')}</dt>
      <dd>
        {doc.author.name} <span class="muted">({doc.author.role})</span>
      </dd>
      <dt>{t('created')}</dt>
      <dd>{formatDate(doc.created, lang, true)}</dd>
      <dt>{t('completed')}</dt>
      <dd>{formatDate(doc.completed, lang, true)}</dd>
      <dt>{t('version')}</dt>
      <dd>{doc.version}</dd>
      <dt>{t('language')}</dt>
      <dd>{t(`lang.${doc.language}` as 'lang.fi')}</dd>
      <dt>{t('format')}</dt>
      <dd>
        {doc.format.toUpperCase()} <span class="muted">({Math.ceil(doc.body.size / 1024)} kB)</span>
      </dd>
      <dt>{t('publicity')}</dt>
      <dd>
        {t(`publicity.${doc.publicity.class}` as 'publicity.secret')} <span class="muted">({doc.publicity.basis})</span>
      </dd>
      <dt>{t('serviceUnit')}</dt>
      <dd>{unitName ?? <code>{doc.serviceUnit}</code>}</dd>
      <dt>{t('documentId')}</dt>
      <dd>
        <code>{doc.documentId}</code>
      </dd>
      <dt>{t('setId')}</dt>
      <dd>
        <code>{doc.setId}</code>
      </dd>
    </dl>
  );
}

export function documentRoutes(ui: UiKit): void {
  ui.route({
    method: 'GET',
    url: '/pro/documents/:id',
    roles: ['social-worker'],
    handler: async (call): Promise<UiResult> => {
      const t = proMessages(call.lang);
      const doc = await call.use.readDocument(call.params.id!);
      const body = (
        <>
          <p>
            <a href={`/pro/clients/${clientRef(doc.clientKey)}`}>← {t('backToClient')}</a>
          </p>
          <section class="card">
            <DocumentFacts
              doc={doc}
              lang={call.lang}
              codes={call.codeSets}
              unitName={await ui.organisationName(doc.serviceUnit, call.lang)}
            />
          </section>
          <p>
            <a class="button" href={`/pro/documents/${encodeURIComponent(doc.documentId)}/body`} target="_blank" rel="noopener">
              {t('openBody')}
            </a>
          </p>
        </>
      );
      return { title: doc.title, body };
    },
  });

  // Not a page: the body itself, through the kit's checks like any page.
  ui.route({
    method: 'GET',
    url: '/pro/documents/:id/body',
    roles: ['social-worker'],
    handler: download(async (call) => {
      const { doc, body } = await call.use.readBody(call.params.id!);
      const isPdf = body.contentType === 'application/pdf';
      const pdf = isPdf ? body.data : doc.format === 'cda' ? await cdaAsPdf(call.use, doc, body.data) : undefined;
      if (pdf) return { contentType: 'application/pdf', data: pdf, fileName: `${doc.documentId}.pdf`, inline: true };
      // Anything else is offered as a download, never rendered in the archive's origin.
      return { contentType: 'application/octet-stream', data: body.data, fileName: doc.documentId };
    }),
  });
}

async function cdaAsPdf(use: ArchiveUseCases, doc: ArchivedDocument, cda: Buffer): Promise<Buffer | undefined> {
  try {
    return await use.pdfOfCda(doc, cda);
  } catch {
    return undefined;
  }
}
