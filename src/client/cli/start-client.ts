// `npm run start:client`: the reference client system on its own — its database, load queue and worker,
// and the workbench's web server — for production, where it runs apart from the archive (and in demo
// mode against an archive started elsewhere). The command line is the one place here that reads process.env.
import { ConfigError } from '../../lib/env.ts';
import { loadClientConfig } from '../config.ts';
import { startClientSystem } from '../start.ts';
import { startWorkbench } from '../http/start-workbench.ts';

async function main(): Promise<void> {
  const config = loadClientConfig(process.env);
  const started = Date.now();
  console.log(
    `arkki client system: starting (${config.mode} mode, ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.pgliteDir}`})`,
  );
  const system = await startClientSystem({ config });
  const workbench = await startWorkbench(config, system, { logger: { level: 'warn' } });
  console.log(
    [
      `arkki client system is running, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  workbench        ${workbench.url}/login${config.mode === 'production' ? ' (professional card certificate)' : ' (demo users)'}`,
      `  archive          ${config.archiveUrl} (${config.mode === 'production' ? 'system certificate over mTLS' : `as demo user ${config.archiveDemoUser}`})`,
      ...(config.mode === 'demo' ? [`  demo users       ${workbench.users.map((u) => u.userId).join(', ')}`] : []),
    ].join('\n'),
  );
  const stop = async () => {
    await workbench.app.close();
    await system.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`arkki client system: ${err.message}`);
  else console.error('arkki client system: start-up failed:', err);
  process.exit(1);
});
