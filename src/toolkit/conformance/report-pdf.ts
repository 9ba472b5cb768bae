// The report as PDF, laid out by the archive's own PDF renderer (lib/render): the header block with the
// facts and verdict, then one section per requirement with its evidence rows. Same texts as the HTML.
import type { RenderBlock, RenderModel } from '../../lib/render/render-model.ts';
import { pdfFromModel } from '../../lib/render/render-pdf.ts';
import type { Lang } from '../../lib/ui/i18n.ts';
import { type ConformanceReport, reportMessages } from './report.ts';
import type { RequirementList } from './requirements.ts';

const row = (label: string, ...values: string[]): RenderBlock => ({ kind: 'field', label, values });

export function reportPdf(report: ConformanceReport, list: RequirementList, lang: Lang): Promise<Buffer> {
  const t = reportMessages(lang);
  const c = report.counts;
  const model: RenderModel = {
    lang: lang === 'sv' ? 'sv' : 'fi',
    title: `${t('title')}: ${report.system}`,
    documentType: t('subtitle'),
    header: [
      { kind: 'field', label: t('system'), values: [report.system] },
      { kind: 'field', label: t('archive'), values: [report.archive] },
      { kind: 'field', label: t('period'), values: [`${report.started} – ${report.ended}`] },
      { kind: 'field', label: t('list'), values: [`${report.requirements.id} ${report.requirements.version}`] },
      { kind: 'field', label: t('exchanges'), values: [String(report.exchanges)] },
      {
        kind: 'field',
        label: t('verdict'),
        values: [t(`verdict.${report.verdict}`), t('counts', { pass: c.pass, fail: c.fail, notExercised: c['not-exercised'] })],
      },
    ],
    content: report.results.map((r): RenderBlock => {
      const req = list.requirements.find((x) => x.id === r.id);
      return {
        kind: 'section',
        heading: `${r.id} ${req?.title[lang] ?? r.key}: ${t(`outcome.${r.outcome}`)}`,
        blocks: [
          row(t('requirement'), req?.rule[lang] ?? ''),
          row(t('source'), req?.source[lang] ?? ''),
          row(t('exercised'), String(r.exercised)),
          ...(r.evidence.length === 0
            ? [row(t('evidence'), t('noEvidence'))]
            : r.evidence.map((e) =>
                row(
                  `${e.request}${e.entry !== undefined ? `#${e.entry}` : ''} ${t(e.ok ? 'outcome.pass' : 'outcome.fail')}`,
                  [e.rule, e.documentId, e.finding].filter(Boolean).join(' · '),
                ),
              )),
        ],
      };
    }),
  };
  return pdfFromModel(model, { author: 'arkki conformance harness', completed: report.ended });
}
