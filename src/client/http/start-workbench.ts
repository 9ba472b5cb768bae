// Puts the workbench together on a started client system: the structure definitions its forms are
// generated from, the retention rules, the organisation's professionals and service units, and (in
// production) the professional-card login over TLS. Returns the listening server's URL.
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { readRetentionRules } from '../../lib/metadata/retention-file.ts';
import { httpsOptionsFromPki } from '../../lib/pki/https-options.ts';
import { loadTrust } from '../../lib/pki/trust.ts';
import { loadStructureRegistry, type StructureRegistry } from '../../lib/structures/registry.ts';
import type { ClientConfig } from '../config.ts';
import type { ClientSystem } from '../start.ts';
import { cardLogin } from './card-login.ts';
import { ClientHandles } from './client-handles.ts';
import { loadServiceUnits } from './organisation-units.ts';
import { buildWorkbenchApp, type WorkbenchAppOptions } from './server.tsx';
import { loadDemoWorkbenchUsers, type WorkbenchUser } from './users.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export interface StartedWorkbench {
  app: FastifyInstance;
  url: string;
  deps: WorkbenchDeps;
  users: WorkbenchUser[];
}

export async function workbenchDeps(
  config: ClientConfig,
  system: ClientSystem,
  options: { now?: () => Date; structures?: StructureRegistry } = {},
): Promise<WorkbenchDeps> {
  const [structures, retention, users, serviceUnits] = await Promise.all([
    options.structures ?? loadStructureRegistry(),
    readRetentionRules(),
    loadDemoWorkbenchUsers(config.registerKeeperOid),
    loadServiceUnits(config.registerKeeperOid),
  ]);
  return {
    system,
    mode: config.mode,
    registerKeeperOid: config.registerKeeperOid,
    structures,
    codeSets: system.codeSets,
    retention,
    users,
    serviceUnits,
    handles: new ClientHandles(),
    now: options.now ?? (() => new Date()),
    staleAfterDays: config.workbench.staleAfterDays,
  };
}

export async function startWorkbench(
  config: ClientConfig,
  system: ClientSystem,
  options: { now?: () => Date; logger?: FastifyServerOptions['logger']; structures?: StructureRegistry } = {},
): Promise<StartedWorkbench> {
  const deps = await workbenchDeps(config, system, options);
  const appOptions: WorkbenchAppOptions = { ...(options.logger !== undefined ? { logger: options.logger } : {}) };
  if (config.mode === 'production') {
    const tls = config.workbench.tls
      ? {
          key: await readFile(config.workbench.tls.keyFile, 'utf8'),
          cert: await readFile(config.workbench.tls.certFile, 'utf8'),
          ca: await readFile(config.caChainFile, 'utf8'),
          requestCert: true as const,
          rejectUnauthorized: false as const,
        }
      : await httpsOptionsFromPki(config.pkiDir);
    const trust = await loadTrust(config.pkiDir);
    appOptions.https = tls;
    appOptions.cardLogin = cardLogin({
      trust: () => trust,
      now: deps.now,
      organisationOid: config.registerKeeperOid,
      users: () => deps.users,
    });
  }
  const app = await buildWorkbenchApp(deps, appOptions);
  const address = await app.listen({ host: config.workbench.host, port: config.workbench.port });
  const port = new URL(address).port;
  const host = config.workbench.host === '0.0.0.0' ? 'localhost' : config.workbench.host;
  return { app, url: `${config.mode === 'production' ? 'https' : 'http'}://${host}:${port}`, deps, users: deps.users };
}
