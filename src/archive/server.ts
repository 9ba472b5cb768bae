import Fastify, { type FastifyInstance } from 'fastify';
import type { ArchiveContext } from './context.ts';
import { adapterContextOf } from './adapter-context.ts';
import type { PkiHttpsOptions } from '../lib/pki/index.ts';
import { installFhirBasics } from './fhir/fhir-plugin.ts';
import { capabilityRoutes } from './fhir/capability-routes.ts';
import { codeSystemRoutes } from './fhir/code-system-routes.ts';
import { organizationRoutes } from './fhir/organization-routes.ts';
import { organizationArchivingRoutes } from './fhir/organization-archiving-routes.ts';
import { documentReferenceRoutes } from './fhir/document-reference-routes.ts';
import { patientRoutes } from './fhir/patient-routes.ts';
import { specialReasonRoutes } from './fhir/special-reason-routes.ts';
import { auditEventRoutes } from './fhir/audit-event-routes.ts';
import { logExportRoutes } from './fhir/log-export-routes.ts';
import { binaryRoutes } from './fhir/binary-routes.ts';
import { batchRoutes } from './fhir/batch-routes.ts';
import { provenanceRoutes } from './fhir/provenance-routes.ts';
import { refuseControlCharacters } from './control-characters.ts';
import { LOG_SERIALIZERS } from './log-serializers.ts';
import { landingRoutes } from './ui/landing-routes.ts';
import { uiPlugin, type UiOptions } from './ui/ui-plugin.ts';

/** One year, the common minimum for HSTS preload lists. */
const HSTS_SECONDS = 31_536_000;

export interface ArchiveAppOptions {
  /** `stream` lets tests read what the server logs. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** TLS with client certificates (production); absent = plain HTTP (demo, tests). */
  https?: PkiHttpsOptions;
  /** Web UI settings (session timeouts; the card check in production). */
  ui?: Omit<UiOptions, 'secure'>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
}
const routeInventories = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** The routes an app built by buildArchiveApp registered (method and URL pattern). */
export function routeInventory(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeInventories.get(app) ?? [];
}

/** Builds the archive's HTTP app: the FHIR R4 API under /fhir/R4 and the pages beside it. */
export async function buildArchiveApp(ctx: ArchiveContext, options: ArchiveAppOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? false;
  const app = Fastify({
    logger: logger ? { ...(typeof logger === 'object' ? logger : {}), serializers: LOG_SERIALIZERS } : false,
    ...(options.https ? { https: options.https } : {}),
    bodyLimit: ctx.config.maxBodyBytes * 2 + 1024 * 1024,
  });
  // Every registered route, for the route inventory (test/e2e/route-inventory.int.test.ts).
  const inventory: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method)) if (method !== 'HEAD') inventory.push({ method, url: route.url });
  });
  routeInventories.set(app, inventory);
  refuseControlCharacters(app);
  // Over HTTPS every answer tells the browser to use nothing else for a year (production only: demo mode
  // is plain HTTP on localhost, where the header is meaningless).
  if (options.https) {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('strict-transport-security', `max-age=${HSTS_SECONDS}; includeSubDomains`);
    });
  }
  // Adapters see the archive only through this: no database, client data only through identity-bound use cases.
  const adapters = adapterContextOf(ctx);
  await app.register(
    async (fhir) => {
      installFhirBasics(fhir, adapters);
      await fhir.register(capabilityRoutes(adapters));
      await fhir.register(codeSystemRoutes(adapters));
      await fhir.register(organizationRoutes(adapters));
      await fhir.register(organizationArchivingRoutes(adapters));
      await fhir.register(documentReferenceRoutes(adapters));
      await fhir.register(patientRoutes(adapters));
      await fhir.register(specialReasonRoutes(adapters));
      await fhir.register(auditEventRoutes(adapters));
      await fhir.register(logExportRoutes(adapters));
      await fhir.register(binaryRoutes(adapters));
      await fhir.register(batchRoutes(adapters));
      await fhir.register(provenanceRoutes(adapters));
    },
    { prefix: '/fhir/R4' },
  );
  await app.register(landingRoutes(adapters));
  await app.register(uiPlugin(adapters, { ...options.ui, secure: Boolean(options.https) }));
  return app;
}
