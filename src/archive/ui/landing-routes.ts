import type { FastifyPluginAsync } from 'fastify';
import type { ArchiveAdapterContext } from '../adapter-context.ts';

/** Health check, and /demo/users for testers and scripts in demo mode (the landing page itself: landing-page.tsx). */
export function landingRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async () => ({ status: 'ok' }));

    if (ctx.config.mode === 'demo' && ctx.demoUsers) {
      const users = ctx.demoUsers;
      app.get('/demo/users', async () =>
        users.map((u) => ({
          id: u.userId,
          name: u.name,
          organisation: u.organisationOid,
          registerKeeper: u.registerKeeperOid,
          role: u.role,
          serviceTasks: u.serviceTasks,
        })),
      );
    }
  };
}
