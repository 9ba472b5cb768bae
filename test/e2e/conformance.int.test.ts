import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadClientConfig } from '../../src/client/config.ts';
import { PROCESS_PHASES } from '../../src/client/domain/process-phase.ts';
import { archiveUseCases } from '../../src/client/service/archive-use.ts';
import { listItems } from '../../src/client/store/queue-store.ts';
import type { ClientRef } from '../../src/client/store/record-store.ts';
import { type ClientSystem, startClientSystem } from '../../src/client/start.ts';
import { type ArchiveApi, createArchiveApi } from '../../src/lib/archive-api/index.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import type { IssuedCertificate } from '../../src/lib/pki/index.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import type { RequirementResult } from '../../src/toolkit/conformance/evaluate.ts';
import { type Harness, startHarness } from '../../src/toolkit/conformance/harness.ts';
import type { ConformanceReport } from '../../src/toolkit/conformance/report.ts';
import { type ArchiveFixture, NOW, UNIT_LS } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive } from '../support/signed-cda.ts';

// The conformance harness in front of the real archive, over real sockets: the reference client system,
// pointed at the harness, goes through the published test cases and passes every requirement; client
// systems broken on purpose fail exactly the requirement they break, with the requests as evidence.

const author = { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' };
const choices = {
  socialServices: ['94'],
  publicity: { class: 'secret' as const, basis: 'JulkL 24 § 1 mom 25 k' },
  retentionRule: 'sh-12y',
  citizenVisible: { visible: true },
};
const PROVOKED = { ...choices, socialServices: ['99999'] };

describe('conformance harness', () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let archiveOrigin: string;
  let clock = NOW;
  const open: Array<{ close(): Promise<void> }> = [];

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await testDatabases()[0]!.open(), pki);
    archiveOrigin = await f.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    for (const o of open.reverse()) await o.close();
    await f?.app.close();
    await f?.db.close();
    await pki?.cleanup();
  });

  const users = () =>
    Object.values(f.users).map((u) => ({ id: u.userId, role: u.role, ...(u.organisationOid ? { organisation: u.organisationOid } : {}) }));

  async function harness(system: string): Promise<Harness> {
    const h = await startHarness({ archive: archiveOrigin, trust: pki.trust, system, users: users(), now: () => clock });
    open.push(h);
    return h;
  }

  /** The reference client system pointed at the harness, signing with `cert` (default: its own organisation's). */
  async function clientSystem(h: Harness, cert: IssuedCertificate = pki.certs.signing): Promise<ClientSystem & { api: ArchiveApi }> {
    const certFile = join(pki.dir, `${cert.serial ?? 'c'}-${open.length}.cert.pem`);
    const keyFile = join(pki.dir, `${cert.serial ?? 'c'}-${open.length}.key.pem`);
    await writeFile(certFile, cert.certPem);
    await writeFile(keyFile, cert.keyPem);
    // `cert` is the system signing certificate; the TLS one is its own organisation's.
    const tlsCert = join(pki.dir, `tls-${open.length}.cert.pem`);
    const tlsKey = join(pki.dir, `tls-${open.length}.key.pem`);
    await writeFile(tlsCert, pki.certs.system.certPem);
    await writeFile(tlsKey, pki.certs.system.keyPem);
    const config = loadClientConfig({
      ARKKI_MODE: 'demo',
      ARKKI_CLIENT_ARCHIVE_URL: h.fhirBase,
      ARKKI_CLIENT_SYSTEM_CERT: tlsCert,
      ARKKI_CLIENT_SYSTEM_KEY: tlsKey,
      ARKKI_CLIENT_SIGNING_CERT: certFile,
      ARKKI_CLIENT_SIGNING_KEY: keyFile,
      ARKKI_CLIENT_CA_CHAIN: join(pki.dir, PKI_FILES.chain),
    });
    const api = createArchiveApi({
      baseUrl: h.fhirBase,
      identity: { kind: 'demo-user', userId: config.archiveDemoUser },
      retry: { attempts: 1 },
      // The machine running the suite is shared: a batch of signed documents may take a while to verify.
      timeouts: { requestMs: 300_000 },
    });
    const db = await openPglite();
    const cs = await startClientSystem({ config, db, archive: api, codeSets: f.ctx.codeSets, now: () => clock, worker: false });
    open.push({ close: () => db.close() }, { close: () => api.close() }, cs);
    return Object.assign(cs, { api });
  }

  async function clientWithCase(cs: ClientSystem, n: number, caseName: string) {
    const ref = await cs.service.recordClient(
      { kind: 'hetu', value: makeHetu('2014-05-06', n) },
      { familyName: 'Testinen', givenNames: 'Aino', turvakielto: false },
    );
    await cs.service.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    await cs.service.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    const kase = await cs.service.openCase(ref, { name: caseName, serviceTask: '10', serviceUnit: UNIT_LS, opened: '2026-11-02' });
    return { ref, caseId: kase.caseId };
  }

  async function lockedDocument(cs: ClientSystem, ref: ClientRef, caseId: string, phase: string, title: string, c = choices) {
    const d = await cs.service.saveDraft(ref, {
      caseId,
      processPhase: phase,
      documentType: '1001',
      title,
      content: { teksti: `${title}: kirjattu tapaamisessa.` },
      language: 'fi',
      author,
    });
    await cs.service.finish(ref, d.documentId, c);
    return cs.service.lock(ref, d.documentId);
  }

  /**
   * Drains until nothing waits for a retry: on the shared CI machine the archive may answer a batch with a
   * passing failure (5xx), which the queue rightly sends again later; the clock is moved past each wait.
   */
  async function settle(cs: ClientSystem) {
    const total = { sent: 0, archived: 0, alreadyArchived: 0, refused: 0, retrying: 0 };
    for (let round = 0; round < 10; round++) {
      const r = await cs.queue.drain();
      for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
      const waiting = await listItems(cs.db, { status: 'retry-wait' });
      if (waiting.length === 0) break;
      const due = Math.max(...waiting.map((w) => w.nextAttemptAt?.getTime() ?? clock.getTime()));
      clock = new Date(Math.max(clock.getTime(), due) + 1000);
    }
    return total;
  }
  const unexpected = (h: Harness) => JSON.stringify(h.exchanges().filter((x) => x.status >= 500 || x.transportError));

  const outcomes = (report: ConformanceReport) => Object.fromEntries(report.results.map((r) => [r.id, r.outcome]));
  const failed = (report: ConformanceReport) => report.results.filter((r) => r.outcome === 'fail').map((r) => r.id);
  const explain = (results: RequirementResult[]) =>
    JSON.stringify(
      results.filter((r) => r.outcome !== 'pass').map((r) => ({ id: r.id, outcome: r.outcome, evidence: r.evidence.filter((e) => !e.ok) })),
      null,
      1,
    );

  it('the reference client system, through every published test case, passes every requirement', async () => {
    const h = await harness('arkki reference client system');
    const cs = await clientSystem(h);
    const use = archiveUseCases({ db: cs.db, archive: cs.api });

    // Clienthoods, a named case, one document in every process phase, and the provoked refusal.
    const { ref, caseId } = await clientWithCase(cs, 941, 'Huoli koulunkäynnistä');
    const docs = [];
    for (const phase of PROCESS_PHASES) docs.push(await lockedDocument(cs, ref, caseId, phase, `Muistio: ${phase}`));
    const provoked = await lockedDocument(cs, ref, caseId, 'arviointi', 'Provosoitu hylkäys', PROVOKED);
    // A disability-services clienthood that has ended: the client has data where the disability worker has no relation.
    const ended = await cs.service.openClienthood(ref, {
      level: 'service-task',
      serviceTask: '20',
      serviceUnit: UNIT_LS,
      start: '2026-11-02',
    });
    await cs.service.closeClienthood(ref, ended.clienthoodId, '2026-11-10');
    const first = await settle(cs);
    assert.equal(first.archived + first.alreadyArchived, 10, unexpected(h));
    assert.equal(first.refused, 1, `only the provoked refusal ${unexpected(h)}`);

    // A correction as a new version; the case closed (a new version of the case document).
    const v2 = await cs.service.newVersion(ref, docs[1]!.documentId);
    await cs.service.editDraft(ref, v2.documentId, { title: 'Muistio: arviointi (korjattu)' });
    await cs.service.finish(ref, v2.documentId, choices);
    await cs.service.lock(ref, v2.documentId);
    assert.equal((await settle(cs)).archived, 1, unexpected(h));

    // More rounds a day later and the nightly batch: the refused document is not sent again.
    const before = clock;
    clock = new Date(clock.getTime() + 24 * 3600_000);
    await cs.service.nightlyBatch();
    assert.equal((await cs.queue.drain()).sent, 0);
    clock = before;

    // Invalidation of a document recorded by mistake; the professionals' reads; a special reason.
    await use.invalidate(ref, docs[4]!.documentId, 'Kirjattu väärälle asiakkaalle');
    const sanna = { archiveUser: 'sw-vaasa-ls' };
    const summary = await use.summary(ref, sanna, '10');
    assert.equal(summary.serviceTasks[0]?.cases[0]?.caseId, caseId);
    assert.ok((await use.searchDocuments(ref, sanna, '10')).length >= 5);
    const vammais = { archiveUser: 'sw-vaasa-vammais' };
    await use.stateSpecialReason(ref, vammais, {
      serviceTask: '20',
      reasonCode: 'x-kiireellinen',
      comment: 'Asiakas soitti päivystykseen',
    });
    await use.summary(ref, vammais, '20');
    await cs.service.closeCase(ref, caseId, '2026-11-19');
    assert.equal((await settle(cs)).archived, 1, `the closing version of the case document ${unexpected(h)}`);

    const report = await h.report();
    assert.deepEqual(failed(report), [], explain(report.results));
    assert.equal(report.verdict, 'conformant', explain(report.results));
    assert.equal(report.counts.pass, h.list.requirements.length);
    // The evidence names the requests and the documents, never a client's henkilötunnus.
    const k07 = report.results.find((r) => r.key === 'refusal-handled')!;
    assert.ok(
      k07.evidence.some((e) => e.ok && e.documentId === provoked.documentId && /code-unknown/.test(e.finding)),
      JSON.stringify(k07),
    );
    assert.doesNotMatch(JSON.stringify(report), new RegExp(ref.clientKey));
  });

  it('a system that skips the clienthood fails K01 only, with the archive-first refusal as evidence', async () => {
    const h = await harness('broken: skips the clienthood');
    const cs = await clientSystem(h);
    const { ref, caseId } = await clientWithCase(cs, 942, 'Perhetyö');
    await lockedDocument(cs, ref, caseId, 'arviointi', 'Arvio');
    // The bug: the system believes its clienthood documents are archived and never sends them.
    await cs.db.query(`UPDATE load_queue_item SET status = 'archived' WHERE kind = 'clienthood'`);
    await settle(cs);
    const report = await h.report();
    assert.deepEqual(failed(report), ['K01'], explain(report.results));
    const k01 = report.results.find((r) => r.id === 'K01')!;
    assert.ok(
      k01.evidence.some((e) => !e.ok && e.rule === 'archive-first' && /^r\d+$/.test(e.request)),
      JSON.stringify(k01),
    );
    assert.ok(
      k01.evidence.some((e) => !e.ok && e.rule === 'order' && /service-task clienthood/.test(e.finding)),
      JSON.stringify(k01),
    );
    assert.equal(report.verdict, 'not-conformant');
  });

  it("a system that signs with another organisation's certificate fails K04 only", async () => {
    const h = await harness('broken: Eksote certificate in a Vaasa system');
    const cs = await clientSystem(h, pki.certs.storingSigning);
    await clientWithCase(cs, 943, 'Asumisen tuki');
    await settle(cs);
    const report = await h.report();
    assert.deepEqual(failed(report), ['K04'], explain(report.results));
    const k04 = report.results.find((r) => r.id === 'K04')!;
    assert.ok(
      k04.evidence.some((e) => !e.ok && e.rule === 'signer-organisation' && e.finding.includes(pki.certs.storingSigning.organisationOid!)),
      JSON.stringify(k04),
    );
    assert.ok(
      k04.evidence.some((e) => !e.ok && e.rule === 'wrong-organisation'),
      'the archive refused it too',
    );
  });

  it('a system that resends a refused document unchanged fails K07 only', async () => {
    const h = await harness('broken: resends refusals');
    const cs = await clientSystem(h);
    const { ref, caseId } = await clientWithCase(cs, 944, 'Toimeentulo');
    const bad = await lockedDocument(cs, ref, caseId, 'arviointi', 'Provosoitu hylkäys', PROVOKED);
    assert.equal((await settle(cs)).refused, 1, unexpected(h));
    // The bug: a refused item goes back to the queue as it was.
    await cs.db.query(`UPDATE load_queue_item SET status = 'waiting', next_attempt_at = NULL WHERE document_id = $1`, [bad.documentId]);
    await settle(cs);
    const report = await h.report();
    assert.deepEqual(failed(report), ['K07'], explain(report.results));
    const k07 = report.results.find((r) => r.id === 'K07')!;
    assert.ok(
      k07.evidence.some((e) => !e.ok && e.rule === 'resent-unchanged' && e.documentId === bad.documentId),
      JSON.stringify(k07),
    );
    assert.equal(outcomes(report).K08, 'not-exercised', 'no reads: not exercised, never a pass');
  });

  it('a system that reads under its own identity fails K09 (card login)', async () => {
    const h = await harness('broken: reads without card login');
    const cs = await clientSystem(h);
    const { ref } = await clientWithCase(cs, 945, 'Lastensuojeluilmoitus');
    await settle(cs);
    await archiveUseCases({ db: cs.db, archive: cs.api }).summary(ref, { archiveUser: 'system-vaasa' }, '10');
    const report = await h.report();
    assert.deepEqual(failed(report), ['K09'], explain(report.results));
    assert.equal(report.results.find((r) => r.id === 'K09')!.evidence[0]!.rule, 'system-identity');
  });
});
