import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import { makeHetu } from '../../lib/identifiers/hetu.ts';
import type { ClientSummary } from '../domain/summary.ts';
import {
  HETU,
  NOW,
  clientDocument,
  clienthoodDocument,
  prepareClient,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { batchBundle, entries, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import type { Json } from './document-reference.ts';
import { ext } from './systems.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, signedDocumentReference } from '../../../test/support/signed-cda.ts';

// Patient (population data of clients in the caller's register), the client data summary (kooste)
// and the usage log (käyttöloki) as AuditEvent: who read or wrote whose data, and which rule decided.

const HETU_PATIENT = `urn:oid:1.2.246.21|${HETU}`;
// A temporary identifier issued by the demo county (y-tunnus 9990001-6) in 2026.
const TEMP_ISSUER = '1.2.246.10.99900016.22.2026';
const TEMP_VALUE = makeHetu('2016-05-01', 990);

describe('FHIR Patient, $client-summary and AuditEvent', () => {
  let f: ArchiveFixture & { app: FastifyInstance };
  let pki: PkiFixture;
  let app: FastifyInstance;
  let system: FhirClient;
  let worker: FhirClient;
  let archivist: FhirClient;
  let caseId: string;
  let documentSetId: string;
  const rule = (e: Json) => (e.extension as Json[]).find((x) => x.url === ext('access-rule'))!.valueCode as string;
  const action = (e: Json) => (e.subtype as Json[])[0]!.code as string;
  const agent = (e: Json) => (((e.agent as Json[])[0]!.who as Json).identifier as Json).value as string;

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki);
    app = f.app;
    system = fhirClient(app, 'system-vaasa');
    worker = fhirClient(app, 'sw-vaasa-ls');
    archivist = fhirClient(app, 'archivist-vaasa');
    caseId = await prepareClient(f);
    const doc = clientDocument(caseId);
    const res = await system.post('DocumentReference', signedDocumentReference(pki, doc, f.ctx.codeSets));
    assert.equal(res.status, 201, issueLines(res.body).join('\n'));
    documentSetId = doc.setId;
  });
  after(async () => {
    await app.close();
    await f.db.close();
    await pki.cleanup();
  });

  it('reads a client as a Patient with the Finnish henkilötunnus identifier', async () => {
    const res = await worker.get(`Patient/${HETU}`);
    assert.equal(res.status, 200, issueLines(res.body).join('\n'));
    assert.equal(res.body.resourceType, 'Patient');
    assert.equal(res.body.id, HETU);
    assert.deepEqual((res.body.identifier as Json[])[0], {
      use: 'official',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NNFIN' }] },
      system: 'urn:oid:1.2.246.21',
      value: HETU,
    });
  });

  it('searches patients by identifier: the client, an empty Bundle for an unknown one, 400 without a system', async () => {
    const found = await worker.get(`Patient?identifier=${HETU_PATIENT}`);
    assert.equal(found.status, 200);
    assert.equal(found.body.type, 'searchset');
    assert.equal(found.body.total, 1);
    assert.deepEqual(
      entries(found.body).map((p) => p.id),
      [HETU],
    );
    const unknown = await worker.get(`Patient?identifier=urn:oid:1.2.246.21|${makeHetu('2011-01-01', 977)}`);
    assert.equal(unknown.status, 200);
    assert.equal(unknown.body.total, 0);
    assert.deepEqual(entries(unknown.body), []);
    // Another register keeper's worker learns nothing: the client does not exist for them.
    assert.equal((await fhirClient(app, 'sw-eksote-ls').get(`Patient?identifier=${HETU_PATIENT}`)).body.total, 0);
    assert.equal((await fhirClient(app, 'sw-eksote-ls').get(`Patient/${HETU}`)).status, 404);
    for (const q of ['', `identifier=${HETU}`, 'identifier=urn:oid:1.2.246.21|010516A901X', 'name=Virtanen']) {
      const bad = await worker.get(`Patient?${q}`);
      assert.equal(bad.status, 400, q);
      assert.equal(bad.body.resourceType, 'OperationOutcome');
    }
    assert.equal((await worker.get(`Patient/${makeHetu('2011-01-01', 977)}`)).status, 404);
  });

  it('finds and reads a client with a temporary identifier through an encoded Patient id', async () => {
    const client = { kind: 'temporary' as const, issuerOid: TEMP_ISSUER, value: TEMP_VALUE };
    const res = await system.post(
      '',
      batchBundle([signedDocumentReference(pki, clienthoodDocument('social-welfare', { client }), f.ctx.codeSets)]),
    );
    assert.equal((res.body.entry as Json[])[0]!.response && ((res.body.entry as Json[])[0]!.response as Json).status, '201 Created');
    const found = await archivist.get(`Patient?identifier=urn:oid:${TEMP_ISSUER}|${TEMP_VALUE}`);
    const [patient] = entries(found.body);
    assert.ok(patient, issueLines(found.body).join('\n'));
    assert.match(patient.id as string, /^[A-Za-z0-9.-]{1,64}$/, 'a FHIR id');
    assert.deepEqual((patient.identifier as Json[])[0], { use: 'temp', system: `urn:oid:${TEMP_ISSUER}`, value: TEMP_VALUE });
    const read = await archivist.get(`Patient/${patient.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.id, patient.id);
    // No service-task clienthood yet: a social worker's service-task role gives no access to the client.
    assert.equal((await worker.get(`Patient/${patient.id}`)).status, 403);
  });

  it('answers $client-summary with clienthoods, cases and the latest documents per phase', async () => {
    const res = await worker.get(`Patient/${HETU}/$client-summary`);
    assert.equal(res.status, 200, issueLines(res.body).join('\n'));
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const summary = res.body as unknown as ClientSummary;
    assert.equal(summary.clientKey, HETU);
    assert.equal(summary.registerKeeperOid, f.users['sw-vaasa-ls']!.registerKeeperOid);
    assert.equal(summary.socialWelfareClienthoods.length, 1);
    assert.equal(summary.socialWelfareClienthoods[0]!.active, true);
    const task = summary.serviceTasks.find((t) => t.serviceTask === '10')!;
    assert.ok(task, JSON.stringify(summary));
    assert.deepEqual(
      task.clienthoods.map((c) => c.level),
      ['service-task'],
    );
    assert.deepEqual(
      task.cases.map((c) => [c.caseId, c.name, c.open]),
      [[caseId, 'Lastensuojelun asia', true]],
    );
    const phase = task.phases.find((p) => p.phase === 'arviointi')!;
    assert.equal(phase.documentCount, 1);
    assert.deepEqual(
      phase.latest.map((d) => d.setId),
      [documentSetId],
    );

    const filtered = await worker.get(`Patient/${HETU}/$client-summary?service-task=10`);
    assert.equal(filtered.status, 200);
    const notInRole = await fhirClient(app, 'sw-vaasa-vammais').get(`Patient/${HETU}/$client-summary?service-task=10`);
    assert.equal(notInRole.status, 403);
    assert.equal(notInRole.body.resourceType, 'OperationOutcome');
    assert.equal((await worker.get(`Patient/${HETU}/$client-summary?colour=red`)).status, 400);
  });

  it('lists reads and writes of a client as AuditEvents with the deciding rule, newest first', async () => {
    assert.equal((await worker.get(`DocumentReference/${documentSetId}`)).status, 200);
    const res = await archivist.get(`AuditEvent?patient.identifier=${HETU_PATIENT}&_count=200`);
    assert.equal(res.status, 200, issueLines(res.body).join('\n'));
    const events = entries(res.body);
    assert.ok(events.length >= 5);
    const created = events.filter((e) => action(e) === 'create');
    assert.ok(created.length >= 4, 'clienthoods, case and document were written');
    for (const e of created) {
      assert.equal(e.action, 'C');
      assert.equal(e.outcome, '0');
      assert.equal(agent(e), 'system-vaasa');
      assert.equal(rule(e), 'system-own-register');
    }
    const read = events.find((e) => action(e) === 'read' && agent(e) === 'sw-vaasa-ls')!;
    assert.ok(read);
    assert.equal(read.action, 'R');
    assert.equal(rule(read), 'client-relation');
    assert.match(read.outcomeDesc as string, /success: rule client-relation/);
    assert.deepEqual((read.entity as Json[])[0]!.what, {
      identifier: {
        use: 'official',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NNFIN' }] },
        system: 'urn:oid:1.2.246.21',
        value: HETU,
      },
    });
    const times = events.map((e) => e.recorded as string);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  it('pages AuditEvents with _count and keyset links and filters by agent and action', async () => {
    const first = await archivist.get(`AuditEvent?patient.identifier=${HETU_PATIENT}&_count=2`);
    assert.equal(entries(first.body).length, 2);
    const next = (first.body.link as Json[]).find((l) => l.relation === 'next')?.url as string;
    assert.match(next, /_page_token=/);
    const second = await archivist.get(next);
    assert.equal(second.status, 200);
    assert.notDeepEqual(
      entries(second.body).map((e) => e.id),
      entries(first.body).map((e) => e.id),
    );
    const byAgent = await archivist.get(`AuditEvent?agent=sw-vaasa-ls&action=read`);
    assert.ok(entries(byAgent.body).length >= 1);
    assert.ok(entries(byAgent.body).every((e) => agent(e) === 'sw-vaasa-ls' && action(e) === 'read'));
    for (const q of ['date=yesterday', '_count=0', 'colour=red', '_offset=-1']) {
      const bad = await archivist.get(`AuditEvent?${q}`);
      assert.equal(bad.status, 400, q);
    }
  });

  it('refuses AuditEvent to a social worker with 403, and logs the refusal', async () => {
    const res = await worker.get(`AuditEvent?patient.identifier=${HETU_PATIENT}`);
    assert.equal(res.status, 403);
    assert.equal(res.body.resourceType, 'OperationOutcome');
    assert.match(issueLines(res.body).join('\n'), /role-no-log-access/);
    const log = await archivist.get('AuditEvent?agent=sw-vaasa-ls&action=read-usage-log');
    const denied = entries(log.body);
    assert.equal(denied.length, 1);
    assert.equal(denied[0]!.outcome, '4');
    assert.equal(rule(denied[0]!), 'role-no-log-access');
    assert.equal((await system.get('AuditEvent')).status, 403);
  });
});
