import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { loadClientConfig } from '../../src/client/config.ts';
import { oidMinter } from '../../src/client/service/oid-minter.ts';
import { startClientSystem } from '../../src/client/start.ts';
import { statusCounts } from '../../src/client/store/queue-store.ts';
import type { Db } from '../../src/lib/db/db.ts';
import { openPostgres } from '../../src/lib/db/postgres.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { finnishDay } from '../../src/lib/time/index.ts';
import { UNIT_LS } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { createPkiFixture } from '../support/pki.ts';
import { demoAuthenticator, readDemoUsers } from '../../src/archive/auth/demo-authenticator.ts';
import { prepareArchive } from '../../src/archive/bootstrap.ts';
import { DEMO_DIR, readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';

// Issue 11 fault test: the archive is down while the load queue holds 1,000 items; the client system (a
// child process) is killed with SIGKILL once in the middle of the drain. After both are back every item
// is archived exactly once — no loss, no second version — and the monitoring figures show the retries.

const CLIENTS = 10;
const DOCS_PER_CLIENT = 97; // + 2 clienthoods and a case = 100 items per client
const ITEMS = CLIENTS * (DOCS_PER_CLIENT + 3);

async function clientDatabase(adminUrl: string): Promise<string> {
  const name = `arkki_client_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>, state: () => Promise<string>): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${await state()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const adminUrl = process.env.ARKKI_TEST_DATABASE_URL;
// Long: ~1,000 PDF renderings and signatures. On the shared 2-core machine it outran the runner's limit,
// so it runs when asked (ARKKI_FAULT_TEST=1 npm test -- client-queue-fault).
const asked = process.env.ARKKI_FAULT_TEST === '1';

test('archive down with 1,000 items queued, client system killed mid-drain: all archived exactly once', {
  skip: (!adminUrl && 'needs PostgreSQL') || (!asked && 'long: set ARKKI_FAULT_TEST=1'),
  timeout: 3_600_000,
}, async () => {
  const now = new Date();
  const pki = await createPkiFixture(now);
  const archiveDb = await testDatabases()
    .find((d) => d.name === 'postgres')!
    .open();
  // The archive on the real clock: the child process writes documents with the real time.
  const ctx = await prepareArchive(archiveDb, 'demo', 1024 * 1024, () => new Date());
  await importOrganisations(archiveDb, await readDemoOrganisations());
  ctx.authenticate = demoAuthenticator(await readDemoUsers(`${DEMO_DIR}users.json`));
  ctx.signatureTrust = () => pki.trust;
  const f = { ctx, app: await buildArchiveApp(ctx) };
  const clientUrl = await clientDatabase(adminUrl!);
  let clientDb: Db | undefined;
  const children: ChildProcess[] = [];
  try {
    // The archive's port is taken once and given back: the client system meets a closed port, then the archive.
    const base = await f.app.listen({ host: '127.0.0.1', port: 0 });
    const port = Number(new URL(base).port);
    await f.app.close();

    const certFile = join(pki.dir, 'cs.cert.pem');
    const keyFile = join(pki.dir, 'cs.key.pem');
    await writeFile(certFile, pki.certs.system.certPem);
    await writeFile(keyFile, pki.certs.system.keyPem);
    // The system signature is made with the organisation's signing certificate (the archive refuses the TLS one).
    const signingCertFile = join(pki.dir, 'cs-signing.cert.pem');
    const signingKeyFile = join(pki.dir, 'cs-signing.key.pem');
    await writeFile(signingCertFile, pki.certs.signing.certPem);
    await writeFile(signingKeyFile, pki.certs.signing.keyPem);
    const env = {
      ARKKI_MODE: 'demo',
      CLIENT_DATABASE_URL: clientUrl,
      ARKKI_CLIENT_ARCHIVE_URL: `${base}/fhir/R4`,
      ARKKI_CLIENT_SYSTEM_CERT: certFile,
      ARKKI_CLIENT_SYSTEM_KEY: keyFile,
      ARKKI_CLIENT_SIGNING_CERT: signingCertFile,
      ARKKI_CLIENT_SIGNING_KEY: signingKeyFile,
      ARKKI_CLIENT_CA_CHAIN: join(pki.dir, PKI_FILES.chain),
      ARKKI_CLIENT_QUEUE_BATCH: '50',
      ARKKI_CLIENT_QUEUE_INTERVAL_MS: '200',
      ARKKI_CLIENT_QUEUE_LEASE_MS: '3000',
      ARKKI_CLIENT_RETRY_BASE_MS: '300',
      ARKKI_CLIENT_RETRY_MAX_MS: '1500',
    };

    // 1. Fill the queue: ten clients, each with its clienthoods, a named case and 97 locked documents.
    const filler = await startClientSystem({ config: loadClientConfig(env), codeSets: f.ctx.codeSets, worker: false });
    const fillStart = Date.now();
    const newOid = oidMinter(`${pki.certs.system.organisationOid}.79`);
    for (let c = 0; c < CLIENTS; c++) {
      const ref = await filler.service.recordClient(
        { kind: 'hetu', value: makeHetu('2011-06-07', 900 + c) },
        { familyName: 'Korhonen', givenNames: `Lapsi ${c}`, turvakielto: false },
      );
      const open = { serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' };
      await filler.service.openClienthood(ref, { level: 'social-welfare', ...open });
      await filler.service.openClienthood(ref, { level: 'service-task', ...open });
      const kase = await filler.service.openCase(ref, {
        name: 'Lastensuojeluilmoitus',
        serviceTask: '10',
        serviceUnit: UNIT_LS,
        opened: '2026-11-02',
      });
      // Finished yesterday: the nightly batch locks and queues them (one transaction each, as every night).
      const yesterday = new Date(Date.now() - 86_400_000).toISOString();
      const ids = Array.from({ length: DOCS_PER_CLIENT }, () => [newOid('document'), newOid('set')]);
      await filler.db.query(
        `INSERT INTO client_document (register_keeper_oid, client_key, document_id, set_id, version, case_id, process_phase,
           document_type, title, content, language, author, state, created, completed, choices)
         SELECT $1, $2, d, s, 1, $3, 'toteutus', '1001', 'Muistio ' || ord, jsonb_build_object('teksti', 'Tapaaminen ' || ord),
           'fi', $4::jsonb, 'finished', $5, $5, $6::jsonb
         FROM unnest($7::text[], $8::text[]) WITH ORDINALITY AS x(d, s, ord)`,
        [
          ref.registerKeeperOid,
          ref.clientKey,
          kase.caseId,
          JSON.stringify({ name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' }),
          yesterday,
          JSON.stringify({
            socialServices: ['94'],
            publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
            retentionRule: 'sh-12y',
            citizenVisible: { visible: true },
          }),
          ids.map((i) => i[0]),
          ids.map((i) => i[1]),
        ],
      );
    }
    assert.equal(await filler.service.nightlyBatch(ITEMS), CLIENTS * DOCS_PER_CLIENT);
    await filler.close();
    console.log(`# ${ITEMS} items queued in ${Math.round((Date.now() - fillStart) / 1000)} s`);
    clientDb = await openPostgres(clientUrl, 2);
    assert.equal((await statusCounts(clientDb)).waiting, ITEMS);

    const output: string[] = [];
    const spawnClient = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/client-system-process.ts'], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (b) => output.push(String(b)));
      child.stderr!.on('data', (b) => output.push(String(b)));
      children.push(child);
      return child;
    };
    const counts = () => statusCounts(clientDb!);
    const state = async () => {
      const refused = await clientDb!.query(`SELECT refusal FROM load_queue_item WHERE status = 'refused' LIMIT 1`);
      return `${JSON.stringify(await counts())} ${JSON.stringify(refused.rows[0] ?? '')}\n${output.join('').slice(-3000)}`;
    };
    const t0 = Date.now();
    const log = (what: string) => console.log(`# ${Math.round((Date.now() - t0) / 1000)} s: ${what}`);

    // 2. The client system starts while the archive is down: everything it tries waits to retry.
    const first = spawnClient();
    await until('retries while the archive is down', 300, async () => ((await counts())['retry-wait'] > 0 ? true : undefined), state);
    log('retrying while the archive is down');

    // 3. The archive comes back; the client system is killed with SIGKILL in the middle of the drain.
    f.app = await buildArchiveApp(f.ctx);
    await f.app.listen({ host: '127.0.0.1', port });
    await until('a fifth archived', 900, async () => ((await counts()).archived >= ITEMS / 5 ? true : undefined), state);
    log('a fifth archived: SIGKILL');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await counts();
    assert.ok(atKill.archived < ITEMS, `killed before the end: ${JSON.stringify(atKill)}`);

    // 4. Started again, it finishes: items it held when it died are sent again once their lease runs out.
    const second = spawnClient();
    const done = await until(
      'everything archived',
      400,
      async () => {
        const c = await counts();
        return c.archived === ITEMS ? c : undefined;
      },
      state,
    );
    log('all archived');
    assert.deepEqual(done, { waiting: 0, sending: 0, archived: ITEMS, refused: 0, 'retry-wait': 0 }, output.join(''));
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    // Exactly once in the archive: one version per set, every queued document id there.
    const archived = await archiveDb.query<{ sets: string; docs: string; max: number }>(
      `SELECT count(DISTINCT set_id) AS sets, count(*) AS docs, max(version) AS max FROM document WHERE register_keeper_oid = $1`,
      [pki.certs.system.organisationOid],
    );
    // count() arrives as a string or a number depending on the driver's int8 parsing: compared as numbers.
    const a = archived.rows[0]!;
    assert.deepEqual({ sets: Number(a.sets), docs: Number(a.docs), max: Number(a.max) }, { sets: ITEMS, docs: ITEMS, max: 1 });
    const queued = await clientDb.query<{ document_id: string }>(`SELECT document_id FROM load_queue_item`);
    const there = await archiveDb.query<{ n: string }>(`SELECT count(*) AS n FROM document WHERE document_id = ANY($1)`, [
      queued.rows.map((r) => r.document_id),
    ]);
    assert.equal(Number(there.rows[0]!.n), ITEMS, 'no loss');

    // The monitoring figures show the retries (and every send), by day and by professional.
    const cs = await startClientSystem({ config: loadClientConfig(env), codeSets: f.ctx.codeSets, worker: false });
    try {
      const today = finnishDay(new Date());
      const report = await cs.archiving.monitoring({ from: finnishDay(now), to: today });
      assert.ok(report.totals.retried > 0, `retries shown: ${JSON.stringify(report.totals)}`);
      assert.equal(report.totals.accepted, ITEMS);
      assert.ok(report.totals.sent >= ITEMS + report.totals.retried, 'every retry was a send');
      assert.equal(report.totals.waiting, 0);
      assert.equal(report.by.author.find((a) => a.key === 'Sanna Sosiaalityöntekijä')?.accepted, CLIENTS * DOCS_PER_CLIENT);
    } finally {
      await cs.close();
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await clientDb?.close();
    await f.app.close();
    await archiveDb.close();
    await pki.cleanup();
  }
});
