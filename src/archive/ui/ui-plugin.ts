// All web UIs of the archive: cookies, forms, static files, login, and the page modules. Mounted beside
// the FHIR API by buildArchiveApp.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../../lib/identity/identity.ts';
import { cardLoginAuthenticator } from '../auth/card-login.ts';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from '../auth/session.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { registerLandingPage } from './landing-page.tsx';
import { registerLoginRoutes } from './login-routes.tsx';
import { professionalPages } from './professional/professional-pages.ts';
import { staticRoutes } from '../../lib/ui/static-routes.ts';
import { UiKit } from './ui-kit.tsx';
import { archivistPages } from './archivist/archivist-pages.tsx';
import { citizenPages } from './citizen/citizen-pages.tsx';

export interface UiOptions {
  session?: Partial<SessionSettings>;
  /** Served over HTTPS: session cookies get Secure. */
  secure: boolean;
  /** Production: the card-certificate check for /login/card (default: the context's trust and the role tables). */
  cardLogin?: Authenticator;
}

/** Page modules: each registers its routes, nav links and home pages on the kit. */
export type UiModule = (ui: UiKit) => void | Promise<void>;

const MODULES: UiModule[] = [professionalPages, archivistPages, citizenPages];

export function uiPlugin(ctx: ArchiveAdapterContext, options: UiOptions) {
  return async (app: FastifyInstance) => {
    await app.register(cookie);
    await app.register(formbody, { bodyLimit: 64 * 1024 });
    await staticRoutes(app);
    const ui = new UiKit(app, ctx, { ...DEFAULT_SESSION_SETTINGS, ...options.session }, options.secure);
    registerLandingPage(ui);
    registerLoginRoutes(ui, { cardLogin: options.cardLogin ?? cardLoginAuthenticator(ctx, ctx.signatureTrust) });
    for (const module of MODULES) await module(ui);
    app.setNotFoundHandler((request, reply) => ui.notFound(request, reply));
  };
}
