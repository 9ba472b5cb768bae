import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { type ArchiveApi, createArchiveApi } from '../../src/lib/archive-api/index.ts';
import type { CodeSets } from '../../src/lib/codes/code-sets.ts';
import { openExport, type OpenedExport } from '../../src/toolkit/migration/export-folder.ts';
import { BROKEN_AT, generateExport, PDFA_ONLY_MIX } from '../../src/toolkit/migration/generate.ts';
import { documentIds } from '../../src/toolkit/migration/ids.ts';
import type { Progress } from '../../src/toolkit/migration/progress.ts';
import { reconcile } from '../../src/toolkit/migration/reconcile.ts';
import { REJECT_CLASSES, type RejectClass } from '../../src/toolkit/migration/reject-classes.ts';
import { runMigration, type RunResult } from '../../src/toolkit/migration/run.ts';
import { validateExport, type ValidateResult } from '../../src/toolkit/migration/validate.ts';
import type { ArchiveFixture } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive } from '../support/signed-cda.ts';
import { ARCHIVIST_USER, issueLegacySigner, prepareLegacyArchive, STORING_USER } from '../support/migration.ts';
import { keyOf } from '../support/xml-signature.ts';
import type { SigningKey } from '../../src/lib/xml/xml-signature.ts';

// The migration tool against the real archive over HTTP: a synthetic export with every broken kind of
// row goes through validate, run, a second run (idempotent) and reconcile. Every rejected class is in the
// validate report and the run's error file with its reason, and nothing of a rejected row is archived.

const quiet: Progress = { start() {}, update() {}, stop() {} };
const DOCS = 600;

describe('legacy migration into the archive', () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let work: string;
  let exp: OpenedExport;
  let storing: ArchiveApi;
  let archivist: ArchiveApi;
  let validated: ValidateResult;
  let first: RunResult;
  let errorRows: Array<Record<string, string>>;
  let signer: SigningKey;
  let validateRows: Array<Record<string, string>>;

  before(async () => {
    pki = await createPkiFixture(new Date('2026-11-20T10:00:00Z'));
    f = await cdaArchive(await testDatabases().at(-1)!.open(), pki, { maxBodyBytes: 20 * 1024 * 1024 });
    const base = `${await f.app.listen({ host: '127.0.0.1', port: 0 })}/fhir/R4`;
    work = await mkdtemp(join(tmpdir(), 'arkki-migration-'));
    await generateExport({
      dir: join(work, 'export'),
      docs: DOCS,
      seed: 7,
      format: 'csv',
      mix: PDFA_ONLY_MIX,
      codeSets: f.ctx.codeSets as CodeSets,
    });
    exp = await openExport(join(work, 'export'), f.ctx.codeSets as CodeSets);
    await prepareLegacyArchive(f.db, f.ctx, join(work, 'export'));
    signer = keyOf(await issueLegacySigner(pki.pki), pki);
    storing = createArchiveApi({ baseUrl: base, identity: { kind: 'demo-user', userId: STORING_USER } });
    archivist = createArchiveApi({ baseUrl: base, identity: { kind: 'demo-user', userId: ARCHIVIST_USER } });
    validated = await validateExport(exp, join(work, 'validate'), { repairLatin1: false });
    validateRows = parse(await readFile(validated.errorFile), { columns: true }) as Array<Record<string, string>>;
    first = await runMigration({
      exp,
      outDir: join(work, 'run'),
      archive: storing,
      signingKey: signer,
      batchSize: 50,
      inFlight: 2,
      repairLatin1: false,
      progress: quiet,
      log: () => {},
    });
    errorRows = parse(await readFile(first.errorFile), { columns: true }) as Array<Record<string, string>>;
  });

  after(async () => {
    await storing?.close();
    await archivist?.close();
    await f?.app.close();
    await f?.db.close();
    await pki?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('archives the accepted rows and their clienthood and case documents, refusing nothing else', () => {
    const unexpected = errorRows.filter((r) => !(r.class! in BROKEN_AT));
    assert.deepEqual(unexpected, [], 'only the broken rows of the generator are rejected');
    assert.equal(first.archived + first.rejected, first.rows);
    assert.ok(first.records > 0);
  });

  for (const c of Object.keys(BROKEN_AT) as RejectClass[]) {
    it(`reports ${c} in the validate report and the error file, and archives nothing of it`, async () => {
      const text = REJECT_CLASSES[c];
      const inRun = errorRows.filter((r) => r.class === c);
      assert.ok(inRun.length > 0, `${c} in the run's error file`);
      for (const r of inRun) {
        assert.equal(r.reason_fi, text.fi);
        assert.equal(r.reason_en, text.en);
        assert.ok(r.detail, 'a detail saying which value broke which rule');
        assert.doesNotMatch(r.detail!, /\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]/, 'no henkilötunnus in the error file');
      }
      const report = await readFile(validated.reportFile, 'utf8');
      if (text.static) {
        assert.equal(validated.tally.byClass.get(c), inRun.length, 'validate finds the same rows as the run');
        assert.deepEqual(
          validateRows.filter((r) => r.class === c).map((r) => r.line),
          inRun.map((r) => r.line),
        );
        assert.ok(report.includes(`<code>${c}</code>`) && report.includes(text.fi) && report.includes(text.en));
      }
      // The first of duplicate rows is the one migrated: its id is archived, the later copy adds nothing.
      if (c === 'duplicate-row') return;
      for (const r of inRun) {
        const { setId } = documentIds(exp.manifest.documentOidRoot, r.row_id!);
        await assert.rejects(archivist.documents.read(setId), (e: Error & { kind?: string }) => e.kind === 'not-found');
      }
    });
  }

  it('a second run sends the same documents and the archive answers "already archived": nothing doubles', async () => {
    await rm(join(work, 'run', 'checkpoint.json'));
    const before = await readFile(first.errorFile, 'utf8');
    const again = await runMigration({
      exp,
      outDir: join(work, 'run'),
      archive: storing,
      signingKey: signer,
      batchSize: 80,
      inFlight: 3,
      repairLatin1: false,
      progress: quiet,
      log: () => {},
    });
    assert.equal(again.archived, 0);
    assert.equal(again.alreadyArchived, first.archived);
    assert.equal(await readFile(again.errorFile, 'utf8'), before, 'the same error file');
  });

  it('reconciles: the archive holds exactly the source minus the rejects', async () => {
    const r = await reconcile(exp, join(work, 'run'), archivist, { repairLatin1: false });
    assert.ok(r.matches, `${r.summary}\n${JSON.stringify(r.lines.filter((l) => l.expected !== l.archived))}`);
    assert.equal(r.lost, 0);
    assert.equal(r.extra, 0);
    assert.equal(r.expectedDocuments, first.archived);
    assert.match(r.summary, /totals match .* 0 lost, 0 duplicated/);
  });
});
