import type { Issue } from '../../../lib/errors.ts';
import type { ArchivedDocument } from '../../domain/archived-document.ts';
import { encodeCursor } from '../../domain/search.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import { CsrfField } from '../layout.tsx';
import type { ArchivistT } from './archivist-texts.ts';
import { archivistPaths } from './paths.ts';
import { searchFields, STATUSES, type SearchForm } from './search-form.ts';
import { GroupedSelect, HiddenFields, IssueList, Select, StatusBadge, statusLabel, type CodeNames } from './view-kit.tsx';

export interface SearchViewProps {
  t: ArchivistT;
  lang: Lang;
  codes: CodeNames;
  form: SearchForm;
  csrfToken: string;
  /** Absent before the first search (empty form). */
  result?: { docs: ArchivedDocument[]; more: boolean };
  issues: Issue[];
  /** Client names by client key, for the rows shown (the search has logged each client returned). */
  clientNames?: Map<string, string>;
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

/**
 * A text field of the form with its error beside it. After an htmx search the results fragment carries the
 * fields again out of band (`oob`), so the error lands at the field and what was typed stays.
 */
function TextField(props: { name: 'client' | 'from' | 'to'; label: string; hint?: string; value: string; issues: Issue[]; oob?: boolean }) {
  const { name, label, hint, value, oob } = props;
  const error = props.issues.find((i) => i.field === name);
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div id={`${id}-field`} hx-swap-oob={oob ? 'true' : undefined}>
      <label for={id}>{label}</label>
      <input
        type="text"
        name={name}
        id={id}
        value={value}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
      />
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`} data-field={name}>
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

function FormFields({ t, form, issues, oob }: { t: ArchivistT; form: SearchForm; issues: Issue[]; oob?: boolean }) {
  return (
    <>
      <TextField name="client" label={t('client')} value={form.client} issues={issues} oob={oob} />
      <TextField name="from" label={t('completedFrom')} hint={t('dateHint')} value={form.from} issues={issues} oob={oob} />
      <TextField name="to" label={t('completedTo')} hint={t('dateHint')} value={form.to} issues={issues} oob={oob} />
    </>
  );
}

/** The results: htmx swaps this block in place when the form is sent or the next page asked for. */
export function SearchResults(props: SearchViewProps & { oob?: boolean }) {
  const { t, lang, codes, form, csrfToken, result, oob } = props;
  const issues = worded(t, props.issues);
  const fields = oob ? <FormFields t={t} form={form} issues={issues} oob /> : null;
  if (!result)
    return (
      <>
        <div id="results" aria-live="polite">
          <IssueList issues={issues} title={t('error')} />
        </div>
        {fields}
      </>
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
    <>
      <section id="results" class="card" aria-live="polite">
        <h2>{t('results')}</h2>
        <p class="muted" id="result-count">
          {t('resultCount', { n: result.docs.length })}
        </p>
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
                  <td data-client={d.clientKey}>
                    <a href={archivistPaths.client(d.documentId)}>{props.clientNames?.get(d.clientKey) ?? d.clientKey}</a>
                    {props.clientNames?.has(d.clientKey) ? <span class="hint nowrap">{d.clientKey}</span> : null}
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
      {fields}
    </>
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
          <TextField name="client" label={t('client')} value={form.client} issues={worded(t, props.issues)} />
          <Select
            name="serviceTask"
            label={t('serviceTask')}
            value={form.serviceTask}
            options={codes.options('service-tasks')}
            anyLabel={t('any')}
          />
          <GroupedSelect
            name="documentType"
            label={t('documentType')}
            value={form.documentType}
            groups={codes.groups('document-types')}
            anyLabel={t('any')}
            filterLabel={t('typeToFilter')}
          />
          <Select
            name="processPhase"
            label={t('processPhase')}
            value={form.processPhase}
            options={codes.options('process-phases')}
            anyLabel={t('any')}
          />
          <TextField name="from" label={t('completedFrom')} hint={t('dateHint')} value={form.from} issues={worded(t, props.issues)} />
          <TextField name="to" label={t('completedTo')} hint={t('dateHint')} value={form.to} issues={worded(t, props.issues)} />
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
