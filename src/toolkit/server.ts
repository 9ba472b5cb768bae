// The toolkit's web app: reads like a table of contents, one plugin per area.
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { staticRoutes } from '../lib/ui/static-routes.ts';
import type { ToolkitConfig } from './config.ts';
import type { ToolkitServices } from './service/toolkit-services.ts';
import type { ToolkitUser } from './ui/toolkit-users.ts';

export interface ToolkitAppOptions {
  services: ToolkitServices;
  config: ToolkitConfig;
  demoUsers: readonly ToolkitUser[];
  now: () => Date;
}

export async function buildToolkitApp(options: ToolkitAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(staticRoutes);
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html><title>arkki toolkit</title>'));
  void options;
  return app;
}
