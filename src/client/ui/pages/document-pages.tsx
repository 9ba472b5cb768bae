// Writing a document in a national structure: choose the type (grouped by the service-task group, the
// phase's typical kinds first, type to filter), write it in the form generated from its definition, save
// the draft as often as needed, and go to the archiving screen once it validates. A finished or locked
// document is shown read-only; a locked one is corrected only by a new version that replaces it.
import { ArkkiError } from '../../../lib/errors.ts';
import type { StructureDefinition } from '../../../lib/structures/definition.ts';
import { validateContent } from '../../../lib/structures/validate-content.ts';
import { formatDate } from '../../../lib/ui/i18n.ts';
import type { ClientDocument } from '../../domain/client-document.ts';
import { isProcessPhase, PROCESS_PHASES } from '../../domain/process-phase.ts';
import type { ClientRef } from '../../service/workbench-reads.ts';
import { ALL_ROLES, type FormBody, str, type WorkbenchCall, type WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { clientDocumentTypes, typicalPhase } from '../forms/document-types.ts';
import { type FieldIssue, fieldIssues, fieldLabel } from '../forms/field-issues.ts';
import { applyRowAction, type Content, contentToForm, formToContent, parseRowAction } from '../forms/form-content.ts';
import { prefillContent } from '../forms/prefill.ts';
import { IssueSummary, StructureForm } from '../forms/structure-form.tsx';
import { CsrfField } from '../layout.tsx';
import { workbenchMessages } from '../messages.ts';
import { clientPath, clientRefOf, Notice } from './common.tsx';

export function structureOf(deps: WorkbenchDeps, documentType: string): StructureDefinition {
  const def = deps.structures.latest(documentType, '1.2.246.537.6.1506');
  if (!def) throw new ArkkiError('not-found', [{ field: 'documentType', rule: 'code-unknown', message: documentType }]);
  return def;
}

export async function requireDocument(deps: WorkbenchDeps, ref: ClientRef, documentId: string | undefined): Promise<ClientDocument> {
  const d = documentId ? await deps.system.reads.document(ref, documentId) : undefined;
  if (!d) throw new ArkkiError('not-found', [{ field: 'documentId', rule: 'not-found', message: 'asiakirjaa ei löydy' }]);
  return d;
}

/** The content's issues in the user's words. */
export function contentIssues(deps: WorkbenchDeps, def: StructureDefinition, content: Content, call: WorkbenchCall): FieldIssue[] {
  return fieldIssues(def, validateContent(def, content, { codeSets: deps.codeSets }), call.lang);
}

async function typePicker(deps: WorkbenchDeps, call: WorkbenchCall) {
  const t = workbenchMessages(call.lang);
  const lang = call.lang;
  const ref = clientRefOf(deps, call.params.handle);
  const kase = await deps.system.reads.case(ref, call.params.caseId!);
  if (!kase) throw new ArkkiError('not-found', t('notFound'));
  const phase = isProcessPhase(call.query.phase ?? '') ? call.query.phase! : 'vireilletulo';
  const types = clientDocumentTypes(deps.structures);
  const name = (d: StructureDefinition) => (lang === 'sv' ? (d.name.sv ?? d.name.fi) : d.name.fi);
  const typical = types.filter((d) => typicalPhase(d.kind) === phase);
  const groups = [...new Set(types.map((d) => d.subject ?? ''))].sort((a, b) => a.localeCompare(b, 'fi'));
  const body = (
    <section class="card">
      <p>{t('documentFor', { case: kase.name, phase: t(`phase.${phase}` as 'phase.arviointi') })}</p>
      <form method="post" action={`${clientPath(deps, ref.clientKey)}/cases/${kase.caseId}/documents`} class="stack">
        <CsrfField token={call.csrfToken} />
        <label for="phase">{t('phase')}</label>
        <select id="phase" name="phase">
          {PROCESS_PHASES.map((p) => (
            <option value={p} selected={p === phase}>
              {t(`phase.${p}`)}
            </option>
          ))}
        </select>
        <label for="type-filter">{t('filterTypes')}</label>
        <span class="hint" id="type-filter-hint">
          {t('filterHint')}
        </span>
        <input type="search" id="type-filter" data-filter-for="documentType" aria-describedby="type-filter-hint" autocomplete="off" />
        <label for="documentType">{t('documentType')}</label>
        <select id="documentType" name="documentType" size={14} required>
          <optgroup label={t('typicalForPhase')}>
            {typical.map((d) => (
              <option value={d.code}>{`${name(d)} (${d.kind})`}</option>
            ))}
          </optgroup>
          {groups.map((g) => (
            <optgroup label={g || '–'}>
              {types
                .filter((d) => (d.subject ?? '') === g)
                .map((d) => (
                  <option value={d.code}>{`${name(d)} (${d.kind})`}</option>
                ))}
            </optgroup>
          ))}
        </select>
        <p>
          <button type="submit">{t('newDocument')}</button>
        </p>
      </form>
    </section>
  );
  return { title: t('newDocument'), body };
}

interface EditorState {
  form: FormBody;
  issues: FieldIssue[];
  notice?: string;
  status?: number;
}

async function editor(deps: WorkbenchDeps, call: WorkbenchCall, d: ClientDocument, state: EditorState) {
  const t = workbenchMessages(call.lang);
  const lang = call.lang;
  const ref = clientRefOf(deps, call.params.handle);
  const def = structureOf(deps, d.documentType);
  const kase = await deps.system.reads.case(ref, d.caseId);
  const base = clientPath(deps, ref.clientKey);
  const queued = d.state === 'locked' ? await deps.system.reads.queueItem(ref, d.documentId) : undefined;
  const readOnly = d.state !== 'draft';
  const labelOf = (path: string) => {
    const f = def.byPath.get(path.replace(/\[\d+\]/g, '').replace(/\.(code|value)$/, ''));
    return f ? fieldLabel(f, lang) : path;
  };
  const body = (
    <>
      <p class="muted">
        {`${kase ? t('documentFor', { case: kase.name, phase: t(`phase.${d.processPhase}` as 'phase.arviointi') }) : ''} · ${t('version', { n: d.version })}`}
        {' · '}
        <span class={`badge ${d.state === 'locked' ? 'ok' : d.state === 'finished' ? 'warn' : 'muted'}`}>{t(`state.${d.state}`)}</span>
        {queued && (
          <>
            {' '}
            <span class={`badge ${queued.status === 'refused' ? 'bad' : queued.status === 'archived' ? 'ok' : 'muted'}`}>
              {t(`queue.${queued.status}`)}
            </span>
          </>
        )}
      </p>
      <Notice text={state.notice} />
      {d.state === 'locked' && <p class="notice warn">{t('lockedNotice')}</p>}
      {d.state === 'finished' && <p class="notice warn">{t('finishedNotice')}</p>}
      {queued?.refusal && (
        <div class="notice bad" role="alert">
          <strong>{`${t('archiveMessage')}: `}</strong>
          {queued.refusal.message} {queued.status === 'refused' && <a href={`${base}/documents/${d.documentId}/archiving`}>{t('fix')}</a>}
        </div>
      )}
      <IssueSummary issues={state.issues} lang={lang} labelOf={labelOf} />
      <form method="post" action={`${base}/documents/${d.documentId}`} class="document-form" novalidate>
        <CsrfField token={call.csrfToken} />
        <div class="field">
          <label for="doc-title">{t('title')}</label>
          <input type="text" id="doc-title" name="title" value={str(state.form, 'title') || d.title} disabled={readOnly} />
        </div>
        <StructureForm def={def} form={state.form} issues={state.issues} lang={lang} codeSets={deps.codeSets} readOnly={readOnly} />
        {!readOnly && (
          <p class="actions">
            <button type="submit" name="_do" value="save" class="secondary">
              {t('saveDraft')}
            </button>{' '}
            <button type="submit" name="_do" value="finish">
              {t('toArchiving')}
            </button>
          </p>
        )}
      </form>
      {d.state === 'finished' && (
        <p>
          <a class="button" href={`${base}/documents/${d.documentId}/archiving`}>
            {t('lockAndArchive')}
          </a>
        </p>
      )}
      {d.state === 'locked' && (
        <form method="post" action={`${base}/documents/${d.documentId}/new-version`}>
          <CsrfField token={call.csrfToken} />
          <button type="submit" class="secondary">
            {t('newVersion')}
          </button>
        </form>
      )}
      <p>
        <a href={`${base}#case-${d.caseId}`}>{t('backToClient')}</a>
      </p>
    </>
  );
  return { title: d.title, body, ...(state.status ? { status: state.status } : {}) };
}

export function registerDocumentPages(kit: WorkbenchKit, deps: WorkbenchDeps): void {
  kit.route({ method: 'GET', url: '/clients/:handle/cases/:caseId/new', roles: ALL_ROLES, handler: (call) => typePicker(deps, call) });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/cases/:caseId/documents',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      const client = await deps.system.reads.client(ref);
      if (!client) throw new ArkkiError('not-found', 'asiakasta ei löydy');
      const def = structureOf(deps, str(call.form, 'documentType'));
      const d = await deps.system.service.saveDraft(ref, {
        caseId: call.params.caseId!,
        processPhase: str(call.form, 'phase'),
        documentType: def.code,
        title: def.name.fi,
        content: prefillContent(def, client, call.user),
        language: call.lang === 'sv' ? 'sv' : 'fi',
        author: { name: call.user.name, professionalId: call.user.professionalId, role: call.user.title },
      });
      return { redirect: `${clientPath(deps, ref.clientKey)}/documents/${d.documentId}` };
    },
  });

  kit.route({
    method: 'GET',
    url: '/clients/:handle/documents/:documentId',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      const d = await requireDocument(deps, ref, call.params.documentId);
      const def = structureOf(deps, d.documentType);
      const notice =
        call.query.done === 'saved' ? workbenchMessages(call.lang)('saved', { time: formatDate(deps.now(), call.lang, true) }) : undefined;
      return editor(deps, call, d, { form: contentToForm(def, d.content), issues: [], ...(notice ? { notice } : {}) });
    },
  });

  // Save the draft (as often as needed), add or remove a repeat row, or go on to the archiving screen.
  kit.route({
    method: 'POST',
    url: '/clients/:handle/documents/:documentId',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      const ref = clientRefOf(deps, call.params.handle);
      const d = await requireDocument(deps, ref, call.params.documentId);
      const def = structureOf(deps, d.documentType);
      const rowAction = parseRowAction(str(call.form, '_rows'));
      const form = rowAction ? applyRowAction(call.form, rowAction) : call.form;
      const content = formToContent(def, form, deps.codeSets);
      const title = str(call.form, 'title') || d.title;
      // The service refuses anything but a draft (document-locked, document-finished): nothing else changes it.
      const saved = await deps.system.service.editDraft(ref, d.documentId, { content, title });
      const asForm = form as FormBody;
      if (rowAction) return editor(deps, call, saved, { form: asForm, issues: [] });
      if (str(call.form, '_do') === 'finish') {
        const issues = contentIssues(deps, def, content, call);
        if (issues.length > 0) return editor(deps, call, saved, { form: asForm, issues, status: 422 });
        return { redirect: `${clientPath(deps, ref.clientKey)}/documents/${d.documentId}/archiving` };
      }
      return editor(deps, call, saved, { form: asForm, issues: [], notice: t('saved', { time: formatDate(deps.now(), call.lang, true) }) });
    },
  });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/documents/:documentId/new-version',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      const next = await deps.system.service.newVersion(ref, call.params.documentId!);
      return { redirect: `${clientPath(deps, ref.clientKey)}/documents/${next.documentId}` };
    },
  });
}
