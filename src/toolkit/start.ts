// Starts the deployment toolkit: its own database (migrated), the archive reached only through
// lib/archive-api, and its web app on its own port. main.ts calls this beside the archive and the client system.
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { type ArchiveApi, createArchiveApi } from '../lib/archive-api/index.ts';
import type { Db } from '../lib/db/db.ts';
import { openDatabase } from '../lib/db/open.ts';
import { loadTrust } from '../lib/pki/index.ts';
import type { ToolkitConfig } from './config.ts';
import { type ConformanceRuns, conformanceRuns } from './conformance/runs.ts';
import { buildToolkitApp } from './server.ts';
import { archiveGateway, demoArchivists } from './service/archive-gateway.ts';
import { toolkitServices } from './service/toolkit-services.ts';
import { migrateToolkit } from './store/migrate-toolkit.ts';
import { loadToolkitUsers, type SingleSignOn } from './ui/sign-in.ts';
import { DEMO_TOOLKIT_USERS, type ToolkitUser } from './ui/toolkit-users.ts';

export interface ToolkitOptions {
  config: ToolkitConfig;
  /** An already open database (tests); default: TOOLKIT_DATABASE_URL or the PGlite directory. */
  db?: Db;
  /** An archive client (tests); default: built from the configuration. */
  archive?: ArchiveApi;
  now?: () => Date;
  /** Listen (default true); false builds the app only. */
  listen?: boolean;
}

export interface StartedToolkit {
  app: FastifyInstance;
  /** Where the toolkit answers, e.g. http://127.0.0.1:8082. */
  url: string;
  /** Demo mode: who can sign in from the picker. */
  demoUsers: readonly ToolkitUser[];
  db: Db;
  close(): Promise<void>;
}

async function archiveOf(config: ToolkitConfig): Promise<ArchiveApi> {
  const cert = config.archiveCertificate;
  return createArchiveApi({
    baseUrl: config.archiveUrl,
    identity: cert
      ? { kind: 'system-certificate', certPem: await readFile(cert.certFile, 'utf8'), keyPem: await readFile(cert.keyFile, 'utf8') }
      : { kind: 'demo-user', userId: config.archiveDemoUser },
    ...(cert?.caFile ? { caPem: await readFile(cert.caFile, 'utf8') } : {}),
    userAgent: 'arkki-deployment-toolkit',
  });
}

/** The harness's test archive: the configured one, else (demo mode) the archive the toolkit itself uses. */
function conformanceOf(config: ToolkitConfig, now: () => Date): ConformanceRuns | undefined {
  const c = config.conformance;
  if (!c) return undefined;
  const archive = c.archive ?? config.archiveUrl.replace(/\/fhir\/R4\/?$/, '');
  return conformanceRuns({ archive, trust: () => loadTrust(c.pkiDir), now });
}

export async function startToolkit(options: ToolkitOptions): Promise<StartedToolkit> {
  const { config } = options;
  // Production has no demo picker: without the single sign-on configured the toolkit does not start at all.
  if (config.mode === 'production' && !config.signIn) {
    throw new Error('configuration ARKKI_TOOLKIT_SSO_HEADER: is required in production (the toolkit has no sign-in of its own)');
  }
  const sso: SingleSignOn | undefined = config.signIn
    ? { header: config.signIn.header, users: await loadToolkitUsers(config.signIn.usersFile) }
    : undefined;
  const now = options.now ?? (() => new Date());
  const db =
    options.db ?? (await openDatabase({ ...(config.databaseUrl ? { url: config.databaseUrl } : { pgliteDir: config.pgliteDir }) }));
  try {
    await migrateToolkit(db);
    const archive = options.archive ?? (await archiveOf(config));
    const gateway = archiveGateway({
      archive,
      ...(config.mode === 'demo' && !config.archiveCertificate ? { archivistOf: demoArchivists(config.archiveUrl) } : {}),
    });
    const services = await toolkitServices({ db, gateway, now, followUpTargetPercent: config.followUpTargetPercent });
    const demoUsers = config.mode === 'demo' && !sso ? DEMO_TOOLKIT_USERS : [];
    const conformance = conformanceOf(config, now);
    const app = await buildToolkitApp({
      services,
      config,
      demoUsers,
      now,
      ...(sso ? { sso } : {}),
      ...(conformance ? { conformance } : {}),
    });
    let url = '';
    if (options.listen !== false) {
      const address = await app.listen({ port: config.port, host: config.host });
      url = address.replace('0.0.0.0', 'localhost');
    }
    return {
      app,
      url,
      demoUsers,
      db,
      async close() {
        await conformance?.close();
        await app.close();
        if (!options.archive) await archive.close();
        if (!options.db) await db.close();
      },
    };
  } catch (err) {
    if (!options.db) await db.close();
    throw err;
  }
}
