import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../../lib/db/db.ts';
import { CodeSets } from '../../lib/codes/code-sets.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { loadCurrentCodeSets, syncCodeSets } from '../store/code-set-store.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../lib/codes/code-set-files.ts';
import type { ArchiveContext } from '../context.ts';
import { installFhirBasics } from './fhir-plugin.ts';
import { codeSystemRoutes } from './code-system-routes.ts';
import { adapterContextOf } from '../adapter-context.ts';

const identity: Identity = {
  userId: 'u1',
  name: 'Test User',
  role: 'social-worker',
  organisationOid: '1.2.246.10.1',
  registerKeeperOid: '1.2.246.10.1',
  serviceTasks: ['*'],
  systemId: 'test',
};

async function appWith(codeSets: CodeSets, db = undefined as unknown as Db): Promise<FastifyInstance> {
  const ctx: ArchiveContext = {
    db,
    codeSets,
    config: { mode: 'demo', maxBodyBytes: 1024 * 1024 },
    retention: { rules: [], sampleBirthDays: [] },
    authenticate: async () => identity,
    now: () => new Date('2026-02-01T12:00:00Z'),
  };
  const app = Fastify();
  await app.register(
    async (fhir) => {
      installFhirBasics(fhir, adapterContextOf(ctx));
      await fhir.register(codeSystemRoutes(adapterContextOf(ctx)));
    },
    { prefix: '/fhir/R4' },
  );
  return app;
}

const files = await readCodeSetFiles(DEFAULT_CODES_DIR);
const app = await appWith(CodeSets.fromFiles(files));
const get = async (url: string) => {
  const r = await app.inject({ method: 'GET', url: `/fhir/R4${url}` });
  return { status: r.statusCode, type: r.headers['content-type'], body: r.json() };
};
/** The value[x] of a Parameters parameter by name. */
const param = (body: { parameter: Array<Record<string, unknown>> }, name: string) => body.parameter.filter((p) => p.name === name);

test('CodeSystem read: the current version with OID url, Swedish/English designations and provisional property', async () => {
  const { status, type, body } = await get('/CodeSystem/service-tasks');
  assert.equal(status, 200);
  assert.match(String(type), /application\/fhir\+json/);
  assert.equal(body.resourceType, 'CodeSystem');
  assert.equal(body.url, 'urn:oid:1.2.246.537.6.1221');
  assert.equal(body.version, '1');
  assert.equal(body.name, 'ServiceTasks');
  assert.equal(body.title, 'Sosiaalihuolto - Palvelutehtävä');
  assert.equal(body.status, 'active');
  assert.equal(body.content, 'fragment'); // the set still has provisional codes
  // Only the national values are under the national OID (issue 12 item 3): 10, 20 and 15.
  assert.deepEqual(
    body.concept.map((c: { code: string }) => c.code),
    ['10', '20', '15'],
  );
  const child = body.concept.find((c: { code: string }) => c.code === '10');
  assert.deepEqual(child, {
    code: '10',
    display: 'Lastensuojelu',
    designation: [
      { language: 'sv', value: 'Barnskydd' },
      { language: 'en', value: 'Child welfare' },
    ],
    property: [{ code: 'provisional', valueBoolean: false }],
  });
  assert.deepEqual(body.property[0], { code: 'provisional', type: 'boolean', description: body.property[0].description });
});

test("provisional values are served as arkki's own code system, never under the national OID", async () => {
  const provisional = (await get('/CodeSystem/service-tasks-provisional')).body;
  assert.equal(provisional.url, 'urn:oid:2.999.27551.4.1221');
  assert.deepEqual(
    provisional.concept.map((c: { code: string }) => c.code),
    ['x-iakkaat', 'x-tyoikaiset', 'x-lapsiperheet', 'x-perheoikeudelliset'],
  );
  assert.match(provisional.description, /provisional values of Sosiaalihuolto - Palvelutehtävä \(1\.2\.246\.537\.6\.1221\)/);
  assert.equal((await get('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1221&code=x-iakkaat')).status, 404);
  const lookup = await get('/CodeSystem/$lookup?system=urn:oid:2.999.27551.4.1221&code=x-perheoikeudelliset');
  assert.equal(lookup.status, 200);
  assert.equal((await get('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1221&code=15')).status, 200);
  assert.equal((await get('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1222&code=46')).status, 200);
  assert.equal((await get('/CodeSystem/social-services-provisional')).body.url, 'urn:oid:2.999.27551.4.1222');
  // The value set of the service tasks takes in both systems.
  const expansion = (await get('/ValueSet/service-tasks/$expand')).body.expansion.contains;
  assert.deepEqual(expansion.find((c: { code: string }) => c.code === 'x-iakkaat').system, 'urn:oid:2.999.27551.4.1221');
  // Process phases: the national set 1.2.246.537.6.1277 is recorded, its values are not claimed.
  const phases = (await get('/CodeSystem/process-phases')).body;
  assert.match(phases.description, /1\.2\.246\.537\.6\.1277.*not available/);
  assert.notEqual(phases.url, 'urn:oid:1.2.246.537.6.1277');
});

test('CodeSystem read: a set without OID gets an arkki url; a complete set is content complete', async () => {
  assert.equal((await get('/CodeSystem/process-phases')).body.url, 'https://arkki.example/fhir/CodeSystem/process-phases');
  const needs = (await get('/CodeSystem/support-needs')).body;
  assert.equal(needs.content, 'complete');
  assert.equal((await get('/CodeSystem/client-roles')).body.content, 'fragment'); // partial
  const phases = (await get('/CodeSystem/process-phases')).body;
  assert.deepEqual(phases.concept[2].property, [
    { code: 'provisional', valueBoolean: true },
    { code: 'order', valueInteger: 3 },
  ]);
});

test('document types: .1506 is CodeSystem document-types, the .1505 documents are document-types-1505', async () => {
  const main = (await get('/CodeSystem/document-types')).body;
  assert.equal(main.url, 'urn:oid:1.2.246.537.6.1506');
  assert.equal(main.count, 198);
  const docs = (await get('/CodeSystem/document-types-1505')).body;
  assert.equal(docs.url, 'urn:oid:1.2.246.537.6.1505');
  assert.deepEqual(
    docs.concept.map((c: { code: string }) => c.code),
    ['1', '2', '8', '9'],
  );
});

test('CodeSystem search by url, _id and name returns a searchset with total', async () => {
  const byUrl = (await get('/CodeSystem?url=urn:oid:1.2.246.537.6.1505')).body;
  assert.equal(byUrl.resourceType, 'Bundle');
  assert.equal(byUrl.type, 'searchset');
  assert.equal(byUrl.total, 1);
  assert.equal(byUrl.entry[0].resource.id, 'document-types-1505');
  assert.equal(byUrl.entry[0].fullUrl, 'http://localhost:80/fhir/R4/CodeSystem/document-types-1505');
  // The code server's 12 systems (data/codes, municipalities included; service tasks and social services with
  // arkki's systems of their provisional values) and the API's own 3 (storage-format, usage-action, validation-rule).
  assert.equal((await get('/CodeSystem')).body.total, 15);
  assert.equal(
    (await get('/CodeSystem?_id=special-reasons')).body.total,
    1,
    'the special-reason codes (asiayhteys) are served like any code set',
  );
  assert.equal((await get('/CodeSystem?_id=support-needs')).body.total, 1);
  assert.deepEqual(
    (await get('/CodeSystem?name=service')).body.entry.map((e: { resource: { id: string } }) => e.resource.id),
    ['service-need-reporters', 'service-tasks', 'service-tasks-provisional'],
  );
  assert.equal(
    (await get('/CodeSystem?title=sosiaalihuolto%20-%20palvelutehtava')).body.total,
    2,
    'the national values and the provisional ones',
  );
  assert.equal((await get('/CodeSystem?url=urn:oid:1.2.3')).body.total, 0);
});

test('unknown search parameter and repeated parameter → 400 OperationOutcome', async () => {
  const r = await get('/CodeSystem?status=active');
  assert.equal(r.status, 400);
  assert.equal(r.body.resourceType, 'OperationOutcome');
  assert.match(r.body.issue[0].diagnostics, /unknown search parameter 'status'/);
  assert.equal((await get('/CodeSystem?_id=a&_id=b')).status, 400);
});

test('unknown CodeSystem / ValueSet → 404 naming the known ones', async () => {
  const r = await get('/CodeSystem/nope');
  assert.equal(r.status, 404);
  assert.match(r.body.issue[0].diagnostics, /CodeSystem 'nope' is not served here; known: client-roles/);
  assert.equal((await get('/ValueSet/nope')).status, 404);
});

test('$lookup hit: name, display, designations and properties', async () => {
  const { status, body } = await get('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1505&code=1');
  assert.equal(status, 200);
  assert.equal(body.resourceType, 'Parameters');
  assert.deepEqual(param(body, 'name'), [{ name: 'name', valueString: 'DocumentTypes1505' }]);
  assert.deepEqual(param(body, 'display'), [{ name: 'display', valueString: 'Asiakkuusasiakirja' }]);
  assert.deepEqual(param(body, 'designation')[1], {
    name: 'designation',
    part: [
      { name: 'language', valueCode: 'sv' },
      { name: 'value', valueString: 'Klientrelationshandling' },
    ],
  });
  assert.ok(param(body, 'property').some((p) => JSON.stringify(p).includes('"structureOid"')));
  const sv = (await get('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1221&code=10&displayLanguage=sv')).body;
  assert.deepEqual(param(sv, 'display'), [{ name: 'display', valueString: 'Barnskydd' }]);
});

test('$lookup miss → 404 naming the code and the system; missing parameters → 400', async () => {
  const miss = await get('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1221&code=99');
  assert.equal(miss.status, 404);
  assert.equal(miss.body.resourceType, 'OperationOutcome');
  assert.match(miss.body.issue[0].diagnostics, /code '99' is not in code system urn:oid:1\.2\.246\.537\.6\.1221/);
  const noSystem = await get('/CodeSystem/$lookup?system=urn:oid:1.2.3&code=10');
  assert.equal(noSystem.status, 404);
  assert.match(noSystem.body.issue[0].diagnostics, /code '10' was not found: code system 'urn:oid:1\.2\.3' is not served here/);
  // a .1505 code asked for under .1506 is not found
  assert.equal((await get('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1506&code=1')).status, 404);
  const missing = await get('/CodeSystem/$lookup?code=10');
  assert.equal(missing.status, 400);
  assert.match(missing.body.issue[0].diagnostics, /\$lookup needs 'system'/);
});

test('ValueSet read and $expand (with filter and display language)', async () => {
  const vs = (await get('/ValueSet/document-types')).body;
  assert.equal(vs.resourceType, 'ValueSet');
  assert.deepEqual(
    vs.compose.include.map((i: { system: string }) => i.system),
    ['urn:oid:1.2.246.537.6.1506', 'urn:oid:1.2.246.537.6.1505'],
  );
  const ex = (await get('/ValueSet/document-types/$expand')).body;
  assert.equal(ex.expansion.total, 202);
  assert.ok(
    ex.expansion.contains.some((c: { system: string; code: string }) => c.system === 'urn:oid:1.2.246.537.6.1505' && c.code === '9'),
  );
  const roles = (await get('/ValueSet/client-roles')).body;
  assert.equal(roles.compose.include[0].concept.length, 6); // a fragment lists its codes
  const filtered = (await get('/ValueSet/service-tasks/$expand?filter=CHILD&displayLanguage=en')).body;
  assert.deepEqual(
    filtered.expansion.contains.map((c: { code: string; display: string }) => [c.code, c.display]),
    [
      ['10', 'Child welfare'],
      ['x-lapsiperheet', 'Services for families with children'],
    ],
  );
  assert.equal((await get('/ValueSet/service-tasks/$expand?count=5')).status, 400);
  assert.equal((await get('/ValueSet/service-tasks/$expand?displayLanguage=de')).status, 400);
});

for (const database of testDatabases()) {
  test(`earlier versions stay readable through vread and $lookup?version on ${database.name}`, async (t) => {
    const db = await database.open();
    t.after(() => db.close());
    // Version 1 as the archive held it before 2026-12: x-paihde still there; version 2 is today's file.
    const tasks = files.find((f) => f.id === 'service-tasks')!;
    const before = {
      ...tasks,
      codes: [
        ...tasks.codes.filter((c) => c.code !== '15'),
        { code: 'x-paihde', display_fi: 'Päihde- ja riippuvuustyön erityiset palvelut', provisional: true },
      ],
    };
    await syncCodeSets(db, [before, ...files.filter((f) => f !== tasks)], new Date('2026-01-01T00:00:00Z'));
    await syncCodeSets(db, [tasks], new Date('2026-02-01T00:00:00Z'));
    const versioned = await appWith(await loadCurrentCodeSets(db), db);
    t.after(() => versioned.close());
    const vget = async (url: string) => {
      const r = await versioned.inject({ method: 'GET', url: `/fhir/R4${url}` });
      return { status: r.statusCode, body: r.json() };
    };

    assert.equal((await vget('/CodeSystem/service-tasks')).body.version, '2');
    assert.equal((await vget('/CodeSystem/service-tasks')).body.count, 3);
    const v1 = (await vget('/CodeSystem/service-tasks-provisional/_history/1')).body;
    assert.equal(v1.version, '1');
    assert.ok(v1.concept.some((c: { code: string }) => c.code === 'x-paihde'));
    assert.equal((await vget('/CodeSystem/service-tasks/_history/9')).status, 404);
    assert.equal((await vget('/CodeSystem/$lookup?system=urn:oid:2.999.27551.4.1221&code=x-paihde')).status, 404);
    assert.equal((await vget('/CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1221&code=15')).status, 200);
    const old = await vget('/CodeSystem/$lookup?system=urn:oid:2.999.27551.4.1221&code=x-paihde&version=1');
    assert.equal(old.status, 200);
    assert.deepEqual(param(old.body, 'version'), [{ name: 'version', valueString: '1' }]);
  });
}
