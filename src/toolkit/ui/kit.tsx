// How a toolkit page is registered: route(app, { method, url, roles, handler }). The kit reads the signed
// session cookie, sends a visitor without one to the sign-in, checks the role, checks the CSRF token on
// every POST, and wraps the handler's result in the layout (or sends a fragment or a file).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { type Download, sendDownload } from '../../lib/ui/download.ts';
import { chooseLang, LANG_COOKIE, type Lang } from '../../lib/ui/i18n.ts';
import { Conflict, NotFound, type ToolkitServices } from '../service/toolkit-services.ts';
import { Layout } from './layout.tsx';
import { messages } from './messages.ts';
import { sameToken, type ToolkitSession } from './session.ts';
import { type SingleSignOn, signedIn } from './sign-in.ts';
import type { ToolkitRole } from './toolkit-users.ts';

export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

export interface Call {
  request: FastifyRequest;
  session: ToolkitSession;
  lang: Lang;
  t: ReturnType<typeof messages>;
  csrfToken: string;
  form: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  services: ToolkitServices;
}

export type Result =
  | { title: string; body: ComponentChildren; status?: number; nav?: Array<{ href: string; label: string }> }
  | { fragment: ComponentChildren; status?: number }
  | { redirect: string }
  | { file: Download };

export interface RouteDef {
  method: 'GET' | 'POST';
  url: string;
  roles: readonly ToolkitRole[];
  handler: (call: Call) => Promise<Result>;
}

export interface Kit {
  app: FastifyInstance;
  services: ToolkitServices;
  secret: string;
  secure: boolean;
  now: () => Date;
  /** Production: the single sign-on in front of the toolkit; absent = the demo picker's session cookie. */
  sso?: SingleSignOn;
}

export function asStrings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const one = Array.isArray(v) ? v[0] : v;
      if (typeof one === 'string') out[k] = one;
    }
  }
  return out;
}

export function langOf(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'];
  return chooseLang(request.cookies?.[LANG_COOKIE], Array.isArray(header) ? header[0] : header);
}

export function sendPage(
  reply: FastifyReply,
  frame: {
    lang: Lang;
    title: string;
    url: string;
    session?: ToolkitSession;
    csrfToken?: string;
    nav?: Array<{ href: string; label: string }>;
  },
  body: ComponentChildren,
  status = 200,
): FastifyReply {
  const html =
    '<!doctype html>' +
    render(
      <Layout
        lang={frame.lang}
        title={frame.title}
        currentUrl={frame.url}
        {...(frame.session ? { user: frame.session } : {})}
        {...(frame.csrfToken ? { csrfToken: frame.csrfToken } : {})}
        {...(frame.nav ? { nav: frame.nav } : {})}
      >
        {body}
      </Layout>,
    );
  return reply.code(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(html);
}

/** The project's navigation, shown on every page of a project. */
export function projectNav(t: Call['t'], projectId: number) {
  const base = `/projects/${projectId}`;
  return [
    { href: '/projects', label: t('navProjects') },
    { href: base, label: t('navOverview') },
    { href: `${base}/tasks`, label: t('navTasks') },
    { href: `${base}/deployment-test`, label: t('navTest') },
    { href: `${base}/follow-up`, label: t('navFollowUp') },
    { href: '/conformance', label: t('navConformance') },
  ];
}

/** The navigation of the pages outside a project. */
export function toolkitNav(t: Call['t']) {
  return [
    { href: '/projects', label: t('navProjects') },
    { href: '/conformance', label: t('navConformance') },
  ];
}

export function route(kit: Kit, def: RouteDef): void {
  kit.app.route({
    method: def.method,
    url: def.url,
    handler: async (request, reply) => {
      const lang = langOf(request);
      const t = messages(lang);
      const who = signedIn(request, kit.secret, kit.now(), kit.sso);
      if (!who) {
        if (def.method === 'GET' && !kit.sso) return reply.redirect(`/login?return=${encodeURIComponent(request.url)}`);
        return sendPage(reply, { lang, title: t('loginTitle'), url: '/login' }, <p>{t(kit.sso ? 'notAUser' : 'forbidden')}</p>, 401);
      }
      const { session, csrfToken } = who;
      // Multipart bodies arrive as key → value (files as Buffers, see server.ts), so _csrf is read the same way.
      const form = asStrings(request.body);
      if (def.method === 'POST') {
        const sent = (request.headers['x-csrf-token'] as string | undefined) ?? form._csrf ?? '';
        if (!sameToken(sent, csrfToken))
          return sendPage(reply, { lang, title: t('forbidden'), url: request.url, session }, <p>{t('forbidden')}</p>, 403);
      }
      if (!def.roles.includes(session.role)) {
        return sendPage(reply, { lang, title: t('forbidden'), url: request.url, session, csrfToken }, <p>{t('forbidden')}</p>, 403);
      }
      const call: Call = {
        request,
        session,
        lang,
        t,
        csrfToken,
        form,
        query: asStrings(request.query),
        params: asStrings(request.params),
        services: kit.services,
      };
      let result: Result;
      try {
        result = await def.handler(call);
      } catch (err) {
        const status = err instanceof NotFound ? 404 : err instanceof Conflict ? 409 : err instanceof BadInput ? 400 : 0;
        if (status === 0) throw err;
        const message = status === 404 ? t('notFound') : t('badRequest', { message: (err as Error).message });
        if (request.headers['hx-request'])
          return reply
            .code(status)
            .headers(SECURITY_HEADERS)
            .type('text/html; charset=utf-8')
            .send(
              render(
                <p role="alert" class="cell-error">
                  {message}
                </p>,
              ),
            );
        return sendPage(reply, { lang, title: message, url: request.url, session, csrfToken }, <p>{(err as Error).message}</p>, status);
      }
      if ('redirect' in result) return reply.redirect(result.redirect, 303);
      if ('file' in result) return sendDownload(reply, result.file);
      if ('fragment' in result)
        return reply
          .code(result.status ?? 200)
          .headers(SECURITY_HEADERS)
          .type('text/html; charset=utf-8')
          .send(render(<>{result.fragment}</>));
      return sendPage(
        reply,
        { lang, title: result.title, url: request.url, session, csrfToken, ...(result.nav ? { nav: result.nav } : {}) },
        result.body,
        result.status ?? 200,
      );
    },
  });
}

/** Input a handler refuses (400), with the field named in the message. */
export class BadInput extends Error {}

export function intParam(value: string | undefined, name: string): number {
  if (!value || !/^\d{1,9}$/.test(value)) throw new BadInput(`${name} must be a whole number`);
  return Number(value);
}
