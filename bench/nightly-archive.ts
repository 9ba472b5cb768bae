// The archive of the nightly-batch benchmark as its own process (so its CPU is its own): the bench
// archive on the given PostgreSQL, trusting the run's test PKI, listening on 127.0.0.1. It answers
// `cpu` messages with its process.cpuUsage().
import { readDemoUsers, demoAuthenticator } from '../src/archive/auth/demo-authenticator.ts';
import { DEMO_DIR } from '../src/archive/demo/seed.ts';
import { buildArchiveApp } from '../src/archive/server.ts';
import { openDatabase } from '../src/lib/db/open.ts';
import { loadTrust } from '../src/lib/pki/index.ts';
import { prepareBenchArchive } from './archive.ts';

const db = await openDatabase({ url: process.env.BENCH_ARCHIVE_DATABASE_URL!, poolSize: 8 });
const archive = await prepareBenchArchive(db);
const trust = await loadTrust(process.env.BENCH_PKI_DIR!);
archive.ctx.signatureTrust = () => trust;
archive.ctx.authenticate = demoAuthenticator(await readDemoUsers(`${DEMO_DIR}users.json`));
const app = await buildArchiveApp(archive.ctx);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.send!({ ready: url });
process.on('message', async (m: { type: string }) => {
  if (m.type === 'cpu') process.send!({ cpu: process.cpuUsage() });
  if (m.type === 'stop') {
    await app.close();
    await db.close();
    process.exit(0);
  }
});
