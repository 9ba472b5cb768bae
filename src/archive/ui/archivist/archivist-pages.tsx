import { ArkkiError, type Issue } from '../../../lib/errors.ts';
import type { ArchivedDocument } from '../../domain/archived-document.ts';
import type { Person } from '../../domain/person.ts';
import type { Lang } from '../../../lib/ui/i18n.ts';
import type { UiCall, UiKit, UiResult } from '../ui-kit.tsx';
import { clientKeyOf, clientRef } from '../client-ref.ts';
import { CsrfField } from '../layout.tsx';
import { parseClientKey } from '../../../lib/identifiers/client-id.ts';
import { archivistMessages } from './archivist-texts.ts';
import { ClientView } from './client-view.tsx';
import { DocumentView, InvalidateView } from './document-view.tsx';
import { download } from '../ui-kit.tsx';
import { monitoringPages } from './monitoring-pages.tsx';
import { ARCHIVIST_BASE, archivistPaths } from './paths.ts';
import { criteriaOf, readSearchForm, type SearchForm } from './search-form.ts';
import { SearchResults, SearchView } from './search-view.tsx';
import { RecordsStyle, recordsStylesheet } from './stylesheet.tsx';
import { codeNames } from './view-kit.tsx';

const ARCHIVIST = ['archivist'] as const;

/** Names of the organisations a page shows, fetched once per page (the kit caches them). */
async function orgNamesFor(ui: UiKit, lang: Lang, oids: Iterable<string>): Promise<(oid: string) => string> {
  const names = new Map<string, string>();
  for (const oid of new Set(oids)) names.set(oid, (await ui.organisationName(oid, lang)) ?? oid);
  return (oid) => names.get(oid) ?? oid;
}

/** A refusal in the reader's language; the service's own reason (which names registers) stays in the usage log. */
async function refusedInOwnWords<T>(call: UiCall, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ArkkiError && err.code === 'forbidden')
      throw new ArkkiError('forbidden', archivistMessages(call.lang)('documentForbidden'));
    throw err;
  }
}

const isHtmx = (call: UiCall) => call.request.headers['hx-request'] === 'true';

/** Only mistakes the archivist can fix are shown on the form; denials and faults go to the error page. */
function formIssues(err: unknown): Issue[] {
  if (err instanceof ArkkiError && ['invalid', 'required', 'code-unknown', 'conflict'].includes(err.code)) return err.issues;
  throw err;
}

export function archivistPages(ui: UiKit): void | Promise<void> {
  ui.home('archivist', ARCHIVIST_BASE);
  ui.nav({
    roles: ARCHIVIST,
    href: ARCHIVIST_BASE,
    order: 10,
    label: { fi: 'Asiakirjahaku', sv: 'Dokumentsökning', en: 'Document search' },
  });

  const searchPage = async (call: UiCall, form: SearchForm, result?: { docs: ArchivedDocument[]; more: boolean }, issues: Issue[] = []) => {
    const t = archivistMessages(call.lang);
    const clientNames = result ? await call.use.namesOfClients([...new Set(result.docs.map((d) => d.clientKey))]) : undefined;
    const props = {
      t,
      lang: call.lang,
      codes: codeNames(ui.ctx.codeSets, call.lang),
      form,
      csrfToken: call.csrfToken,
      result,
      issues,
      clientNames,
    };
    // The layout's htmx config swaps 4xx fragments, so the form's issues keep their status.
    if (isHtmx(call)) return { fragment: <SearchResults {...props} oob />, status: issues.length ? 400 : 200 };
    return {
      title: t('searchTitle'),
      body: (
        <>
          <RecordsStyle />
          <SearchView {...props} />
        </>
      ),
      status: issues.length ? 400 : 200,
    };
  };

  ui.route({ method: 'GET', url: ARCHIVIST_BASE, roles: ARCHIVIST, handler: (call) => searchPage(call, readSearchForm({})) });

  ui.route({
    method: 'POST',
    url: archivistPaths.searchResults,
    roles: ARCHIVIST,
    handler: async (call) => {
      // The kit's form map keeps one value per field; the status checkboxes repeat, so read the parsed body.
      const form = readSearchForm((call.request.body ?? {}) as Record<string, string | string[]>);
      let criteria;
      try {
        criteria = criteriaOf(form);
      } catch (err) {
        return searchPage(call, form, undefined, formIssues(err));
      }
      return searchPage(call, form, await call.use.searchArchive(criteria));
    },
  });

  const documentPage = async (call: UiCall, notice?: string) => {
    const t = archivistMessages(call.lang);
    const doc = await refusedInOwnWords(call, () => call.use.readDocument(call.params.documentId!));
    const history = await call.use.documentHistory(doc.setId);
    const orgName = await orgNamesFor(ui, call.lang, [doc.registerKeeper, doc.serviceProvider, doc.serviceUnit]);
    const users = await call.use.namesOfUsers([doc.archivedBy, ...history.flatMap((v) => (v.invalidation ? [v.invalidation.by] : []))]);
    const rules = new Map(ui.ctx.retention.rules.map((r) => [r.id, r.display_fi]));
    return {
      title: doc.title,
      body: (
        <>
          <RecordsStyle />
          <DocumentView
            t={t}
            lang={call.lang}
            codes={codeNames(ui.ctx.codeSets, call.lang)}
            doc={doc}
            history={history}
            orgName={orgName}
            userName={(id) => users.get(id) ?? id}
            retentionName={(id) => rules.get(id) ?? id}
            notice={notice}
          />
        </>
      ),
    };
  };

  ui.route({
    method: 'GET',
    url: `${ARCHIVIST_BASE}/documents/:documentId`,
    roles: ARCHIVIST,
    handler: (call) => documentPage(call, call.query.done === 'invalidated' ? archivistMessages(call.lang)('invalidateDone') : undefined),
  });

  ui.route({
    method: 'GET',
    url: `${ARCHIVIST_BASE}/documents/:documentId/body`,
    roles: ARCHIVIST,
    handler: download(async ({ use, params }) => {
      const { doc, body } = await use.readBody(params.documentId!);
      const ext = body.contentType.includes('pdf') ? 'pdf' : body.contentType.includes('xml') ? 'xml' : 'bin';
      return { contentType: body.contentType, data: body.data, fileName: `${doc.documentId}.${ext}`, inline: true };
    }),
  });

  // A signed CDA document (its body above is the signed original) read as a person reads it.
  ui.route({
    method: 'GET',
    url: `${ARCHIVIST_BASE}/documents/:documentId/pdf`,
    roles: ARCHIVIST,
    handler: download(async ({ use, params }) => {
      const { doc, body } = await use.readBody(params.documentId!);
      if (doc.format !== 'cda')
        throw new ArkkiError('not-found', [
          {
            field: 'documentId',
            rule: 'no-rendering',
            message: `document ${doc.documentId} is stored as ${doc.format}; a PDF rendering is made of CDA documents`,
          },
        ]);
      return {
        contentType: 'application/pdf',
        data: await use.pdfOfCda(doc, body.data),
        fileName: `${doc.documentId}.pdf`,
        inline: true,
      };
    }),
  });

  const invalidatePage = async (call: UiCall, issues: Issue[] = [], reason = '') => {
    const t = archivistMessages(call.lang);
    const doc = await refusedInOwnWords(call, () => call.use.readDocument(call.params.documentId!));
    return {
      title: `${t('invalidateTitle')}: ${doc.title}`,
      status: issues.length ? 400 : 200,
      body: (
        <>
          <RecordsStyle />
          <InvalidateView t={t} lang={call.lang} doc={doc} csrfToken={call.csrfToken} issues={issues} reason={reason} />
        </>
      ),
    };
  };

  ui.route({
    method: 'GET',
    url: `${ARCHIVIST_BASE}/documents/:documentId/invalidate`,
    roles: ARCHIVIST,
    sensitive: true,
    handler: (call) => invalidatePage(call),
  });

  ui.route({
    method: 'POST',
    url: `${ARCHIVIST_BASE}/documents/:documentId/invalidate`,
    roles: ARCHIVIST,
    sensitive: true,
    handler: async (call) => {
      const reason = (call.form.reason ?? '').trim();
      try {
        await call.use.invalidateDocument(call.params.documentId!, reason);
      } catch (err) {
        return invalidatePage(call, formIssues(err), reason);
      }
      return { redirect: `${archivistPaths.document(call.params.documentId!)}?done=invalidated` };
    },
  });

  // The register view of one client (found through a document or by henkilötunnus).
  const clientPage = async (call: UiCall, clientKey: string): Promise<UiResult> => {
    const t = archivistMessages(call.lang);
    const summary = await call.use.summariseClient(clientKey);
    let person: Person | null = null;
    try {
      person = await call.use.readPerson(clientKey);
    } catch (err) {
      // A client known only by documents (no population data yet) still has a register view.
      if (!(err instanceof ArkkiError && err.code === 'not-found')) throw err;
    }
    if (!person && summary.socialWelfareClienthoods.length === 0 && summary.serviceTasks.length === 0)
      throw new ArkkiError('not-found', t('clientNotFound'));
    const units = [...summary.socialWelfareClienthoods, ...summary.serviceTasks.flatMap((s) => s.clienthoods)]
      .map((c) => c.serviceUnit)
      .filter((u): u is string => !!u);
    const orgName = await orgNamesFor(ui, call.lang, [summary.registerKeeperOid, ...units]);
    return {
      title: t('clientTitle'),
      body: (
        <>
          <RecordsStyle />
          <ClientView
            t={t}
            lang={call.lang}
            codes={codeNames(ui.ctx.codeSets, call.lang)}
            person={person}
            summary={summary}
            orgName={orgName}
          />
        </>
      ),
    };
  };

  ui.route({
    method: 'GET',
    url: `${ARCHIVIST_BASE}/documents/:documentId/client`,
    roles: ARCHIVIST,
    handler: async (call) => {
      const doc = await refusedInOwnWords(call, () => call.use.readDocument(call.params.documentId!));
      return clientPage(call, doc.clientKey);
    },
  });

  ui.nav({
    roles: ARCHIVIST,
    href: archivistPaths.clients,
    order: 15,
    label: { fi: 'Asiakkaan haku', sv: 'Klientsökning', en: 'Client search' },
  });

  const findClientPage = (call: UiCall, hetu = '', error?: string, status = 200): UiResult => {
    const t = archivistMessages(call.lang);
    return {
      title: t('findClientTitle'),
      status,
      body: (
        <>
          <RecordsStyle />
          <p class="muted">{t('findClientIntro')}</p>
          <form method="post" action={archivistPaths.clients} class="card inline" id="find-client">
            <CsrfField token={call.csrfToken} />
            <div>
              <label for="f-hetu">{t('client')}</label>
              <input
                type="text"
                name="hetu"
                id="f-hetu"
                value={hetu}
                autocomplete="off"
                spellcheck={false}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? 'f-hetu-error' : undefined}
              />
              {error ? (
                <p class="field-error" id="f-hetu-error">
                  {error}
                </p>
              ) : null}
            </div>
            <button type="submit">{t('findClientButton')}</button>
          </form>
        </>
      ),
    };
  };

  ui.route({ method: 'GET', url: archivistPaths.clients, roles: ARCHIVIST, handler: async (call) => findClientPage(call) });

  // POSTed, so the henkilötunnus never lands in a URL; the client page is reached by an opaque reference.
  ui.route({
    method: 'POST',
    url: archivistPaths.clients,
    roles: ARCHIVIST,
    handler: async (call) => {
      const t = archivistMessages(call.lang);
      const typed = (call.form.hetu ?? '').trim().toUpperCase();
      try {
        parseClientKey(typed);
      } catch (err) {
        return findClientPage(call, typed, t('badClient', { detail: (err as Error).message }), 400);
      }
      return { redirect: archivistPaths.clientByRef(clientRef(typed)) };
    },
  });

  ui.route({
    method: 'GET',
    url: `${ARCHIVIST_BASE}/clients/:ref`,
    roles: ARCHIVIST,
    handler: async (call) => {
      const clientKey = clientKeyOf(call.params.ref!);
      try {
        return await clientPage(call, clientKey);
      } catch (err) {
        if (err instanceof ArkkiError && (err.code === 'not-found' || err.code === 'forbidden'))
          return findClientPage(call, clientKey, archivistMessages(call.lang)('clientNotFound'), 404);
        throw err;
      }
    },
  });

  monitoringPages(ui);
  return recordsStylesheet(ui.app);
}
