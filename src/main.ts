import { loadArchiveConfig, ConfigError } from './archive/config.ts';
import { startArchive, type StartedArchive } from './archive/bootstrap.ts';
import { startProgress } from './archive/start-progress.ts';
import { buildArchiveApp } from './archive/server.ts';
import { loadClientConfig } from './client/config.ts';
import { startWorkbench } from './client/http/start-workbench.ts';
import { type ClientSystem, startClientSystem } from './client/start.ts';

// `npm start`: configuration → stores → servers. The only place besides cli/ that reads process.env.
async function main(): Promise<void> {
  const config = loadArchiveConfig(process.env);
  // Read now, so a bad client setting stops the start before anything listens.
  const clientConfig = config.mode === 'demo' ? loadClientConfig(process.env) : undefined;
  const started = Date.now();
  console.log(`arkki: starting (${config.mode} mode, ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`})`);
  const progress = startProgress((line) => console.log(line));
  const { ctx, demoData, https, demoPki, stop: stopArchive } = await startArchive(config, (label) => progress.step(label));
  progress.step('building the web app');
  const app = await buildArchiveApp(ctx, {
    https,
    ui: { session: config.session },
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel === 'info' ? 'warn' : config.logLevel },
  });
  await app.listen({ port: config.port, host: config.host });
  progress.end();
  const base = `${https ? 'https' : 'http'}://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${(app.server.address() as { port: number }).port}`;
  const lines = [
    '',
    `arkki is running (${config.mode} mode, ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  landing page     ${base}/`,
    `  archive FHIR API ${base}/fhir/R4/metadata`,
    `  web UI (login)   ${base}/login${https ? ' (professional card certificate)' : ' (demo users)'}`,
    `  citizen view     ${base}/citizen${https ? ' (citizen certificate)' : ' (demo clients)'}`,
  ];
  if (https) lines.push(`  client certificates required; trust and server certificate from ${config.pkiDir}`);
  if (config.mode === 'demo') {
    lines.push(`  demo users       ${base}/demo/users`);
    const found = demoData?.found;
    if (found?.kind === 'complete') lines.push(`  demo data        ${found.documents} documents (seeded on the first start)`);
    else if (found?.kind === 'interrupted')
      lines.push(
        `  demo data        an earlier first start stopped half-way (found ${found.documents} documents): completing it now, in the background`,
      );
    else if (found)
      lines.push('  demo data        being archived now, in the background; the API answers meanwhile with what is archived so far');
    if (demoPki)
      lines.push(
        `  demo TEST PKI    ${demoPki.dir}${demoPki.creating ? ' (being created now, in the background: CAs, server, system and card certificates)' : ''}`,
      );
    lines.push('', '  try: curl -H "X-Arkki-Demo-User: archivist-vaasa" ' + `"${base}/fhir/R4/DocumentReference?_count=5"`);
    lines.push('  demo user ids: ' + (ctx.demoUsers ?? []).map((u) => u.userId).join(', '));
  }
  if (config.mode === 'production') lines.push('  client system    runs separately in production: npm run start:client');
  console.log(lines.join('\n'));
  if (demoData && demoData.found.kind !== 'complete') void seedInBackground(demoData.seed);
  // The archive answers already; the client system starts beside it and never delays the archive's listen.
  let client: { system: ClientSystem; close(): Promise<void> } | undefined;
  if (clientConfig) {
    // The archive's real address (PORT=0 picks a free port) unless the client's archive URL is set.
    const archiveUrl = process.env.ARKKI_CLIENT_ARCHIVE_URL ? clientConfig.archiveUrl : `${base}/fhir/R4`;
    // Its system certificate is the demo TEST PKI's: on a first start it waits until the PKI is created.
    const pkiReady = demoPki ? demoPki.ready.then(() => undefined) : Promise.resolve();
    pkiReady
      .then(() => startClientInBackground({ ...clientConfig, archiveUrl }, config.logLevel === 'silent'))
      .then(
        (c) => {
          client = c;
        },
        (err: unknown) => console.error(`arkki: the client system did not start (the archive keeps running): ${(err as Error).message}`),
      );
  }
  const stop = async () => {
    await client?.close();
    stopArchive();
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Demo mode: the reference client system on its own embedded database, and its workbench on its own port. */
async function startClientInBackground(config: ReturnType<typeof loadClientConfig>, quiet: boolean) {
  const started = Date.now();
  console.log(`  client system: starting (its own PGlite in ${config.pgliteDir})`);
  const system = await startClientSystem({ config });
  const workbench = await startWorkbench(config, system, { logger: quiet ? false : { level: 'warn' } });
  console.log(
    [
      `  client workbench ${workbench.url}/login (demo users), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  workbench users  ${workbench.users.map((u) => `${u.userId} (${u.name})`).join(', ')}`,
    ].join('\n'),
  );
  return {
    system,
    async close() {
      await workbench.app.close();
      await system.close();
    },
  };
}

/** Seeds the demo data after the server listens, with a progress line at most every second. */
async function seedInBackground(seed: NonNullable<StartedArchive['demoData']>['seed']): Promise<void> {
  const started = Date.now();
  let last = started;
  try {
    const result = await seed((p) => {
      if (Date.now() - last < 1000) return;
      last = Date.now();
      console.log(`  demo data: ${p.clients}/${p.totalClients} clients, ${p.documents} documents`);
    });
    console.log(
      `  demo data        ${result.documents} documents archived on this first start (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } catch (err) {
    // The next start finds the seeding unfinished and completes it.
    console.error(`arkki: seeding the demo data failed (the next start completes it): ${(err as Error).message}`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`arkki: ${err.message}`);
  else console.error('arkki: start-up failed:', err);
  process.exit(1);
});
