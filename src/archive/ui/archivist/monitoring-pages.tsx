// Log monitoring for the register keeper's log controller (archivist): alerts, their review, the monthly
// self-monitoring report and log exports. All through the log-monitoring services, which authorise each
// step (read-usage-log) and log it.
import { Readable } from 'node:stream';
import { ArkkiError, type Issue } from '../../../lib/errors.ts';
import type { listLogAlerts } from '../../service/log-alerts.ts';
import type { MonthlyReport } from '../../service/monthly-report.ts';
import { finnishDay } from '../../../lib/time/finnish-clock.ts';
import { parseDay, parseMonth } from '../../../lib/ui/day-input.ts';
import type { UiCall, UiKit } from '../ui-kit.tsx';
import { AlertsView, AlertView, HandlingPanel } from './alert-views.tsx';
import { monitoringMessages } from './monitoring-texts.ts';
import { archivistPaths } from './paths.ts';
import { reportPdf } from './report-pdf.ts';
import { ExportView, ReportView } from './report-views.tsx';
import { RecordsStyle } from './stylesheet.tsx';
import { codeNames } from './view-kit.tsx';

const ARCHIVIST = ['archivist'] as const;
const ALERT_PAGE = 100;

/** Mistakes in what the user typed stay on the page; denials and faults go to the kit's error page. */
function formIssues(err: unknown): Issue[] {
  if (err instanceof ArkkiError && ['invalid', 'required', 'code-unknown', 'conflict'].includes(err.code)) return err.issues;
  throw err;
}

const alertIdOf = (call: UiCall) => Number(call.params.alertId);

export function monitoringPages(ui: UiKit): void {
  ui.nav({
    roles: ARCHIVIST,
    href: archivistPaths.alerts,
    order: 20,
    label: { fi: 'Lokivalvonta', sv: 'Loggövervakning', en: 'Log monitoring' },
  });
  ui.nav({
    roles: ARCHIVIST,
    href: archivistPaths.report,
    order: 30,
    label: { fi: 'Omavalvontaraportti', sv: 'Egenkontrollrapport', en: 'Self-monitoring report' },
  });
  ui.nav({
    roles: ARCHIVIST,
    href: archivistPaths.export,
    order: 40,
    label: { fi: 'Lokien vienti', sv: 'Export av loggar', en: 'Log export' },
  });

  ui.route({
    method: 'GET',
    url: archivistPaths.alerts,
    roles: ARCHIVIST,
    handler: async (call) => {
      const t = monitoringMessages(call.lang);
      const filter = { status: call.query.status ?? '', rule: call.query.rule ?? '', month: (call.query.month ?? '').trim() };
      let list = { alerts: [] as Awaited<ReturnType<typeof listLogAlerts>>['alerts'], total: 0 };
      const month = filter.month ? parseMonth(filter.month) : undefined;
      let issues: Issue[] = filter.month && !month ? [{ field: 'month', rule: 'month', message: t('badMonth') }] : [];
      if (issues.length === 0) {
        try {
          list = await call.use.listLogAlerts({
            status: filter.status || undefined,
            rule: filter.rule || undefined,
            month,
            limit: ALERT_PAGE,
          });
        } catch (err) {
          issues = formIssues(err);
        }
      }
      return {
        title: t('alertsTitle'),
        status: issues.length ? 400 : 200,
        body: (
          <>
            <RecordsStyle />
            <AlertsView t={t} lang={call.lang} filter={filter} alerts={list.alerts} total={list.total} issues={issues} />
          </>
        ),
      };
    },
  });

  ui.route({
    method: 'GET',
    url: `${archivistPaths.alerts}/:alertId`,
    roles: ARCHIVIST,
    handler: async (call) => {
      const t = monitoringMessages(call.lang);
      const detail = await call.use.getLogAlert(alertIdOf(call));
      return {
        title: t('alertTitle', { id: detail.alert.alertId }),
        body: (
          <>
            <RecordsStyle />
            <AlertView
              t={t}
              lang={call.lang}
              codes={codeNames(ui.ctx.codeSets, call.lang)}
              detail={detail}
              csrfToken={call.csrfToken}
              issues={[]}
            />
          </>
        ),
      };
    },
  });

  const handlingStep = (step: (call: UiCall) => Promise<unknown>, doneKey: 'acknowledged' | 'reviewed') => async (call: UiCall) => {
    const t = monitoringMessages(call.lang);
    let issues: Issue[] = [];
    try {
      await step(call);
    } catch (err) {
      issues = formIssues(err);
    }
    const detail = await call.use.getLogAlert(alertIdOf(call));
    const notice = issues.length ? undefined : t(doneKey);
    const props = { t, lang: call.lang, codes: codeNames(ui.ctx.codeSets, call.lang), detail, csrfToken: call.csrfToken, issues, notice };
    // The layout's htmx config swaps 4xx fragments, so the form's issues keep their status.
    if (call.request.headers['hx-request'] === 'true') return { fragment: <HandlingPanel {...props} />, status: issues.length ? 400 : 200 };
    return {
      title: t('alertTitle', { id: detail.alert.alertId }),
      status: issues.length ? 400 : 200,
      body: (
        <>
          <RecordsStyle />
          <AlertView {...props} />
        </>
      ),
    };
  };

  ui.route({
    method: 'POST',
    url: `${archivistPaths.alerts}/:alertId/acknowledge`,
    roles: ARCHIVIST,
    handler: handlingStep((call) => call.use.acknowledgeLogAlert(alertIdOf(call), call.form.note), 'acknowledged'),
  });

  ui.route({
    method: 'POST',
    url: `${archivistPaths.alerts}/:alertId/review`,
    roles: ARCHIVIST,
    handler: handlingStep(
      (call) => call.use.reviewLogAlert(alertIdOf(call), { outcome: call.form.outcome ?? '', note: call.form.note ?? '' }),
      'reviewed',
    ),
  });

  ui.route({
    method: 'GET',
    url: archivistPaths.report,
    roles: ARCHIVIST,
    handler: async (call) => {
      const t = monitoringMessages(call.lang);
      const typed = (call.query.month ?? finnishDay(ui.ctx.now().toISOString()).slice(0, 7)).trim();
      const month = parseMonth(typed);
      let report: MonthlyReport | undefined;
      let issues: Issue[] = month ? [] : [{ field: 'month', rule: 'month', message: t('badMonth') }];
      if (month) {
        try {
          report = await call.use.monthlyReport(month);
        } catch (err) {
          issues = formIssues(err);
        }
      }
      return {
        title: t('reportTitle'),
        status: issues.length ? 400 : 200,
        body: (
          <>
            <RecordsStyle />
            <ReportView t={t} lang={call.lang} month={typed} report={report} issues={issues} />
          </>
        ),
      };
    },
  });

  // The same report as a PDF (printing the page works too: the print stylesheet leaves out the navigation).
  ui.route({
    method: 'GET',
    url: archivistPaths.reportPdf,
    roles: ARCHIVIST,
    handler: async (call) => {
      const t = monitoringMessages(call.lang);
      const month = parseMonth(call.query.month ?? '');
      if (!month) throw new ArkkiError('invalid', [{ field: 'month', rule: 'month', message: t('badMonth') }]);
      const report = await call.use.monthlyReport(month);
      const name = (await ui.organisationName(report.registerKeeperOid, call.lang)) ?? report.registerKeeperOid;
      return {
        file: {
          contentType: 'application/pdf',
          data: await reportPdf(report, t, call.lang, name),
          fileName: `omavalvonta-${month}.pdf`,
          inline: true,
        },
      };
    },
  });

  ui.route({
    method: 'GET',
    url: archivistPaths.export,
    roles: ARCHIVIST,
    sensitive: true,
    handler: async (call) => {
      const t = monitoringMessages(call.lang);
      return {
        title: t('exportTitle'),
        body: (
          <>
            <RecordsStyle />
            <ExportView t={t} csrfToken={call.csrfToken} issues={[]} values={{}} />
          </>
        ),
      };
    },
  });

  // The form is POSTed so a henkilötunnus in it never lands in a URL; the file streams as it is read.
  ui.route({
    method: 'POST',
    url: archivistPaths.export,
    roles: ARCHIVIST,
    sensitive: true,
    handler: async (call) => {
      const { use, form } = call;
      const t = monitoringMessages(call.lang);
      const blank = (v: string | undefined) => v?.trim() || undefined;
      // Dates as typed (1.12.2026 or ISO); a mistake keeps the form with the error at its field.
      const issues: Issue[] = [];
      const month = blank(form.month) && parseMonth(form.month!);
      if (blank(form.month) && !month) issues.push({ field: 'month', rule: 'month', message: t('badMonth') });
      const day = (field: 'from' | 'to') => {
        const v = blank(form[field]);
        const parsed = v && parseDay(v);
        if (v && !parsed) issues.push({ field, rule: 'date', message: t('badDay', { field: t(field) }) });
        return parsed || undefined;
      };
      const from = day('from');
      const to = day('to');
      const page = (list: Issue[]) => ({
        title: t('exportTitle'),
        status: 400,
        body: (
          <>
            <RecordsStyle />
            <ExportView t={t} csrfToken={call.csrfToken} issues={list} values={form} />
          </>
        ),
      });
      if (issues.length) return page(issues);
      try {
        const exp = await use.openLogExport({
          log: blank(form.log),
          format: blank(form.format),
          month: month || undefined,
          from,
          to,
          clientKey: blank(form.clientKey)?.toUpperCase(),
          userId: blank(form.userId),
        });
        return { file: { contentType: exp.contentType, data: Readable.from(exp.chunks), fileName: exp.fileName } };
      } catch (err) {
        return page(formIssues(err));
      }
    },
  });
}
