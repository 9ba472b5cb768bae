// How a UI page is registered: ui.route({ method, url, roles, sensitive?, handler }). The kit resolves the
// session (cookie → ui_session row), enforces idle timeout and lifetime, checks the role, checks the CSRF
// token on every POST, asks for a fresh card check before sensitive actions, and wraps the handler's
// result in the Layout. Handlers call the services with call.identity, so access control and the usage
// log apply to every page read.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { ArkkiError, ERROR_CATALOGUE } from '../../lib/errors.ts';
import type { Identity, RoleKind } from '../../lib/identity/identity.ts';
import { recentlyAuthenticated, sessionState, type SessionSettings, type UiSession } from '../auth/session.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { ArchiveUseCases } from '../service/use-cases.ts';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import type { OrganisationName } from '../domain/organisation.ts';
import { chooseLang, LANG_COOKIE, type Lang, type Localised } from '../../lib/ui/i18n.ts';
import { sendDownload, type Download } from '../../lib/ui/download.ts';
import { Layout, type NavLink } from './layout.tsx';
import { shellMessages } from './shell-messages.ts';

export const SESSION_COOKIE = 'arkki_session';
/** The sign-in forms' CSRF token before there is a session (double submit: cookie and form field). */
export const SIGN_IN_COOKIE = 'arkki_sign_in';

export interface UiCall {
  request: FastifyRequest;
  reply: FastifyReply;
  session: UiSession;
  identity: Identity;
  lang: Lang;
  csrfToken: string;
  /** Form fields of a POST (urlencoded), empty for GET. */
  form: Record<string, string>;
  /** Query string parameters. */
  query: Record<string, string>;
  params: Record<string, string>;
  /** The use cases bound to this caller: the only way a page reaches client data (decided and logged inside). */
  use: ArchiveUseCases;
  codeSets: CodeSets;
}

export type UiResult =
  | { title: string; body: ComponentChildren; status?: number }
  /** An htmx partial: rendered without the layout. */
  | { fragment: ComponentChildren; status?: number }
  | { redirect: string }
  /** A file (document body, log export) sent as it is, not in the layout. */
  | { file: Download };

export interface UiRouteDef {
  method: 'GET' | 'POST';
  url: string;
  /** Who may use the route; everybody else gets the "no access" page. */
  roles: readonly RoleKind[];
  /** Needs a card check no older than the re-authentication window (stating a special reason, invalidating, exporting logs). */
  sensitive?: boolean;
  handler: (call: UiCall) => Promise<UiResult>;
}

export interface NavEntry {
  roles: readonly RoleKind[];
  href: string;
  label: Localised;
  order?: number;
}

export interface PageFrame {
  lang: Lang;
  title: string;
  currentUrl: string;
  identity?: Identity;
  csrfToken?: string;
  body: ComponentChildren;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

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

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Only local paths may be return targets, so a crafted link can't send a user elsewhere after login. */
export function safeReturn(value: unknown, fallback = '/'): string {
  // Browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would become "//evil.example".
  return typeof value === 'string' && /^\/(?![/\\])[^\s\x00-\x1f\x7f]*$/.test(value) ? value : fallback;
}

export class UiKit {
  private readonly navEntries: NavEntry[] = [];
  private readonly homes = new Map<RoleKind, string>();
  private readonly logins = new Map<RoleKind, string>();
  private readonly orgNames = new Map<string, OrganisationName | undefined>();

  constructor(
    readonly app: FastifyInstance,
    readonly ctx: ArchiveAdapterContext,
    readonly settings: SessionSettings,
    /** Secure cookies when served over HTTPS (production). */
    readonly secure: boolean,
  ) {}

  /** Adds a main-nav link for the given roles. */
  nav(entry: NavEntry): void {
    this.navEntries.push(entry);
  }

  /** Where a role lands after login. */
  home(role: RoleKind, href: string): void {
    this.homes.set(role, href);
  }

  /** A role that signs in elsewhere than the professionals' /login (the citizen view). */
  loginPage(role: RoleKind, href: string): void {
    this.logins.set(role, href);
  }

  homeOf(role: RoleKind): string {
    return this.homes.get(role) ?? '/';
  }

  langOf(request: FastifyRequest): Lang {
    const header = request.headers['accept-language'];
    return chooseLang(request.cookies?.[LANG_COOKIE], Array.isArray(header) ? header[0] : header);
  }

  /** Where a sensitive action sends the user for a fresh card check (demo mode: a confirmation page). */
  reauthUrl(returnTo: string): string {
    return `${this.ctx.config.mode === 'production' ? '/login/card' : '/login/demo'}?reauth=1&return=${encodeURIComponent(returnTo)}`;
  }

  loginUrl(returnTo?: string, roles?: readonly RoleKind[]): string {
    // Pages only one kind of user can open send a visitor without a session to that kind's sign-in.
    const own = roles && roles.length > 0 ? new Set(roles.map((r) => this.logins.get(r))) : undefined;
    const page = own?.size === 1 ? [...own][0] : undefined;
    if (page) return page;
    return returnTo ? `/login?return=${encodeURIComponent(returnTo)}` : '/login';
  }

  navFor(identity: Identity, lang: Lang): NavLink[] {
    return this.navEntries
      .filter((n) => n.roles.includes(identity.role))
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
      .map((n) => ({ href: n.href, label: n.label[lang] }));
  }

  async organisationName(oid: string, lang: Lang): Promise<string | undefined> {
    if (!this.orgNames.has(oid)) this.orgNames.set(oid, (await this.ctx.registers.organisation(oid))?.name);
    const name = this.orgNames.get(oid);
    return name ? (name[lang] ?? name.fi) : undefined;
  }

  /** A whole page in the layout; used by the kit and by the login pages, which have no session. */
  async page(reply: FastifyReply, frame: PageFrame, status = 200): Promise<FastifyReply> {
    const user = frame.identity
      ? { identity: frame.identity, organisationName: await this.organisationName(frame.identity.organisationOid, frame.lang) }
      : undefined;
    const html =
      '<!doctype html>' +
      render(
        <Layout
          lang={frame.lang}
          title={frame.title}
          currentUrl={frame.currentUrl}
          user={user}
          csrfToken={frame.csrfToken}
          nav={frame.identity ? this.navFor(frame.identity, frame.lang) : []}
        >
          {frame.body}
        </Layout>,
      );
    return reply.code(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(html);
  }

  fragment(reply: FastifyReply, body: ComponentChildren, status = 200): FastifyReply {
    return reply
      .code(status)
      .headers(SECURITY_HEADERS)
      .type('text/html; charset=utf-8')
      .send(render(<>{body}</>));
  }

  /** Redirect that also works for htmx requests (which would otherwise swap the target page into the fragment). */
  redirect(request: FastifyRequest, reply: FastifyReply, to: string): FastifyReply {
    if (request.headers['hx-request'] === 'true') return reply.code(200).header('hx-redirect', to).send('');
    return reply.code(303).header('location', to).send('');
  }

  /** Reads the session from the cookie; ends it (and says why) when it has timed out. */
  async currentSession(request: FastifyRequest, reply: FastifyReply): Promise<{ id: string; session: UiSession } | 'none' | 'ended'> {
    const id = request.cookies?.[SESSION_COOKIE];
    if (!id) return 'none';
    const session = await this.ctx.sessions.find(id);
    if (!session) return 'none';
    const state = sessionState(session, this.ctx.now(), this.settings);
    if (state !== 'active') {
      await this.ctx.sessions.remove(id);
      request.log.warn({ ui: 'session-timeout', user: session.identity.userId, state }, 'UI session ended by timeout');
      this.clearSessionCookie(reply);
      return 'ended';
    }
    return { id, session };
  }

  setSessionCookie(reply: FastifyReply, id: string): void {
    reply.setCookie(SESSION_COOKIE, id, {
      path: '/',
      httpOnly: true,
      secure: this.secure,
      sameSite: 'strict',
      maxAge: Math.ceil(this.settings.maxLifetimeMs / 1000),
    });
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: this.secure, sameSite: 'strict' });
  }

  async errorPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    err: ArkkiError,
    frame: { identity?: Identity; csrfToken?: string },
  ): Promise<FastifyReply> {
    const t = shellMessages(lang);
    const status = ERROR_CATALOGUE[err.code].status;
    const title = err.code === 'forbidden' ? t('forbiddenTitle') : err.code === 'not-found' ? t('notFoundTitle') : t('errorTitle');
    const body = (
      <div class="notice bad" role="alert">
        <ul>
          {err.issues.map((i) => (
            <li>{i.message}</li>
          ))}
        </ul>
      </div>
    );
    if (request.headers['hx-request'] === 'true') return this.fragment(reply, body, status);
    return this.page(reply, { lang, title, currentUrl: request.url, ...frame, body }, status);
  }

  /**
   * The CSRF token for the sign-in forms, which are posted before a session exists: random, kept in an
   * httpOnly SameSite=Strict cookie, and carried by the form (another site can neither read nor set it).
   */
  signInToken(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies?.[SIGN_IN_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
    const token = randomBytes(24).toString('base64url');
    reply.setCookie(SIGN_IN_COOKIE, token, { path: '/', httpOnly: true, secure: this.secure, sameSite: 'strict', maxAge: 3600 });
    return token;
  }

  /**
   * The one rule for every form POST: it carries (field _csrf or header X-CSRF-Token) a token this browser
   * was given — its session's, or before a session the sign-in cookie's. Refusals are logged.
   */
  formTokenValid(request: FastifyRequest, form: Record<string, string>, sessionToken?: string): boolean {
    const header = request.headers['x-csrf-token'];
    const sent = (Array.isArray(header) ? header[0] : header) ?? form._csrf ?? '';
    const signIn = request.cookies?.[SIGN_IN_COOKIE];
    const ok = [sessionToken, signIn].some((expected) => expected !== undefined && expected !== '' && sameToken(sent, expected));
    if (!ok) request.log.warn({ ui: 'csrf-refused', url: request.routeOptions.url }, 'UI form refused: CSRF token missing or wrong');
    return ok;
  }

  /**
   * Any URL no route answers (outside the FHIR API, which has its own): a page in the reader's language,
   * with the user's navigation when signed in; a client that asks for JSON only gets a short JSON answer.
   */
  async notFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const accept = String(request.headers.accept ?? '');
    if (accept.includes('application/json') && !accept.includes('text/html'))
      return reply
        .code(404)
        .type('application/json')
        .send({ error: 'not-found', message: `no page ${request.method} ${request.url.split('?')[0]}` });
    const lang = this.langOf(request);
    const t = shellMessages(lang);
    const current = request.method === 'GET' ? await this.currentSession(request, reply) : 'none';
    const frame = typeof current === 'object' ? { identity: current.session.identity, csrfToken: current.session.csrfToken } : {};
    const home = typeof current === 'object' ? this.homeOf(current.session.identity.role) : '/';
    const body = (
      <section class="card narrow">
        <p class="notice bad" role="alert">
          {t('notFoundText', { path: request.url.split('?')[0]!.slice(0, 200) })}
        </p>
        <p>
          <a href={home}>{t('toHome')}</a>
        </p>
      </section>
    );
    return this.page(reply, { lang, title: t('notFoundTitle'), currentUrl: '/', ...frame, body }, 404);
  }

  route(def: UiRouteDef): void {
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const lang = this.langOf(request);
      const current = await this.currentSession(request, reply);
      if (current === 'none')
        return this.redirect(request, reply, this.loginUrl(def.method === 'GET' ? request.url : undefined, def.roles));
      if (current === 'ended') {
        const own = this.loginUrl(undefined, def.roles);
        return this.redirect(
          request,
          reply,
          own !== '/login' ? own : `/login/ended?return=${encodeURIComponent(def.method === 'GET' ? request.url : '/')}`,
        );
      }
      const { id, session } = current;
      const frame = { identity: session.identity, csrfToken: session.csrfToken };
      const t = shellMessages(lang);
      if (!def.roles.includes(session.identity.role)) {
        request.log.warn(
          { ui: 'role-refused', user: session.identity.userId, role: session.identity.role, url: request.routeOptions.url },
          'UI page refused for role',
        );
        return this.errorPage(request, reply, lang, new ArkkiError('forbidden', t('forbiddenText')), frame);
      }
      const form = def.method === 'POST' ? asStrings(request.body) : {};
      if (def.method === 'POST' && !this.formTokenValid(request, form, session.csrfToken)) {
        return this.errorPage(request, reply, lang, new ArkkiError('forbidden', t('badCsrf')), frame);
      }
      const now = this.ctx.now();
      if (def.sensitive && !recentlyAuthenticated(session, now, this.settings)) {
        // A POST can't be replayed after the round trip: send the user back to the page that holds the form.
        return this.redirect(request, reply, this.reauthUrl(def.method === 'GET' ? request.url : safeReturn(form._return, request.url)));
      }
      await this.ctx.sessions.touch(id);
      const call: UiCall = {
        request,
        reply,
        session,
        identity: session.identity,
        lang,
        csrfToken: session.csrfToken,
        form,
        query: asStrings(request.query),
        params: asStrings(request.params),
        use: this.ctx.forIdentity(session.identity),
        codeSets: this.ctx.codeSets,
      };
      try {
        const result = await def.handler(call);
        if ('file' in result) return sendDownload(reply, result.file);
        if ('redirect' in result) return this.redirect(request, reply, result.redirect);
        if ('fragment' in result) return this.fragment(reply, result.fragment, result.status);
        return this.page(reply, { lang, title: result.title, currentUrl: request.url, ...frame, body: result.body }, result.status);
      } catch (err) {
        if (err instanceof ArkkiError) return this.errorPage(request, reply, lang, err, frame);
        throw err;
      }
    };
    this.app.route({ method: def.method, url: def.url, handler: handle });
  }
}

/** A route handler that answers with a file: `ui.route({ …, handler: download(async (call) => file) })`. */
export function download(fn: (call: UiCall) => Promise<Download>): (call: UiCall) => Promise<UiResult> {
  return async (call) => ({ file: await fn(call) });
}
