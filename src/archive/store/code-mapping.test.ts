// Issue 12 item 4: data archived with values the 2026-12 code sets dropped (x-paihde, x-toimeentulotuki,
// x-sosiaalityo) is migrated, not broken — by migration 014 over a database that held them, and by the
// mapping table whenever code sets are synced — and the signed bodies stay byte for byte as archived.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  HETU,
  NOW,
  newOid,
  submission,
} from '../../../test/support/archive-fixtures.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../lib/codes/code-set-files.ts';
import { mappingTable, readCodeMappingFiles } from '../../lib/codes/code-mappings.ts';
import { CodeSets, type CodeSetFile } from '../../lib/codes/code-sets.ts';
import type { Db } from '../../lib/db/db.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { setFastReads } from '../../lib/db/pg-statements.ts';
import { readRetentionRules } from '../../lib/metadata/retention-file.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { readDemoUsers } from '../auth/demo-authenticator.ts';
import { DEMO_DIR, readDemoOrganisations } from '../demo/seed.ts';
import type { ArchiveDeps } from '../service/deps.ts';
import { storeDocuments } from '../service/store-documents.ts';
import { applyCodeMappings, codeMappingsOf, listVersions, loadCodeSetVersion, syncCodeSets } from './code-set-store.ts';
import { getDocuments, locate } from './document-store.ts';
import { ARCHIVE_MIGRATIONS } from './migrate-archive.ts';
import { importOrganisations } from './organisation-store.ts';

const current = await readCodeSetFiles(DEFAULT_CODES_DIR);
const mappingFiles = await readCodeMappingFiles(DEFAULT_CODES_DIR);

/** The service-task and social-service sets as they were before 2026-12 (the three dropped values back). */
function before202612(): CodeSetFile[] {
  return current.map((f) => {
    if (f.id === 'service-tasks')
      return {
        ...f,
        codes: [
          ...f.codes.filter((c) => c.code !== '15' && c.code !== 'x-perheoikeudelliset'),
          { code: 'x-paihde', display_fi: 'Päihde- ja riippuvuustyön erityiset palvelut', provisional: true },
          { code: 'x-toimeentulotuki', display_fi: 'Täydentävä ja ehkäisevä toimeentulotuki', provisional: true },
        ],
      };
    if (f.id === 'social-services')
      return {
        ...f,
        codes: [
          ...f.codes.filter((c) => c.code !== '46' && c.code !== '51'),
          { code: 'x-sosiaalityo', display_fi: 'Sosiaalityö', provisional: true, serviceTasks: [] },
        ],
      };
    return f;
  });
}

/** A clienthood in x-paihde, a case, a document with x-sosiaalityo; a clienthood in x-toimeentulotuki. */
function oldSubmissions(): Array<{ metadata: DocumentMetadata; body: { contentType: string; data: Buffer } }> {
  const caseId = newOid(3);
  const paihde = { serviceTask: 'x-paihde', client: { kind: 'hetu' as const, value: HETU } };
  return [
    submission(clienthoodDocument('social-welfare', paihde)),
    submission(clienthoodDocument('service-task', paihde)),
    submission(caseDocument(caseId, paihde)),
    submission(clientDocument(caseId, { ...paihde, socialServices: ['x-sosiaalityo', '94'] })),
    submission(clienthoodDocument('service-task', { ...paihde, serviceTask: 'x-toimeentulotuki' })),
  ];
}

async function storeOld(db: Db, deps: ArchiveDeps, system: Parameters<typeof storeDocuments>[1]) {
  const results = await storeDocuments(deps, system, oldSubmissions());
  for (const r of results) if (r.outcome === 'rejected') throw r.error;
  const ids = results.map((r) => (r.outcome === 'rejected' ? '' : r.document.documentId));
  const bodies = await db.query<{ sha256: string; n: number }>('SELECT sha256, length(data) AS n FROM document_body ORDER BY sha256');
  return { ids, bodies: bodies.rows };
}

async function readBack(db: Db, ids: string[]) {
  const docs = await getDocuments(db, [...(await locate(db, ids)).values()]);
  return ids.map((id) => docs.get(id)!.doc);
}

const SYSTEM = (await readDemoUsers(`${DEMO_DIR}users.json`)).find((u) => u.userId === 'system-vaasa')!;

for (const tdb of testDatabases()) {
  describe(`code mappings on ${tdb.name}`, () => {
    test('migration 014 maps the metadata of documents archived with dropped values; bodies stay as archived', async (t) => {
      // A database at migration 013 that holds documents with x-paihde, x-toimeentulotuki and x-sosiaalityo.
      const dir = await mkdtemp(join(tmpdir(), 'arkki-mig-'));
      t.after(() => rm(dir, { recursive: true, force: true }));
      for (const name of (await readdir(ARCHIVE_MIGRATIONS)).filter((n) => n < '014'))
        await copyFile(join(ARCHIVE_MIGRATIONS, name), join(dir, name));
      const db = await tdb.open({ migrated: false });
      t.after(() => db.close());
      await migrate(db, dir);
      await importOrganisations(db, await readDemoOrganisations());
      const deps: ArchiveDeps = {
        db,
        codeSets: CodeSets.fromFiles(before202612()),
        retention: await readRetentionRules(),
        maxBodyBytes: 1024 * 1024,
        now: () => NOW,
      };
      // Archived by an arkki of 013's time: usage rows chained in Node (arkki_append_usage comes with 016).
      setFastReads(false);
      const stored = await storeOld(db, deps, SYSTEM).finally(() => setFastReads(true));

      await migrate(db, ARCHIVE_MIGRATIONS); // 014 and whatever comes after

      const [, taskClienthood, kase, document, assistance] = await readBack(db, stored.ids);
      assert.equal(document!.serviceTask, '15');
      assert.deepEqual(document!.socialServices, ['46', '94']);
      assert.equal(kase!.serviceTask, '15');
      assert.equal(taskClienthood!.clienthood!.serviceTask, '15');
      assert.equal(assistance!.serviceTask, 'x-tyoikaiset');
      assert.equal(assistance!.clienthood!.serviceTask, 'x-tyoikaiset');
      const registers = await db.query<{ t: string }>(
        'SELECT service_task AS t FROM clienthood WHERE service_task IS NOT NULL UNION ALL SELECT service_task FROM client_case ORDER BY 1',
      );
      assert.deepEqual(
        registers.rows.map((r) => r.t),
        ['15', '15', 'x-tyoikaiset'],
      );
      const search = await db.query<{ s: string }>('SELECT DISTINCT social_service AS s FROM document_social_service ORDER BY 1');
      assert.deepEqual(
        search.rows.map((r) => r.s),
        ['46', '94'],
      );
      // The signed content is not touched: same bodies, same bytes.
      const bodies = await db.query<{ sha256: string; n: number }>('SELECT sha256, length(data) AS n FROM document_body ORDER BY sha256');
      assert.deepEqual(bodies.rows, stored.bodies);
      // Every change has its trail row.
      assert.deepEqual(
        (await codeMappingsOf(db, document!.documentId)).map((m) => `${m.field} ${m.from}→${m.to}`),
        ['serviceTask x-paihde→15', 'socialServices x-sosiaalityo→46'],
      );
      assert.deepEqual(
        (await codeMappingsOf(db, assistance!.documentId)).map((m) => `${m.field} ${m.from}→${m.to}`),
        ['clienthood.serviceTask x-toimeentulotuki→x-tyoikaiset', 'serviceTask x-toimeentulotuki→x-tyoikaiset'],
      );
      // Outside a mapping the metadata stays immutable.
      await assert.rejects(
        db.query(`UPDATE document SET service_task = 'x-paihde' WHERE document_id = $1`, [document!.documentId]),
        /immutable/,
      );
    });

    test('a code-set sync with a new version maps stored metadata through the table; the old version stays readable', async (t) => {
      const db = await tdb.open();
      t.after(() => db.close());
      const f = await archiveFixture(db);
      // The archive ran with the pre-2026-12 sets (a version of its own) and archived with them.
      await syncCodeSets(db, before202612(), new Date('2026-11-01T00:00:00Z'));
      const oldVersion = (await listVersions(db, 'service-tasks')).at(-1)!.version;
      const stored = await storeOld(db, { ...f.deps, codeSets: CodeSets.fromFiles(before202612()) }, SYSTEM);

      const synced = await syncCodeSets(db, current, NOW);
      assert.equal(synced.find((s) => s.setId === 'service-tasks')!.version, oldVersion + 1);
      const table = mappingTable(mappingFiles, CodeSets.fromFiles(current));
      const first = await applyCodeMappings(db, mappingFiles, table, NOW);
      assert.ok(first.documents >= 4, `mapped ${first.documents}`);
      assert.equal((await applyCodeMappings(db, mappingFiles, table, NOW)).documents, 0, 'a second run has nothing left to map');

      const [, , , document] = await readBack(db, stored.ids);
      assert.equal(document!.serviceTask, '15');
      assert.deepEqual(document!.socialServices, ['46', '94']);
      const old = await loadCodeSetVersion(db, 'service-tasks', oldVersion);
      assert.ok(old!.entries.some((e) => e.code === 'x-paihde'));
    });
  });
}
