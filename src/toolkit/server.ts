// The toolkit's web app: reads like a table of contents, one plugin per area.
import { readFile } from 'node:fs/promises';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { staticRoutes } from '../lib/ui/static-routes.ts';
import type { ToolkitConfig } from './config.ts';
import { conformancePage } from './conformance/page.tsx';
import type { ConformanceRuns } from './conformance/runs.ts';
import type { ToolkitServices } from './service/toolkit-services.ts';
import { conformanceShell, conformanceUnconfigured } from './ui/conformance-shell.tsx';
import { followUpPages } from './ui/follow-up-pages.tsx';
import type { Kit } from './ui/kit.tsx';
import { loginRoutes } from './ui/login-routes.tsx';
import { overviewPage } from './ui/overview-page.tsx';
import { projectPages } from './ui/project-pages.tsx';
import { taskPages } from './ui/task-pages.tsx';
import { testPages } from './ui/test-pages.tsx';
import type { SingleSignOn } from './ui/sign-in.ts';
import type { ToolkitUser } from './ui/toolkit-users.ts';

export interface ToolkitAppOptions {
  services: ToolkitServices;
  config: ToolkitConfig;
  demoUsers: readonly ToolkitUser[];
  now: () => Date;
  /** Production: who signs in through the single sign-on in front of the toolkit. */
  sso?: SingleSignOn;
  /** The conformance harness's runs; absent = the page says the harness is not configured. */
  conformance?: ConformanceRuns;
}

const TOOLKIT_CSS = new URL('./ui/toolkit.css', import.meta.url);

export async function buildToolkitApp(options: ToolkitAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  await app.register(cookie);
  await app.register(formbody);
  // A task table file arrives as a Buffer beside the form's text fields (one file, at most 10 MB).
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { files: 1, fileSize: 10 * 1024 * 1024 } });
  await app.register(staticRoutes);
  const css = await readFile(TOOLKIT_CSS);
  app.get('/toolkit/static/toolkit.css', async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(css),
  );
  app.get('/health', async () => ({ status: 'ok' }));
  const kit: Kit = {
    app,
    services: options.services,
    secret: options.config.sessionSecret,
    secure: false,
    now: options.now,
    ...(options.sso ? { sso: options.sso } : {}),
  };
  loginRoutes(kit, options.demoUsers);
  projectPages(kit);
  overviewPage(kit);
  taskPages(kit);
  testPages(kit);
  followUpPages(kit);
  // The conformance harness page, behind the same sign-in, in the toolkit's frame and navigation.
  if (options.conformance) {
    const shell = conformanceShell(kit);
    await app.register(async (scope) => {
      scope.addHook('onRequest', shell.signInFirst);
      await scope.register(conformancePage({ runs: options.conformance!, ...shell.options }));
    });
  } else conformanceUnconfigured(kit);
  return app;
}
