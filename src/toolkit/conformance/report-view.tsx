// The report as HTML: one component for the toolkit page and for the stand-alone file the CLI writes.
import { render } from 'preact-render-to-string';
import { formatDate, type Lang } from '../../lib/ui/i18n.ts';
import type { ConformanceReport } from './report.ts';
import { reportMessages } from './report.ts';
import type { RequirementList } from './requirements.ts';

export function ReportView({ report, list, lang }: { report: ConformanceReport; list: RequirementList; lang: Lang }) {
  const t = reportMessages(lang);
  const c = report.counts;
  return (
    <section class="conformance-report" aria-labelledby="conformance-report-title">
      <h2 id="conformance-report-title">{t('title')}</h2>
      <p>{t('subtitle')}</p>
      <dl class="report-facts">
        <dt>{t('system')}</dt>
        <dd>{report.system}</dd>
        <dt>{t('archive')}</dt>
        <dd>{report.archive}</dd>
        <dt>{t('period')}</dt>
        <dd>
          {formatDate(report.started, lang, true)} – {formatDate(report.ended, lang, true)}
        </dd>
        <dt>{t('list')}</dt>
        <dd>
          {report.requirements.id} {report.requirements.version}
        </dd>
        <dt>{t('exchanges')}</dt>
        <dd>{report.exchanges}</dd>
        <dt>{t('verdict')}</dt>
        <dd>
          <strong data-verdict={report.verdict}>{t(`verdict.${report.verdict}`)}</strong> (
          {t('counts', { pass: c.pass, fail: c.fail, notExercised: c['not-exercised'] })})
        </dd>
      </dl>
      <table class="report-results">
        <caption>{t('title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('requirement')}</th>
            <th scope="col">{t('outcome')}</th>
            <th scope="col">{t('exercised')}</th>
          </tr>
        </thead>
        <tbody>
          {report.results.map((r) => {
            const req = list.requirements.find((x) => x.id === r.id);
            return (
              <tr key={r.id} data-requirement={r.id} data-outcome={r.outcome}>
                <th scope="row">
                  <a href={`#req-${r.id}`}>
                    {r.id} {req?.title[lang]}
                  </a>
                </th>
                <td>{t(`outcome.${r.outcome}`)}</td>
                <td>{r.exercised}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.results.map((r) => {
        const req = list.requirements.find((x) => x.id === r.id);
        return (
          <article key={r.id} id={`req-${r.id}`} class="report-requirement" data-outcome={r.outcome}>
            <h3>
              {r.id} {req?.title[lang]}: {t(`outcome.${r.outcome}`)}
            </h3>
            <p>{req?.rule[lang]}</p>
            <p>
              <small>
                {t('source')}: {req?.source[lang]}
              </small>
            </p>
            {r.evidence.length === 0 ? (
              <p>{t('noEvidence')}</p>
            ) : (
              <table>
                <caption>
                  {t('evidence')}: {r.id}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('request')}</th>
                    <th scope="col">{t('outcome')}</th>
                    <th scope="col">{t('rule')}</th>
                    <th scope="col">{t('document')}</th>
                    <th scope="col">{t('finding')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.evidence.map((e) => (
                    <tr key={`${e.request}-${e.entry ?? ''}-${e.rule ?? ''}`}>
                      <td>
                        {e.request}
                        {e.entry !== undefined ? `#${e.entry}` : ''}
                      </td>
                      <td>{t(e.ok ? 'outcome.pass' : 'outcome.fail')}</td>
                      <td>{e.rule ?? ''}</td>
                      <td>{e.documentId ?? ''}</td>
                      <td>{e.finding}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        );
      })}
    </section>
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.4}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:bold}[data-outcome=fail] h3,tr[data-outcome=fail] td{color:#8b0000}
dl.report-facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dd{margin:0}`;

/** A stand-alone HTML file (no scripts, inline style) of the report. */
export function reportHtmlDocument(report: ConformanceReport, list: RequirementList, lang: Lang): string {
  const t = reportMessages(lang);
  const body = render(
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>
          {t('title')}: {report.system}
        </title>
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <h1>{t('title')}</h1>
          <ReportView report={report} list={list} lang={lang} />
        </main>
      </body>
    </html>,
  );
  return `<!DOCTYPE html>\n${body}`;
}
