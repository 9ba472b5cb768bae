import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import { buildArchiveApp } from '../server.ts';
import {
  archiveFixture,
  clientDocument,
  NOW,
  prepareClient,
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { freshHetu } from '../../../test/support/archive-rows.ts';
import { fhirClient, issueLines } from '../../../test/support/fhir-client.ts';
import { storeDocuments } from '../service/store-documents.ts';
import type { Json } from './document-reference.ts';

// Archiving per organisation over FHIR: the organisation's own archivist opens and closes it (anyone else:
// 403, rule archiving-state), the Organization shows it; and $refusals lists what the archive refused
// for or from the organisation — the rule and field, never the client or the message.

const reason = (text: string) => ({ resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: text }] });
const archivingOf = (org: Json) => {
  const ext = ((org.extension as Json[] | undefined) ?? []).find((e) => String(e.url).endsWith('/archiving'));
  if (!ext) return undefined;
  return Object.fromEntries((ext.extension as Json[]).map((e) => [e.url, Object.entries(e).find(([k]) => k.startsWith('value'))![1]]));
};
const parts = (p: Json) => Object.fromEntries(((p.part as Json[]) ?? []).map((x) => [x.name, x]));

describe('Organization $open-archiving, $close-archiving and $refusals', () => {
  let f: ArchiveFixture;
  let app: FastifyInstance;
  before(async () => {
    f = await archiveFixture(await openPglite(), {});
    app = await buildArchiveApp(f.ctx);
  });
  after(async () => {
    await app.close();
    await f.db.close();
  });

  it('never opened: no archiving extension; only the own archivist may open it', async () => {
    const archivist = fhirClient(app, 'archivist-vaasa');
    assert.equal(archivingOf((await archivist.get(`Organization/${RK}`)).body), undefined);
    for (const user of ['archivist-eksote', 'sw-vaasa-ls', 'system-vaasa']) {
      const res = await fhirClient(app, user).post(`Organization/${RK}/$open-archiving`, reason('käyttöönottokoe onnistui'));
      assert.equal(res.status, 403, user);
      assert.equal(res.body.resourceType, 'OperationOutcome');
      assert.match(issueLines(res.body)[0]!, /\| archiving-state \|/, user);
    }
    const short = await archivist.post(`Organization/${RK}/$open-archiving`, reason('ok'));
    assert.equal(short.status, 400);
    const missing = await archivist.post(`Organization/${RK}/$open-archiving`, { resourceType: 'Parameters' });
    assert.equal(missing.status, 400);
    assert.match(issueLines(missing.body)[0]!, /reason \| required/);
    const closeFirst = await archivist.post(`Organization/${RK}/$close-archiving`, reason('ei koskaan avattu'));
    assert.equal(closeFirst.status, 409);
    const unit = await archivist.post(
      'Organization/1.2.246.10.9990001.10.100/$open-archiving',
      reason('palvelualue ei ole rekisterinpitäjä'),
    );
    assert.equal(unit.status, 403, 'an archivist of the county is not the archivist of another organisation');
  });

  it('opens (again: unchanged), shows it on read and search, closes with a reason', async () => {
    const archivist = fhirClient(app, 'archivist-vaasa');
    const opened = await archivist.post(`Organization/${RK}/$open-archiving`, reason('Käyttöönottokoe 20.11.2026 onnistunut'));
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.deepEqual(archivingOf(opened.body), {
      state: 'open',
      changed: NOW.toISOString(),
      by: 'Arja Arkistonhoitaja',
      reason: 'Käyttöönottokoe 20.11.2026 onnistunut',
    });
    const again = await archivist.post(`Organization/${RK}/$open-archiving`, reason('uudelleen lähetetty'));
    assert.equal(archivingOf(again.body)?.reason, 'Käyttöönottokoe 20.11.2026 onnistunut', 'a resend changes nothing');
    assert.equal(archivingOf((await fhirClient(app, 'sw-eksote-ls').get(`Organization/${RK}`)).body)?.state, 'open');
    const search = await archivist.get(`Organization?identifier=${RK}`);
    assert.equal(archivingOf((search.body.entry as Json[])[0]!.resource as Json)?.state, 'open');
    const closed = await archivist.post(`Organization/${RK}/$close-archiving`, reason('asiakasjärjestelmä arkistoi väärin'));
    assert.equal(archivingOf(closed.body)?.state, 'closed');
    const rows = await f.db.query<{ state: string }>(
      'SELECT state FROM organisation_archiving_event WHERE organisation_oid = $1 ORDER BY seq',
      [RK],
    );
    assert.deepEqual(
      rows.rows.map((r) => r.state),
      ['open', 'closed'],
    );
    await archivist.post(`Organization/${RK}/$open-archiving`, reason('korjattu, avataan uudelleen'));
  });

  it('$refusals: a refused submission with its rule, field, type and unit, and no client data', async () => {
    const hetu = freshHetu();
    const caseId = await prepareClient(f, { hetu });
    const bad = clientDocument(caseId, { client: { kind: 'hetu', value: hetu }, serviceTask: '77' });
    const [r] = await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(bad)]);
    assert.equal(r!.outcome, 'rejected');
    const day = NOW.toISOString().slice(0, 10);
    const archivist = fhirClient(app, 'archivist-vaasa');
    const res = await archivist.get(`Organization/${RK}/$refusals?from=${day}&to=2026-12-31`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const refusals = (res.body.parameter as Json[]).filter((p) => p.name === 'refusal');
    const mine = refusals
      .map(parts)
      .find((p) => (p.documentId?.valueIdentifier as Json | undefined)?.value === `urn:oid:${bad.documentId}`);
    assert.ok(mine, JSON.stringify(refusals));
    assert.equal(mine.documentType!.valueCode, bad.documentType);
    assert.equal((mine.serviceUnit!.valueIdentifier as Json).value, bad.serviceUnit);
    assert.equal(mine.system!.valueString, f.users['system-vaasa']!.systemId);
    assert.equal(mine.errorCode!.valueCode, 'code-unknown');
    assert.deepEqual(parts(mine.issue as Json).rule!.valueCoding, {
      system: 'https://arkki.example/fhir/CodeSystem/validation-rule',
      code: 'code-unknown',
    });
    assert.equal(parts(mine.issue as Json).field!.valueString, 'serviceTask');
    assert.ok(!JSON.stringify(res.body).includes(hetu), 'no henkilötunnus in the answer');
    const stored = await f.db.query('SELECT * FROM ingest_refusal');
    assert.ok(!JSON.stringify(stored.rows).includes(hetu), 'no henkilötunnus in the rows');
    assert.ok(!JSON.stringify(stored.rows).includes(caseId), 'no case id in the rows');

    const other = await fhirClient(app, 'archivist-eksote').get(`Organization/${RK}/$refusals?from=${day}&to=2026-12-31`);
    assert.equal(other.status, 403);
    assert.match(issueLines(other.body)[0]!, /archiving-state/);
    const wide = await archivist.get(`Organization/${RK}/$refusals?from=2026-01-01&to=2026-12-31`);
    assert.equal(wide.status, 400);
    assert.equal((await archivist.get(`Organization/${RK}/$refusals?from=${day}`)).status, 400);
  });

  it('every new operation resolves as an OperationDefinition named by the CapabilityStatement', async () => {
    const client = fhirClient(app, 'sw-vaasa-ls');
    const cs = await client.get('metadata');
    const org = ((cs.body.rest as Json[])[0]!.resource as Json[]).find((r) => r.type === 'Organization')!;
    const ops = (org.operation as Json[]).map((o) => o.name);
    assert.deepEqual(ops, ['open-archiving', 'close-archiving', 'refusals']);
    for (const o of org.operation as Json[]) {
      const found = await client.get(`OperationDefinition?url=${encodeURIComponent(String(o.definition))}`);
      assert.equal(found.body.total, 1, String(o.name));
    }
  });
});
