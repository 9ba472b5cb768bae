import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildArchiveApp } from '../../src/archive/server.ts';
import { loadClientConfig } from '../../src/client/config.ts';
import { PROCESS_PHASES } from '../../src/client/domain/process-phase.ts';
import type { ClientRef } from '../../src/client/store/record-store.ts';
import { getItem, itemHistory, listItems } from '../../src/client/store/queue-store.ts';
import { type ClientSystem, startClientSystem } from '../../src/client/start.ts';
import { type ArchiveApi, createArchiveApi, patientIdOf, signedCdaDocumentReference } from '../../src/lib/archive-api/index.ts';
import { ArkkiError } from '../../src/lib/errors.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { verifyEnveloped } from '../../src/lib/xml/verify-signature.ts';
import { type ArchiveFixture, NOW, UNIT_LS } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive } from '../support/signed-cda.ts';

// The reference client system against the real archive server over real sockets: what a social worker
// records is archived through the load queue as signed CDA, in dependency order, exactly once — also
// when the archive refuses, or goes away in the middle of a drain.

const author = { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' };
const choices = {
  socialServices: ['94'],
  publicity: { class: 'secret' as const, basis: 'JulkL 24 § 1 mom 25 k' },
  retentionRule: 'sh-12y',
  citizenVisible: { visible: true },
};

describe('client system archiving through the load queue', () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let port: number;
  let base: string;
  let api: ArchiveApi;
  let cs: ClientSystem;
  let clock = NOW;

  const startArchiveApp = async (app: FastifyInstance) => {
    const url = await app.listen({ host: '127.0.0.1', port });
    port = Number(new URL(url).port);
    return url;
  };

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await testDatabases()[0]!.open(), pki);
    port = 0;
    base = `${await startArchiveApp(f.app)}/fhir/R4`;
    const certFile = join(pki.dir, 'client-system.cert.pem');
    const keyFile = join(pki.dir, 'client-system.key.pem');
    await writeFile(certFile, pki.certs.system.certPem);
    await writeFile(keyFile, pki.certs.system.keyPem);
    const signingCertFile = join(pki.dir, 'client-system-signing.cert.pem');
    const signingKeyFile = join(pki.dir, 'client-system-signing.key.pem');
    await writeFile(signingCertFile, pki.certs.signing.certPem);
    await writeFile(signingKeyFile, pki.certs.signing.keyPem);
    const config = loadClientConfig({
      ARKKI_MODE: 'demo',
      ARKKI_CLIENT_ARCHIVE_URL: base,
      ARKKI_CLIENT_SYSTEM_CERT: certFile,
      ARKKI_CLIENT_SYSTEM_KEY: keyFile,
      ARKKI_CLIENT_SIGNING_CERT: signingCertFile,
      ARKKI_CLIENT_SIGNING_KEY: signingKeyFile,
      ARKKI_CLIENT_CA_CHAIN: join(pki.dir, PKI_FILES.chain),
      ARKKI_CLIENT_QUEUE_BATCH: '3',
      ARKKI_CLIENT_RETRY_BASE_MS: '60000',
    });
    // Few, short retries inside one call: the load queue's own backoff is what this test is about.
    api = createArchiveApi({
      baseUrl: base,
      identity: { kind: 'demo-user', userId: config.archiveDemoUser },
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      timeouts: { connectMs: 2000, requestMs: 30_000 },
    });
    cs = await startClientSystem({
      config,
      db: await openPglite(),
      archive: api,
      codeSets: f.ctx.codeSets,
      now: () => clock,
      worker: false,
    });
  });
  after(async () => {
    await cs?.close();
    await api?.close();
    await cs?.db.close();
    await f?.app.close();
    await f?.db.close();
    await pki?.cleanup();
  });

  /** A client with social-welfare and child-welfare clienthoods and a named case. */
  async function clientWithCase(n: number, caseName: string): Promise<{ ref: ClientRef; hetu: string; caseId: string }> {
    const hetu = makeHetu('2013-04-05', n);
    const ref = await cs.service.recordClient(
      { kind: 'hetu', value: hetu },
      { familyName: 'Mäkinen', givenNames: 'Onni', turvakielto: false },
    );
    await cs.service.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    await cs.service.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: UNIT_LS, start: '2026-11-02' });
    const kase = await cs.service.openCase(ref, { name: caseName, serviceTask: '10', serviceUnit: UNIT_LS, opened: '2026-11-02' });
    return { ref, hetu, caseId: kase.caseId };
  }

  async function lockedDocument(ref: ClientRef, caseId: string, phase: string, title: string, c = choices) {
    const d = await cs.service.saveDraft(ref, {
      caseId,
      processPhase: phase,
      documentType: '1001',
      title,
      content: { teksti: `${title}: kirjattu sosiaalityöntekijän tapaamisessa.` },
      language: 'fi',
      author,
    });
    await cs.service.finish(ref, d.documentId, c);
    return cs.service.lock(ref, d.documentId);
  }

  it('archives a client, clienthoods, a named case and one document per phase; the summary lists them and the signatures verify', async () => {
    const { ref, hetu, caseId } = await clientWithCase(931, 'Huoli koulunkäynnistä');
    const docs = [];
    for (const phase of PROCESS_PHASES) docs.push(await lockedDocument(ref, caseId, phase, `Asiakirja: ${phase}`));

    const total = await cs.queue.drain();
    assert.deepEqual(total, { sent: 8, archived: 8, alreadyArchived: 0, refused: 0, retrying: 0 });
    assert.deepEqual(
      (await listItems(cs.db, { client: ref })).map((i) => i.status),
      Array(8).fill('archived'),
    );

    const worker = api.asDemoUser('sw-vaasa-ls');
    const summary = await worker.patients.summary(patientIdOf(hetu), { serviceTask: '10' });
    const task = summary.serviceTasks[0]!;
    assert.deepEqual(
      task.cases.map((c) => c.caseId),
      [caseId],
    );
    assert.deepEqual(task.phases.map((p) => p.phase).sort(), [...PROCESS_PHASES].sort());
    assert.deepEqual(task.phases.flatMap((p) => p.latest.map((d) => d.documentId)).sort(), docs.map((d) => d.documentId).sort());

    for (const d of docs) {
      const body = await worker.documents.body(`Binary/${d.documentId}`);
      assert.equal(body.contentType, 'application/hl7-v3+xml');
      const verified = await verifyEnveloped(body.data.toString('utf8'), { trust: pki.trust, now: NOW });
      assert.ok(verified.ok, verified.ok ? '' : `${verified.reason}: ${verified.detail}`);
      assert.equal(verified.signer.organisationOid, pki.certs.system.organisationOid);
    }
  });

  it('a refusal (bad social-service code) becomes an error item with the archive rule, and is never resent unchanged', async () => {
    const { ref, caseId } = await clientWithCase(932, 'Toimeentulo');
    const bad = await lockedDocument(ref, caseId, 'arviointi', 'Väärä koodi', { ...choices, socialServices: ['99999'] });
    const round = await cs.queue.drain();
    assert.equal(round.refused, 1);
    const item = await getItem(cs.db, ref, bad.documentId);
    assert.equal(item?.status, 'refused');
    assert.ok(item?.refusal?.rule, JSON.stringify(item?.refusal));
    assert.equal(item!.refusal!.rule, 'code-unknown');
    assert.match(item!.refusal!.message, /99999/);
    assert.match(item!.refusal!.field ?? '', /1\.2\.246\.537\.6\.1222/, 'the social-services code of the header');
    assert.equal(item!.refusal!.status, 400);

    clock = new Date(NOW.getTime() + 24 * 3600_000);
    assert.equal((await cs.queue.drain()).sent, 0, 'not sent again');
    clock = NOW;
    assert.deepEqual(
      (await itemHistory(cs.db, ref, bad.documentId)).map((h) => h.to),
      ['waiting', 'sending', 'refused'],
    );
  });

  it('the archive stopped mid-drain: items wait and retry, then all arrive exactly once; a lost answer is resent as already archived', async () => {
    const { ref, caseId } = await clientWithCase(933, 'Perhetyö');
    const docs = [];
    for (const phase of ['arviointi', 'suunnittelu', 'toteutus']) docs.push(await lockedDocument(ref, caseId, phase, `Muistio ${phase}`));

    const first = await cs.queue.drainOnce();
    assert.equal(first.archived, 1, 'the social-welfare clienthood alone can go first');
    await f.app.close();
    const down = await cs.queue.drainOnce();
    assert.equal(down.retrying, 1);
    const waiting = await listItems(cs.db, { client: ref, status: 'retry-wait' });
    assert.equal(waiting.length, 1);
    const wait = waiting[0]!.nextAttemptAt!.getTime() - NOW.getTime();
    assert.ok(wait >= 30_000 && wait <= 60_000, `backoff from the configured base, jittered: ${wait} ms`);
    assert.equal((await cs.queue.drainOnce()).sent, 0, 'not before its time');

    f.app = await buildArchiveApp(f.ctx);
    await startArchiveApp(f.app);
    clock = new Date(NOW.getTime() + 61_000);
    const total = await cs.queue.drain();
    assert.equal(total.archived, 5, 'service-task clienthood, case and three documents');

    // A crash after the archive took a document but before the answer was recorded: the item is still
    // `sending` with its payload; once its lease runs out it is sent again and answered "already archived".
    const doc = await lockedDocument(ref, caseId, 'toteutus', 'Loppuarvio');
    await cs.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE load_queue_item SET status = 'sending', attempts = 1, lease_until = $2,
           payload = NULL WHERE document_id = $1`,
        [doc.documentId, clock],
      );
    });
    await cs.queue.drainOnce(); // builds the payload again (lease ran out) and sends: archived
    const again = await getItem(cs.db, ref, doc.documentId);
    await cs.db.query(`UPDATE load_queue_item SET status = 'sending', lease_until = $2 WHERE document_id = $1`, [doc.documentId, clock]);
    clock = new Date(clock.getTime() + 1000);
    const resend = await cs.queue.drainOnce();
    assert.equal(resend.alreadyArchived, 1, 'the archive answers the resend of the same document id as already archived');
    assert.equal(again?.status, 'archived');
    // The signed CDA the archive holds is the one payload the queue kept.
    assert.equal((await api.documents.create(signedCdaDocumentReference(again!.payload!))).created, false);

    for (const d of [...docs, doc]) {
      assert.equal((await api.documents.history(d.setId)).length, 1, `one archived version of ${d.title}`);
    }
    const histories = await Promise.all(waiting.map((w) => itemHistory(cs.db, ref, w.documentId)));
    assert.deepEqual(
      histories[0]!.map((h) => h.to),
      ['waiting', 'sending', 'retry-wait', 'sending', 'archived'],
    );
    clock = NOW;
  });

  it('a locked document cannot be changed; its correction is a new version that replaces it in the archive', async () => {
    const { ref, caseId } = await clientWithCase(934, 'Asumisen tuki');
    const v1 = await lockedDocument(ref, caseId, 'suunnittelu', 'Asiakassuunnitelma');
    await cs.queue.drain();
    await assert.rejects(cs.service.editDraft(ref, v1.documentId, { title: 'Muutettu' }), (e: unknown) => {
      assert.ok(e instanceof ArkkiError);
      assert.equal(e.code, 'conflict');
      assert.equal(e.issues[0]!.rule, 'document-locked');
      return true;
    });
    const v2 = await cs.service.newVersion(ref, v1.documentId);
    await cs.service.editDraft(ref, v2.documentId, { title: 'Asiakassuunnitelma (korjattu)' });
    await cs.service.finish(ref, v2.documentId, choices);
    await cs.service.lock(ref, v2.documentId);
    assert.equal((await cs.queue.drain()).archived, 1);
    const history = await api.asDemoUser('sw-vaasa-ls').documents.history(v1.setId);
    assert.deepEqual(
      history.map((d) => [d.meta?.versionId, d.status]),
      [
        ['2', 'current'],
        ['1', 'superseded'],
      ],
    );
  });
});
