import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { buildArchiveApp } from '../server.ts';
import { archiveFixture, clientDocument, pdf, prepareClient, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';
import { documentReferencePayload, dropExtension, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import type { Json } from './document-reference.ts';
import { PROCESS_PHASE_SYSTEM, PROVISIONAL_SERVICE_TASK_SYSTEM, SERVICE_TASK_SYSTEM, ext } from './systems.ts';

// Bad submissions as a vendor's client system would send them: each is refused with a 4xx
// OperationOutcome whose issue names the national field, the FHIR element and the broken rule, and
// nothing is stored (no document row, no usage-log row).

type Issue = { expression?: string[]; diagnostics?: string; details?: { coding?: Array<{ code: string }> } };
const attachment = (r: Json) => (r.content as Json[])[0]!.attachment as Json;
const x = (name: string) => `DocumentReference.extension('${ext(name)}')`;
const dropCategory = (system: string) => (r: Json) => {
  r.category = (r.category as Json[]).filter((c) => !(c.coding as Json[]).some((x) => x.system === system));
};

/** Removing one element of a valid payload → the national field reported missing, and where it lives in FHIR. */
const MISSING: Array<{ element: string; remove: (r: Json) => void; field: string; path: string }> = [
  {
    element: 'masterIdentifier',
    remove: (r) => delete r.masterIdentifier,
    field: 'documentId',
    path: 'DocumentReference.masterIdentifier',
  },
  { element: 'identifier', remove: (r) => delete r.identifier, field: 'setId', path: 'DocumentReference.identifier' },
  { element: 'set-version extension', remove: (r) => dropExtension(r, 'set-version'), field: 'version', path: x('set-version') },
  { element: 'type', remove: (r) => delete r.type, field: 'documentType', path: 'DocumentReference.type' },
  { element: 'description', remove: (r) => delete r.description, field: 'title', path: 'DocumentReference.description' },
  { element: 'subject', remove: (r) => delete r.subject, field: 'client', path: 'DocumentReference.subject.identifier' },
  { element: 'custodian', remove: (r) => delete r.custodian, field: 'registerKeeper', path: 'DocumentReference.custodian.identifier' },
  { element: 'register extension', remove: (r) => dropExtension(r, 'register'), field: 'register', path: x('register') },
  {
    element: 'service-provider extension',
    remove: (r) => dropExtension(r, 'service-provider'),
    field: 'serviceProvider',
    path: x('service-provider'),
  },
  { element: 'service-unit extension', remove: (r) => dropExtension(r, 'service-unit'), field: 'serviceUnit', path: x('service-unit') },
  {
    element: 'service-task category',
    remove: dropCategory(SERVICE_TASK_SYSTEM),
    field: 'serviceTask',
    path: `DocumentReference.category.where(coding.system='${SERVICE_TASK_SYSTEM}' or coding.system='${PROVISIONAL_SERVICE_TASK_SYSTEM}')`,
  },
  {
    element: 'process-phase category',
    remove: dropCategory(PROCESS_PHASE_SYSTEM),
    field: 'processPhase',
    path: `DocumentReference.category.where(coding.system='${PROCESS_PHASE_SYSTEM}')`,
  },
  {
    element: 'context.related (case)',
    remove: (r) => delete (r.context as Json).related,
    field: 'case',
    path: 'DocumentReference.context.related',
  },
  { element: 'author', remove: (r) => delete r.author, field: 'author', path: 'DocumentReference.author' },
  {
    element: 'created (extension and period.start)',
    remove: (r) => {
      dropExtension(r, 'created');
      delete ((r.context as Json).period as Json).start;
    },
    field: 'created',
    path: x('created'),
  },
  {
    element: 'completed (extension and period.end)',
    remove: (r) => {
      dropExtension(r, 'completed');
      delete ((r.context as Json).period as Json).end;
    },
    field: 'completed',
    path: x('completed'),
  },
  {
    element: 'attachment.language',
    remove: (r) => delete attachment(r).language,
    field: 'language',
    path: 'DocumentReference.content[0].attachment.language',
  },
  { element: 'publicity extension', remove: (r) => dropExtension(r, 'publicity'), field: 'publicity', path: x('publicity') },
  {
    element: 'retention extension',
    remove: (r) => dropExtension(r, 'retention'),
    field: 'retentionRule',
    path: `${x('retention')}.extension('rule')`,
  },
  { element: 'storage-format extension', remove: (r) => dropExtension(r, 'storage-format'), field: 'format', path: x('storage-format') },
  {
    element: 'attachment.data',
    remove: (r) => delete attachment(r).data,
    field: 'body',
    path: 'DocumentReference.content[0].attachment.data',
  },
  {
    element: 'attachment.contentType',
    remove: (r) => delete attachment(r).contentType,
    field: 'body.contentType',
    path: 'DocumentReference.content[0].attachment.contentType',
  },
];

describe('FHIR bad input: refused with an OperationOutcome, nothing stored', () => {
  let f: ArchiveFixture;
  let app: FastifyInstance;
  let system: FhirClient;
  let caseId: string;
  let stored: () => Promise<{ documents: number; usage: number }>;

  before(async () => {
    f = await archiveFixture(await openPglite());
    app = await buildArchiveApp(f.ctx);
    system = fhirClient(app, 'system-vaasa');
    caseId = await prepareClient(f);
    stored = async () => {
      const d = await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM document');
      const u = await f.db.query<{ n: number }>("SELECT count(*)::int AS n FROM usage_log WHERE action IN ('create', 'new-version')");
      return { documents: d.rows[0]!.n, usage: u.rows[0]!.n };
    };
  });
  after(async () => {
    await app.close();
    await f.db.close();
  });

  const payload = (over: Partial<DocumentMetadata> = {}, body = pdf()) =>
    documentReferencePayload(clientDocument(caseId, over), f.ctx.codeSets, body);

  /** Posts and expects a refusal; returns the issues. Checks that nothing was stored. */
  async function refused(body: unknown, status: number, headers: Record<string, string> = {}): Promise<Issue[]> {
    const before = await stored();
    const res = await system.post('DocumentReference', body, headers);
    assert.equal(res.status, status, issueLines(res.body).join('\n'));
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assert.equal(res.body.resourceType, 'OperationOutcome');
    assert.deepEqual(await stored(), before, 'nothing may be stored for a refused submission');
    return res.body.issue as Issue[];
  }
  const find = (issues: Issue[], rule: string, field: string) =>
    issues.find((i) => i.details?.coding?.[0]?.code === rule && (i.diagnostics ?? '').startsWith(field));

  it('a valid payload is accepted (the baseline the table breaks)', async () => {
    const res = await system.post('DocumentReference', payload());
    assert.equal(res.status, 201, issueLines(res.body).join('\n'));
  });

  for (const c of MISSING) {
    it(`without ${c.element}: 400, ${c.field} required at ${c.path}`, async () => {
      const r = payload();
      c.remove(r);
      const issues = await refused(r, 400);
      const hit = find(issues, 'required', c.field);
      assert.ok(hit, `no 'required' issue for ${c.field} in\n${issues.map((i) => i.diagnostics).join('\n')}`);
      assert.deepEqual(hit.expression, [c.path]);
      assert.match(hit.diagnostics!, /mandatory/);
    });
  }

  it('a code outside its code set: 400 code-invalid naming the set and the code', async () => {
    const issues = await refused(payload({ serviceTask: '99', socialServices: ['zz'] }), 400);
    assert.ok(find(issues, 'code-unknown', 'serviceTask'), issues.map((i) => i.diagnostics).join('\n'));
    assert.ok(find(issues, 'code-unknown', 'socialServices[0]'));
    assert.match(issues.map((i) => i.diagnostics).join('\n'), /'99'/);
  });

  it("a provisional code under the national OID: 400 provisional-code-system; under arkki's system it is archived and served so", async () => {
    const r = payload({ socialServices: ['x-perhetyo'] });
    const event = ((r.context as Json).event as Array<{ coding: Array<{ system: string }> }>)[0]!;
    assert.equal(event.coding[0]!.system, 'urn:oid:2.999.27551.4.1222', "the submission builder codes it under arkki's system");
    event.coding[0]!.system = 'urn:oid:1.2.246.537.6.1222';
    const issues = await refused(r, 400);
    const hit = find(issues, 'provisional-code-system', 'socialServices[0]');
    assert.ok(hit, issues.map((i) => i.diagnostics).join('\n'));
    assert.match(hit.diagnostics!, /x-perhetyo.*provisional.*2\.999\.27551\.4\.1222.*not the national 1\.2\.246\.537\.6\.1222/);
    assert.deepEqual(hit.expression, ['DocumentReference.context.event[0]']);

    const ok = await system.post('DocumentReference', payload({ socialServices: ['x-perhetyo', '94'] }));
    assert.equal(ok.status, 201, issueLines(ok.body).join('\n'));
    assert.deepEqual(
      ((ok.body as Json).context as { event: Array<{ coding: Array<{ system: string; code: string }> }> }).event.map(
        (e: { coding: Array<{ system: string; code: string }> }) => `${e.coding[0]!.system}|${e.coding[0]!.code}`,
      ),
      ['urn:oid:2.999.27551.4.1222|x-perhetyo', 'urn:oid:1.2.246.537.6.1222|94'],
    );
  });

  it('a henkilötunnus with a wrong check character: 400 naming the expected character', async () => {
    const r = payload();
    ((r.subject as Json).identifier as Json).value = '010516A901X';
    const issues = await refused(r, 400);
    const hit = find(issues, 'client-id', 'client');
    assert.ok(hit, issues.map((i) => i.diagnostics).join('\n'));
    assert.match(hit.diagnostics!, /wrong check character \(expected V\)/);
    assert.deepEqual(hit.expression, ['DocumentReference.subject.identifier']);
  });

  it('reports every problem in one answer: a structural one and the metadata ones beside it', async () => {
    const r = payload({ title: '', serviceTask: '99' });
    ((r.subject as Json).identifier as Json).value = '010516A901X';
    const issues = await refused(r, 400);
    assert.ok(find(issues, 'client-id', 'client'));
    assert.ok(find(issues, 'required', 'title'));
    assert.ok(find(issues, 'code-unknown', 'serviceTask'));
    assert.equal(issues.filter((i) => (i.diagnostics ?? '').startsWith('client ')).length, 1, 'the client is reported once');
  });

  it('a malformed OID (register keeper, set id as urn:oid): 400 oid saying what is wrong', async () => {
    const issues = await refused(payload({ registerKeeper: '1.2.246..10' }), 400);
    assert.match(find(issues, 'oid', 'registerKeeper')?.diagnostics ?? '', /empty arc/);
    const r = payload();
    (r.identifier as Json[])[0]!.value = 'urn:oid:1.2.x';
    const second = await refused(r, 400);
    assert.match(find(second, 'oid', 'setId')?.diagnostics ?? '', /OID 1\.2\.x contains 'x'/);
  });

  it('a request that is not FHIR JSON: 415 naming the accepted type', async () => {
    const issues = await refused('hello', 415, { 'content-type': 'text/plain' });
    assert.match(issues[0]!.diagnostics!, /text\/plain.*application\/fhir\+json/);
    const xml = await refused('<DocumentReference/>', 415, { 'content-type': 'application/fhir+xml' });
    assert.equal(xml[0]!.details?.coding?.[0]?.code, 'media-type');
  });

  it('FHIR JSON with a charset parameter and plain application/json are accepted', async () => {
    assert.equal(
      (await system.post('DocumentReference', payload(), { 'content-type': 'application/fhir+json; charset=utf-8' })).status,
      201,
    );
    assert.equal((await system.post('DocumentReference', payload(), { 'content-type': 'application/json' })).status, 201);
  });

  it('an attachment content type that does not fit the storage format: 415 media-type', async () => {
    const issues = await refused(payload({}, { contentType: 'text/xml', data: pdf().data }), 415);
    assert.ok(find(issues, 'media-type', 'body.contentType'), issues.map((i) => i.diagnostics).join('\n'));
    const notPdf = await refused(payload({}, { contentType: 'application/pdf', data: Buffer.from('plain text') }), 400);
    assert.ok(find(notPdf, 'pdf', 'body'));
  });

  it('a body that does not match attachment.hash, the sha256 extension or size: 400 hash-mismatch', async () => {
    const r = payload();
    attachment(r).hash = createHash('sha1').update('something else').digest('base64');
    assert.ok(find(await refused(r, 400), 'hash-mismatch', 'body.hash'));
    const s = payload();
    (attachment(s).extension as Json[])[0]!.valueString = createHash('sha256').update('something else').digest('hex');
    assert.ok(find(await refused(s, 400), 'hash-mismatch', 'body.sha256'));
    const z = payload();
    attachment(z).size = 3;
    assert.ok(find(await refused(z, 400), 'size-mismatch', 'body.size'));
  });

  it('attachment data that is not base64: 400', async () => {
    const r = payload();
    attachment(r).data = 'not base64!';
    assert.ok(find(await refused(r, 400), 'base64', 'body'));
  });

  it('invalid JSON: 400 json', async () => {
    const issues = await refused('{"resourceType": "DocumentReference",', 400);
    assert.equal(issues[0]!.details?.coding?.[0]?.code, 'json');
    assert.match(issues[0]!.diagnostics!, /not valid JSON/);
  });

  it('not a DocumentReference (or no body): 400 resource-type', async () => {
    for (const body of [{ resourceType: 'Patient' }, [1, 2], 'null', '"text"']) {
      const issues = await refused(body, 400);
      assert.equal(issues[0]!.details?.coding?.[0]?.code, 'resource-type', JSON.stringify(body));
    }
    const empty = await system.request({ method: 'POST', url: 'DocumentReference' });
    assert.equal(empty.status, 400);
  });

  it('conflicting duplicates of one value (created extension vs context.period.start): 400', async () => {
    const r = payload();
    ((r.context as Json).period as Json).start = '2026-01-01T00:00:00Z';
    assert.ok(find(await refused(r, 400), 'mismatch', 'created'));
  });

  it('a body over the per-document limit: 413, also when the whole request is over the HTTP limit', async () => {
    // Above the placeholder PDF/A (its embedded font subset is some 20 kB), far below the production limit.
    const small = await archiveFixture(await openPglite(), { maxBodyBytes: 64 * 1024 });
    const smallApp = await buildArchiveApp(small.ctx);
    try {
      const client = fhirClient(smallApp, 'system-vaasa');
      const smallCase = await prepareClient(small);
      const big = { contentType: 'application/pdf', data: Buffer.concat([pdf().data, Buffer.alloc(64 * 1024, 32)]) };
      const res = await client.post('DocumentReference', documentReferencePayload(clientDocument(smallCase), small.ctx.codeSets, big));
      assert.equal(res.status, 413, issueLines(res.body).join('\n'));
      assert.equal((res.body.issue as Issue[])[0]!.details?.coding?.[0]?.code, 'max-size');
      const huge = { contentType: 'application/pdf', data: Buffer.concat([pdf().data, Buffer.alloc(2 * 1024 * 1024, 32)]) };
      const res2 = await client.post('DocumentReference', documentReferencePayload(clientDocument(smallCase), small.ctx.codeSets, huge));
      assert.equal(res2.status, 413);
      assert.equal(res2.body.resourceType, 'OperationOutcome');
      const n = await small.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM document WHERE document_type <> '1' AND document_type <> '2'",
      );
      assert.equal(n.rows[0]!.n, 0);
    } finally {
      await smallApp.close();
      await small.db.close();
    }
  });
});
