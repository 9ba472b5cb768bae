// The toolkit's conformance page: the published test cases and requirements, test runs started from the
// page (each a recording proxy in front of the test archive), and a run's report with its downloads. A
// fastify plugin the toolkit's app registers behind its sign-in (`canUse`); its shell may replace the layout.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { sendDownload } from '../../lib/ui/download.ts';
import { timingSafeEqual } from 'node:crypto';
import { chooseLang, formatDate, LANG_COOKIE, LANGS, type Lang } from '../../lib/ui/i18n.ts';
import { pageMessages } from './page-messages.ts';
import type { ConformanceReport } from './report.ts';
import { reportPdf } from './report-pdf.ts';
import { ReportView, reportHtmlDocument } from './report-view.tsx';
import { requirementList } from './requirements.ts';
import type { ConformanceRun, ConformanceRuns } from './runs.ts';

export interface LayoutInput {
  request: FastifyRequest;
  lang: Lang;
  title: string;
  currentUrl: string;
  children: ComponentChildren;
}

export interface ConformancePageOptions {
  runs: ConformanceRuns;
  /** The toolkit's sign-in decides who may use the harness; deny by default is the caller's duty here. */
  canUse: (request: FastifyRequest) => boolean;
  /** The toolkit shell's layout; default a plain page on the shared stylesheet. */
  layout?: (input: LayoutInput) => VNode;
  /** The shell's CSRF token for this request: sent as `_csrf` in the page's forms and required on every POST. */
  formToken?: (request: FastifyRequest) => string | undefined;
}

const LANG_LABEL: Record<Lang, string> = { fi: 'suomeksi', sv: 'på svenska', en: 'in English' };

function PlainLayout({ lang, title, currentUrl, children }: LayoutInput) {
  const t = pageMessages(lang);
  const path = currentUrl.split('?')[0]!;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – arkki`}</title>
        <link rel="icon" href="/ui/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/ui/static/app.css" />
      </head>
      <body>
        <a class="skip" href="#content">
          {t('skip')}
        </a>
        <header class="top">
          <div class="brand">
            <span class="logo" aria-hidden="true">
              arkki
            </span>
            <span class="app-name">{t('title')}</span>
          </div>
          <div class="top-tools">
            <nav class="langs" aria-label={t('language')}>
              {LANGS.map((l) => (
                <a href={`${path}?lang=${l}`} lang={l} hrefLang={l} aria-current={l === lang ? 'true' : undefined}>
                  {l.toUpperCase()}
                  <span class="sr">{` ${LANG_LABEL[l]}`}</span>
                </a>
              ))}
            </nav>
          </div>
        </header>
        <main id="content" tabIndex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

function Requirements({ lang }: { lang: Lang }) {
  const t = pageMessages(lang);
  const list = requirementList();
  return (
    <section class="card" aria-labelledby="cases">
      <h2 id="cases">{t('cases')}</h2>
      <p class="muted">
        {list.id} {list.version}
      </p>
      <table>
        <caption class="sr">{t('cases')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('id')}</th>
            <th scope="col">{t('requirement')}</th>
            <th scope="col">{t('rule')}</th>
            <th scope="col">{t('source')}</th>
          </tr>
        </thead>
        <tbody>
          {list.requirements.map((r) => (
            <tr key={r.id} data-requirement={r.id}>
              <td>{r.id}</td>
              <th scope="row">{r.title[lang]}</th>
              <td>{r.rule[lang]}</td>
              <td>{r.source[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TokenField({ token }: { token: string | undefined }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

function RunsPage({ lang, runs, error, token }: { lang: Lang; runs: ConformanceRun[]; error?: string; token?: string | undefined }) {
  const t = pageMessages(lang);
  return (
    <>
      <p>{t('intro')}</p>
      <section class="card" aria-labelledby="steps">
        <h2 id="steps">{t('steps')}</h2>
        <ol>
          {(['step1', 'step2', 'step3', 'step4', 'step5', 'step6', 'step7'] as const).map((s) => (
            <li key={s}>{t(s)}</li>
          ))}
        </ol>
        <form method="post" action="/conformance/runs" class="stack">
          <TokenField token={token} />
          <label for="system">{t('system')}</label>
          <input
            type="text"
            id="system"
            name="system"
            required
            maxLength={200}
            aria-describedby={error ? 'system-hint system-error' : 'system-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
          <span class="hint" id="system-hint">
            {t('systemHint')}
          </span>
          {error && (
            <span class="field-error" id="system-error">
              {error}
            </span>
          )}
          <button type="submit">{t('start')}</button>
        </form>
      </section>
      <section class="card" aria-labelledby="runs">
        <h2 id="runs">{t('runs')}</h2>
        {runs.length === 0 ? (
          <p>{t('noRuns')}</p>
        ) : (
          <table>
            <caption class="sr">{t('runs')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('run')}</th>
                <th scope="col">{t('started')}</th>
                <th scope="col">{t('state')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={`/conformance/runs/${r.id}`}>{r.system}</a>
                  </th>
                  <td>{formatDate(r.started, lang, true)}</td>
                  <td>{r.report ? t('finished') : t('open')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Requirements lang={lang} />
    </>
  );
}

function RunPage({ lang, run, report, token }: { lang: Lang; run: ConformanceRun; report: ConformanceReport; token?: string | undefined }) {
  const t = pageMessages(lang);
  const base = `/conformance/runs/${run.id}`;
  return (
    <>
      <p>
        <a href="/conformance">{t('back')}</a>
      </p>
      <section class="card" aria-labelledby="run-state">
        <h2 id="run-state">{t('runState')}</h2>
        <dl class="facts">
          <dt>{t('started')}</dt>
          <dd>{formatDate(run.started, lang, true)}</dd>
          <dt>{t('state')}</dt>
          <dd>{run.report ? t('finished') : t('open')}</dd>
          {run.fhirBase && (
            <>
              <dt>{t('pointAt')}</dt>
              <dd>
                <code data-fhir-base>{run.fhirBase}</code>
              </dd>
            </>
          )}
        </dl>
        {!run.report && (
          <form method="post" action={`${base}/finish`} class="inline">
            <TokenField token={token} />
            <button type="submit">{t('finish')}</button>
            <a class="button secondary" href={base}>
              {t('refresh')}
            </a>
          </form>
        )}
        <p>
          {t('downloads')}: <a href={`${base}/report.html?lang=${lang}`}>HTML</a> · <a href={`${base}/report.pdf?lang=${lang}`}>PDF</a> ·{' '}
          <a href={`${base}/report.json`}>JSON</a>
        </p>
      </section>
      <div class="card">
        <ReportView report={report} list={requirementList()} lang={lang} />
      </div>
    </>
  );
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const html = (vnode: VNode) => `<!DOCTYPE html>\n${render(vnode)}`;

/** Forms are posted from our own pages only: a cross-site POST is refused (the shell adds its CSRF token check on top). */
function sameOrigin(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function conformancePage(options: ConformancePageOptions) {
  const layout = options.layout ?? PlainLayout;
  const langOf = (request: FastifyRequest, reply: FastifyReply): Lang => {
    const asked = (request.query as { lang?: string } | undefined)?.lang;
    const lang = chooseLang(asked ?? request.cookies?.[LANG_COOKIE], request.headers['accept-language']);
    if (asked === lang && typeof reply.setCookie === 'function') reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax' });
    return lang;
  };
  const page = (reply: FastifyReply, request: FastifyRequest, lang: Lang, title: string, body: ComponentChildren, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html(layout({ request, lang, title, currentUrl: request.url, children: body })));

  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request, reply) => {
      if (!options.canUse(request)) return reply.code(403).type('text/plain; charset=utf-8').send('forbidden');
      if (request.method === 'POST' && !sameOrigin(request))
        return reply.code(403).type('text/plain; charset=utf-8').send('cross-site form refused');
    });
    if (options.formToken) {
      const tokenOf = options.formToken;
      app.addHook('preHandler', async (request, reply) => {
        if (request.method !== 'POST') return;
        const want = tokenOf(request);
        const sent = (request.body as { _csrf?: unknown } | undefined)?._csrf;
        if (!want || typeof sent !== 'string' || !sameToken(sent, want))
          return reply.code(403).type('text/plain; charset=utf-8').send('form token missing or stale: reload the page');
      });
    }
    const tokenOf = (request: FastifyRequest) => options.formToken?.(request);

    app.get('/conformance', async (request, reply) => {
      const lang = langOf(request, reply);
      return page(
        reply,
        request,
        lang,
        pageMessages(lang)('title'),
        <RunsPage lang={lang} runs={options.runs.list()} token={tokenOf(request)} />,
      );
    });

    app.post('/conformance/runs', async (request, reply) => {
      const lang = langOf(request, reply);
      const system = String((request.body as { system?: unknown } | undefined)?.system ?? '').trim();
      if (system.length < 1 || system.length > 200 || /[\p{Cc}]/u.test(system)) {
        const t = pageMessages(lang);
        return page(
          reply,
          request,
          lang,
          t('title'),
          <RunsPage lang={lang} runs={options.runs.list()} error={t('systemRequired')} token={tokenOf(request)} />,
          400,
        );
      }
      let run: ConformanceRun;
      try {
        run = await options.runs.start(system);
      } catch (err) {
        // E.g. the test PKI not there yet or the test archive down: said on the page, the run not started.
        const t = pageMessages(lang);
        const error = t('startFailed', { reason: (err as Error).message });
        return page(
          reply,
          request,
          lang,
          t('title'),
          <RunsPage lang={lang} runs={options.runs.list()} error={error} token={tokenOf(request)} />,
          503,
        );
      }
      return reply.redirect(`/conformance/runs/${run.id}`, 303);
    });

    const withRun = async (request: FastifyRequest, reply: FastifyReply) => {
      const id = (request.params as { id: string }).id;
      const run = options.runs.get(id);
      const report = run ? await options.runs.report(id) : undefined;
      if (!run || !report) {
        const lang = langOf(request, reply);
        const t = pageMessages(lang);
        await page(reply, request, lang, t('notFound'), <p>{t('notFound')}</p>, 404);
        return undefined;
      }
      return { run, report };
    };

    app.get('/conformance/runs/:id', async (request, reply) => {
      const found = await withRun(request, reply);
      if (!found) return reply;
      const lang = langOf(request, reply);
      return page(
        reply,
        request,
        lang,
        `${pageMessages(lang)('run')}: ${found.run.system}`,
        <RunPage lang={lang} {...found} token={tokenOf(request)} />,
      );
    });

    app.post('/conformance/runs/:id/finish', async (request, reply) => {
      const run = await options.runs.finish((request.params as { id: string }).id);
      if (!run) return reply.code(404).type('text/plain; charset=utf-8').send('no such run');
      return reply.redirect(`/conformance/runs/${run.id}`, 303);
    });

    app.get('/conformance/runs/:id/report.:format', async (request, reply) => {
      const format = (request.params as { format: string }).format;
      const found = await withRun(request, reply);
      if (!found) return reply;
      const lang = langOf(request, reply);
      const list = requirementList();
      const name = `conformance-report-${found.run.id.slice(0, 8)}`;
      if (format === 'json') {
        return sendDownload(reply, {
          contentType: 'application/json',
          data: JSON.stringify(found.report, null, 2),
          fileName: `${name}.json`,
        });
      }
      if (format === 'html') {
        return sendDownload(reply, {
          contentType: 'text/html; charset=utf-8',
          data: reportHtmlDocument(found.report, list, lang),
          fileName: `${name}.html`,
        });
      }
      if (format === 'pdf') {
        return sendDownload(reply, {
          contentType: 'application/pdf',
          data: await reportPdf(found.report, list, lang),
          fileName: `${name}.pdf`,
        });
      }
      return reply.code(404).type('text/plain; charset=utf-8').send('report.json, report.html or report.pdf');
    });
  };
}
