// The citizen view (Omakanta-like): the signed-in client's own documents, clienthoods and cases, who has
// handled the data, and disclosures. Each page reads through a service that asks the access policy (rule
// citizen-own-data) and logs the use; another person's document answers exactly like a missing one.
import { CITIZEN_LOG_KINDS, type CitizenLogKind } from '../../service/citizen-log.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../../lib/errors.ts';
import type { Identity } from '../../../lib/identity/identity.ts';
import { finnishDay } from '../../../lib/time/finnish-clock.ts';
import type { ArchiveUseCases } from '../../service/use-cases.ts';
import { codeNames } from '../archivist/view-kit.tsx';
import { download } from '../ui-kit.tsx';
import { RecordsStyle, recordsStylesheet } from '../archivist/stylesheet.tsx';
import type { Lang } from '../../../lib/ui/i18n.ts';
import { asStrings, type UiKit } from '../ui-kit.tsx';
import { CsrfField } from '../layout.tsx';
import { shellMessages } from '../shell-messages.ts';
import { citizenFromCertificate } from './citizen-identity.ts';
import { citizenIdentity } from './citizen-identity.ts';
import { citizenMessages } from './citizen-texts.ts';
import { DocumentsView, DocumentView, HomeView } from './citizen-document-views.tsx';
import { DisclosuresView, LogView } from './citizen-log-views.tsx';
import { RegisterView } from './citizen-register-view.tsx';
import { CITIZEN_BASE, citizenPaths } from './paths.ts';

const CITIZEN = ['citizen'] as const;
const LOG_PAGE = 25;
const DEMO_PICKER_SIZE = 24;

/** The service's not-found, in the reader's language; the same words whether missing or someone else's. */
async function ownDocument(use: ArchiveUseCases, documentId: string, withBody: boolean, lang: Lang) {
  try {
    return await use.citizenDocument(documentId, withBody);
  } catch (err) {
    if (err instanceof ArkkiError && err.code === 'not-found') throw new ArkkiError('not-found', citizenMessages(lang)('notFound'));
    throw err;
  }
}

async function orgNamesFor(ui: UiKit, lang: Lang, oids: Iterable<string>): Promise<(oid: string) => string> {
  const names = new Map<string, string>();
  for (const oid of new Set(oids)) names.set(oid, (await ui.organisationName(oid, lang)) ?? oid);
  return (oid) => names.get(oid) ?? oid;
}

/** Peer certificate (DER) of a TLS request and the chain it sent, if any. */
function peerCertificate(request: FastifyRequest): { leaf: Uint8Array } | null {
  const socket = request.raw.socket as { getPeerCertificate?: (detailed: boolean) => { raw?: Buffer } | null };
  const raw = socket.getPeerCertificate?.(true)?.raw;
  return raw ? { leaf: new Uint8Array(raw) } : null;
}

async function signIn(
  ui: UiKit,
  request: FastifyRequest,
  reply: FastifyReply,
  identity: Identity,
  method: 'card' | 'demo',
): Promise<FastifyReply> {
  const current = await ui.currentSession(request, reply);
  if (typeof current === 'object') await ui.ctx.sessions.remove(current.id);
  const { id } = await ui.ctx.sessions.create(identity, method);
  ui.setSessionCookie(reply, id);
  // The henkilötunnus stays out of the server log: the session is enough to trace the login.
  request.log.info({ ui: 'login', role: 'citizen', method }, 'UI citizen login');
  return ui.redirect(request, reply, citizenPaths.start);
}

function registerLogin(ui: UiKit): void {
  const { app, ctx } = ui;
  const demo = ctx.config.mode === 'demo';

  app.get(citizenPaths.login, async (request, reply) => {
    const lang = ui.langOf(request);
    const t = citizenMessages(lang);
    const people = demo ? await (ctx.demo?.citizens(DEMO_PICKER_SIZE) ?? []) : [];
    const token = demo ? ui.signInToken(request, reply) : '';
    const body = (
      <section class="card narrow">
        <p>{t('loginIntro')}</p>
        {demo ? (
          <>
            <p class="notice warn">{t('loginDemo')}</p>
            <ul class="user-list" id="demo-citizens">
              {people.map((p) => (
                <li>
                  <form method="post" action={citizenPaths.loginDemo}>
                    <CsrfField token={token} />
                    <input type="hidden" name="client" value={p.hetu} />
                    <button type="submit">
                      <strong>{p.name}</strong>
                      <span class="muted">{p.hetu}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>
            <a class="button" href={citizenPaths.loginCertificate}>
              {t('loginCertificate')}
            </a>
          </p>
        )}
      </section>
    );
    return ui.page(reply, { lang, title: t('loginTitle'), currentUrl: request.url, body });
  });

  if (demo) {
    app.post(citizenPaths.loginDemo, async (request, reply) => {
      const form = asStrings(request.body);
      const current = await ui.currentSession(request, reply);
      if (!ui.formTokenValid(request, form, typeof current === 'object' ? current.session.csrfToken : undefined)) {
        const lang = ui.langOf(request);
        return ui.errorPage(request, reply, lang, new ArkkiError('forbidden', shellMessages(lang)('badCsrf')), {});
      }
      const client = form.client ?? '';
      const person = (await (ctx.demo?.citizens(DEMO_PICKER_SIZE) ?? [])).find((p) => p.hetu === client);
      if (!person) {
        request.log.warn({ ui: 'login-refused', role: 'citizen', method: 'demo' }, 'UI citizen demo login with a client not offered');
        return reply.code(303).header('location', citizenPaths.login).send('');
      }
      return signIn(ui, request, reply, citizenIdentity(person), 'demo');
    });
  } else {
    app.get(citizenPaths.loginCertificate, async (request, reply) => {
      const lang = ui.langOf(request);
      const peer = peerCertificate(request);
      const trust = ctx.signatureTrust?.();
      const result =
        peer && trust
          ? await citizenFromCertificate(peer.leaf, trust, ctx.now())
          : { ok: false as const, reason: 'no-certificate', detail: 'no client certificate or no trust configured' };
      if (!result.ok) {
        request.log.warn(
          { ui: 'login-refused', role: 'citizen', reason: result.reason, detail: result.detail },
          'UI citizen certificate refused',
        );
        const t = citizenMessages(lang);
        return ui.page(
          reply,
          {
            lang,
            title: t('loginTitle'),
            currentUrl: request.url,
            body: (
              <section class="card narrow">
                <p class="notice bad" role="alert">
                  {t('loginRefused')}
                </p>
                <p>
                  <a class="button" href={citizenPaths.login}>
                    {t('loginTitle')}
                  </a>
                </p>
              </section>
            ),
          },
          401,
        );
      }
      return signIn(ui, request, reply, result.identity, 'card');
    });
  }
}

export async function citizenPages(ui: UiKit): Promise<void> {
  ui.home('citizen', citizenPaths.start);
  ui.loginPage('citizen', citizenPaths.login);
  // The home page (tiles) is where a login lands; the nav lists the pages themselves, since '/citizen' as a
  // nav link would be marked current on every page below it.
  const navs: Array<[string, Record<Lang, string>]> = [
    [citizenPaths.documents, { fi: 'Asiakirjat', sv: 'Dokument', en: 'Documents' }],
    [citizenPaths.register, { fi: 'Asiakkuudet ja asiat', sv: 'Klientrelationer och ärenden', en: 'Clienthoods and cases' }],
    [citizenPaths.log, { fi: 'Kuka on katsonut', sv: 'Vem har tittat', en: 'Who has looked' }],
    [citizenPaths.disclosures, { fi: 'Luovutukset', sv: 'Utlämnanden', en: 'Disclosures' }],
  ];
  navs.forEach(([href, label], i) => ui.nav({ roles: CITIZEN, href, label, order: 10 + i }));
  registerLogin(ui);

  // The citizen view's entry point: signed-in citizens go to the start page, everybody else to the citizen
  // sign-in (the kit would send them to the professionals' login).
  ui.app.get(CITIZEN_BASE, async (request, reply) => {
    const current = await ui.currentSession(request, reply);
    return ui.redirect(request, reply, typeof current === 'object' ? citizenPaths.start : citizenPaths.login);
  });

  ui.route({
    method: 'GET',
    url: citizenPaths.start,
    roles: CITIZEN,
    handler: async (call) => {
      const t = citizenMessages(call.lang);
      return {
        title: t('homeTitle'),
        body: (
          <>
            <RecordsStyle />
            <HomeView t={t} />
          </>
        ),
      };
    },
  });

  ui.route({
    method: 'GET',
    url: citizenPaths.documents,
    roles: CITIZEN,
    handler: async (call) => {
      const t = citizenMessages(call.lang);
      const { docs, more } = await call.use.citizenDocuments();
      const orgName = await orgNamesFor(
        ui,
        call.lang,
        docs.map((d) => d.registerKeeper),
      );
      return {
        title: t('documentsTitle'),
        body: (
          <>
            <RecordsStyle />
            <DocumentsView t={t} lang={call.lang} codes={codeNames(ui.ctx.codeSets, call.lang)} docs={docs} more={more} orgName={orgName} />
          </>
        ),
      };
    },
  });

  ui.route({
    method: 'GET',
    url: `${CITIZEN_BASE}/documents/:documentId`,
    roles: CITIZEN,
    handler: async (call) => {
      const t = citizenMessages(call.lang);
      const { doc } = await ownDocument(call.use, call.params.documentId!, false, call.lang);
      const orgName = await orgNamesFor(ui, call.lang, [doc.registerKeeper, doc.serviceUnit]);
      return {
        title: doc.title,
        body: (
          <>
            <RecordsStyle />
            <DocumentView t={t} lang={call.lang} codes={codeNames(ui.ctx.codeSets, call.lang)} doc={doc} orgName={orgName} />
          </>
        ),
      };
    },
  });

  ui.route({
    method: 'GET',
    url: `${CITIZEN_BASE}/documents/:documentId/body`,
    roles: CITIZEN,
    handler: download(async ({ use, params, lang }) => {
      const { doc, body } = await ownDocument(use, params.documentId!, true, lang);
      // A citizen reads a signed CDA document as its PDF rendering, not as XML.
      if (doc.format === 'cda')
        return {
          contentType: 'application/pdf',
          data: await use.pdfOfCda(doc, body!.data),
          fileName: `${doc.documentId}.pdf`,
          inline: true,
        };
      return {
        contentType: body!.contentType,
        data: body!.data,
        fileName: `${doc.documentId}.${body!.contentType.includes('pdf') ? 'pdf' : 'bin'}`,
        inline: true,
      };
    }),
  });

  ui.route({
    method: 'GET',
    url: citizenPaths.register,
    roles: CITIZEN,
    handler: async (call) => {
      const t = citizenMessages(call.lang);
      const { clienthoods, cases } = await call.use.citizenRegister();
      const orgName = await orgNamesFor(ui, call.lang, [
        ...clienthoods.flatMap((c) => [c.registerKeeperOid, ...(c.serviceUnit ? [c.serviceUnit] : [])]),
        ...cases.map((c) => c.registerKeeperOid),
      ]);
      const today = finnishDay(ui.ctx.now().toISOString());
      return {
        title: t('registerTitle'),
        body: (
          <>
            <RecordsStyle />
            <RegisterView
              t={t}
              lang={call.lang}
              codes={codeNames(ui.ctx.codeSets, call.lang)}
              clienthoods={clienthoods}
              cases={cases}
              orgName={orgName}
              today={today}
            />
          </>
        ),
      };
    },
  });

  ui.route({
    method: 'GET',
    url: citizenPaths.log,
    roles: CITIZEN,
    handler: async (call) => {
      const t = citizenMessages(call.lang);
      const page = Math.max(1, Math.min(10_000, Math.trunc(Number(call.query.page ?? '1')) || 1));
      const kind = (CITIZEN_LOG_KINDS as readonly string[]).includes(call.query.kind ?? '')
        ? (call.query.kind as CitizenLogKind)
        : 'looked';
      const { uses, total } = await call.use.citizenUsageLog({ kind, limit: LOG_PAGE, offset: (page - 1) * LOG_PAGE });
      return {
        title: t('logTitle'),
        body: (
          <>
            <RecordsStyle />
            <LogView t={t} lang={call.lang} uses={uses} total={total} page={page} pageSize={LOG_PAGE} kind={kind} />
          </>
        ),
      };
    },
  });

  ui.route({
    method: 'GET',
    url: citizenPaths.disclosures,
    roles: CITIZEN,
    handler: async (call) => {
      const t = citizenMessages(call.lang);
      const data = await call.use.citizenDisclosures();
      const orgName = await orgNamesFor(ui, call.lang, [
        ...data.rules.flatMap((r) => [r.registerKeeperOid, ...(r.recipientOid ? [r.recipientOid] : [])]),
        ...data.disclosures.flatMap((d) => [d.registerKeeperOid, d.recipientOrganisationOid]),
      ]);
      return {
        title: t('disclosuresTitle'),
        body: (
          <>
            <RecordsStyle />
            <DisclosuresView t={t} lang={call.lang} codes={codeNames(ui.ctx.codeSets, call.lang)} data={data} orgName={orgName} />
          </>
        ),
      };
    },
  });

  await recordsStylesheet(ui.app);
}
