import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../../lib/errors.ts';
import type { Identity, RoleKind } from '../../../lib/identity/identity.ts';
import { recentlyAuthenticated } from '../../auth/session.ts';
import { touchSession } from '../../auth/session-store.ts';
import type { ArchiveDeps } from '../../service/deps.ts';
import type { Lang } from '../i18n.ts';
import { shellMessages } from '../shell-messages.ts';
import { safeReturn, type UiKit } from '../ui-kit.tsx';

// A download (document body, log export) is not a page, so it cannot go through ui.route, which wraps
// results in the layout; it gets the same session, role and re-authentication checks here.

export interface Download { contentType: string; data: Buffer | string | Readable; fileName: string; inline?: boolean }

export interface DownloadRouteDef {
  /** POST for downloads asked with a form whose fields must stay out of URLs (a henkilötunnus); CSRF-checked. */
  method?: 'GET' | 'POST';
  url: string;
  roles: readonly RoleKind[];
  sensitive?: boolean;
  handler: (call: { identity: Identity; lang: Lang; deps: ArchiveDeps; params: Record<string, string>; query: Record<string, string>; form: Record<string, string>; request: FastifyRequest }) => Promise<Download>;
}

const asciiName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

function formOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function downloadRoute(ui: UiKit, def: DownloadRouteDef): void {
  const method = def.method ?? 'GET';
  ui.app.route({ method, url: def.url, handler: async (request: FastifyRequest, reply: FastifyReply) => {
    const lang = ui.langOf(request);
    const current = await ui.currentSession(request, reply);
    const back = method === 'GET' ? request.url : '/';
    if (current === 'none') return ui.redirect(request, reply, ui.loginUrl(back));
    if (current === 'ended') return ui.redirect(request, reply, `/login/ended?return=${encodeURIComponent(back)}`);
    const { id, session } = current;
    const frame = { identity: session.identity, csrfToken: session.csrfToken };
    if (!def.roles.includes(session.identity.role)) {
      request.log.info({ ui: 'role-refused', user: session.identity.userId, role: session.identity.role, url: def.url }, 'UI download refused for role');
      return ui.errorPage(request, reply, lang, new ArkkiError('forbidden', shellMessages(lang)('forbiddenText')), frame);
    }
    const form = method === 'POST' ? formOf(request.body) : {};
    if (method === 'POST') {
      const header = request.headers['x-csrf-token'];
      if (!sameToken((typeof header === 'string' ? header : undefined) ?? form._csrf ?? '', session.csrfToken)) {
        request.log.warn({ ui: 'csrf-refused', user: session.identity.userId, url: def.url }, 'UI download refused: CSRF token missing or wrong');
        return ui.errorPage(request, reply, lang, new ArkkiError('forbidden', shellMessages(lang)('badCsrf')), frame);
      }
    }
    const now = ui.ctx.now();
    // A POST cannot be replayed after the card check: the user comes back to the form (_return).
    if (def.sensitive && !recentlyAuthenticated(session, now, ui.settings)) {
      return ui.redirect(request, reply, ui.reauthUrl(method === 'GET' ? request.url : safeReturn(form._return)));
    }
    await touchSession(ui.ctx.db, id, now);
    try {
      const file = await def.handler({
        identity: session.identity, lang, deps: ui.deps, request,
        params: request.params as Record<string, string>, query: request.query as Record<string, string>, form,
      });
      return reply.code(200).type(file.contentType)
        .header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'")
        .header('content-disposition', `${file.inline ? 'inline' : 'attachment'}; filename="${asciiName(file.fileName)}"`)
        .send(file.data);
    } catch (err) {
      if (err instanceof ArkkiError) return ui.errorPage(request, reply, lang, err, frame);
      throw err;
    }
  } });
}
