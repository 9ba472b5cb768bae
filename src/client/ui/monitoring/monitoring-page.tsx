// Archiving monitoring (seed 001: the 8–12 weeks after go-live), for the archiving contact persons and the
// project team: per day sent / accepted / refused / retried / waiting, by document type, service unit and
// professional, as SVG charts with their tables; the refused items with the reason and where to fix them;
// the same figures as CSV. Team leads only: it shows the whole organisation's traffic.
import { stringify } from 'csv-stringify/sync';
import { ArkkiError } from '../../../lib/errors.ts';
import type { Lang } from '../../../lib/ui/i18n.ts';
import { finnishDay, plusDays } from '../../../lib/time/index.ts';
import type { Dimension, MonitoringReport } from '../../domain/monitoring.ts';
import type { WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { clientPath } from '../pages/common.tsx';
import { monitoringMessages } from './monitoring-messages.ts';
import { DayChart, GroupChart } from './svg-charts.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ROLES = ['team-lead'] as const;

/** The period asked for, default the last 12 weeks (seed 001's monitoring window). */
function rangeOf(query: Record<string, string>, today: string, lang: Lang): { from: string; to: string } {
  const to = query.to || today;
  const from = query.from || plusDays(to, -83);
  const days = DAY.test(from) && DAY.test(to) ? (Date.parse(to) - Date.parse(from)) / 86_400_000 : Number.NaN;
  if (!(days >= 0 && days < 400))
    throw new ArkkiError('invalid', [{ field: 'from', rule: 'range', message: monitoringMessages(lang)('badRange') }]);
  return { from, to };
}

function names(deps: WorkbenchDeps, lang: Lang, d: Dimension, key: string): string {
  if (d === 'documentType') return deps.codeSets.display('document-types', key, lang) ?? key;
  if (d === 'serviceUnit') {
    const u = deps.serviceUnits.find((x) => x.oid === key);
    return (u && (u.name[lang] ?? u.name.fi)) ?? key;
  }
  return key;
}

export function monitoringCsv(report: MonitoringReport, label: (d: Dimension, key: string) => string): string {
  const rows: unknown[][] = [['section', 'group', 'sent', 'accepted', 'refused', 'retried', 'queued', 'waiting']];
  for (const d of report.days) rows.push(['day', d.day, d.sent, d.accepted, d.refused, d.retried, d.queued, d.waiting]);
  for (const dim of ['documentType', 'serviceUnit', 'author'] as const)
    for (const r of report.by[dim]) rows.push([dim, label(dim, r.key), r.sent, r.accepted, r.refused, r.retried, r.queued, r.waiting]);
  const t = report.totals;
  rows.push(['total', '', t.sent, t.accepted, t.refused, t.retried, t.queued, t.waiting]);
  return stringify(rows);
}

export function registerMonitoringPage(kit: WorkbenchKit, deps: WorkbenchDeps): void {
  kit.route({
    method: 'GET',
    url: '/monitoring',
    roles: ROLES,
    handler: async (call) => {
      const lang = call.lang;
      const t = monitoringMessages(lang);
      const range = rangeOf(call.query, finnishDay(deps.now()), lang);
      const report = await deps.system.archiving.monitoring(range);
      const refused = await deps.system.archiving.archivingErrors(lang);
      const qs = `from=${range.from}&to=${range.to}`;
      const labels = { sent: t('sent'), accepted: t('accepted'), refused: t('refused'), retried: t('retried'), waiting: t('waiting') };
      const group = (dim: Dimension, heading: string) => {
        const rows = report.by[dim].map((r) => ({ ...r, name: names(deps, lang, dim, r.key) }));
        return (
          <section class="card" id={`by-${dim}`}>
            <h2>{heading}</h2>
            <GroupChart rows={rows} title={`${heading}: ${t('sent')} / ${t('refused')}`} label={(r) => `${r.sent} / ${r.refused}`} />
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('key')}</th>
                  <th scope="col">{t('sent')}</th>
                  <th scope="col">{t('accepted')}</th>
                  <th scope="col">{t('refused')}</th>
                  <th scope="col">{t('retried')}</th>
                  <th scope="col">{t('waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">{r.name}</th>
                    <td>{r.sent}</td>
                    <td>{r.accepted}</td>
                    <td>{r.refused}</td>
                    <td>{r.retried}</td>
                    <td>{r.waiting}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      };
      const body = (
        <>
          <p>{t('intro')}</p>
          <form method="get" action="/monitoring" class="inline-form">
            <label>
              {t('from')} <input type="date" name="from" value={range.from} />
            </label>
            <label>
              {t('to')} <input type="date" name="to" value={range.to} />
            </label>
            <button type="submit">{t('show')}</button>
            <a href={`/monitoring.csv?${qs}`}>{t('csv')}</a>
            <a href="#refused">{t('showRefused', { n: refused.length })}</a>
          </form>
          <section class="card" id="per-day">
            <h2>{t('perDay')}</h2>
            <p class="totals">
              {`${t('totals')}: ${t('sent')} ${report.totals.sent} · ${t('accepted')} ${report.totals.accepted} · ${t('refused')} ${report.totals.refused} · ${t('retried')} ${report.totals.retried} · ${t('waiting')} ${report.totals.waiting}`}
            </p>
            <DayChart days={report.days} labels={labels} title={t('chartDays')} />
            <details>
              <summary>{t('perDay')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('day')}</th>
                    <th scope="col">{t('sent')}</th>
                    <th scope="col">{t('accepted')}</th>
                    <th scope="col">{t('refused')}</th>
                    <th scope="col">{t('retried')}</th>
                    <th scope="col">{t('waiting')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.days
                    .filter((d) => d.sent + d.accepted + d.refused + d.retried + d.queued > 0)
                    .map((d) => (
                      <tr>
                        <th scope="row">{d.day}</th>
                        <td>{d.sent}</td>
                        <td>{d.accepted}</td>
                        <td>{d.refused}</td>
                        <td>{d.retried}</td>
                        <td>{d.waiting}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </details>
          </section>
          {group('documentType', t('byDocumentType'))}
          {group('serviceUnit', t('byServiceUnit'))}
          {group('author', t('byAuthor'))}
          <section class="card" id="refused">
            <h2>{`${t('refusedItems')} (${refused.length})`}</h2>
            <p class="muted">{t('refusedIntro')}</p>
            {refused.length === 0 ? (
              <p>{t('none')}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('document')}</th>
                    <th scope="col">{t('reason')}</th>
                    <th scope="col">{t('fix')}</th>
                    <th scope="col">{t('where')}</th>
                    <th scope="col">{t('archiveSaid')}</th>
                  </tr>
                </thead>
                <tbody>
                  {refused.map((e) => (
                    <tr>
                      <td>
                        <a
                          href={
                            e.kind === 'document'
                              ? `${clientPath(deps, e.clientKey)}/documents/${e.documentId}`
                              : clientPath(deps, e.clientKey)
                          }
                        >
                          {e.title}
                        </a>
                        <span class="muted">{` · ${names(deps, lang, 'serviceUnit', e.serviceUnit)} · ${e.author}`}</span>
                      </td>
                      <td>{e.explained.title}</td>
                      <td>{e.explained.fix}</td>
                      <td>{e.explained.where}</td>
                      <td class="muted">
                        <code>{e.explained.rule}</code> {e.explained.archiveMessage}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      );
      return { title: t('title'), body };
    },
  });

  kit.route({
    method: 'GET',
    url: '/monitoring.csv',
    roles: ROLES,
    handler: async (call) => {
      const range = rangeOf(call.query, finnishDay(deps.now()), call.lang);
      const report = await deps.system.archiving.monitoring(range);
      const csv = monitoringCsv(report, (d, key) => names(deps, call.lang, d, key));
      return {
        file: {
          contentType: 'text/csv; charset=utf-8',
          data: Buffer.from(csv),
          fileName: `arkistoinnin-seuranta-${range.from}-${range.to}.csv`,
        },
      };
    },
  });
}
