// Sign-in and sign-out of the workbench. Demo mode: a picker of the organisation's professionals and the
// team lead. Production: the professional card's certificate presented in the TLS handshake (mTLS), checked
// by the card authenticator the server was given; nobody gets in without it.
import { ArkkiError } from '../../../lib/errors.ts';
import { isLang, LANG_COOKIE } from '../../../lib/ui/i18n.ts';
import { str, formBody, safeReturn, SESSION_COOKIE, type WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import type { WorkbenchUser } from '../../http/users.ts';
import { workbenchMessages } from '../messages.ts';
import type { FastifyRequest } from 'fastify';

/** Production: who the presented professional card belongs to, or why not (undefined = no card login here). */
export type CardCheck = (request: FastifyRequest) => Promise<WorkbenchUser>;

export function registerLoginRoutes(kit: WorkbenchKit, deps: WorkbenchDeps, cardCheck?: CardCheck): void {
  const { app } = kit;

  app.get('/', async (request, reply) => kit.redirect(request, reply, kit.session(request) ? '/clients' : '/login'));

  app.get('/ui/lang/:lang', async (request, reply) => {
    const { lang } = request.params as { lang: string };
    const back = safeReturn((request.query as Record<string, unknown>).return, '/');
    if (isLang(lang)) reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', secure: kit.secure, maxAge: 365 * 86400 });
    return kit.redirect(request, reply, back);
  });

  app.get('/login', async (request, reply) => {
    const lang = kit.langOf(request);
    const t = workbenchMessages(lang);
    const token = kit.signInToken(request, reply);
    const back = safeReturn((request.query as Record<string, unknown>).return, '/clients');
    const body =
      deps.mode === 'demo' ? (
        <section class="card narrow">
          <p>{t('loginDemo')}</p>
          <ul class="user-list">
            {deps.users.map((u) => (
              <li>
                <form method="post" action="/login/demo">
                  <input type="hidden" name="_csrf" value={token} />
                  <input type="hidden" name="user" value={u.userId} />
                  <input type="hidden" name="return" value={back} />
                  <button type="submit">
                    <span class="who-name">{u.name}</span>
                    <span class="who-role">{` ${t(`role.${u.role}`)} · ${u.professionalId}`}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <section class="card narrow">
          <p>{t('loginCardText')}</p>
          <form method="post" action="/login/card">
            <input type="hidden" name="_csrf" value={token} />
            <input type="hidden" name="return" value={back} />
            <button type="submit">{t('loginCard')}</button>
          </form>
        </section>
      );
    return kit.page(reply, { lang, title: t('loginTitle'), currentUrl: request.url, body });
  });

  const signIn = async (request: FastifyRequest, reply: import('fastify').FastifyReply, user: WorkbenchUser, back: string) => {
    kit.sessions.remove(request.cookies?.[SESSION_COOKIE]);
    const s = kit.sessions.create(user);
    kit.setSessionCookie(reply, s.id);
    request.log.info({ ui: 'login', user: user.userId }, 'workbench login');
    return kit.redirect(request, reply, back);
  };

  app.post('/login/demo', async (request, reply) => {
    const lang = kit.langOf(request);
    const t = workbenchMessages(lang);
    const form = formBody(request.body);
    if (!kit.tokenValid(request, form, request.cookies?.['arkki_client_sign_in']))
      return kit.errorPage(request, reply, lang, new ArkkiError('forbidden', t('badCsrf')));
    const user = deps.mode === 'demo' ? deps.users.find((u) => u.userId === str(form, 'user')) : undefined;
    if (!user) return kit.errorPage(request, reply, lang, new ArkkiError('forbidden', t('forbidden')));
    return signIn(request, reply, user, safeReturn(str(form, 'return'), '/clients'));
  });

  app.post('/login/card', async (request, reply) => {
    const lang = kit.langOf(request);
    const t = workbenchMessages(lang);
    const form = formBody(request.body);
    if (!kit.tokenValid(request, form, request.cookies?.['arkki_client_sign_in']))
      return kit.errorPage(request, reply, lang, new ArkkiError('forbidden', t('badCsrf')));
    if (!cardCheck) return kit.errorPage(request, reply, lang, new ArkkiError('forbidden', t('forbidden')));
    try {
      const user = await cardCheck(request);
      return await signIn(request, reply, user, safeReturn(str(form, 'return'), '/clients'));
    } catch (err) {
      const reason = err instanceof ArkkiError ? err.issues.map((i) => i.message).join('; ') : 'certificate check failed';
      request.log.warn({ ui: 'card-login-refused' }, 'workbench card login refused');
      return kit.errorPage(request, reply, lang, new ArkkiError('unauthenticated', t('loginCardFailed', { reason })));
    }
  });

  app.post('/logout', async (request, reply) => {
    const form = formBody(request.body);
    const session = kit.session(request);
    if (session && kit.tokenValid(request, form, session.csrfToken)) kit.sessions.remove(session.id);
    kit.clearSessionCookie(reply);
    return kit.redirect(request, reply, '/login');
  });
}
