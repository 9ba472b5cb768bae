import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadClientConfig } from '../../src/client/config.ts';
import { describeRefusal, type Lang, type RefusalClass } from '../../src/client/domain/refusal.ts';
import type { ArchivingChoices } from '../../src/client/domain/client-document.ts';
import type { ClientRef } from '../../src/client/store/record-store.ts';
import { getItem, itemHistory } from '../../src/client/store/queue-store.ts';
import { type ClientSystem, startClientSystem } from '../../src/client/start.ts';
import { type ArchiveApi, createArchiveApi } from '../../src/lib/archive-api/index.ts';
import { ArkkiError } from '../../src/lib/errors.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import type { IssuedCertificate } from '../../src/lib/pki/index.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { type ArchiveFixture, NOW, UNIT_LS } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { createPkiFixture, ORG_EKSOTE, type PkiFixture } from '../support/pki.ts';
import { cdaArchive } from '../support/signed-cda.ts';

// Every class of archive refusal, provoked against the real archive server: it lands on the error work
// list classified, explained in fi/sv/en with the place to fix it; a fix re-queues only when something
// changed, and what waits behind a refused item shows as blocked.

const author = { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' };
const choices: ArchivingChoices = {
  socialServices: ['94'],
  publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
  retentionRule: 'sh-12y',
  citizenVisible: { visible: true },
};
const LANGS: Lang[] = ['fi', 'sv', 'en'];

describe('archive refusals in the client system', () => {
  let pki: PkiFixture;
  let f: ArchiveFixture & { app: FastifyInstance };
  let base: string;
  const systems: ClientSystem[] = [];
  const apis: ArchiveApi[] = [];
  let clock = NOW;
  let n = 960;

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await testDatabases()[0]!.open(), pki);
    base = `${await f.app.listen({ host: '127.0.0.1', port: 0 })}/fhir/R4`;
  });
  after(async () => {
    for (const s of systems) {
      await s.close();
      await s.db.close();
    }
    for (const a of apis) await a.close();
    await f?.app.close();
    await f?.db.close();
    await pki?.cleanup();
  });

  /** `signer` makes the system signatures; the TLS certificate is the fixture's system one (demo mode sends as a demo user). */
  async function clientSystem(signer: IssuedCertificate, env: Record<string, string> = {}): Promise<ClientSystem> {
    const certFile = join(pki.dir, `cs-${systems.length}.cert.pem`);
    const keyFile = join(pki.dir, `cs-${systems.length}.key.pem`);
    const signingCertFile = join(pki.dir, `cs-${systems.length}-signing.cert.pem`);
    const signingKeyFile = join(pki.dir, `cs-${systems.length}-signing.key.pem`);
    await writeFile(certFile, pki.certs.system.certPem);
    await writeFile(keyFile, pki.certs.system.keyPem);
    await writeFile(signingCertFile, signer.certPem);
    await writeFile(signingKeyFile, signer.keyPem);
    const config = loadClientConfig({
      ARKKI_MODE: 'demo',
      ARKKI_CLIENT_ARCHIVE_URL: base,
      ARKKI_CLIENT_SYSTEM_CERT: certFile,
      ARKKI_CLIENT_SYSTEM_KEY: keyFile,
      ARKKI_CLIENT_SIGNING_CERT: signingCertFile,
      ARKKI_CLIENT_SIGNING_KEY: signingKeyFile,
      ARKKI_CLIENT_CA_CHAIN: join(pki.dir, PKI_FILES.chain),
      ...env,
    });
    const api = createArchiveApi({
      baseUrl: base,
      identity: { kind: 'demo-user', userId: config.archiveDemoUser },
      retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 10 },
    });
    apis.push(api);
    const cs = await startClientSystem({
      config,
      db: await openPglite(),
      archive: api,
      codeSets: f.ctx.codeSets,
      now: () => clock,
      worker: false,
    });
    systems.push(cs);
    return cs;
  }

  let vaasa: ClientSystem;
  before(async () => {
    vaasa = await clientSystem(pki.certs.signing);
  });

  async function story(cs: ClientSystem, unit = UNIT_LS, docChoices = choices) {
    const ref = await cs.service.recordClient(
      { kind: 'hetu', value: makeHetu('2012-03-04', n++) },
      { familyName: 'Virtanen', givenNames: 'Aino', turvakielto: false },
    );
    const sw = await cs.service.openClienthood(ref, { level: 'social-welfare', serviceTask: '10', serviceUnit: unit, start: '2026-11-02' });
    const task = await cs.service.openClienthood(ref, { level: 'service-task', serviceTask: '10', serviceUnit: unit, start: '2026-11-02' });
    const kase = await cs.service.openCase(ref, { name: 'Koulunkäynnin tuki', serviceTask: '10', serviceUnit: unit, opened: '2026-11-02' });
    const d = await cs.service.saveDraft(ref, {
      caseId: kase.caseId,
      processPhase: 'arviointi',
      documentType: '1001',
      title: 'Palvelutarpeen arviointi',
      content: { teksti: 'Arvioitu kotikäynnillä.' },
      language: 'fi',
      author,
    });
    await cs.service.finish(ref, d.documentId, docChoices);
    const doc = await cs.service.lock(ref, d.documentId);
    return { ref, sw, task, kase, doc };
  }

  /** Marks an item archived without sending it: as if the archive had lost it (or it never reached it). */
  const pretendArchived = (cs: ClientSystem, documentId: string) =>
    cs.db.query(`UPDATE load_queue_item SET status = 'archived', archived_at = $2 WHERE document_id = $1`, [documentId, clock]);

  async function refusalOf(cs: ClientSystem, ref: ClientRef, documentId: string, expected: RefusalClass) {
    const errors = await cs.archiving.archivingErrors('fi', ref);
    const e = errors.find((x) => x.documentId === documentId);
    assert.ok(e, `${expected}: on the error work list (${JSON.stringify(errors.map((x) => x.refusal))})`);
    assert.equal(e.explained.class, expected, JSON.stringify(e.refusal));
    const texts = LANGS.map((lang) => describeRefusal(e.refusal, e.kind as 'document', lang));
    assert.equal(new Set(texts.map((t) => t.title)).size, 3, 'a title of its own in fi, sv and en');
    assert.equal(new Set(texts.map((t) => t.fix)).size, 3, 'what to do, in fi, sv and en');
    for (const t of texts) assert.ok(t.where.length > 0 && !/\//.test(t.title + t.fix), 'no XPath in the words shown to the worker');
    return e;
  }

  const unchanged = (e: unknown) => e instanceof ArkkiError && e.code === 'conflict' && e.issues[0]!.rule === 'fix-unchanged';

  it('bad code: the social-services choice is named, an unchanged fix is refused, a changed one is archived', async () => {
    const s = await story(vaasa, UNIT_LS, { ...choices, socialServices: ['99999'] });
    await vaasa.queue.drain();
    const e = await refusalOf(vaasa, s.ref, s.doc.documentId, 'bad-code');
    assert.deepEqual(e.explained.fixAt, { kind: 'archiving-choices', field: 'socialServices' });
    assert.equal(e.explained.where, 'Arkistointinäyttö: Sosiaalipalvelut');
    assert.equal(describeRefusal(e.refusal, 'document', 'sv').where, 'Arkiveringsvyn: Socialservice');
    await assert.rejects(
      vaasa.archiving.fixRefused(s.ref, s.doc.documentId, { choices: { ...choices, socialServices: ['99999'] } }),
      unchanged,
    );
    await assert.rejects(vaasa.archiving.fixRefused(s.ref, s.doc.documentId), unchanged);
    await vaasa.archiving.fixRefused(s.ref, s.doc.documentId, { choices, by: 'DEMO-1001' });
    assert.equal((await vaasa.queue.drain()).archived, 1);
    assert.equal((await getItem(vaasa.db, s.ref, s.doc.documentId))?.status, 'archived');
    const history = await itemHistory(vaasa.db, s.ref, s.doc.documentId);
    assert.deepEqual(
      history.map((h) => h.to),
      ['waiting', 'sending', 'refused', 'waiting', 'sending', 'archived'],
    );
    assert.deepEqual(history[3]!.detail?.changed, ['socialServices']);
  });

  it('missing clienthood: the case is refused, its document shows blocked; once the clienthood is archived the fix sends both', async () => {
    const s = await story(vaasa);
    await pretendArchived(vaasa, s.task.documentId);
    await vaasa.queue.drain();
    const e = await refusalOf(vaasa, s.ref, s.kase.documentId, 'missing-clienthood');
    assert.equal(e.explained.fixAt.kind, 'clienthood');
    const doc = (await vaasa.archiving.queueItems({ client: s.ref })).find((i) => i.documentId === s.doc.documentId)!;
    assert.equal(doc.display, 'blocked');
    assert.equal(doc.blockedBy, s.kase.documentId);
    await assert.rejects(vaasa.archiving.fixRefused(s.ref, s.kase.documentId), unchanged, 'the clienthood is still not in the archive');

    // The clienthood really goes to the archive now; that is the change that lets the case go again.
    clock = new Date(clock.getTime() + 60_000);
    await vaasa.db.query(`UPDATE load_queue_item SET status = 'waiting', archived_at = NULL WHERE document_id = $1`, [s.task.documentId]);
    assert.equal((await vaasa.queue.drain()).archived, 1);
    await vaasa.archiving.fixRefused(s.ref, s.kase.documentId);
    assert.deepEqual(await vaasa.queue.drain(), { sent: 2, archived: 2, alreadyArchived: 0, refused: 0, retrying: 0 });
  });

  it('unknown case: the document is refused naming the case', async () => {
    const s = await story(vaasa);
    await vaasa.queue.drainOnce(); // the social-welfare clienthood
    await vaasa.queue.drainOnce(); // the service-task clienthood
    await pretendArchived(vaasa, s.kase.documentId);
    await vaasa.queue.drain();
    const e = await refusalOf(vaasa, s.ref, s.doc.documentId, 'unknown-case');
    assert.equal(e.explained.fixAt.kind, 'case');
    assert.equal(e.refusal.rule, 'archive-first');
    assert.equal(e.refusal.metadataField, 'case.id');
  });

  it('bad signature: a system certificate the archive does not trust; the fix is the administrator’s', async () => {
    const cs = await clientSystem(pki.certs.unknownCa);
    const s = await story(cs);
    await cs.queue.drain();
    const e = await refusalOf(cs, s.ref, s.sw.documentId, 'bad-signature');
    assert.deepEqual(e.explained.fixAt, { kind: 'system-certificate' });
    assert.match(describeRefusal(e.refusal, 'clienthood', 'en').fix, /system certificate/);
    await assert.rejects(cs.archiving.fixRefused(s.ref, s.sw.documentId), unchanged, 'same certificate: not resent');
    for (const i of [s.task, s.kase, s.doc])
      assert.equal((await cs.archiving.queueItems({ client: s.ref })).find((x) => x.documentId === i.documentId)?.display, 'blocked');
  });

  it('no access: records for another register keeper are refused as forbidden', async () => {
    // Signed by that register keeper's own system (the signature holds), sent as Vaasa's system.
    const cs = await clientSystem(pki.certs.storingSigning, {
      ARKKI_CLIENT_REGISTER_KEEPER: ORG_EKSOTE,
      ARKKI_CLIENT_SERVICE_PROVIDER: ORG_EKSOTE,
    });
    const s = await story(cs, '1.2.246.10.9990002.10.101');
    await cs.queue.drain();
    const e = await refusalOf(cs, s.ref, s.sw.documentId, 'no-access');
    assert.equal(e.refusal.status, 403);
    assert.equal(e.explained.fixAt.kind, 'organisation-settings');
    assert.match(describeRefusal(e.refusal, 'clienthood', 'sv').title, /register/);
  });
});
