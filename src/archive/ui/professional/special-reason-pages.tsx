// Special reason (asiayhteys): the form that states one (a sensitive action: fresh card check), and the
// professional's own statements, which take comments for 7 days and are sealed after. All through
// stateSpecialReason / listOwnSpecialReasons / addSpecialReasonComment, which log and enforce the rules.
import { ArkkiError } from '../../../lib/errors.ts';
import type { OwnSpecialReason, SpecialReasonOptions } from '../../service/special-reason.ts';
import { clientKeyOf, clientRef } from '../client-ref.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import { CsrfField } from '../layout.tsx';
import type { UiCall, UiKit, UiResult } from '../ui-kit.tsx';
import { proMessages } from './messages.ts';

type RefusalKey =
  | 'sr.special-reason-in-force'
  | 'sr.client-relation-exists'
  | 'sr.no-data-in-service-task'
  | 'sr.service-task-not-in-role'
  | 'sr.other';
type FieldError = 'srTaskRequired' | 'srReasonRequired' | 'srCommentRequired' | RefusalKey;

const REFUSALS = new Set(['special-reason-in-force', 'client-relation-exists', 'no-data-in-service-task', 'service-task-not-in-role']);
const refusalKey = (rule: string | undefined): RefusalKey => (rule && REFUSALS.has(rule) ? (`sr.${rule}` as RefusalKey) : 'sr.other');
interface FormState {
  serviceTask?: string;
  reasonCode?: string;
  comment?: string;
  errors: Partial<Record<'serviceTask' | 'reasonCode' | 'comment', FieldError>>;
}

/**
 * The form, offered only for the service tasks where the policy would accept a statement (the client has
 * data there and no relation). Nothing of the client (name, address, phone) is shown before access is granted.
 */
function SpecialReasonForm({ call, reference, state, tasks }: { call: UiCall; reference: string; state: FormState; tasks: string[] }) {
  const { lang } = call;
  const t = proMessages(lang);
  const codes = call.codeSets;
  const reasons = codes.get('special-reasons')?.entries ?? [];
  const url = `/pro/clients/${reference}/special-reason`;
  const err = state.errors;
  const described = (field: keyof FormState['errors'], hint?: string) =>
    [hint, err[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <section class="card narrow">
      <p>{t('srIntro')}</p>
      <form method="post" action={url} class="stack" novalidate>
        <CsrfField token={call.csrfToken} />
        <input type="hidden" name="_return" value={url} />
        <div>
          <label for="serviceTask">{t('srServiceTask')}</label>
          <select
            id="serviceTask"
            name="serviceTask"
            required
            aria-invalid={err.serviceTask ? 'true' : undefined}
            aria-describedby={described('serviceTask')}
          >
            {tasks.length !== 1 && <option value="">{t('choose')}</option>}
            {tasks.map((code) => (
              <option value={code} selected={state.serviceTask === code}>
                {codes.display('service-tasks', code, lang) ?? code}
              </option>
            ))}
          </select>
          {err.serviceTask && (
            <p class="field-error" id="serviceTask-error">
              {t(err.serviceTask)}
            </p>
          )}
        </div>
        <div>
          <label for="reasonCode">{t('srReason')}</label>
          <select
            id="reasonCode"
            name="reasonCode"
            required
            aria-invalid={err.reasonCode ? 'true' : undefined}
            aria-describedby={described('reasonCode')}
          >
            <option value="">{t('choose')}</option>
            {reasons.map((r) => (
              <option value={r.code} selected={state.reasonCode === r.code}>
                {r.display[lang] ?? r.display.fi}
              </option>
            ))}
          </select>
          {err.reasonCode && (
            <p class="field-error" id="reasonCode-error">
              {t(err.reasonCode)}
            </p>
          )}
        </div>
        <div>
          <label for="comment">
            {t('srComment')}
            <span class="hint" id="comment-hint">
              {t('srCommentHint')}
            </span>
          </label>
          <textarea
            id="comment"
            name="comment"
            required
            maxLength={2000}
            aria-invalid={err.comment ? 'true' : undefined}
            aria-describedby={described('comment', 'comment-hint')}
          >
            {state.comment ?? ''}
          </textarea>
          {err.comment && (
            <p class="field-error" id="comment-error">
              {t(err.comment)}
            </p>
          )}
        </div>
        <p>
          <button type="submit">{t('srSubmit')}</button>{' '}
          <a class="button secondary" href="/pro/clients">
            {t('cancel')}
          </a>
        </p>
      </form>
    </section>
  );
}

function CommentCell({ reason, lang, csrfToken, saved }: { reason: OwnSpecialReason; lang: Lang; csrfToken: string; saved?: boolean }) {
  const t = proMessages(lang);
  const id = `comments-${reason.grantId}`;
  return (
    <div id={id}>
      <ul class="comments">
        {reason.comments.map((c) => (
          <li>
            <span class="muted">{formatDate(c.addedAt, lang, true)}</span> {c.comment}
          </li>
        ))}
      </ul>
      {saved && (
        <p class="notice ok" role="status">
          {t('commentAdded')}
        </p>
      )}
      {reason.sealed ? (
        <span class="badge muted">{t('sealed')}</span>
      ) : (
        <form
          method="post"
          action={`/pro/special-reasons/${reason.grantId}/comments`}
          class="stack"
          hx-post={`/pro/special-reasons/${reason.grantId}/comments`}
          hx-target={`#${id}`}
          hx-swap="outerHTML"
        >
          <CsrfField token={csrfToken} />
          <label for={`c-${reason.grantId}`}>
            {t('commentLabel')}
            <span class="hint">{t('commentableUntil', { date: formatDate(reason.commentableUntil, lang, true) })}</span>
          </label>
          <textarea id={`c-${reason.grantId}`} name="comment" required maxLength={2000} rows={2}></textarea>
          <p>
            <button type="submit" class="secondary">
              {t('commentSave')}
            </button>
          </p>
        </form>
      )}
    </div>
  );
}

function OwnReasons({ call, reasons, names }: { call: UiCall; reasons: OwnSpecialReason[]; names: Map<string, string> }) {
  const { lang } = call;
  const t = proMessages(lang);
  const codes = call.codeSets;
  if (reasons.length === 0) return <p class="muted">{t('noReasons')}</p>;
  return (
    <section class="card">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('colClient')}</th>
            <th scope="col">{t('colTask')}</th>
            <th scope="col">{t('colReason')}</th>
            <th scope="col">{t('colStated')}</th>
            <th scope="col">{t('colValidUntil')}</th>
            <th scope="col">{t('colComments')}</th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((r) => (
            <tr>
              <td class="nowrap">
                <a href={`/pro/clients/${clientRef(r.clientKey)}`}>{names.get(r.clientKey) ?? r.clientKey}</a>
                {names.has(r.clientKey) ? <span class="hint">{r.clientKey}</span> : null}
              </td>
              <td>{codes.display('service-tasks', r.serviceTask, lang) ?? r.serviceTask}</td>
              <td>{codes.display('special-reasons', r.reasonCode, lang) ?? r.reasonCode}</td>
              <td>{formatDate(r.grantedAt, lang, true)}</td>
              <td>
                {formatDate(r.validUntil, lang, true)}{' '}
                {r.valid ? <span class="badge ok">{t('active')}</span> : <span class="badge muted">{t('ended')}</span>}
              </td>
              <td>
                <CommentCell reason={r} lang={lang} csrfToken={call.csrfToken} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The service tasks in which the caller sees this client now by a valid special reason (for the client page's notice). */
export async function activeSpecialReasonTasks(call: UiCall, clientKey: string): Promise<string[]> {
  const own = await call.use.listOwnSpecialReasons({ days: 2 });
  return [...new Set(own.filter((r) => r.valid && r.clientKey === clientKey).map((r) => r.serviceTask))];
}

export function specialReasonRoutes(ui: UiKit): void {
  const refusedPage = (call: UiCall, rule: string | undefined): UiResult => {
    const t = proMessages(call.lang);
    const related = rule === 'client-relation-exists' || rule === 'special-reason-in-force';
    return {
      title: t('srRefusedTitle'),
      status: 403,
      body: (
        <section class="card narrow">
          <p class={`notice ${related ? '' : 'bad'}`} role="alert" data-refused={rule ?? 'other'}>
            {t(refusalKey(rule))}
          </p>
          <p>
            {related ? <a href={`/pro/clients/${call.params.ref}`}>{t('toClient')}</a> : <a href="/pro/clients">← {t('navClients')}</a>}
          </p>
        </section>
      ),
    };
  };
  const formPage = (call: UiCall, options: SpecialReasonOptions, state: FormState, status = 200): UiResult => {
    if (options.serviceTasks.length === 0) return refusedPage(call, options.refusedBy);
    return {
      title: proMessages(call.lang)('srTitle'),
      status,
      body: <SpecialReasonForm call={call} reference={call.params.ref!} state={state} tasks={options.serviceTasks} />,
    };
  };

  ui.route({
    method: 'GET',
    url: '/pro/clients/:ref/special-reason',
    roles: ['social-worker'],
    sensitive: true,
    handler: async (call) => {
      const options = await call.use.specialReasonOptions(clientKeyOf(call.params.ref!));
      return formPage(call, options, { errors: {} });
    },
  });

  ui.route({
    method: 'POST',
    url: '/pro/clients/:ref/special-reason',
    roles: ['social-worker'],
    sensitive: true,
    handler: async (call) => {
      const clientKey = clientKeyOf(call.params.ref!);
      const state: FormState = {
        serviceTask: call.form.serviceTask,
        reasonCode: call.form.reasonCode,
        comment: call.form.comment,
        errors: {},
      };
      const options = await call.use.specialReasonOptions(clientKey);
      if (options.serviceTasks.length === 0) return refusedPage(call, options.refusedBy);
      if (!state.serviceTask || !options.serviceTasks.includes(state.serviceTask)) state.errors.serviceTask = 'srTaskRequired';
      if (!state.reasonCode || !call.codeSets.lookup('special-reasons', state.reasonCode)) state.errors.reasonCode = 'srReasonRequired';
      if (!state.comment?.trim()) state.errors.comment = 'srCommentRequired';
      if (Object.keys(state.errors).length > 0) return formPage(call, options, state, 400);
      try {
        await call.use.stateSpecialReason({
          clientKey,
          serviceTask: state.serviceTask!,
          reasonCode: state.reasonCode!,
          comment: state.comment!,
        });
      } catch (err) {
        // The situation changed between the form and the statement (e.g. a clienthood arrived): say so at the field.
        if (!(err instanceof ArkkiError) || err.code !== 'forbidden') throw err;
        state.errors.serviceTask = refusalKey(err.issues[0]?.rule);
        return formPage(call, options, state, 403);
      }
      return { redirect: `/pro/clients/${call.params.ref}` };
    },
  });

  ui.route({
    method: 'GET',
    url: '/pro/special-reasons',
    roles: ['social-worker'],
    handler: async (call) => {
      const t = proMessages(call.lang);
      const reasons = await call.use.listOwnSpecialReasons({ days: 30 });
      // The professional saw these clients' names under the grants; the list names them again (no contact data).
      const names = await call.use.namesOfClients([...new Set(reasons.map((r) => r.clientKey))]);
      return {
        title: t('myTitle'),
        body: (
          <>
            <p class="muted">{t('myIntro')}</p>
            <OwnReasons call={call} reasons={reasons} names={names} />
          </>
        ),
      };
    },
  });

  ui.route({
    method: 'POST',
    url: '/pro/special-reasons/:grantId/comments',
    roles: ['social-worker'],
    handler: async (call) => {
      const htmx = call.request.headers['hx-request'] === 'true';
      try {
        const updated = await call.use.addSpecialReasonComment(call.params.grantId!, call.form.comment ?? '');
        if (htmx) return { fragment: <CommentCell reason={updated} lang={call.lang} csrfToken={call.csrfToken} saved /> };
        return { redirect: '/pro/special-reasons' };
      } catch (err) {
        if (htmx && err instanceof ArkkiError) {
          // Keep the cell (and the form) in place and say what was wrong above it.
          const own = (await call.use.listOwnSpecialReasons({ days: 30 })).find((r) => r.grantId === call.params.grantId);
          if (own) {
            return {
              fragment: (
                <>
                  <p class="field-error" role="alert">
                    {err.code === 'required' ? proMessages(call.lang)('srCommentRequired') : err.issues[0]?.message}
                  </p>
                  <CommentCell reason={own} lang={call.lang} csrfToken={call.csrfToken} />
                </>
              ),
              status: 200,
            };
          }
        }
        throw err;
      }
    },
  });
}
