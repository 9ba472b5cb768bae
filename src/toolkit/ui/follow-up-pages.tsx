// Post-launch follow-up (8–12 weeks): per week what the organisation's systems archived and what the
// archive refused, by service unit and document type, success against the target, open errors, and the
// weekly status report (HTML and PDF).
import { FOLLOW_UP_WEEKS } from '../domain/follow-up.ts';
import { finnishDate } from '../domain/test-report.ts';
import type { FollowUp } from '../service/toolkit-services.ts';
import { statusReportPdf } from '../service/status-report-pdf.ts';
import { archivingTexts, refusalReason } from './archiving-messages.ts';
import { type Call, intParam, type Kit, projectNav, route } from './kit.tsx';

// An empty key is a refusal whose unit or document type the archive could not tell.
const counts = (rec: Record<string, number>, names: Record<string, string>, unknown = '') =>
  Object.entries(rec)
    .map(([k, n]) => `${k === '' ? unknown : (names[k] ?? k)}: ${n}`)
    .join(', ');

const reasons = (call: Call, rec: Record<string, number>) =>
  Object.entries(rec)
    .map(([rule, n]) => `${refusalReason(call.lang, rule, '')}: ${n}`)
    .join(', ');

function successText(call: Call, _f: FollowUp, w: FollowUp['weeks'][number]): string {
  if (w.successPercent === null) return call.t('nothingSent');
  return `${w.successPercent} % (${w.meetsTarget ? call.t('meets') : call.t('misses')})`;
}

function FollowUpTable({ call, f }: { call: Call; f: FollowUp }) {
  const { t } = call;
  const a = archivingTexts(call.lang);
  return (
    // A region that scrolls sideways is reachable by keyboard (tabindex), named by the table's caption.
    <section class="table-scroll" aria-labelledby="follow-up-weeks-caption" tabindex={0}>
      <table id="follow-up-weeks">
        <caption id="follow-up-weeks-caption">{t('target', { target: f.targetPercent })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('week')}</th>
            <th scope="col">{t('period')}</th>
            <th scope="col">{t('archived')}</th>
            <th scope="col">{t('refused')}</th>
            <th scope="col">{t('success')}</th>
            <th scope="col">{t('byUnit')}</th>
            <th scope="col">{t('byType')}</th>
            <th scope="col">{a('refusedByUnit')}</th>
            <th scope="col">{a('refusedByType')}</th>
            <th scope="col">{a('refusedReasons')}</th>
          </tr>
        </thead>
        <tbody>
          {f.weeks.map((w) => (
            <tr data-week={String(w.week)}>
              <th scope="row">{w.week}</th>
              <td>{`${finnishDate(w.from)}–${finnishDate(w.to)}`}</td>
              <td>{w.archived}</td>
              <td class={w.refused > 0 ? 'bad' : undefined}>{w.refused}</td>
              <td class={w.meetsTarget === false ? 'bad' : w.meetsTarget ? 'ok' : undefined}>{successText(call, f, w)}</td>
              <td>{counts(w.byServiceUnit, f.unitNames)}</td>
              <td>{counts(w.byDocumentType, f.typeNames)}</td>
              <td class="refused-by-unit">{counts(w.refusedByServiceUnit, f.unitNames, a('unknown'))}</td>
              <td class="refused-by-type">{counts(w.refusedByDocumentType, f.typeNames, a('unknown'))}</td>
              <td class="refused-reasons">{reasons(call, w.refusedByReason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OpenErrors({ call, f }: { call: Call; f: FollowUp }) {
  const errors = f.weeks.flatMap((w) => w.refusals.map((r) => ({ week: w.week, ...r })));
  if (errors.length === 0) return <p>{call.t('noErrors')}</p>;
  const a = archivingTexts(call.lang);
  const name = (names: Record<string, string>, k: string | undefined) => (k ? (names[k] ?? k) : a('unknown'));
  return (
    <table id="open-errors">
      <thead>
        <tr>
          <th scope="col">{call.t('week')}</th>
          <th scope="col">{call.t('period')}</th>
          <th scope="col">{a('serviceUnit')}</th>
          <th scope="col">{a('documentType')}</th>
          <th scope="col">{call.t('reason')}</th>
          <th scope="col">{a('system')}</th>
          <th scope="col">{call.t('documents')}</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e) => (
          <tr data-rule={e.reason}>
            <th scope="row">{e.week}</th>
            <td>{finnishDate(e.day)}</td>
            <td>{name(f.unitNames, e.serviceUnit)}</td>
            <td>{name(f.typeNames, e.documentType)}</td>
            <td>{refusalReason(call.lang, e.reason, e.field)}</td>
            <td>{e.system}</td>
            <td>{e.documentIds.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const weeksOf = (v: string | undefined) => {
  const n = Number(v ?? FOLLOW_UP_WEEKS.min);
  return Number.isInteger(n) ? Math.min(FOLLOW_UP_WEEKS.max, Math.max(FOLLOW_UP_WEEKS.min, n)) : FOLLOW_UP_WEEKS.min;
};

export function followUpPages(kit: Kit): void {
  route(kit, {
    method: 'GET',
    url: '/projects/:id/follow-up',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const { t, services } = call;
      const id = intParam(call.params.id, 'id');
      const project = await services.project(id);
      const weeks = weeksOf(call.query.weeks);
      const f = await services.followUp(id, weeks);
      return {
        title: t('followTitle', { org: project.organisationName }),
        nav: projectNav(t, id),
        body: (
          <>
            <p>{t('followIntro')}</p>
            {!f.goLive ? (
              <p>{t('noGoLive')}</p>
            ) : (
              <>
                <p>{t('goLive', { day: finnishDate(f.goLive) })}</p>
                <form method="get" action={`/projects/${id}/follow-up`}>
                  <label for="weeks">{t('weeks')}</label>
                  <input
                    id="weeks"
                    name="weeks"
                    type="number"
                    min={String(FOLLOW_UP_WEEKS.min)}
                    max={String(FOLLOW_UP_WEEKS.max)}
                    value={String(weeks)}
                  />
                  <button type="submit">{t('show')}</button>
                </form>
                <FollowUpTable call={call} f={f} />
                <h2>{t('openErrors')}</h2>
                <OpenErrors call={call} f={f} />
                <p>
                  <a href={`/projects/${id}/follow-up/report.html?weeks=${weeks}`}>{t('statusReportHtml')}</a>
                  {' · '}
                  <a href={`/projects/${id}/follow-up/report.pdf?weeks=${weeks}`}>{t('statusReportPdf')}</a>
                </p>
              </>
            )}
          </>
        ),
      };
    },
  });
  route(kit, {
    method: 'GET',
    url: '/projects/:id/follow-up/report.:format',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const { t, services } = call;
      const id = intParam(call.params.id, 'id');
      const project = await services.project(id);
      const f = await services.followUp(id, weeksOf(call.query.weeks));
      const title = t('statusReportTitle', { org: project.organisationName });
      const a = archivingTexts(call.lang);
      if (call.params.format === 'pdf') {
        const data = await statusReportPdf(
          {
            title,
            lines: [f.goLive ? t('goLive', { day: finnishDate(f.goLive) }) : t('noGoLive'), t('target', { target: f.targetPercent })],
            sections: f.weeks.map((w) => ({
              heading: `${t('week')} ${w.week}: ${finnishDate(w.from)}–${finnishDate(w.to)}`,
              lines: [
                `${t('archived')}: ${w.archived}, ${t('refused')}: ${w.refused}, ${t('success')}: ${successText(call, f, w)}`,
                `${t('byUnit')}: ${counts(w.byServiceUnit, f.unitNames) || '–'}`,
                `${t('byType')}: ${counts(w.byDocumentType, f.typeNames) || '–'}`,
                `${a('refusedByUnit')}: ${counts(w.refusedByServiceUnit, f.unitNames, a('unknown')) || '–'}`,
                `${a('refusedByType')}: ${counts(w.refusedByDocumentType, f.typeNames, a('unknown')) || '–'}`,
                ...w.refusals.map(
                  (r) =>
                    `${t('refused')} ${finnishDate(r.day)}: ${refusalReason(call.lang, r.reason, r.field)}; ` +
                    `${a('serviceUnit')} ${r.serviceUnit ? (f.unitNames[r.serviceUnit] ?? r.serviceUnit) : a('unknown')}; ` +
                    `${a('documentType')} ${r.documentType ? (f.typeNames[r.documentType] ?? r.documentType) : a('unknown')}; ` +
                    `${a('system')} ${r.system} ${r.documentIds.join(', ')}`,
                ),
              ],
            })),
          },
          call.lang,
        );
        return { file: { contentType: 'application/pdf', data, fileName: `viikkoraportti-${id}.pdf` } };
      }
      return {
        title,
        nav: projectNav(t, id),
        body: (
          <>
            {f.goLive && <p>{t('goLive', { day: finnishDate(f.goLive) })}</p>}
            <FollowUpTable call={call} f={f} />
            <h2>{t('openErrors')}</h2>
            <OpenErrors call={call} f={f} />
          </>
        ),
      };
    },
  });
}
