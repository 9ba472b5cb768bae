import type { Issue } from '../../../lib/errors.ts';
import { MONITOR_RULES } from '../../domain/log-monitoring.ts';
import type { MonthlyReport } from '../../service/monthly-report.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import { CsrfField } from '../layout.tsx';
import { ruleKey, type MonitoringT } from './monitoring-texts.ts';
import { archivistPaths } from './paths.ts';
import { IssueList } from './view-kit.tsx';

// The monthly self-monitoring report (omavalvonta) and the log export form.

/** A text input with its hint and, when it breaks a rule, the error right under it. */
function Field({ name, label, hint, value, issues }: { name: string; label: string; hint?: string; value?: string; issues: Issue[] }) {
  const id = `f-${name}`;
  const error = issues.find((i) => i.field === name);
  const described = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={id}>{label}</label>
      <input
        type="text"
        name={name}
        id={id}
        value={value ?? ''}
        autocomplete="off"
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

export function MonthForm({ t, month, issues = [] }: { t: MonitoringT; month: string; issues?: Issue[] }) {
  return (
    <form method="get" action={archivistPaths.report} class="card inline" id="report-form">
      <Field name="month" label={t('month')} hint={t('monthHint')} value={month} issues={issues} />
      <button type="submit">{t('show')}</button>
    </form>
  );
}

export function ReportView({
  t,
  lang,
  month,
  report,
  issues,
}: {
  t: MonitoringT;
  lang: Lang;
  month: string;
  report?: MonthlyReport;
  issues: Issue[];
}) {
  return (
    <>
      <p class="muted">{t('reportIntro')}</p>
      <MonthForm t={t} month={month} issues={issues} />
      <IssueList issues={issues} title={t('error')} />
      {report ? (
        <>
          <p class="actions no-print">
            <a class="button secondary" id="report-pdf" href={`${archivistPaths.reportPdf}?month=${encodeURIComponent(report.month)}`}>
              {t('reportPdf')}
            </a>
          </p>
          <section class="card" id="report-alerts">
            <h2>
              {t('reportAlerts')} · {report.month}
            </h2>
            <table>
              <thead>
                <tr>
                  <th>{t('rule')}</th>
                  <th>{t('total')}</th>
                  <th>{t('open')}</th>
                  <th>{t('reviewedCount')}</th>
                </tr>
              </thead>
              <tbody>
                {MONITOR_RULES.map((r) => {
                  const c = report.alerts.byRule[r];
                  return (
                    <tr data-rule={r}>
                      <td>{t(ruleKey(r))}</td>
                      <td>{c?.total ?? 0}</td>
                      <td>{c?.open ?? 0}</td>
                      <td>{c?.reviewed ?? 0}</td>
                    </tr>
                  );
                })}
                <tr>
                  <th>{t('total')}</th>
                  <th>{report.alerts.total}</th>
                  <th>{report.alerts.open}</th>
                  <th>{report.alerts.reviewed}</th>
                </tr>
              </tbody>
            </table>
          </section>
          <div class="tiles">
            <section class="card">
              <h2>{t('reportUses')}</h2>
              <dl class="facts">
                <dt>{t('usesTotal')}</dt>
                <dd>{report.uses.total}</dd>
                <dt>{t('usesUsers')}</dt>
                <dd>{report.uses.users}</dd>
                <dt>{t('usesClients')}</dt>
                <dd>{report.uses.clients}</dd>
                <dt>{t('denied')}</dt>
                <dd>{report.deniedAttempts}</dd>
              </dl>
            </section>
            <section class="card">
              <h2>{t('reportSpecial')}</h2>
              <dl class="facts">
                <dt>{t('specialUses')}</dt>
                <dd>{report.specialReason.uses}</dd>
                <dt>{t('specialGrants')}</dt>
                <dd>{report.specialReason.grants}</dd>
                <dt>{t('specialCommented')}</dt>
                <dd>{report.specialReason.grantsWithLaterComments}</dd>
              </dl>
            </section>
            <section class="card" id="report-chain">
              <h2>{t('reportChain')}</h2>
              <p>
                <span class={`badge ${report.usageLogChain.ok ? 'ok' : 'bad'}`}>
                  {report.usageLogChain.ok ? t('chainOk') : t('chainBroken')}
                </span>
              </p>
              <dl class="facts">
                <dt>{t('verifiedRows')}</dt>
                <dd>{report.usageLogChain.verifiedRows}</dd>
              </dl>
              <p class="hint">
                {t('monitorCursor', { id: report.monitor.cursor, n: report.monitor.unevaluatedRows })}
                {report.monitor.lastRunAt ? ` (${formatDate(report.monitor.lastRunAt, lang, true)})` : ''}
              </p>
            </section>
          </div>
        </>
      ) : null}
    </>
  );
}

export function ExportView({
  t,
  csrfToken,
  issues,
  values,
}: {
  t: MonitoringT;
  csrfToken: string;
  issues: Issue[];
  /** What was sent, shown again after a mistake. */
  values: Record<string, string>;
}) {
  const chosen = (name: string, v: string) => values[name] === v;
  return (
    <>
      <p class="muted">{t('exportIntro')}</p>
      <IssueList issues={issues} title={t('error')} />
      <form method="post" action={archivistPaths.export} class="card" id="export-form">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="_return" value={archivistPaths.export} />
        <div class="form-grid">
          <div>
            <label for="f-log">{t('log')}</label>
            <select name="log" id="f-log">
              <option value="usage">{t('logUsage')}</option>
              <option value="disclosure" selected={chosen('log', 'disclosure')}>
                {t('logDisclosure')}
              </option>
            </select>
          </div>
          <div>
            <label for="f-format">{t('format')}</label>
            <select name="format" id="f-format">
              <option value="csv">CSV</option>
              <option value="json" selected={chosen('format', 'json')}>
                JSON
              </option>
            </select>
          </div>
          <Field name="month" label={t('month')} hint={t('monthHint')} value={values.month} issues={issues} />
          <Field name="from" label={t('from')} hint={t('dateHint')} value={values.from} issues={issues} />
          <Field name="to" label={t('to')} hint={t('dateHint')} value={values.to} issues={issues} />
          <Field name="clientKey" label={t('clientKey')} value={values.clientKey} issues={issues} />
          <Field name="userId" label={t('userId')} value={values.userId} issues={issues} />
        </div>
        <p>
          <button type="submit" id="download-export">
            {t('download')}
          </button>
        </p>
      </form>
    </>
  );
}
