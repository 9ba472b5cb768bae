import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DEMO_USER_HEADER } from '../../src/archive/auth/demo-authenticator.ts';
import { prepareArchive } from '../../src/archive/bootstrap.ts';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { verifyUsageLog } from '../../src/archive/service/verify-usage-log.ts';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import type { Db } from '../../src/lib/db/db.ts';
import { openPostgres } from '../../src/lib/db/postgres.ts';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import { archiveFixture, clientDocument, prepareClient, submission, type ArchiveFixture } from '../support/archive-fixtures.ts';
import { initCluster, PG_BIN, pgTool, removeDir, serverOn, sharedSubdir, workDir, type PgServer } from '../support/pg-cluster.ts';
import { requireSystemDependency } from '../support/system-deps.ts';

// The backup procedures of docs/operations.md, run as written: a base backup (pg_basebackup) with WAL
// archiving restored to a new cluster up to a named restore point (point-in-time recovery), and a
// pg_dump / pg_restore of the archive database. The archive starts on each copy and has exactly the
// documents archived up to that point, and the usage log's hash chains verify.

if (!PG_BIN) requireSystemDependency('PostgreSQL server (/usr/lib/postgresql/*/bin)');

describe('backup and restore', { skip: !PG_BIN, timeout: 240_000 }, () => {
  let dir: string;
  let walArchive: string;
  let primary: PgServer;
  let restored: PgServer | undefined;
  let f: ArchiveFixture;
  const opened: Db[] = [];

  const archiveDocs = async (caseId: string, n: number): Promise<DocumentMetadata[]> => {
    const docs = Array.from({ length: n }, () => clientDocument(caseId));
    const results = await storeDocuments(
      f.deps,
      f.users['system-vaasa']!,
      docs.map((m) => submission(m)),
    );
    assert.deepEqual(
      results.map((r) => r.outcome),
      docs.map(() => 'created'),
    );
    return docs;
  };
  const admin = async <T>(server: PgServer, db: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: server.url(db) });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  /** The archive started on a database: migrations (none pending), code sets, the FHIR API. */
  const startArchiveOn = async (url: string) => {
    const db = await openPostgres(url, 2);
    opened.push(db);
    const ctx = await prepareArchive(db, 'demo', 1024 * 1024);
    ctx.authenticate = f.ctx.authenticate;
    const app = await buildArchiveApp(ctx);
    const status = async (m: DocumentMetadata) =>
      (await app.inject({ method: 'GET', url: `/fhir/R4/DocumentReference/${m.setId}`, headers: { [DEMO_USER_HEADER]: 'sw-vaasa-ls' } }))
        .statusCode;
    return { db, app, status };
  };

  before(async () => {
    dir = workDir('arkki-backup-');
    walArchive = sharedSubdir(dir, 'wal-archive');
    primary = await initCluster(dir, 'primary');
    await primary.start({
      wal_level: 'replica',
      archive_mode: 'on',
      // The documented archive_command: never overwrite a segment already archived.
      archive_command: `test ! -f ${walArchive}/%f && cp %p ${walArchive}/%f`,
    });
    await admin(primary, 'postgres', (c) => c.query('CREATE DATABASE arkki'));
    f = await archiveFixture(await openPostgres(primary.url('arkki'), 4));
  });

  after(async () => {
    for (const db of opened) await db.close().catch(() => undefined);
    await f?.db.close().catch(() => undefined);
    await restored?.stop();
    await primary?.stop();
    if (dir) removeDir(dir);
  });

  it('restores a base backup with the archived WAL to a named restore point, and pg_dump/pg_restore copies the database', async () => {
    const caseId = await prepareClient(f);
    const beforeBackup = await archiveDocs(caseId, 3);
    pgTool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'arkki',
      '-D',
      join(dir, 'base'),
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    const afterBackup = await archiveDocs(caseId, 3);
    await admin(primary, 'arkki', (c) => c.query("SELECT pg_create_restore_point('before-mistake')"));
    const afterRestorePoint = await archiveDocs(caseId, 2);
    // Close the WAL segment holding the restore point and wait until the archiver has copied it.
    await admin(primary, 'arkki', async (c) => {
      const seg = (await c.query<{ f: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS f')).rows[0]!.f;
      for (let i = 0; ; i++) {
        const r = await c.query<{ last: string | null }>('SELECT last_archived_wal AS last FROM pg_stat_archiver');
        if ((r.rows[0]!.last ?? '') >= seg) break;
        if (i > 300) throw new Error(`WAL segment ${seg} was not archived within 60 s`);
        await new Promise((res) => setTimeout(res, 200));
      }
    });
    await f.db.close();
    primary.kill9(); // the disaster: the primary (and its disk, as far as this test cares) is gone

    // Point-in-time recovery on a copy of the base backup, replaying archived WAL up to the restore point.
    const target = join(dir, 'restored');
    execFileSync('cp', ['-a', join(dir, 'base'), target]);
    writeFileSync(join(target, 'recovery.signal'), '');
    restored = await serverOn(dir, target);
    await restored.start({
      restore_command: `cp ${walArchive}/%f %p`,
      recovery_target_name: 'before-mistake',
      recovery_target_action: 'promote',
      archive_mode: 'off',
    });
    await admin(restored, 'arkki', async (c) => {
      for (let i = 0; (await c.query('SELECT pg_is_in_recovery() AS r')).rows[0]!.r; i++) {
        if (i > 300) throw new Error('recovery did not finish within 60 s');
        await new Promise((res) => setTimeout(res, 200));
      }
    });

    const pitr = await startArchiveOn(restored.url('arkki'));
    for (const m of [...beforeBackup, ...afterBackup])
      assert.equal(await pitr.status(m), 200, `${m.setId} archived before the restore point`);
    for (const m of afterRestorePoint) assert.equal(await pitr.status(m), 404, `${m.setId} archived after the restore point`);
    const pitrLog = await verifyUsageLog(pitr.db);
    assert.deepEqual(pitrLog.breaks, [], 'the usage log chains are whole after point-in-time recovery');
    assert.ok(pitrLog.verifiedRows > 0);
    // The restored cluster takes new documents (it was promoted at the target).
    const restoredCase = await prepareClient({ ...f, db: pitr.db, deps: { ...f.deps, db: pitr.db } });
    assert.ok(restoredCase);
    await pitr.app.close();

    // Logical copy: pg_dump in custom format, pg_restore into a new database.
    const dump = join(dir, 'arkki.dump');
    pgTool('pg_dump', ['-h', '127.0.0.1', '-p', String(restored.port), '-U', 'arkki', '-Fc', '-f', dump, 'arkki']);
    await admin(restored, 'postgres', (c) => c.query('CREATE DATABASE arkki_copy'));
    pgTool('pg_restore', ['-h', '127.0.0.1', '-p', String(restored.port), '-U', 'arkki', '-d', 'arkki_copy', '--exit-on-error', dump]);
    const count = async (db: string, table: string) =>
      admin(restored!, db, async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);
    for (const table of ['document', 'document_body', 'usage_log', 'usage_log_chain_head'])
      assert.equal(await count('arkki_copy', table), await count('arkki', table), `${table} rows in the copy`);
    // Reads through the archive are logged, so the copy is compared before the archive starts on it.
    const copy = await startArchiveOn(restored.url('arkki_copy'));
    for (const m of [...beforeBackup, ...afterBackup]) assert.equal(await copy.status(m), 200, `${m.setId} in the restored dump`);
    const copyLog = await verifyUsageLog(copy.db);
    assert.deepEqual(copyLog.breaks, []);
    await copy.app.close();
    console.log(
      `# backup: PITR restored ${beforeBackup.length + afterBackup.length} documents up to the restore point, left out ${afterRestorePoint.length} after it; ` +
        `usage log chains whole on both copies (${pitrLog.verifiedRows} and ${copyLog.verifiedRows} rows, reads on the copies included)`,
    );
  });
});
