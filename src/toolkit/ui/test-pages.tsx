// The deployment test, guided: preconditions checked and shown, the test case in the client system (the
// toolkit sees what arrived in the archive), the archivist's check list per archived field, the outcome
// and the report (HTML and PDF, fi/sv) with its due date and subject line.
import { CHECKED_FIELDS, type CheckedField, type FieldCheck } from '../domain/deployment-test.ts';
import { finnishDate } from '../domain/test-report.ts';
import type { DeploymentTestRecord } from '../store/deployment-test-store.ts';
import { reportPdf } from '../service/report-pdf.ts';
import type { ArchivingFailure, ArchivingOpening } from '../service/toolkit-services.ts';
import { archivingTexts } from './archiving-messages.ts';
import { CsrfField } from './layout.tsx';
import { isReportLang, modelOf, ReportHtml } from './test-report-html.tsx';
import { BadInput, type Call, intParam, type Kit, projectNav, route } from './kit.tsx';

function CheckList({ call, projectId, test }: { call: Call; projectId: number; test: DeploymentTestRecord }) {
  const { t } = call;
  const checkOf = (doc: string, field: CheckedField) => test.checks.find((c) => c.documentId === doc && c.field === field);
  const model = modelOf({ id: projectId, organisationOid: '', organisationName: '', wave: null }, test, call.lang === 'sv' ? 'sv' : 'fi');
  const editable = call.session.role === 'archivist' && !test.outcome;
  return (
    <form method="post" action={`/projects/${projectId}/deployment-test/${test.id}/checks`}>
      <CsrfField token={call.csrfToken} />
      {test.documents.map((d, di) => (
        <table class="check-list">
          <caption>{`${d.documentType} – ${d.documentId}`}</caption>
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('value')}</th>
              <th scope="col">{t('result')}</th>
              <th scope="col">{t('remark')}</th>
            </tr>
          </thead>
          <tbody>
            {CHECKED_FIELDS.map((field, fi) => {
              const c = checkOf(d.documentId, field);
              const label = model.documents[di]!.findings[fi]!.field;
              const key = `${di}:${field}`;
              return (
                <tr>
                  <th scope="row">{label}</th>
                  <td>{d.values[field] || '–'}</td>
                  <td>
                    <select name={`result:${key}`} aria-label={t('resultOf', { field: label, doc: d.documentId })} disabled={!editable}>
                      <option value="" selected={!c}>
                        –
                      </option>
                      <option value="pass" selected={c?.result === 'pass'}>
                        {t('pass')}
                      </option>
                      <option value="fail" selected={c?.result === 'fail'}>
                        {t('fail')}
                      </option>
                    </select>
                  </td>
                  <td>
                    <input
                      name={`remark:${key}`}
                      value={c?.remark ?? ''}
                      aria-label={t('remarkOf', { field: label, doc: d.documentId })}
                      disabled={!editable}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
      {editable && test.documents.length > 0 && <button type="submit">{t('saveChecks')}</button>}
    </form>
  );
}

const CODE = /^[a-z][a-z0-9-]{0,40}$/;

/** A failure as the redirect after "decide" or "retry" carries it: kind and rule codes only. */
function failureFromQuery(q: Record<string, string | undefined>): ArchivingFailure | undefined {
  const kind = q.archivingError;
  if (!kind || !CODE.test(kind)) return undefined;
  const rule = q.rule && CODE.test(q.rule) ? q.rule : undefined;
  return { kind, ...(rule ? { rule } : {}), retryable: kind !== 'forbidden' };
}

const failureQuery = (f: ArchivingFailure) =>
  `archivingError=${encodeURIComponent(f.kind)}${f.rule ? `&rule=${encodeURIComponent(f.rule)}` : ''}`;

/** After a passed test: whether the archive has opened archiving for the organisation, or a retry. */
function ArchivingStatus({
  call,
  base,
  archiving,
  failed,
}: {
  call: Call;
  base: string;
  archiving: ArchivingOpening;
  failed: ArchivingFailure | undefined;
}) {
  const a = archivingTexts(call.lang);
  const why = (f: ArchivingFailure) =>
    f.kind === 'unavailable' || f.kind === 'forbidden' ? a(`fail-${f.kind}`) : a('fail-other', { kind: f.rule ?? f.kind });
  const state = archiving.ok ? archiving.state : undefined;
  const open = state?.state === 'open';
  return (
    <div id="archiving" data-state={state?.state ?? 'unknown'}>
      <h3>{a('archivingTitle')}</h3>
      {open && (
        <p role="status" class="ok">
          {a('archivingOpen', { day: state?.changed ? finnishDate(state.changed.slice(0, 10)) : '', by: state?.by ?? '' })}
        </p>
      )}
      {!open && failed && (
        <p role="alert" class="bad">
          {a('archivingOpenFailed', { why: why(failed) })}
        </p>
      )}
      {!archiving.ok && !failed && (
        <p role="alert" class="bad">
          {a('archivingStateUnknown', { why: why(archiving.error) })}
        </p>
      )}
      {state?.state === 'not-opened' && !failed && <p class="bad">{a('archivingNotOpen')}</p>}
      {state?.state === 'closed' && (
        <p class="bad">
          {a('archivingClosed', {
            day: state.changed ? finnishDate(state.changed.slice(0, 10)) : '',
            by: state.by ?? '',
            reason: state.reason ?? '',
          })}
        </p>
      )}
      {!open && state?.state !== 'closed' && (
        <form method="post" action={`${base}/open-archiving`}>
          <CsrfField token={call.csrfToken} />
          <button type="submit">{a('archivingRetry')}</button>
        </form>
      )}
    </div>
  );
}

export function testPages(kit: Kit): void {
  route(kit, {
    method: 'GET',
    url: '/projects/:id/deployment-test',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const { t, services, csrfToken } = call;
      const id = intParam(call.params.id, 'id');
      const project = await services.project(id);
      const tests = await services.tests(id);
      const outcome = (x: DeploymentTestRecord) =>
        t(x.outcome === 'passed' ? 'outcomePassed' : x.outcome === 'failed' ? 'outcomeFailed' : 'outcomeOpen');
      return {
        title: t('testTitle', { org: project.organisationName }),
        nav: projectNav(t, id),
        body: (
          <>
            <p>{t('testIntro')}</p>
            {tests.length > 0 && (
              <>
                <h2>{t('earlierTests')}</h2>
                <ul>
                  {tests.map((x) => (
                    <li>
                      <a href={`/projects/${id}/deployment-test/${x.id}`}>
                        {t('testOf', { day: finnishDate(x.testedOn), outcome: outcome(x) })}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {call.session.role === 'project-manager' && (
              <form method="post" action={`/projects/${id}/deployment-test`} class="card">
                <h2>{t('startNew')}</h2>
                <CsrfField token={csrfToken} />
                <label for="client-system">{t('clientSystem')}</label>
                <input id="client-system" name="clientSystem" required aria-describedby="client-system-hint" />
                <p id="client-system-hint" class="hint">
                  {t('clientSystemHint')}
                </p>
                <label for="test-client">{t('testClient')}</label>
                <input id="test-client" name="testClient" required />
                <label for="professional">{t('professional')}</label>
                <input id="professional" name="professional" required />
                <button type="submit">{t('startTest')}</button>
              </form>
            )}
          </>
        ),
      };
    },
  });
  route(kit, {
    method: 'POST',
    url: '/projects/:id/deployment-test',
    roles: ['project-manager'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const { clientSystem = '', testClient = '', professional = '' } = call.form;
      if (!testClient.trim()) throw new BadInput('testClient: name the test client');
      const testId = await call.services.startTest(id, { clientSystem, testClient: testClient.trim(), professional: professional.trim() });
      return { redirect: `/projects/${id}/deployment-test/${testId}` };
    },
  });
  route(kit, {
    method: 'GET',
    url: '/projects/:id/deployment-test/:testId',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const { t, services, csrfToken } = call;
      const id = intParam(call.params.id, 'id');
      const project = await services.project(id);
      const test = await services.test(id, intParam(call.params.testId, 'testId'));
      const model = modelOf(project, test, call.lang === 'sv' ? 'sv' : 'fi');
      const base = `/projects/${id}/deployment-test/${test.id}`;
      const archiving = test.outcome === 'passed' ? await services.archivingState(id) : undefined;
      return {
        title: t('testTitle', { org: project.organisationName }),
        nav: projectNav(t, id),
        body: (
          <div class="steps">
            {call.query.saved && (
              <p role="status" class="notice">
                {t('checksSaved')}
              </p>
            )}
            <section aria-labelledby="step1">
              <h2 id="step1">{t('step1')}</h2>
              <ul id="preconditions">
                {test.preconditions.map((p) => (
                  <li class={p.ok ? 'ok' : 'bad'} data-ok={String(p.ok)}>
                    {`${p.ok ? '✓' : '✗'} ${t(`pre-${p.key}`)}: ${p.ok ? t('ok') : t('notOk')} – ${p.detail}`}
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="step2">
              <h2 id="step2">{t('step2')}</h2>
              <p>{t('step2Text')}</p>
              <p id="arrived">{test.documents.length ? t('arrivedCount', { n: test.documents.length }) : t('noneArrived')}</p>
              {!test.outcome && (
                <form method="post" action={`${base}/arrived`}>
                  <CsrfField token={csrfToken} />
                  <button type="submit">{t('refreshArrived')}</button>
                </form>
              )}
            </section>
            <section aria-labelledby="step3">
              <h2 id="step3">{t('step3')}</h2>
              {call.session.role !== 'archivist' && !test.outcome && <p>{t('onlyArchivist')}</p>}
              <CheckList call={call} projectId={id} test={test} />
              {call.session.role === 'archivist' && !test.outcome && test.documents.length > 0 && (
                <form method="post" action={`${base}/decide`}>
                  <CsrfField token={csrfToken} />
                  <button type="submit">{t('decide')}</button>
                </form>
              )}
            </section>
            <section aria-labelledby="step4">
              <h2 id="step4">{t('step4')}</h2>
              <p id="outcome" class={model.passed ? 'ok' : test.outcome ? 'bad' : undefined}>
                <strong>{model.outcome}</strong>
              </p>
              {archiving && <ArchivingStatus call={call} base={base} archiving={archiving} failed={failureFromQuery(call.query)} />}
              <p id="due">{t('dueDate', { day: finnishDate(model.dueDate), to: model.sendTo, subject: model.subject })}</p>
              <ul>
                <li>
                  <a href={`${base}/report.fi.html`}>{t('reportHtmlFi')}</a>
                </li>
                <li>
                  <a href={`${base}/report.sv.html`}>{t('reportHtmlSv')}</a>
                </li>
                <li>
                  <a href={`${base}/report.fi.pdf`}>{t('reportPdfFi')}</a>
                </li>
                <li>
                  <a href={`${base}/report.sv.pdf`}>{t('reportPdfSv')}</a>
                </li>
              </ul>
            </section>
          </div>
        ),
      };
    },
  });
  route(kit, {
    method: 'POST',
    url: '/projects/:id/deployment-test/:testId/arrived',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const testId = intParam(call.params.testId, 'testId');
      await call.services.refreshArrived(id, testId);
      return { redirect: `/projects/${id}/deployment-test/${testId}` };
    },
  });
  route(kit, {
    method: 'POST',
    url: '/projects/:id/deployment-test/:testId/checks',
    roles: ['archivist'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const testId = intParam(call.params.testId, 'testId');
      const test = await call.services.test(id, testId);
      const checks: FieldCheck[] = [];
      test.documents.forEach((d, di) => {
        for (const field of CHECKED_FIELDS) {
          const result = call.form[`result:${di}:${field}`];
          if (result !== 'pass' && result !== 'fail') continue;
          checks.push({ documentId: d.documentId, field, result, remark: (call.form[`remark:${di}:${field}`] ?? '').slice(0, 2000) });
        }
      });
      await call.services.saveChecks(id, testId, checks);
      return { redirect: `/projects/${id}/deployment-test/${testId}?saved=1` };
    },
  });
  route(kit, {
    method: 'POST',
    url: '/projects/:id/deployment-test/:testId/decide',
    roles: ['archivist'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const testId = intParam(call.params.testId, 'testId');
      const { archiving } = await call.services.decideTest(id, testId, call.session.name);
      const failed = archiving && !archiving.ok ? `?${failureQuery(archiving.error)}` : '';
      return { redirect: `/projects/${id}/deployment-test/${testId}${failed}` };
    },
  });
  // A passed test whose opening call failed (the archive did not answer): the same call again.
  route(kit, {
    method: 'POST',
    url: '/projects/:id/deployment-test/:testId/open-archiving',
    roles: ['archivist', 'project-manager'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const testId = intParam(call.params.testId, 'testId');
      const result = await call.services.openArchiving(id, testId);
      const failed = result.ok ? '' : `?${failureQuery(result.error)}`;
      return { redirect: `/projects/${id}/deployment-test/${testId}${failed}` };
    },
  });
  route(kit, {
    method: 'GET',
    url: '/projects/:id/deployment-test/:testId/report.:lang.:format',
    roles: ['project-manager', 'archivist'],
    handler: async (call) => {
      const id = intParam(call.params.id, 'id');
      const { lang, format } = call.params;
      if (!isReportLang(lang) || (format !== 'html' && format !== 'pdf'))
        throw new BadInput('report: language fi or sv, format html or pdf');
      const project = await call.services.project(id);
      const test = await call.services.test(id, intParam(call.params.testId, 'testId'));
      const model = modelOf(project, test, lang);
      const name = `kayttoonottokoe-${test.testedOn}-${lang}`;
      if (format === 'pdf')
        return { file: { contentType: 'application/pdf', data: await reportPdf(model, new Date()), fileName: `${name}.pdf` } };
      return { title: `${model.title}: ${model.subject}`, nav: projectNav(call.t, id), body: <ReportHtml model={model} /> };
    },
  });
}
