import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { DEMO_USER_HEADER } from '../../src/archive/auth/demo-authenticator.ts';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import type { Json } from '../../src/archive/fhir/document-reference.ts';
import { ARKKI_BASE } from '../../src/archive/fhir/systems.ts';
import { makeHetu } from '../../src/lib/identifiers/hetu.ts';
import { caseDocument, clientDocument, clienthoodDocument, NOW, newOid, type ArchiveFixture } from '../support/archive-fixtures.ts';
import { testDatabases } from '../support/databases.ts';
import { batchBundle } from '../support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../support/pki.ts';
import { cdaArchive, signedDocumentReference } from '../support/signed-cda.ts';
import { assertValidFhir } from '../support/fhir-validator.ts';

// The FHIR conventions a standard client relies on (issue 12, items 10–15), over a real socket: every
// JSON answer of every resource type goes through an independent R4 validator (Medplum's, built from the
// official StructureDefinitions) plus the JSON rules (no empty arrays, every Coding with a system).

const ALL_TYPES = [
  'AuditEvent',
  'Binary',
  'Bundle',
  'CapabilityStatement',
  'CodeSystem',
  'DocumentReference',
  'OperationDefinition',
  'OperationOutcome',
  'Organization',
  'Parameters',
  'Patient',
  'Provenance',
  'ValueSet',
];

for (const database of testDatabases()) {
  describe(`FHIR conventions over HTTP on ${database.name}`, () => {
    let f: ArchiveFixture;
    let app: FastifyInstance;
    let base: string;
    // A clock the test moves, so "later" is later (the fixture's clock otherwise stands still).
    const clock = new Date(NOW);
    const tick = () => clock.setTime(clock.getTime() + 60_000);
    const client = { kind: 'hetu' as const, value: makeHetu('2014-02-03', 962) };
    const patient = `urn:oid:1.2.246.21|${client.value}`;
    const caseId = newOid(3);
    const validated = new Map<string, number>();
    const systems = new Set<string>();
    let v1: DocumentMetadata;
    let v2: DocumentMetadata;

    function collectSystems(v: unknown): void {
      if (Array.isArray(v)) v.forEach(collectSystems);
      else if (v && typeof v === 'object') {
        const o = v as Json;
        if (typeof o.system === 'string' && typeof o.code === 'string') systems.add(o.system);
        Object.values(o).forEach(collectSystems);
      }
    }

    /** Every JSON answer is validated here, whatever the test then asserts. */
    async function call(
      user: string | undefined,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ res: Response; body: Json }> {
      const res = await fetch(new URL(path, base), {
        method,
        headers: {
          ...(user ? { [DEMO_USER_HEADER]: user } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      const json = text && /json/.test(type) ? (JSON.parse(text) as Json) : {};
      if (typeof json.resourceType === 'string') {
        assertValidFhir(json, `${method} ${path} → ${res.status} ${json.resourceType}`);
        validated.set(json.resourceType, (validated.get(json.resourceType) ?? 0) + 1);
        for (const e of (json.entry as Json[] | undefined) ?? []) {
          const r = (e.resource ?? (e.response as Json | undefined)?.outcome) as Json | undefined;
          if (r?.resourceType) validated.set(String(r.resourceType), (validated.get(String(r.resourceType)) ?? 0) + 1);
        }
        collectSystems(json);
      }
      return { res, body: json };
    }
    let pki: PkiFixture;
    const fhir = (meta: DocumentMetadata) => signedDocumentReference(pki, meta, f.ctx.codeSets);
    const entries = (b: Json) => ((b.entry as Json[] | undefined) ?? []).map((e) => e.resource as Json);
    const link = (b: Json, relation: string) => (b.link as Json[]).find((l) => l.relation === relation)?.url as string | undefined;

    before(async () => {
      pki = await createPkiFixture(NOW);
      const archive = await cdaArchive(await database.open(), pki, { now: clock });
      f = archive;
      app = archive.app;
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      base = `${address}/fhir/R4/`;
      const joined = await call(
        'system-vaasa',
        'POST',
        '',
        batchBundle([
          fhir(clienthoodDocument('social-welfare', { client })),
          fhir(clienthoodDocument('service-task', { client })),
          fhir(caseDocument(caseId, { client })),
        ]),
      );
      assert.equal(joined.res.status, 200);
      v1 = clientDocument(caseId, { client });
      tick();
      assert.equal((await call('system-vaasa', 'POST', 'DocumentReference', fhir(v1))).res.status, 201);
      for (let i = 0; i < 4; i += 1) {
        tick();
        const at = new Date(Date.parse(v1.completed) - (i + 1) * 86_400_000).toISOString();
        const more = clientDocument(caseId, { client, created: at, completed: at });
        const res = await call('system-vaasa', 'POST', 'DocumentReference', fhir(more));
        assert.equal(res.res.status, 201, JSON.stringify(res.body));
      }
      v2 = { ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId, title: 'Korjattu päätös' };
    });
    after(async () => {
      await app.close();
      await f.db.close();
      await pki.cleanup();
    });

    it('10: writes no empty arrays, gives every Coding a system, and every fullUrl and Location resolves', async () => {
      const empty = await call('sw-vaasa-ls', 'GET', `DocumentReference?identifier=urn:oid:${newOid(1)}`);
      assert.equal(empty.res.status, 200);
      assert.equal('entry' in empty.body, false, 'an empty searchset has no entry element');
      assert.equal(empty.body.total, 0);
      const emptyBatch = await call('system-vaasa', 'POST', '', { resourceType: 'Bundle', type: 'batch' });
      assert.deepEqual(emptyBatch.body, { resourceType: 'Bundle', type: 'batch-response' });
      const own = await call('sw-vaasa-ls', 'GET', '$special-reason');
      assert.deepEqual(own.body, { resourceType: 'Parameters' }, 'no statements: no parameter element');
      // A register-wide search logs a row without client or documents: its AuditEvent has no entity.
      await call('archivist-vaasa', 'GET', 'DocumentReference?type=no-such-type');
      const log = await call('archivist-vaasa', 'GET', 'AuditEvent?agent=archivist-vaasa&subtype=search&_count=1');
      const row = entries(log.body)[0]!;
      assert.equal('entity' in row, false);
      assert.equal((((row.agent as Json[])[0]!.who as Json).identifier as Json).system, `${ARKKI_BASE}/sid/user-id`);

      // Location is absolute and names the version; every fullUrl reads back the same resource.
      const created = await call('system-vaasa', 'POST', 'DocumentReference', fhir(v2));
      assert.equal(created.res.status, 201);
      const location = created.res.headers.get('location')!;
      assert.equal(location, `${base}DocumentReference/${v1.setId}/_history/2`);
      assert.equal((await call('sw-vaasa-ls', 'GET', location)).body.description, v2.title);
      const searches: Array<[string, string]> = [
        ['sw-vaasa-ls', `DocumentReference?patient.identifier=${encodeURIComponent(patient)}`],
        ['sw-vaasa-ls', `Provenance?target=DocumentReference/${v1.setId}`],
        ['archivist-vaasa', `AuditEvent?patient.identifier=${encodeURIComponent(patient)}&_count=5`],
        ['sw-vaasa-ls', `Patient?identifier=${encodeURIComponent(patient)}`],
        ['sw-vaasa-ls', 'Organization?name=Pohjanmaan'],
        ['sw-vaasa-ls', 'CodeSystem?_id=service-tasks'],
        ['sw-vaasa-ls', 'OperationDefinition'],
      ];
      for (const [user, path] of searches) {
        const bundle = await call(user, 'GET', path);
        assert.equal(bundle.res.status, 200, `${path}: ${JSON.stringify(bundle.body)}`);
        const list = (bundle.body.entry as Json[] | undefined) ?? [];
        assert.ok(list.length > 0, path);
        for (const e of list) {
          const read = await call(user, 'GET', e.fullUrl as string);
          assert.equal(read.res.status, 200, `${e.fullUrl} answers ${read.res.status}: ${JSON.stringify(read.body)}`);
          assert.equal(read.body.resourceType, (e.resource as Json).resourceType);
          assert.equal(read.body.id, (e.resource as Json).id);
        }
      }
      // Reading a Provenance or an AuditEvent by id is logged like any read of client data.
      const provenance = entries((await call('sw-vaasa-ls', 'GET', `Provenance?target=DocumentReference/${v1.setId}`)).body)[0]!;
      const reads = await call('archivist-vaasa', 'GET', `AuditEvent?agent=sw-vaasa-ls&subtype=read&_count=3`);
      assert.ok(
        entries(reads.body).some((e) => ((e.entity as Json[] | undefined) ?? []).some((x) => (x.what as Json).identifier)),
        JSON.stringify(provenance.id),
      );
    });

    it('11: a version that changes gets a new meta.lastUpdated and ETag; vread keeps its national version', async () => {
      const set = newOid(1);
      const doc = clientDocument(caseId, { client, setId: set });
      tick();
      await call('system-vaasa', 'POST', 'DocumentReference', fhir(doc));
      const before = await call('sw-vaasa-ls', 'GET', `DocumentReference/${set}`);
      const etag = before.res.headers.get('etag');
      assert.equal(etag, 'W/"1"');
      tick();
      const invalidated = await call('archivist-vaasa', 'POST', `DocumentReference/${set}/$invalidate`, {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'arkistoitu väärälle asiakkaalle' }],
      });
      assert.equal(invalidated.res.status, 200);
      const after = await call('archivist-vaasa', 'GET', `DocumentReference/${set}/_history/1`);
      assert.equal(after.body.status, 'entered-in-error');
      assert.equal((after.body.meta as Json).versionId, '1', 'the national version number stays');
      assert.notEqual(after.res.headers.get('etag'), etag);
      assert.ok(Date.parse((after.body.meta as Json).lastUpdated as string) > Date.parse((before.body.meta as Json).lastUpdated as string));
      assert.equal(after.res.headers.get('last-modified'), new Date((after.body.meta as Json).lastUpdated as string).toUTCString());
      // A superseded version changed too.
      const v1read = await call('sw-vaasa-ls', 'GET', `DocumentReference/${v1.setId}/_history/1`);
      assert.equal(v1read.body.status, 'superseded');
      assert.equal(v1read.res.headers.get('etag'), 'W/"1-superseded"');
      assert.notEqual((v1read.body.meta as Json).lastUpdated, v1read.body.date);
    });

    it('12: the CapabilityStatement names real search parameters, resolvable operations, and every emitted code system resolves', async () => {
      const cs = await call(undefined, 'GET', 'metadata');
      const rest = (cs.body.rest as Json[])[0]!;
      const resources = rest.resource as Json[];
      const operations: Json[] = [...((rest.operation as Json[] | undefined) ?? [])];
      for (const r of resources) {
        for (const p of (r.searchParam as Json[] | undefined) ?? []) {
          assert.match(p.name as string, /^_?[a-z][a-z0-9-]*$/, `${r.type} search parameter '${p.name}' is a name`);
          assert.ok(!['_count', '_page_token', '_offset', '_sort', '_elements', '_summary', '_total'].includes(p.name as string));
        }
        operations.push(...((r.operation as Json[] | undefined) ?? []));
      }
      for (const o of operations) {
        const url = o.definition as string;
        if (url.startsWith('http://hl7.org/fhir/')) continue; // the specification's own
        const found = await call('sw-vaasa-ls', 'GET', `OperationDefinition?url=${encodeURIComponent(url)}`);
        assert.equal(found.body.total, 1, `${o.name}: ${url} resolves`);
        assert.equal(entries(found.body)[0]!.code, o.name);
      }
      // Everything emitted so far under arkki's own base resolves to a CodeSystem.
      const outcome = await call('sw-vaasa-ls', 'GET', 'DocumentReference?colour=red');
      assert.equal(outcome.res.status, 400);
      await call('archivist-vaasa', 'GET', 'AuditEvent?_count=5');
      const own = [...systems].filter((s) => s.startsWith(ARKKI_BASE));
      for (const s of ['storage-format', 'validation-rule', 'usage-action'])
        assert.ok(own.includes(`${ARKKI_BASE}/CodeSystem/${s}`), `${s} was emitted`);
      for (const system of own) {
        const found = await call('sw-vaasa-ls', 'GET', `CodeSystem?url=${encodeURIComponent(system)}`);
        assert.equal(found.body.total, 1, `${system} resolves`);
      }
    });

    it('13: standard search parameters, result parameters, POST _search, previous links and stable keyset paging', async () => {
      const ids = (b: Json) => entries(b).map((r) => r.id as string);
      const all = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient.identifier=${encodeURIComponent(patient)}`);
      const expected = ids(all.body);
      assert.equal(all.body.total, expected.length, 'a first page with every match carries total');
      for (const q of [`patient=Patient/${client.value}`, `patient=${client.value}`, `subject=Patient/${client.value}`]) {
        assert.deepEqual(ids((await call('sw-vaasa-ls', 'GET', `DocumentReference?${q}`)).body), expected, q);
      }
      assert.deepEqual(ids((await call('sw-vaasa-ls', 'GET', `DocumentReference?_id=${v1.setId}`)).body), [v1.setId]);
      const day = NOW.toISOString().slice(0, 10);
      assert.deepEqual(ids((await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&date=${day}`)).body), expected);
      assert.deepEqual(ids((await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&date=lt${day}`)).body), []);
      const ascending = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_sort=completed`);
      assert.deepEqual(ids(ascending.body), [...expected].reverse());
      assert.equal((await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_sort=title`)).res.status, 400);
      const count = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_summary=count`);
      assert.equal(count.body.total, expected.length);
      assert.equal('entry' in count.body, false);
      const paged = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_count=2&_total=accurate`);
      assert.equal(paged.body.total, expected.length);
      const none = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_total=none`);
      assert.equal('total' in none.body, false);
      const subset = entries(
        (await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_elements=description`)).body,
      )[0]!;
      assert.deepEqual(Object.keys(subset).sort(), ['content', 'description', 'id', 'meta', 'resourceType', 'status']);
      assert.equal(((subset.meta as Json).tag as Json[])[0]!.code, 'SUBSETTED');
      const posted = await call('sw-vaasa-ls', 'POST', 'DocumentReference/_search', `patient.identifier=${encodeURIComponent(patient)}`, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.deepEqual(ids(posted.body), expected);
      assert.equal(
        (
          await call('sw-vaasa-ls', 'POST', 'Patient/_search', `identifier=${encodeURIComponent(patient)}`, {
            'content-type': 'application/x-www-form-urlencoded',
          })
        ).body.total,
        1,
      );

      // Forward with next, back with previous: the same pages.
      const pages: string[][] = [];
      let page = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_count=2`);
      assert.equal(link(page.body, 'previous'), undefined);
      pages.push(ids(page.body));
      while (link(page.body, 'next')) {
        page = await call('sw-vaasa-ls', 'GET', link(page.body, 'next')!);
        pages.push(ids(page.body));
      }
      assert.deepEqual(pages.flat(), expected);
      for (let i = pages.length - 2; i >= 0; i -= 1) {
        page = await call('sw-vaasa-ls', 'GET', link(page.body, 'previous')!);
        assert.deepEqual(ids(page.body), pages[i]);
      }
      assert.equal(link(page.body, 'previous'), undefined);
      // A token replayed with other filters is refused.
      const second = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&_count=2`);
      const token = new URL(link(second.body, 'next')!).searchParams.get('_page_token')!;
      const replay = await call('sw-vaasa-ls', 'GET', `DocumentReference?patient=${client.value}&type=1001&_page_token=${token}`);
      assert.equal(replay.res.status, 400);
      assert.match(JSON.stringify(replay.body), /token-filters/);

      // The usage log grows at the top with every page read; keyset pages never repeat an entry.
      const seen: string[] = [];
      let logPage = await call('archivist-vaasa', 'GET', `AuditEvent?patient=Patient/${client.value}&_count=3`);
      const total = logPage.body.total as number;
      seen.push(...ids(logPage.body));
      while (link(logPage.body, 'next')) {
        logPage = await call('archivist-vaasa', 'GET', link(logPage.body, 'next')!);
        seen.push(...ids(logPage.body));
      }
      assert.equal(new Set(seen).size, seen.length, 'no entry twice');
      assert.equal(seen.length, total, 'every entry of the first page’s total once');
      const backwards = await call('archivist-vaasa', 'GET', link(logPage.body, 'previous')!);
      assert.ok(ids(backwards.body).length > 0);
      const logCount = await call('archivist-vaasa', 'GET', `AuditEvent?patient=Patient/${client.value}&_summary=count`);
      assert.ok((logCount.body.total as number) >= total);
      assert.equal((await call('archivist-vaasa', 'GET', 'AuditEvent?_offset=3')).res.status, 400);
    });

    it('14: conditional create, conditional read, Last-Modified, Prefer, 406 for XML, 405 with Allow, 401 with WWW-Authenticate', async () => {
      const doc = clientDocument(caseId, { client });
      const first = await call('system-vaasa', 'POST', 'DocumentReference', fhir(doc), {
        'if-none-exist': `identifier=urn:oid:${doc.setId}`,
      });
      assert.equal(first.res.status, 201);
      // Another document under the same condition is not archived: the match is the answer.
      const other = clientDocument(caseId, { client });
      const again = await call('system-vaasa', 'POST', 'DocumentReference', fhir(other), {
        'if-none-exist': `identifier=urn:oid:${doc.setId}`,
      });
      assert.equal(again.res.status, 200);
      assert.equal(again.body.id, doc.setId);
      assert.equal((await call('sw-vaasa-ls', 'GET', `DocumentReference?_id=${other.setId}`)).body.total, 0);

      const read = await call('sw-vaasa-ls', 'GET', `DocumentReference/${doc.setId}`);
      const etag = read.res.headers.get('etag')!;
      assert.equal(read.res.headers.get('last-modified'), new Date((read.body.meta as Json).lastUpdated as string).toUTCString());
      const cached = await call('sw-vaasa-ls', 'GET', `DocumentReference/${doc.setId}`, undefined, { 'if-none-match': etag });
      assert.equal(cached.res.status, 304);
      assert.equal(
        (await call('sw-vaasa-ls', 'GET', `DocumentReference/${doc.setId}`, undefined, { 'if-none-match': 'W/"9"' })).res.status,
        200,
      );

      const minimal = await call('system-vaasa', 'POST', 'DocumentReference', fhir(clientDocument(caseId, { client })), {
        prefer: 'return=minimal',
      });
      assert.equal(minimal.res.status, 201);
      assert.equal(minimal.res.headers.get('preference-applied'), 'return=minimal');
      assert.ok(minimal.res.headers.get('location')?.startsWith(base));
      assert.deepEqual(minimal.body, {});
      const outcome = await call('system-vaasa', 'POST', 'DocumentReference', fhir(clientDocument(caseId, { client })), {
        prefer: 'return=OperationOutcome',
      });
      assert.equal(outcome.res.status, 201);
      assert.equal(outcome.body.resourceType, 'OperationOutcome');
      assert.equal(outcome.res.headers.get('preference-applied'), 'return=OperationOutcome');

      for (const [headers, path] of [
        [{ accept: 'application/fhir+xml' }, `DocumentReference/${doc.setId}`],
        [{}, `DocumentReference/${doc.setId}?_format=xml`],
        [{ accept: 'application/fhir+xml' }, 'metadata'],
      ] as Array<[Record<string, string>, string]>) {
        const res = await call('sw-vaasa-ls', 'GET', path, undefined, headers);
        assert.equal(res.res.status, 406, path);
        assert.equal(res.body.resourceType, 'OperationOutcome');
      }
      const content = (read.body.content as Json[])[0]!.attachment as Json;
      const bytes = await call('sw-vaasa-ls', 'GET', content.url as string, undefined, { accept: 'application/pdf' });
      assert.equal(bytes.res.status, 200);
      const binary = await call('sw-vaasa-ls', 'GET', content.url as string, undefined, { accept: 'application/fhir+json' });
      assert.equal(binary.body.resourceType, 'Binary');

      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const res = await call('system-vaasa', method, `DocumentReference/${doc.setId}`, method === 'DELETE' ? undefined : read.body);
        assert.equal(res.res.status, 405, method);
        assert.match(res.res.headers.get('allow') ?? '', /GET/);
        assert.equal(res.body.resourceType, 'OperationOutcome');
      }
      const anonymous = await call(undefined, 'GET', `DocumentReference/${doc.setId}`);
      assert.equal(anonymous.res.status, 401);
      assert.ok(anonymous.res.headers.get('www-authenticate'));
    });

    it('15: every resource type the API returns validated with the independent validator', async () => {
      const doc = entries((await call('sw-vaasa-ls', 'GET', `DocumentReference?_id=${v1.setId}`)).body)[0]!;
      const content = (doc.content as Json[])[0]!.attachment as Json;
      await call('sw-vaasa-ls', 'GET', content.url as string, undefined, { accept: 'application/fhir+json' });
      await call('sw-vaasa-ls', 'GET', `DocumentReference/${v1.setId}/_history`);
      await call('sw-vaasa-ls', 'GET', `Patient/${client.value}`);
      await call('sw-vaasa-ls', 'GET', 'Organization/1.2.246.10.9990001.10.1');
      await call('sw-vaasa-ls', 'GET', 'CodeSystem/service-tasks');
      await call('sw-vaasa-ls', 'GET', 'CodeSystem/$lookup?system=urn:oid:1.2.246.537.6.1221&code=10');
      await call('sw-vaasa-ls', 'GET', 'ValueSet/service-tasks');
      await call('sw-vaasa-ls', 'GET', 'ValueSet/service-tasks/$expand');
      await call('sw-vaasa-ls', 'GET', 'OperationDefinition/invalidate');
      await call('sw-vaasa-ls', 'GET', `Provenance/${v1.documentId}`);
      await call('archivist-vaasa', 'GET', 'AuditEvent?_count=20');
      await call(undefined, 'GET', 'metadata');
      await call('sw-vaasa-ls', 'GET', 'DocumentReference/1.2.3.4');
      for (const type of ALL_TYPES) assert.ok((validated.get(type) ?? 0) > 0, `${type} was returned and validated`);
    });
  });
}
