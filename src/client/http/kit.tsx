// How a workbench page is registered: kit.route({ method, url, roles, handler }). Deny by default: every
// route names the roles that may use it, a request without a live session goes to the login, every POST
// must carry the session's CSRF token (form field _csrf or header X-CSRF-Token), and every answer carries
// the same security headers as the archive's UI. Handlers get the signed-in user and the services.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { ArkkiError, ERROR_CATALOGUE } from '../../lib/errors.ts';
import { chooseLang, LANG_COOKIE, type Lang } from '../../lib/ui/i18n.ts';
import { WorkbenchLayout } from '../ui/layout.tsx';
import { workbenchMessages } from '../ui/messages.ts';
import type { WorkbenchSession, WorkbenchSessions } from './sessions.ts';
import type { WorkbenchRole, WorkbenchUser } from './users.ts';

export const SESSION_COOKIE = 'arkki_client_session';
/** CSRF token of the sign-in form, before a session exists (double submit: cookie and form field). */
export const SIGN_IN_COOKIE = 'arkki_client_sign_in';
export const ALL_ROLES: readonly WorkbenchRole[] = ['professional', 'team-lead'];

export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/** Form fields: single values as strings, repeated names (checkbox groups) as lists. */
export type FormBody = Record<string, string | string[] | undefined>;

export interface WorkbenchCall {
  request: FastifyRequest;
  reply: FastifyReply;
  session: WorkbenchSession;
  user: WorkbenchUser;
  lang: Lang;
  csrfToken: string;
  form: FormBody;
  query: Record<string, string>;
  params: Record<string, string>;
}

export type WorkbenchResult =
  | { title: string; body: ComponentChildren; status?: number }
  | { redirect: string }
  | { file: { contentType: string; data: Buffer; fileName: string } };

export interface WorkbenchRoute {
  method: 'GET' | 'POST';
  url: string;
  roles: readonly WorkbenchRole[];
  handler: (call: WorkbenchCall) => Promise<WorkbenchResult>;
}

export function formBody(value: unknown): FormBody {
  const out: FormBody = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    }
  }
  return out;
}

export const str = (form: FormBody, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};

const strings = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(formBody(value))) out[k] = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  return out;
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Only local paths may be return targets. */
export function safeReturn(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s\x00-\x1f\x7f]*$/.test(value) ? value : fallback;
}

export class WorkbenchKit {
  constructor(
    readonly app: FastifyInstance,
    readonly sessions: WorkbenchSessions,
    readonly secure: boolean,
  ) {}

  langOf(request: FastifyRequest): Lang {
    const header = request.headers['accept-language'];
    return chooseLang(request.cookies?.[LANG_COOKIE], Array.isArray(header) ? header[0] : header);
  }

  page(
    reply: FastifyReply,
    frame: { lang: Lang; title: string; currentUrl: string; session?: WorkbenchSession; body: ComponentChildren },
    status = 200,
  ): FastifyReply {
    const html =
      '<!doctype html>' +
      render(
        <WorkbenchLayout
          lang={frame.lang}
          title={frame.title}
          currentUrl={frame.currentUrl}
          {...(frame.session ? { user: frame.session.user, csrfToken: frame.session.csrfToken } : {})}
        >
          {frame.body}
        </WorkbenchLayout>,
      );
    return reply.code(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(html);
  }

  redirect(request: FastifyRequest, reply: FastifyReply, to: string): FastifyReply {
    if (request.headers['hx-request'] === 'true') return reply.code(200).headers(SECURITY_HEADERS).header('hx-redirect', to).send('');
    return reply.code(303).headers(SECURITY_HEADERS).header('location', to).send('');
  }

  setSessionCookie(reply: FastifyReply, id: string): void {
    reply.setCookie(SESSION_COOKIE, id, {
      path: '/',
      httpOnly: true,
      secure: this.secure,
      sameSite: 'strict',
      maxAge: Math.ceil(this.sessions.limits.maxLifetimeMs / 1000),
    });
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: this.secure, sameSite: 'strict' });
  }

  session(request: FastifyRequest): WorkbenchSession | undefined {
    return this.sessions.find(request.cookies?.[SESSION_COOKIE]);
  }

  /** The sign-in form's CSRF token: random, in an httpOnly SameSite=Strict cookie and in the form. */
  signInToken(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies?.[SIGN_IN_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
    const token = randomBytes(24).toString('base64url');
    reply.setCookie(SIGN_IN_COOKIE, token, { path: '/', httpOnly: true, secure: this.secure, sameSite: 'strict', maxAge: 3600 });
    return token;
  }

  tokenValid(request: FastifyRequest, form: FormBody, expected: string | undefined): boolean {
    const header = request.headers['x-csrf-token'];
    const sent = (Array.isArray(header) ? header[0] : header) ?? str(form, '_csrf');
    const ok = expected !== undefined && expected !== '' && sameToken(sent, expected);
    if (!ok) request.log.warn({ ui: 'csrf-refused', url: request.routeOptions.url }, 'workbench form refused: CSRF token missing or wrong');
    return ok;
  }

  errorPage(request: FastifyRequest, reply: FastifyReply, lang: Lang, err: ArkkiError, session?: WorkbenchSession): FastifyReply {
    const t = workbenchMessages(lang);
    const status = ERROR_CATALOGUE[err.code].status;
    const title = err.code === 'forbidden' ? t('forbidden') : err.code === 'not-found' ? t('notFound') : t('errorTitle');
    const body = (
      <section class="card narrow">
        <div class="notice bad" role="alert">
          <ul>
            {err.issues.map((i) => (
              <li>{i.message}</li>
            ))}
          </ul>
        </div>
        <p>
          <a href="/">{t('toHome')}</a>
        </p>
      </section>
    );
    return this.page(reply, { lang, title, currentUrl: request.url, ...(session ? { session } : {}), body }, status);
  }

  route(def: WorkbenchRoute): void {
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const lang = this.langOf(request);
      const t = workbenchMessages(lang);
      const session = this.session(request);
      if (!session) {
        this.clearSessionCookie(reply);
        return this.redirect(request, reply, def.method === 'GET' ? `/login?return=${encodeURIComponent(request.url)}` : '/login');
      }
      if (!def.roles.includes(session.user.role)) {
        request.log.warn(
          { ui: 'role-refused', user: session.user.userId, url: request.routeOptions.url },
          'workbench page refused for role',
        );
        return this.errorPage(request, reply, lang, new ArkkiError('forbidden', t('forbidden')), session);
      }
      const form = def.method === 'POST' ? formBody(request.body) : {};
      if (def.method === 'POST' && !this.tokenValid(request, form, session.csrfToken)) {
        return this.errorPage(request, reply, lang, new ArkkiError('forbidden', t('badCsrf')), session);
      }
      const call: WorkbenchCall = {
        request,
        reply,
        session,
        user: session.user,
        lang,
        csrfToken: session.csrfToken,
        form,
        query: strings(request.query),
        params: strings(request.params),
      };
      try {
        const result = await def.handler(call);
        if ('redirect' in result) return this.redirect(request, reply, result.redirect);
        if ('file' in result)
          return reply
            .code(200)
            .headers({
              ...SECURITY_HEADERS,
              'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
            })
            .type(result.file.contentType)
            .header('content-disposition', `inline; filename="${result.file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
            .send(result.file.data);
        return this.page(reply, { lang, title: result.title, currentUrl: request.url, session, body: result.body }, result.status);
      } catch (err) {
        if (err instanceof ArkkiError) return this.errorPage(request, reply, lang, err, session);
        throw err;
      }
    };
    this.app.route({ method: def.method, url: def.url, handler: handle });
  }
}
