// All of a client's documents the professional may see, newest first, 50 a page (keyset paging through
// searchArchive, which scopes by relation or special reason and logs the search).
import { decodeCursor, encodeCursor, type PageCursor } from '../../domain/search.ts';
import { clientKeyOf } from '../client-ref.ts';
import { formatDate } from '../../../lib/ui/i18n.ts';
import type { UiKit, UiResult } from '../ui-kit.tsx';
import { proMessages } from './messages.ts';

const PAGE = 50;

export function clientDocumentRoutes(ui: UiKit): void {
  ui.route({
    method: 'GET',
    url: '/pro/clients/:ref/documents',
    roles: ['social-worker'],
    handler: async (call): Promise<UiResult> => {
      const t = proMessages(call.lang);
      const reference = call.params.ref!;
      const clientKey = clientKeyOf(reference);
      const after: PageCursor | undefined = call.query.after ? (decodeCursor(call.query.after) ?? undefined) : undefined;
      const { docs, more } = await call.use.searchArchive({ client: clientKey, status: ['current'], count: PAGE, after });
      const codes = call.codeSets;
      const typeName = (code: string) => codes.display('document-types', code, call.lang) ?? code;
      const last = docs.at(-1);
      const base = `/pro/clients/${reference}`;
      const body = (
        <>
          <p>
            <a href={base}>← {t('backToClient')}</a>
          </p>
          {docs.length === 0 ? (
            <p class="muted">{t('noDocuments')}</p>
          ) : (
            <section class="card">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('docTitle')}</th>
                    <th scope="col">{t('serviceTask')}</th>
                    <th scope="col">{t('phaseCol')}</th>
                    <th scope="col">{t('completed')}</th>
                    <th scope="col">{t('author')}</th>
                  </tr>
                </thead>
                <tbody>
                  {docs.map((d) => (
                    <tr>
                      <td>
                        <a href={`/pro/documents/${encodeURIComponent(d.documentId)}`}>{d.title}</a>
                        {typeName(d.documentType) !== d.title && <span class="hint">{typeName(d.documentType)}</span>}
                      </td>
                      <td>{codes.display('service-tasks', d.serviceTask, call.lang) ?? d.serviceTask}</td>
                      <td>{d.processPhase ? (codes.display('process-phases', d.processPhase, call.lang) ?? d.processPhase) : ''}</td>
                      <td class="nowrap">{formatDate(d.completed, call.lang)}</td>
                      <td>{d.author.name}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <nav class="pager" aria-label={t('allDocumentsTitle')}>
            {after && (
              <a class="button secondary" href={`${base}/documents`}>
                {t('firstPage')}
              </a>
            )}
            {more && last && (
              <a
                class="button secondary"
                href={`${base}/documents?after=${encodeCursor({ completed: last.completed, documentId: last.documentId })}`}
              >
                {t('nextPage')} →
              </a>
            )}
          </nav>
        </>
      );
      return { title: t('allDocumentsTitle'), body };
    },
  });
}
