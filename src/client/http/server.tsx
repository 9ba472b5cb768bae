// The workbench's own HTTP server (fastify), beside — never inside — the archive: the client system's
// pages, its static files and its sign-in. Over HTTPS in production, asking for the professional card's
// certificate in the handshake (the card login decides per request, like the archive's UI).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { PkiHttpsOptions } from '../../lib/pki/https-options.ts';
import { staticRoutes } from '../../lib/ui/static-routes.ts';
import { registerArchiveCopiesPage } from '../ui/pages/archive-copies-page.tsx';
import { registerArchivingPage } from '../ui/pages/archiving-page.tsx';
import { registerClientPages } from '../ui/pages/client-pages.tsx';
import { registerDocumentPages } from '../ui/pages/document-pages.tsx';
import { type CardCheck, registerLoginRoutes } from '../ui/pages/login-routes.tsx';
import { registerWorklistPage } from '../ui/pages/worklist-page.tsx';
import { workbenchMessages } from '../ui/messages.ts';
import { SECURITY_HEADERS, WorkbenchKit } from './kit.tsx';
import { type SessionLimits, WorkbenchSessions } from './sessions.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

const WORKBENCH_CSS = fileURLToPath(new URL('../ui/static/workbench.css', import.meta.url));

export interface WorkbenchAppOptions {
  https?: PkiHttpsOptions | { key: string; cert: string; ca?: string; requestCert: true; rejectUnauthorized: false };
  cardLogin?: CardCheck;
  sessions?: SessionLimits;
  logger?: FastifyServerOptions['logger'];
}

export async function buildWorkbenchApp(deps: WorkbenchDeps, options: WorkbenchAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Query strings can carry nothing of a client's (searches are POSTs), but the log keeps only the path anyway.
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 512 * 1024 });
  await staticRoutes(app);
  const css = await readFile(WORKBENCH_CSS);
  app.get('/ui/static/workbench.css', async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(css),
  );
  if (options.https) {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    });
  }
  const kit = new WorkbenchKit(app, new WorkbenchSessions(deps.now, options.sessions), Boolean(options.https));
  registerLoginRoutes(kit, deps, options.cardLogin);
  registerClientPages(kit, deps);
  registerDocumentPages(kit, deps);
  registerArchivingPage(kit, deps);
  registerWorklistPage(kit, deps);
  registerArchiveCopiesPage(kit, deps);
  app.setNotFoundHandler((request, reply) => {
    const lang = kit.langOf(request);
    const t = workbenchMessages(lang);
    const session = kit.session(request);
    return kit.page(
      reply.headers(SECURITY_HEADERS),
      {
        lang,
        title: t('notFound'),
        currentUrl: '/',
        ...(session ? { session } : {}),
        body: (
          <p>
            <a href="/">{t('toHome')}</a>
          </p>
        ),
      },
      404,
    );
  });
  return app;
}
