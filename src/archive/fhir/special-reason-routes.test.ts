import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import { buildArchiveApp } from '../server.ts';
import { getPerson, upsertPerson } from '../store/person-store.ts';
import {
  archiveFixture,
  clientDocument,
  DISABILITY,
  NOW,
  pdf,
  prepareClient,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu } from '../../../test/support/archive-rows.ts';
import { fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { storeDocuments } from '../service/store-documents.ts';
import type { Json } from './document-reference.ts';

// A professional without a client relation states a special reason over FHIR, reads under it until the end
// of the working day, comments on it for a week; a turvakielto client's Patient hides address and contact data.

const param = (body: Json, name: string) => (body.parameter as Json[]).find((p) => p.name === name);
const reasonParams = (over: Record<string, string> = {}) => ({
  resourceType: 'Parameters',
  parameter: Object.entries({
    serviceTask: DISABILITY,
    reasonCode: 'x-kiireellinen',
    comment: 'Asiakas soitti päivystykseen',
    ...over,
  }).map(([name, value]) => ({ name, valueString: value })),
});

describe('FHIR $special-reason and turvakielto', () => {
  let f: ArchiveFixture;
  let app: FastifyInstance;
  let clock = NOW;
  let worker: FhirClient;
  let hetu: string;
  let documentSetId: string;

  before(async () => {
    f = await archiveFixture(await openPglite(), {});
    f.ctx.now = () => clock;
    f.deps.now = () => clock;
    app = await buildArchiveApp(f.ctx);
    worker = fhirClient(app, 'sw-vaasa-vammais');
    hetu = freshHetu();
    // The client is a child-welfare client; the disability worker has no relation in disability services… yet
    // a disability-services clienthood exists from an earlier, ended period: the documents are there.
    const caseId = await prepareClient(f, { hetu, serviceTask: DISABILITY, serviceUnit: '1.2.246.10.9990001.10.200' });
    const doc = clientDocument(caseId, {
      client: { kind: 'hetu', value: hetu },
      serviceTask: DISABILITY,
      serviceUnit: '1.2.246.10.9990001.10.200',
      socialServices: ['55'],
      documentType: '1000',
      title: 'Vammaispalveluhakemus',
    });
    accepted((await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(doc, pdf())]))[0]);
    documentSetId = doc.setId;
    // End the relation: no open case, no running clienthood.
    await f.db.query("UPDATE clienthood SET end_date = '2026-06-30' WHERE client_key = $1", [hetu]);
    await f.db.query("UPDATE client_case SET closed_date = '2026-06-30' WHERE client_key = $1", [hetu]);
    const person = (await getPerson(f.db, hetu))!;
    await f.db.transaction((tx) =>
      upsertPerson(tx, {
        ...person,
        familyName: 'Suojattu',
        givenNames: 'Sanni',
        turvakielto: true,
        municipalityCode: '905',
        contact: {
          streetAddress: 'Salainen katu 1',
          postalCode: '65100',
          postOffice: 'Vaasa',
          phone: '+358401234567',
          email: 'sanni@example.invalid',
        },
      }),
    );
  });
  after(async () => {
    await app.close();
    await f.db.close();
  });

  it('without a relation the document is refused, naming the rule', async () => {
    const res = await worker.get(`DocumentReference/${documentSetId}`);
    assert.equal(res.status, 403);
    assert.match(issueLines(res.body).join('\n'), /no-client-relation/);
  });

  it('a special reason needs a known reason code and a comment', async () => {
    const bad = await worker.post(`Patient/${hetu}/$special-reason`, reasonParams({ reasonCode: 'x-uteliaisuus', comment: ' ' }));
    assert.equal(bad.status, 400);
    const lines = issueLines(bad.body).join('\n');
    assert.match(lines, /reasonCode/);
    assert.match(lines, /comment/);
    assert.equal((await worker.post(`Patient/${hetu}/$special-reason`, { resourceType: 'Patient' })).status, 400);
  });

  it('stated: the grant lasts until 16:00 Finnish time, the document can be read, and both are logged and flagged', async () => {
    const res = await worker.post(`Patient/${hetu}/$special-reason`, reasonParams());
    assert.equal(res.status, 201, issueLines(res.body).join('\n'));
    const grantId = param(res.body, 'grantId')!.valueId as string;
    assert.equal(param(res.body, 'validUntil')!.valueInstant, '2026-11-20T14:00:00.000Z');
    assert.equal(param(res.body, 'commentableUntil')!.valueInstant, '2026-11-27T10:00:00.000Z');
    assert.equal((await worker.get(`DocumentReference/${documentSetId}`)).status, 200);
    const rows = (
      await f.db.query<{ action: string; rule: string; detail: Json }>(
        "SELECT action, rule, detail FROM usage_log WHERE client_key = $1 AND user_id = 'sw-vaasa-vammais' ORDER BY id",
        [hetu],
      )
    ).rows.map((r) => ({ ...r, detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Json) : r.detail }));
    const stated = rows.find((r) => r.action === 'state-special-reason')!;
    const read = rows.filter((r) => r.action === 'read').at(-1)!;
    for (const r of [stated, read]) {
      assert.equal(r.rule, 'special-reason');
      assert.deepEqual([r.detail.grantId, r.detail.reasonCode], [grantId, 'x-kiireellinen']);
      assert.deepEqual([...(r.detail.flags as string[])].sort(), ['special-reason', 'turvakielto']);
    }
    // After the working day the grant no longer opens anything.
    clock = new Date('2026-11-20T14:00:00Z');
    const late = await worker.get(`DocumentReference/${documentSetId}`);
    assert.equal(late.status, 403);
    assert.match(issueLines(late.body).join('\n'), /special-reason-expired/);
    clock = NOW;
  });

  it('comments can be added for 7 days, then the entry is sealed with a clear error', async () => {
    const listed = await worker.get('$special-reason');
    assert.equal(listed.status, 200);
    const own = (listed.body.parameter as Json[]).map((p) => p.part as Json[]);
    assert.equal(own.length, 1);
    const grantId = own[0]!.find((p) => p.name === 'grantId')!.valueId as string;
    assert.equal(own[0]!.find((p) => p.name === 'commentableUntil')!.valueInstant, '2026-11-27T10:00:00.000Z');

    clock = new Date('2026-11-26T09:00:00Z');
    const added = await worker.post('$special-reason-comment', {
      resourceType: 'Parameters',
      parameter: [
        { name: 'grantId', valueId: grantId },
        { name: 'comment', valueString: 'Lisätieto: sovittu esihenkilön kanssa' },
      ],
    });
    assert.equal(added.status, 200, issueLines(added.body).join('\n'));
    assert.deepEqual(
      (added.body.parameter as Json[]).filter((p) => p.name === 'comment').map((p) => (p.part as Json[])[0]!.valueString),
      ['Asiakas soitti päivystykseen', 'Lisätieto: sovittu esihenkilön kanssa'],
    );

    clock = new Date('2026-11-27T10:00:00Z');
    const sealed = await worker.post('$special-reason-comment', {
      resourceType: 'Parameters',
      parameter: [
        { name: 'grantId', valueId: grantId },
        { name: 'comment', valueString: 'Liian myöhään' },
      ],
    });
    assert.equal(sealed.status, 409);
    assert.match(issueLines(sealed.body).join('\n'), /sealed at 2026-11-27T10:00:00.000Z/);
    // Someone else cannot comment on it.
    clock = NOW;
    const other = await fhirClient(app, 'sw-vaasa-ls').post('$special-reason-comment', {
      resourceType: 'Parameters',
      parameter: [
        { name: 'grantId', valueId: grantId },
        { name: 'comment', valueString: 'x' },
      ],
    });
    assert.equal(other.status, 404);
  });

  it('a turvakielto client’s Patient carries the mark and no address, contact data or municipality', async () => {
    const res = await worker.get(`Patient/${hetu}`);
    assert.equal(res.status, 200, issueLines(res.body).join('\n'));
    assert.deepEqual(
      ((res.body.meta as Json).security as Json[]).map((s) => [s.system, s.code]),
      [['https://hl7.fi/fhir/finnish-base-profiles/CodeSystem/fi-base-security-label-cs', 'TURVAKIELTO']],
    );
    const text = JSON.stringify(res.body);
    for (const hidden of ['Salainen', '65100', '+358401234567', 'sanni@example.invalid', '905'])
      assert.ok(!text.includes(hidden), `${hidden} is hidden`);
  });

  it('without turvakielto the address and contact data are shown', async () => {
    const person = (await getPerson(f.db, hetu))!;
    await f.db.transaction((tx) => upsertPerson(tx, { ...person, turvakielto: false }));
    const res = await fhirClient(app, 'archivist-vaasa').get(`Patient/${hetu}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.address, [
      { use: 'home', type: 'postal', line: ['Salainen katu 1'], postalCode: '65100', city: 'Vaasa', country: 'FI' },
    ]);
    assert.deepEqual(res.body.telecom, [
      { system: 'phone', value: '+358401234567' },
      { system: 'email', value: 'sanni@example.invalid' },
    ]);
    assert.equal((res.body.meta as Json).security, undefined);
  });
});
