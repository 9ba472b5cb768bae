// The conformance harness page (conformance/page.tsx) inside the toolkit: the toolkit's sign-in in front of
// it, its frame and navigation around it, its CSRF token in its forms. Without a configured test archive
// and test PKI (production without ARKKI_TOOLKIT_CONFORMANCE_*), /conformance says so instead.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConformancePageOptions, LayoutInput } from '../conformance/page.tsx';
import { type Kit, langOf, route, sendPage, toolkitNav } from './kit.tsx';
import { Layout } from './layout.tsx';
import { messages } from './messages.ts';
import { signedIn } from './sign-in.ts';

export function conformanceShell(kit: Kit): {
  signInFirst: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  options: Pick<ConformancePageOptions, 'canUse' | 'layout' | 'formToken'>;
} {
  const who = (request: FastifyRequest) => signedIn(request, kit.secret, kit.now(), kit.sso);
  return {
    // Before the page's own check: a visitor not signed in is sent to the sign-in, as on every toolkit page.
    async signInFirst(request, reply) {
      if (who(request)) return;
      const lang = langOf(request);
      const t = messages(lang);
      if (request.method === 'GET' && !kit.sso) return reply.redirect(`/login?return=${encodeURIComponent(request.url)}`);
      return sendPage(reply, { lang, title: t('loginTitle'), url: '/login' }, <p>{t(kit.sso ? 'notAUser' : 'forbidden')}</p>, 401);
    },
    options: {
      canUse: (request) => Boolean(who(request)),
      formToken: (request) => who(request)?.csrfToken,
      layout: ({ request, lang, title, currentUrl, children }: LayoutInput) => {
        const w = who(request);
        return (
          <Layout
            lang={lang}
            title={title}
            currentUrl={currentUrl}
            nav={toolkitNav(messages(lang))}
            {...(w ? { user: w.session, csrfToken: w.csrfToken } : {})}
          >
            {children}
          </Layout>
        );
      },
    },
  };
}

export function conformanceUnconfigured(kit: Kit): void {
  route(kit, {
    method: 'GET',
    url: '/conformance',
    roles: ['project-manager', 'archivist'],
    handler: async ({ t }) => ({
      title: t('navConformance'),
      nav: toolkitNav(t),
      body: <p class="notice">{t('conformanceOff')}</p>,
    }),
  });
}
