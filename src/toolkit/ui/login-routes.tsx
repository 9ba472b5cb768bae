// Sign-in (demo picker), sign-out and the language switch. Production sign-in is left to the
// organisation's single sign-on in front of the toolkit (docs/toolkit.md): the picker exists in demo mode only.
import { LANG_COOKIE, isLang } from '../../lib/ui/i18n.ts';
import { asStrings, type Kit, langOf, sendPage } from './kit.tsx';
import { messages } from './messages.ts';
import { SESSION_COOKIE, sealSession } from './session.ts';
import type { ToolkitUser } from './toolkit-users.ts';

const safeReturn = (v: unknown, fallback = '/projects') =>
  typeof v === 'string' && /^\/(?![/\\])[^\s\x00-\x1f\x7f]*$/.test(v) ? v : fallback;

export function loginRoutes(kit: Kit, users: readonly ToolkitUser[]): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: kit.secure };
  kit.app.get('/', async (_request, reply) => reply.redirect('/projects'));
  kit.app.get('/login', async (request, reply) => {
    const lang = langOf(request);
    const t = messages(lang);
    const back = safeReturn(asStrings(request.query).return);
    // Production: the single sign-on in front has signed the user in already (or the pages say they are not a user).
    if (kit.sso) return reply.redirect(back, 303);
    return sendPage(
      reply,
      { lang, title: t('loginTitle'), url: request.url },
      <>
        <p>{t('loginIntro')}</p>
        <ul class="user-list">
          {users.map((u) => (
            <li>
              <form method="post" action="/login">
                <input type="hidden" name="user" value={u.userId} />
                <input type="hidden" name="return" value={back} />
                <button type="submit" class="button">
                  {t('loginAs', { name: u.name, role: t(u.role === 'archivist' ? 'roleArchivist' : 'roleProjectManager') })}
                </button>
              </form>
            </li>
          ))}
        </ul>
      </>,
    );
  });
  kit.app.post('/login', async (request, reply) => {
    const form = asStrings(request.body);
    const user = users.find((u) => u.userId === form.user);
    if (!user) return reply.code(403).type('text/plain').send('unknown demo user');
    reply.setCookie(
      SESSION_COOKIE,
      sealSession(kit.secret, { userId: user.userId, name: user.name, role: user.role }, kit.now()),
      cookieOptions,
    );
    return reply.redirect(safeReturn(form.return), 303);
  });
  kit.app.post('/logout', async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
  kit.app.get('/ui/lang/:lang', async (request, reply) => {
    const { lang } = asStrings(request.params);
    if (isLang(lang)) reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', secure: kit.secure, maxAge: 365 * 86400 });
    return reply.redirect(safeReturn(asStrings(request.query).return), 303);
  });
}
