import type { Issue } from '../../../lib/errors.ts';
import type { ArchivedDocument } from '../../domain/archived-document.ts';
import { encodeCursor } from '../../domain/search.ts';
import { formatDate, type Lang } from '../i18n.ts';
import { CsrfField } from '../layout.tsx';
import type { ArchivistT } from './archivist-texts.ts';
import { archivistPaths } from './paths.ts';
import { searchFields, STATUSES, type SearchForm } from './search-form.ts';
import { HiddenFields, IssueList, Select, StatusBadge, statusLabel, type CodeNames } from './view-kit.tsx';

export interface SearchViewProps {
  t: ArchivistT;
  lang: Lang;
  codes: CodeNames;
  form: SearchForm;
  csrfToken: string;
  /** Absent before the first search (empty form). */
  result?: { docs: ArchivedDocument[]; more: boolean };
  issues: Issue[];
}

/** The form's own rules (search-form.ts) in the reader's language. */
function worded(t: ArchivistT, issues: Issue[]): Issue[] {
  return issues.map((i) => {
    const message =
      i.rule === 'client-id'
        ? t('badClient', { detail: i.message })
        : i.rule === 'date'
          ? t('badDate', { field: t(i.field === 'from' ? 'completedFrom' : 'completedTo') })
          : i.rule === 'date-order'
            ? t('badDateOrder')
            : i.rule === 'page-token'
              ? t('badPage')
              : i.message;
    return { ...i, message };
  });
}

/** The results: htmx swaps this block in place when the form is sent or the next page asked for. */
export function SearchResults({ t, lang, codes, form, csrfToken, result, issues }: SearchViewProps) {
  if (!result)
    return (
      <div id="results" aria-live="polite">
        <IssueList issues={worded(t, issues)} title={t('error')} />
      </div>
    );
  const last = result.docs[result.docs.length - 1];
  const next = result.more && last ? encodeCursor({ completed: last.completed, documentId: last.documentId }) : null;
  const pageForm = (after: string | undefined, label: string, rel: string) => (
    <form
      method="post"
      action={archivistPaths.searchResults}
      hx-post={archivistPaths.searchResults}
      hx-target="#results"
      hx-swap="outerHTML"
      class="pager-form"
    >
      <CsrfField token={csrfToken} />
      <HiddenFields fields={searchFields(form, after)} />
      <button type="submit" class="secondary" data-page={rel}>
        {label}
      </button>
    </form>
  );
  return (
    <section id="results" class="card" aria-live="polite">
      <h2>{t('results')}</h2>
      {result.docs.length === 0 ? (
        <p class="muted">{t('noResults')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('completed')}</th>
              <th>{t('docTitle')}</th>
              <th>{t('documentType')}</th>
              <th>{t('clientShort')}</th>
              <th>{t('serviceTask')}</th>
              <th>{t('version')}</th>
              <th>{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {result.docs.map((d) => (
              <tr data-document-id={d.documentId}>
                <td class="nowrap">{formatDate(d.completed, lang)}</td>
                <td>
                  <a href={archivistPaths.document(d.documentId)}>{d.title}</a>
                </td>
                <td>{codes.name('document-types', d.documentType)}</td>
                <td class="nowrap">
                  <a href={archivistPaths.client(d.documentId)}>{d.clientKey}</a>
                </td>
                <td>{codes.name('service-tasks', d.serviceTask)}</td>
                <td>{d.version}</td>
                <td>
                  <StatusBadge t={t} status={d.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        {form.after ? pageForm(undefined, t('firstPage'), 'first') : null}
        {next ? pageForm(next, t('nextPage'), 'next') : null}
      </div>
    </section>
  );
}

export function SearchView(props: SearchViewProps) {
  const { t, codes, form, csrfToken } = props;
  return (
    <>
      <p class="muted">{t('searchIntro')}</p>
      <form
        method="post"
        action={archivistPaths.searchResults}
        class="card"
        hx-post={archivistPaths.searchResults}
        hx-target="#results"
        hx-swap="outerHTML"
        id="search-form"
      >
        <CsrfField token={csrfToken} />
        <div class="form-grid">
          <div>
            <label for="f-client">{t('client')}</label>
            <input type="text" name="client" id="f-client" value={form.client} autocomplete="off" spellcheck={false} />
          </div>
          <Select
            name="serviceTask"
            label={t('serviceTask')}
            value={form.serviceTask}
            options={codes.options('service-tasks')}
            anyLabel={t('any')}
          />
          <Select
            name="documentType"
            label={t('documentType')}
            value={form.documentType}
            options={codes.options('document-types')}
            anyLabel={t('any')}
          />
          <Select
            name="processPhase"
            label={t('processPhase')}
            value={form.processPhase}
            options={codes.options('process-phases')}
            anyLabel={t('any')}
          />
          <div>
            <label for="f-from">{t('completedFrom')}</label>
            <input type="text" name="from" id="f-from" value={form.from} placeholder="2026-01-31" />
            <span class="hint">{t('dateHint')}</span>
          </div>
          <div>
            <label for="f-to">{t('completedTo')}</label>
            <input type="text" name="to" id="f-to" value={form.to} placeholder="2026-12-31" />
            <span class="hint">{t('dateHint')}</span>
          </div>
        </div>
        <fieldset class="statuses">
          <legend>{t('status')}</legend>
          {STATUSES.map((s) => (
            <label class="check" for={`f-status-${s}`}>
              <input type="checkbox" name="status" id={`f-status-${s}`} value={s} checked={form.status.includes(s)} /> {statusLabel(t, s)}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit">{t('search')}</button>{' '}
          <a href={archivistPaths.search} class="button secondary">
            {t('clear')}
          </a>
        </p>
      </form>
      <SearchResults {...props} />
    </>
  );
}
