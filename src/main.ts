import { loadArchiveConfig, ConfigError } from './archive/config.ts';
import { startArchive } from './archive/bootstrap.ts';
import { buildArchiveApp } from './archive/server.ts';

// `npm start`: configuration → stores → servers. The only place besides cli/ that reads process.env.
async function main(): Promise<void> {
  const config = loadArchiveConfig(process.env);
  const started = Date.now();
  const { ctx, seeded, https, demoPki, stop: stopArchive } = await startArchive(config);
  const app = await buildArchiveApp(ctx, {
    https,
    ui: { session: config.session },
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel === 'info' ? 'warn' : config.logLevel },
  });
  await app.listen({ port: config.port, host: config.host });
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
    if (seeded?.seeded) lines.push(`  demo data        ${seeded.documents} documents archived on this first start`);
    if (demoPki)
      lines.push(`  demo TEST PKI    ${demoPki.dir}${demoPki.created ? ' (created now: CAs, server, system and card certificates)' : ''}`);
    lines.push('', '  try: curl -H "X-Arkki-Demo-User: archivist-vaasa" ' + `"${base}/fhir/R4/DocumentReference?_count=5"`);
    lines.push('  demo user ids: ' + (ctx.demoUsers ?? []).map((u) => u.userId).join(', '));
  }
  console.log(lines.join('\n'));
  const stop = async () => {
    stopArchive();
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`arkki: ${err.message}`);
  else console.error('arkki: start-up failed:', err);
  process.exit(1);
});
