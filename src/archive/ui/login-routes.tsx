// Login, logout and the language switch. Production: the professional's card certificate (TLS client
// certificate) is checked at /login/card; no passwords. Demo: a page listing the demo users, which does
// not exist in production (404). Every login, logout, refusal and timeout goes to the server log.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import type { Authenticator, Identity } from '../../lib/identity/identity.ts';
import type { AuthMethod } from '../auth/session.ts';
import { isLang, LANG_COOKIE, type Lang } from '../../lib/ui/i18n.ts';
import { CsrfField } from './layout.tsx';
import { shellMessages } from './shell-messages.ts';
import { asStrings, safeReturn, type UiKit } from './ui-kit.tsx';

/** Roles that log in to the web UIs (systems use the API). */
const UI_ROLES: ReadonlySet<Identity['role']> = new Set(['social-worker', 'archivist', 'citizen']);

function q(request: FastifyRequest): Record<string, string | undefined> {
  return (request.query ?? {}) as Record<string, string | undefined>;
}

// Logins, logouts, timeouts and refusals are security audit events: logged at warn, so they appear at the
// server's default level (main.ts maps 'info' to 'warn' to keep per-request noise out).
function logLogin(request: FastifyRequest, event: string, identity: Identity, method: AuthMethod): void {
  request.log.warn(
    { ui: event, user: identity.userId, role: identity.role, organisation: identity.organisationOid, method },
    `UI ${event}`,
  );
}

async function startSession(
  ui: UiKit,
  request: FastifyRequest,
  reply: FastifyReply,
  identity: Identity,
  method: AuthMethod,
  returnTo: string | undefined,
  reauth: boolean,
): Promise<FastifyReply> {
  const lang = ui.langOf(request);
  const current = await ui.currentSession(request, reply);
  if (reauth && typeof current === 'object') {
    if (current.session.identity.userId !== identity.userId) {
      request.log.warn(
        { ui: 'reauth-refused', user: current.session.identity.userId, presented: identity.userId },
        "UI re-authentication with another person's card",
      );
      return ui.errorPage(request, reply, lang, new ArkkiError('forbidden', shellMessages(lang)('reauthOtherUser')), {
        identity: current.session.identity,
        csrfToken: current.session.csrfToken,
      });
    }
    await ui.ctx.sessions.reauthenticate(current.id, identity);
    logLogin(request, 're-authentication', identity, method);
    return ui.redirect(request, reply, safeReturn(returnTo, ui.homeOf(identity.role)));
  }
  // A new login replaces whatever session the browser had.
  if (typeof current === 'object') await ui.ctx.sessions.remove(current.id);
  const { id } = await ui.ctx.sessions.create(identity, method);
  ui.setSessionCookie(reply, id);
  logLogin(request, 'login', identity, method);
  // Sessions that timed out without a further request are removed here, so the table does not grow.
  const swept = await ui.ctx.sessions.sweep(ui.settings.idleMs, ui.settings.maxLifetimeMs);
  if (swept > 0) request.log.warn({ ui: 'session-timeout', swept }, 'UI sessions ended by timeout removed');
  return ui.redirect(request, reply, safeReturn(returnTo, ui.homeOf(identity.role)));
}

export interface LoginOptions {
  /** Production: checks the TLS client certificate of the request as a professional card. */
  cardLogin?: Authenticator;
}

export function registerLoginRoutes(ui: UiKit, options: LoginOptions): void {
  const { app, ctx } = ui;
  const production = ctx.config.mode === 'production';

  app.get('/ui/lang/:lang', async (request, reply) => {
    const lang = (request.params as { lang: string }).lang;
    if (isLang(lang)) reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', secure: ui.secure, maxAge: 365 * 24 * 3600 });
    return reply
      .code(303)
      .header('location', safeReturn(q(request).return))
      .send('');
  });

  app.get('/login', async (request, reply) => {
    const lang = ui.langOf(request);
    const t = shellMessages(lang);
    const returnTo = q(request).return;
    const current = await ui.currentSession(request, reply);
    if (typeof current === 'object') return ui.redirect(request, reply, safeReturn(returnTo, ui.homeOf(current.session.identity.role)));
    const body = production ? (
      <section class="card narrow">
        <p>{t('loginCardIntro')}</p>
        <p>
          <a class="button" href={`/login/card${returnTo ? `?return=${encodeURIComponent(safeReturn(returnTo))}` : ''}`}>
            {t('loginCardButton')}
          </a>
        </p>
      </section>
    ) : (
      <DemoUserList ui={ui} lang={lang} returnTo={returnTo} token={ui.signInToken(request, reply)} />
    );
    return ui.page(reply, { lang, title: t('loginTitle'), currentUrl: request.url, body });
  });

  app.get('/login/ended', async (request, reply) => {
    const lang = ui.langOf(request);
    const t = shellMessages(lang);
    const returnTo = safeReturn(q(request).return);
    const body = (
      <section class="card narrow">
        <p>{t('timeoutText', { minutes: Math.round(ui.settings.idleMs / 60_000) })}</p>
        <p>
          <a class="button" href={ui.loginUrl(returnTo)}>
            {t('loginAgain')}
          </a>
        </p>
      </section>
    );
    return ui.page(reply, { lang, title: t('timeoutTitle'), currentUrl: request.url, body });
  });

  app.get('/logged-out', async (request, reply) => {
    const lang = ui.langOf(request);
    const t = shellMessages(lang);
    const body = (
      <section class="card narrow">
        <p>{t('loggedOutText')}</p>
        <p>
          <a class="button" href="/login">
            {t('loginAgain')}
          </a>
        </p>
      </section>
    );
    return ui.page(reply, { lang, title: t('loggedOutTitle'), currentUrl: request.url, body });
  });

  app.post('/logout', async (request, reply) => {
    const current = await ui.currentSession(request, reply);
    if (typeof current === 'object') {
      // Logging out is harmless, but a forged logout is still a nuisance: the token is required here too.
      if (!ui.formTokenValid(request, asStrings(request.body), current.session.csrfToken)) {
        return ui.errorPage(request, reply, ui.langOf(request), new ArkkiError('forbidden', shellMessages(ui.langOf(request))('badCsrf')), {
          identity: current.session.identity,
          csrfToken: current.session.csrfToken,
        });
      }
      await ctx.sessions.remove(current.id);
      logLogin(request, 'logout', current.session.identity, current.session.authMethod);
    }
    ui.clearSessionCookie(reply);
    return ui.redirect(request, reply, '/logged-out');
  });

  if (production) {
    const cardLogin = options.cardLogin;
    // Requests served per TLS connection: the card check must run on a connection of its own, whose
    // handshake is where the browser presented the card, not on a keep-alive connection from long ago.
    // Counted on the raw server, so requests to the API and the other pages count too.
    const served = new WeakMap<object, number>();
    app.server.on('request', (req: { socket: object }) => {
      served.set(req.socket, (served.get(req.socket) ?? 0) + 1);
    });
    app.get('/login/card', async (request, reply) => {
      const lang = ui.langOf(request);
      const t = shellMessages(lang);
      const query = q(request);
      // Nothing else is sent on this connection after the check.
      reply.header('connection', 'close');
      if ((served.get(request.raw.socket as object) ?? 0) > 1 && query.fresh !== '1') {
        // An old connection: close it and come back on a new one (once; `fresh` stops a loop).
        request.log.info({ ui: 'card-check-new-connection' }, 'card check moved to a new TLS connection');
        const params = new URLSearchParams({
          ...(query.return ? { return: query.return } : {}),
          ...(query.reauth ? { reauth: query.reauth } : {}),
          fresh: '1',
        });
        return reply.code(303).header('location', `/login/card?${params}`).send('');
      }
      let identity: Identity;
      try {
        if (!cardLogin) throw new ArkkiError('unauthenticated', 'card login is not configured');
        identity = await cardLogin(request);
      } catch (err) {
        if (!(err instanceof ArkkiError)) throw err;
        // certificateAuthenticator has logged the specific reason; the page stays generic.
        request.log.warn({ ui: 'login-refused' }, 'UI card login refused');
        const body = (
          <section class="card narrow">
            <div class="notice bad" role="alert">
              <p>{t('refusedText')}</p>
            </div>
            <p>
              <a class="button" href="/login">
                {t('loginAgain')}
              </a>
            </p>
          </section>
        );
        return ui.page(reply, { lang, title: t('refusedTitle'), currentUrl: request.url, body }, 401);
      }
      const tls = request.raw.socket as { isSessionReused?: () => boolean };
      // A resumed TLS session proves the card was presented when the session began, not now: logged, so
      // an operator can turn session tickets off where re-authentication must mean a new card check.
      if (tls.isSessionReused?.())
        request.log.warn({ ui: 'card-check-resumed-session', user: identity.userId }, 'card check on a resumed TLS session');
      return startSession(ui, request, reply, identity, 'card', query.return, query.reauth === '1');
    });
  } else {
    const users = new Map((ctx.demoUsers ?? []).filter((u) => UI_ROLES.has(u.role)).map((u) => [u.userId, u]));
    app.get('/login/demo', async (request, reply) => {
      const lang = ui.langOf(request);
      const t = shellMessages(lang);
      const query = q(request);
      const current = await ui.currentSession(request, reply);
      if (query.reauth !== '1' || typeof current !== 'object')
        return reply.code(303).header('location', ui.loginUrl(query.return)).send('');
      // Demo stand-in for the card check: the user confirms, and the session's authentication time is renewed.
      const body = (
        <section class="card narrow">
          <p>{t('reauthText')}</p>
          <form method="post" action="/login/demo">
            <CsrfField token={current.session.csrfToken} />
            <input type="hidden" name="user" value={current.session.identity.userId} />
            <input type="hidden" name="reauth" value="1" />
            <input type="hidden" name="return" value={safeReturn(query.return)} />
            <button type="submit">{t('reauthButton')}</button>
          </form>
        </section>
      );
      return ui.page(reply, {
        lang,
        title: t('reauthTitle'),
        currentUrl: request.url,
        identity: current.session.identity,
        csrfToken: current.session.csrfToken,
        body,
      });
    });
    app.post('/login/demo', async (request, reply) => {
      const form = asStrings(request.body) as Record<string, string | undefined>;
      const current = await ui.currentSession(request, reply);
      if (
        !ui.formTokenValid(request, form as Record<string, string>, typeof current === 'object' ? current.session.csrfToken : undefined)
      ) {
        const lang = ui.langOf(request);
        return ui.errorPage(request, reply, lang, new ArkkiError('forbidden', shellMessages(lang)('badCsrf')), {});
      }
      const identity = users.get(form.user ?? '');
      if (!identity) {
        request.log.warn({ ui: 'login-refused', method: 'demo' }, 'UI demo login with an unknown user');
        return reply.code(303).header('location', ui.loginUrl(form.return)).send('');
      }
      return startSession(ui, request, reply, identity, 'demo', form.return, form.reauth === '1');
    });
  }
}

function DemoUserList({ ui, lang, returnTo, token }: { ui: UiKit; lang: Lang; returnTo: string | undefined; token: string }) {
  const t = shellMessages(lang);
  const users = (ui.ctx.demoUsers ?? []).filter((u) => UI_ROLES.has(u.role));
  return (
    <section class="card narrow">
      <p class="notice warn">{t('loginDemoIntro')}</p>
      <ul class="user-list">
        {users.map((u) => (
          <li>
            <form method="post" action="/login/demo">
              <CsrfField token={token} />
              <input type="hidden" name="user" value={u.userId} />
              {returnTo && <input type="hidden" name="return" value={safeReturn(returnTo)} />}
              <button type="submit">
                <span>
                  <strong>{u.name}</strong>
                  <br />
                  <span class="muted">{t(`role.${u.role}` as 'role.archivist')}</span>
                </span>
                <span class="muted">{u.userId}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
