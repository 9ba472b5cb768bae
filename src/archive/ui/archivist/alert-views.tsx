import type { Issue } from '../../../lib/errors.ts';
import { MONITOR_RULES } from '../../domain/log-monitoring.ts';
import type { AlertDetail, StoredAlert } from '../../service/log-alerts.ts';
import { REVIEW_OUTCOMES } from '../../domain/log-alert.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import { CsrfField } from '../layout.tsx';
import { accessRuleKey, actionKey, eventKey, outcomeKey, ruleKey, statusKey, useOutcomeKey, type MonitoringT } from './monitoring-texts.ts';
import { archivistPaths } from './paths.ts';
import { IssueList, type CodeNames } from './view-kit.tsx';

// Log monitoring (lokivalvonta): the alert list with filters, and one alert with the log rows it rests on,
// its handling history and the acknowledge / review forms (htmx swaps the handling panel in place).

export interface AlertFilter {
  status: string;
  rule: string;
  month: string;
}

const STATUS_BADGE: Record<string, string> = { open: 'bad', acknowledged: 'warn', reviewed: 'ok' };

export function AlertStatusBadge({ t, alert }: { t: MonitoringT; alert: Pick<StoredAlert, 'status' | 'outcome'> }) {
  return (
    <span class={`badge ${STATUS_BADGE[alert.status] ?? 'muted'}`} data-status={alert.status}>
      {t(statusKey(alert.status))}
      {alert.outcome ? `: ${t(outcomeKey(alert.outcome))}` : ''}
    </span>
  );
}

export function AlertsView({
  t,
  lang,
  filter,
  alerts,
  total,
  issues,
}: {
  t: MonitoringT;
  lang: Lang;
  filter: AlertFilter;
  alerts: StoredAlert[];
  total: number;
  issues: Issue[];
}) {
  return (
    <>
      <p class="muted">{t('alertsIntro')}</p>
      <form method="get" action={archivistPaths.alerts} class="card inline" id="alert-filter">
        <div>
          <label for="f-status">{t('status')}</label>
          <select name="status" id="f-status">
            <option value="">{t('all')}</option>
            {(['open', 'acknowledged', 'reviewed'] as const).map((s) => (
              <option value={s} selected={filter.status === s}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-rule">{t('rule')}</label>
          <select name="rule" id="f-rule">
            <option value="">{t('all')}</option>
            {MONITOR_RULES.map((r) => (
              <option value={r} selected={filter.rule === r}>
                {t(ruleKey(r))}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-month">
            {t('month')} <span class="hint">{t('monthHint')}</span>
          </label>
          <input type="text" name="month" id="f-month" value={filter.month} placeholder="2026-11" />
        </div>
        <button type="submit">{t('filter')}</button>
      </form>
      <IssueList issues={issues} title={t('error')} />
      <section class="card">
        <h2>{t('alertsCount', { n: total })}</h2>
        {alerts.length === 0 ? (
          <p class="muted" id="no-alerts">
            {t('noAlerts')}
          </p>
        ) : (
          <table id="alerts">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('rule')}</th>
                <th>{t('user')}</th>
                <th>{t('window')}</th>
                <th>{t('clients')}</th>
                <th>{t('rows')}</th>
                <th>{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr data-alert-id={a.alertId} data-rule={a.rule}>
                  <td>
                    <a href={archivistPaths.alert(a.alertId)}>{a.alertId}</a>
                  </td>
                  <td>
                    <a href={archivistPaths.alert(a.alertId)}>{t(ruleKey(a.rule))}</a>
                  </td>
                  <td>{a.userName}</td>
                  <td class="nowrap">
                    {formatDate(a.windowStart, lang, true)}
                    <span class="hint">{formatDate(a.windowEnd, lang, true)}</span>
                  </td>
                  <td>{a.clientKeys.length}</td>
                  <td>{a.usageIds.length}</td>
                  <td>
                    <AlertStatusBadge t={t} alert={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** Acknowledge and review forms; after a step htmx swaps this panel (with the new status and history). */
export function HandlingPanel({
  t,
  lang,
  detail,
  csrfToken,
  issues,
  notice,
}: {
  t: MonitoringT;
  lang: Lang;
  detail: AlertDetail;
  csrfToken: string;
  issues: Issue[];
  notice?: string;
}) {
  const { alert, events } = detail;
  const url = archivistPaths.alert(alert.alertId);
  const noteError = issues.find((i) => i.field === 'note');
  return (
    <div id="handling">
      {notice ? (
        <p class="notice ok" role="status">
          {notice}
        </p>
      ) : null}
      <IssueList issues={issues} title={t('error')} />
      <section class="card">
        <h2>
          {t('status')}: <AlertStatusBadge t={t} alert={alert} />
        </h2>
        {alert.status === 'open' ? (
          <form
            method="post"
            action={`${url}/acknowledge`}
            hx-post={`${url}/acknowledge`}
            hx-target="#handling"
            hx-swap="outerHTML"
            class="inline"
          >
            <CsrfField token={csrfToken} />
            <button type="submit" id="acknowledge">
              {t('acknowledge')}
            </button>
          </form>
        ) : null}
        {alert.status === 'reviewed' ? (
          <p class="notice ok" id="review-done">
            {t('reviewDone')}
          </p>
        ) : (
          <>
            <h3>{t('reviewTitle')}</h3>
            <form
              method="post"
              action={`${url}/review`}
              hx-post={`${url}/review`}
              hx-target="#handling"
              hx-swap="outerHTML"
              class="stack"
              id="review-form"
            >
              <CsrfField token={csrfToken} />
              <fieldset class="statuses">
                <legend>{t('reviewOutcome')}</legend>
                {REVIEW_OUTCOMES.map((o) => (
                  <label class="check" for={`f-outcome-${o}`}>
                    <input type="radio" name="outcome" id={`f-outcome-${o}`} value={o} required /> {t(outcomeKey(o))}
                  </label>
                ))}
              </fieldset>
              <div>
                <label for="f-note">{t('reviewNote')}</label>
                <textarea
                  name="note"
                  id="f-note"
                  rows={3}
                  required
                  aria-invalid={noteError ? 'true' : undefined}
                  aria-describedby={noteError ? 'note-error' : undefined}
                ></textarea>
                {noteError ? (
                  <p class="field-error" id="note-error">
                    {noteError.message}
                  </p>
                ) : null}
              </div>
              <p>
                <button type="submit" id="save-review">
                  {t('saveReview')}
                </button>
              </p>
            </form>
          </>
        )}
      </section>
      <section class="card">
        <h2>{t('history')}</h2>
        <table id="alert-events">
          <thead>
            <tr>
              <th>{t('at')}</th>
              <th>{t('status')}</th>
              <th>{t('by')}</th>
              <th>{t('note')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr data-kind={e.kind}>
                <td class="nowrap">{formatDate(e.at, lang, true)}</td>
                <td>
                  {t(eventKey(e.kind))}
                  {e.outcome ? `: ${t(outcomeKey(e.outcome))}` : ''}
                </td>
                <td>{e.userName}</td>
                <td>{e.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** The statement the alert is about: why the professional said the data was needed, and what he or she added later. */
function SpecialReasonFacts({ t, lang, codes, detail }: { t: MonitoringT; lang: Lang; codes: CodeNames; detail: AlertDetail }) {
  const sr = detail.specialReason;
  if (!sr) return null;
  return (
    <section class="card" id="special-reason">
      <h2>{t('specialReasonTitle')}</h2>
      <dl class="facts">
        <dt>{t('srTask')}</dt>
        <dd>{codes.name('service-tasks', sr.grant.serviceTask)}</dd>
        <dt>{t('srReason')}</dt>
        <dd id="special-reason-code">{codes.name('special-reasons', sr.grant.reasonCode)}</dd>
        <dt>{t('srStated')}</dt>
        <dd>{formatDate(sr.grant.grantedAt, lang, true)}</dd>
        <dt>{t('srValidUntil')}</dt>
        <dd>{formatDate(sr.grant.validUntil, lang, true)}</dd>
      </dl>
      <h3>{t('srComments')}</h3>
      {sr.comments.length === 0 ? (
        <p class="muted">{t('srNoComments')}</p>
      ) : (
        <ol class="comments" id="special-reason-comments">
          {sr.comments.map((c) => (
            <li>
              <span class="muted">{formatDate(c.addedAt, lang, true)}</span> {c.comment}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function AlertView(props: {
  t: MonitoringT;
  lang: Lang;
  codes: CodeNames;
  detail: AlertDetail;
  csrfToken: string;
  issues: Issue[];
  notice?: string;
}) {
  const { t, lang, detail, codes } = props;
  const { alert, uses } = detail;
  // Ids and codes the special-reason section and the rows below already show by name.
  const HIDDEN = new Set(['grantId', 'reasonCode']);
  const extra = Object.entries(alert.detail).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && typeof v !== 'object');
  return (
    <>
      <p>
        <a href={archivistPaths.alerts}>← {t('alertsTitle')}</a>
      </p>
      <section class="card">
        <dl class="facts">
          <dt>{t('rule')}</dt>
          <dd>{t(ruleKey(alert.rule))}</dd>
          <dt>{t('user')}</dt>
          <dd>{alert.userName}</dd>
          <dt>{t('window')}</dt>
          <dd>
            {formatDate(alert.windowStart, lang, true)} – {formatDate(alert.windowEnd, lang, true)}
          </dd>
          <dt>{t('clients')}</dt>
          <dd>{alert.clientKeys.join(', ') || '—'}</dd>
          <dt>{t('raised')}</dt>
          <dd>{formatDate(alert.raisedAt, lang, true)}</dd>
          {extra.length ? (
            <>
              <dt>{t('details')}</dt>
              <dd>{extra.map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <SpecialReasonFacts t={t} lang={lang} codes={codes} detail={detail} />
      <HandlingPanel {...props} />
      <section class="card">
        <h2>{t('usageRows')}</h2>
        <table id="alert-uses">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('at')}</th>
              <th>{t('user')}</th>
              <th>{t('client')}</th>
              <th>{t('action')}</th>
              <th>{t('outcome')}</th>
              <th>{t('accessRule')}</th>
              <th>{t('purpose')}</th>
            </tr>
          </thead>
          <tbody>
            {uses.map((u) => (
              <tr data-usage-id={u.id}>
                <td>{u.id}</td>
                <td class="nowrap">{formatDate(u.at, lang, true)}</td>
                <td>{u.userName}</td>
                <td class="nowrap">{u.clientKey || '—'}</td>
                <td data-action={u.action}>{actionKey(u.action) ? t(actionKey(u.action)!) : <code>{u.action}</code>}</td>
                <td>
                  <span class={`badge ${u.outcome === 'success' ? 'ok' : 'bad'}`} data-outcome={u.outcome}>
                    {t(useOutcomeKey(u.outcome))}
                  </span>
                </td>
                <td data-rule={u.rule}>
                  {accessRuleKey(u.rule) ? (
                    t(accessRuleKey(u.rule)!)
                  ) : (
                    <>
                      {t('access.other')} <code>{u.rule}</code>
                    </>
                  )}
                </td>
                <td>{u.purpose ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
