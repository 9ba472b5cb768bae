import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { DEMO_USER_HEADER } from '../../src/archive/auth/demo-authenticator.ts';
import { openPostgres } from '../../src/lib/db/postgres.ts';
import { NOW, clientDocument, prepareClient, type ArchiveFixture } from '../support/archive-fixtures.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, signedDocumentReference } from '../support/signed-cda.ts';
import { initCluster, PG_BIN, pgTool, pgToolAsync, removeDir, serverOn, workDir, type PgServer } from '../support/pg-cluster.ts';
import { requireSystemDependency } from '../support/system-deps.ts';

// The primary dies under write load (kill -9 of every server process, as when its machine goes) and the
// synchronous standby is promoted with the documented command (docs/operations.md). What a client system
// was told is archived (201) must all be there afterwards, and the archive — connected with a multi-host
// URL — must take documents again on its own, within 30 s, without a restart.

if (!PG_BIN) requireSystemDependency('PostgreSQL server (/usr/lib/postgresql/*/bin)');

const WRITERS = 8;
const LOAD_BEFORE_KILL_MS = 3_000;
const MIN_ACKED_BEFORE_KILL = 10;
const LOAD_AFTER_RECOVERY_MS = 1_500;

interface Ack {
  documentId: string;
  setId: string;
}

describe('failover to the synchronous standby', { skip: !PG_BIN, timeout: 240_000 }, () => {
  let dir: string;
  let primary: PgServer;
  let standby: PgServer;
  let f: ArchiveFixture;
  let app: FastifyInstance;
  let base: string;
  let pki: PkiFixture;

  before(async () => {
    dir = workDir('arkki-failover-');
    primary = await initCluster(dir, 'primary');
    // fsync stays on: durability is what is tested. One named synchronous standby; commit waits for its flush.
    await primary.start({ synchronous_standby_names: 'standby1', synchronous_commit: 'on', max_wal_senders: '4' });
    pgTool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'arkki',
      '-D',
      join(dir, 'standby'),
      '-X',
      'stream',
      '-R',
      '-c',
      'fast',
    ]);
    standby = await serverOn(dir, join(dir, 'standby'));
    await standby.start({ primary_conninfo: `host=127.0.0.1 port=${primary.port} user=arkki application_name=standby1` });
    const admin = new pg.Client({ connectionString: primary.url() });
    await admin.connect();
    try {
      for (let i = 0; ; i++) {
        const r = await admin.query("SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'");
        if (r.rows[0]?.sync_state === 'sync') break;
        if (i > 300) throw new Error(`the standby did not become synchronous within 60 s:\n${standby.serverLog()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      await admin.query('CREATE DATABASE arkki');
    } finally {
      await admin.end();
    }
    const url = `postgresql://arkki@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/arkki?target_session_attrs=read-write&connect_timeout=2`;
    pki = await createPkiFixture(NOW);
    const archive = await cdaArchive(await openPostgres(url, 8), pki);
    f = archive;
    app = archive.app;
    base = `${await app.listen({ host: '127.0.0.1', port: 0 })}/fhir/R4/`;
  });

  after(async () => {
    await app?.close();
    await f?.db.close().catch(() => undefined);
    await standby?.stop();
    await primary?.stop();
    if (dir) removeDir(dir);
    await pki?.cleanup();
  });

  it('loses no acknowledged document and takes documents again within 30 s of the kill', async () => {
    const caseId = await prepareClient(f);
    const inCase = async (db: { query: typeof f.db.query }) =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document WHERE case_id = $1', [caseId])).rows[0]!.n;
    const before = await inCase(f.db);
    const acked: Ack[] = [];
    const statuses = new Map<string, number>();
    const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
    let killedAt = 0;
    let promotedAt = 0;
    let firstAckAfterKill = 0;
    let stop = false;
    const badRetryAfter: string[] = [];

    const writer = async () => {
      while (!stop) {
        const meta = clientDocument(caseId);
        const sentAt = Date.now();
        let res: Response;
        try {
          res = await fetch(new URL('DocumentReference', base), {
            method: 'POST',
            headers: { [DEMO_USER_HEADER]: 'system-vaasa', 'content-type': 'application/fhir+json' },
            // As a client system sends it: the document's CDA with its system signature.
            body: JSON.stringify(signedDocumentReference(pki, meta, f.ctx.codeSets)),
          });
          await res.arrayBuffer();
        } catch {
          count('no answer');
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        count(String(res.status));
        if (res.status === 201) {
          acked.push({ documentId: meta.documentId, setId: meta.setId });
          if (killedAt && sentAt > killedAt && !firstAckAfterKill) firstAckAfterKill = Date.now();
        } else {
          if (res.status === 503 && !/^\d+$/.test(res.headers.get('retry-after') ?? ''))
            badRetryAfter.push(String(res.headers.get('retry-after')));
          // A client system waits before sending again (Retry-After says seconds; the test keeps the pressure up).
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);

    // Under load for a while, with documents acknowledged, whatever else the machine is doing.
    const loadStart = Date.now();
    while ((Date.now() - loadStart < LOAD_BEFORE_KILL_MS || acked.length < MIN_ACKED_BEFORE_KILL) && Date.now() - loadStart < 60_000)
      await new Promise((r) => setTimeout(r, 50));
    const ackedBeforeKill = acked.length;
    assert.ok(ackedBeforeKill > 0, `no document was archived before the kill: ${JSON.stringify([...statuses])}`);
    killedAt = Date.now();
    primary.kill9();
    // The documented promotion command (an operator or pg_auto_failover's monitor runs it).
    await pgToolAsync('pg_ctl', ['promote', '-D', standby.data, '-w', '-t', '60']);
    promotedAt = Date.now();
    const deadline = killedAt + 60_000;
    while (!firstAckAfterKill && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, LOAD_AFTER_RECOVERY_MS));
    stop = true;
    await Promise.all(writers);

    assert.ok(firstAckAfterKill, `no document was archived within 60 s of the kill: ${JSON.stringify([...statuses])}`);
    const serveAgainSeconds = (firstAckAfterKill - killedAt) / 1000;

    // Every acknowledged id, read on the promoted standby: in the table and through the archive's API.
    const check = new pg.Client({ connectionString: standby.url('arkki') });
    await check.connect();
    let stored: number;
    let missing: string[];
    try {
      const ids = acked.map((a) => a.documentId);
      const found = await check.query<{ document_id: string }>('SELECT document_id FROM document WHERE document_id = ANY($1)', [ids]);
      const have = new Set(found.rows.map((r) => r.document_id));
      missing = ids.filter((id) => !have.has(id));
      stored =
        (await check.query<{ n: number }>('SELECT count(*)::int AS n FROM document WHERE case_id = $1', [caseId])).rows[0]!.n - before;
    } finally {
      await check.end();
    }
    const unreadable: string[] = [];
    for (let i = 0; i < acked.length; i += 8) {
      await Promise.all(
        acked.slice(i, i + 8).map(async (a) => {
          const res = await fetch(new URL(`DocumentReference/${a.setId}`, base), { headers: { [DEMO_USER_HEADER]: 'sw-vaasa-ls' } });
          await res.arrayBuffer();
          if (res.status !== 200) unreadable.push(`${a.setId} → ${res.status}`);
        }),
      );
    }

    console.log(
      `# failover: ${acked.length} acknowledged (${ackedBeforeKill} before the kill), ${stored} stored, ` +
        `${missing.length} acknowledged missing; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `promotion ${((promotedAt - killedAt) / 1000).toFixed(1)} s after the kill, first 201 ${serveAgainSeconds.toFixed(1)} s after the kill ` +
        `(${((firstAckAfterKill - promotedAt) / 1000).toFixed(1)} s after the promotion)`,
    );
    assert.deepEqual(missing, [], 'acknowledged documents missing after the promotion');
    assert.deepEqual(unreadable, [], 'acknowledged documents not readable through the archive after the promotion');
    // Stored beyond the acknowledged: commits cut off in flight (answered 503; a resend is answered 200).
    assert.ok(stored >= acked.length);
    assert.equal(statuses.get('500') ?? 0, 0, 'a lost database is a 503, never a 500');
    assert.deepEqual(badRetryAfter, [], '503 answers carry Retry-After in seconds');
    assert.ok(serveAgainSeconds < 30, `the archive took documents again only ${serveAgainSeconds} s after the kill`);
  });
});
