// The deployment test's report as HTML (fi/sv): the model from the project and the test, and its page. The PDF
// (service/report-pdf.ts) is made from the same model.
import { type ReportLang, type ReportModel, reportModel } from '../domain/test-report.ts';
import type { DeploymentTestRecord } from '../store/deployment-test-store.ts';
import type { JoiningProject } from '../store/project-store.ts';

export const isReportLang = (v: unknown): v is ReportLang => v === 'fi' || v === 'sv';

export function modelOf(project: JoiningProject, test: DeploymentTestRecord, lang: ReportLang): ReportModel {
  return reportModel(
    {
      organisationName: project.organisationName,
      organisationOid: project.organisationOid,
      testedOn: test.testedOn,
      clientSystem: test.clientSystem,
      testClient: test.testClient,
      professional: test.professional,
      archivist: test.archivist,
      preconditions: test.preconditions,
      documents: test.documents,
      checks: test.checks,
      outcome: test.outcome,
    },
    lang,
  );
}

export function ReportHtml({ model }: { model: ReportModel }) {
  return (
    <article class="report" lang={model.lang}>
      <dl>
        {model.rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v || '–'}</dd>
          </>
        ))}
      </dl>
      <ul>
        {model.preconditions.map((p) => (
          <li class={p.ok ? 'ok' : 'bad'}>{`${p.ok ? '✓' : '✗'} ${p.label}: ${p.detail}`}</li>
        ))}
      </ul>
      {model.documents.map((d) => (
        <table>
          <caption>{d.heading}</caption>
          <tbody>
            {d.findings.map((f) => (
              <tr>
                <th scope="row">{f.field}</th>
                <td>{f.value || '–'}</td>
                <td class={f.pass ? 'ok' : 'bad'}>{f.result}</td>
                <td>{f.remark}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p class={model.passed ? 'ok' : 'bad'}>
        <strong>{model.outcome}</strong>
      </p>
    </article>
  );
}
