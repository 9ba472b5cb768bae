import { pdfFromModel } from '../../../lib/render/render-pdf.ts';
import type { RenderModel, RenderRow } from '../../../lib/render/render-model.ts';
import { MONITOR_RULES } from '../../domain/log-monitoring.ts';
import type { MonthlyReport } from '../../service/monthly-report.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import { ruleKey, type MonitoringT } from './monitoring-texts.ts';

// The monthly self-monitoring report as a PDF to file or send on (omavalvonta asks for a record), laid out
// by the same PDF renderer as the documents' renderings (src/lib/render/render-pdf.ts, PDF/A fonts embedded).

const row = (label: string, ...values: Array<string | number>): RenderRow => ({ kind: 'field', label, values: values.map(String) });

export function reportPdf(report: MonthlyReport, t: MonitoringT, lang: Lang, registerKeeperName: string): Promise<Buffer> {
  const model: RenderModel = {
    // The renderer speaks Finnish and Swedish; an English reader gets the Finnish layout words.
    lang: lang === 'sv' ? 'sv' : 'fi',
    title: `${t('reportTitle')} ${report.month}`,
    documentType: registerKeeperName,
    header: [
      row(t('month'), report.month),
      row(t('reportChain'), report.usageLogChain.ok ? t('chainOk') : t('chainBroken')),
      row(t('verifiedRows'), report.usageLogChain.verifiedRows),
    ],
    content: [
      {
        kind: 'section',
        heading: t('reportAlerts'),
        blocks: [
          ...MONITOR_RULES.map((r) => {
            const c = report.alerts.byRule[r];
            return row(
              t(ruleKey(r)),
              `${t('total')} ${c?.total ?? 0}`,
              `${t('open')} ${c?.open ?? 0}`,
              `${t('reviewedCount')} ${c?.reviewed ?? 0}`,
            );
          }),
          row(
            t('total'),
            `${t('total')} ${report.alerts.total}`,
            `${t('open')} ${report.alerts.open}`,
            `${t('reviewedCount')} ${report.alerts.reviewed}`,
          ),
        ],
      },
      {
        kind: 'section',
        heading: t('reportUses'),
        blocks: [
          row(t('usesTotal'), report.uses.total),
          row(t('usesUsers'), report.uses.users),
          row(t('usesClients'), report.uses.clients),
          row(t('denied'), report.deniedAttempts),
        ],
      },
      {
        kind: 'section',
        heading: t('reportSpecial'),
        blocks: [
          row(t('specialUses'), report.specialReason.uses),
          row(t('specialGrants'), report.specialReason.grants),
          row(t('specialCommented'), report.specialReason.grantsWithLaterComments),
        ],
      },
    ],
  };
  return pdfFromModel(model, {
    author: `${registerKeeperName} · ${formatDate(report.generatedAt, lang, true)}`,
    completed: report.generatedAt,
  });
}
