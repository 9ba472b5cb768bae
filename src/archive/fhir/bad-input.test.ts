import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { signEnveloped } from '../../lib/xml/xml-signature.ts';
import {
  HETU_2,
  NOW,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  pdf,
  prepareClient,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { documentReferencePayload, dropExtension, fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import {
  cdaArchive,
  cdaOnlyDocumentReference,
  cdaXml,
  signedDocumentReference,
  withoutHeaderNode,
} from '../../../test/support/signed-cda.ts';
import { keyOf } from '../../../test/support/xml-signature.ts';
import type { Json } from './document-reference.ts';
import { ext } from './systems.ts';

// Bad submissions as a vendor's client system would send them: each is refused with a 4xx
// OperationOutcome whose issue names the national field, the FHIR element (or, in the signed header, the
// XPath) and the broken rule, and nothing is stored (no document row, no usage-log row). A document
// without the system signature is refused first of all (system-signature-required).

type Issue = { expression?: string[]; diagnostics?: string; details?: { coding?: Array<{ code: string }> } };
const attachment = (r: Json) => (r.content as Json[])[0]!.attachment as Json;
const FORMAT_PATH = `DocumentReference.extension('${ext('storage-format')}')`;

/**
 * A mandatory header element left out of the signed CDA → the field reported missing at its XPath. The
 * signed header is the document's metadata; a DocumentReference beside it may omit every field.
 */
const MISSING = [
  'id',
  'setId',
  'versionNumber',
  'code',
  'title',
  'effectiveTime',
  'confidentialityCode',
  'languageCode',
  'recordTarget',
  'author',
  'custodian',
] as const;

describe('FHIR bad input: refused with an OperationOutcome, nothing stored', () => {
  let f: ArchiveFixture & { app: FastifyInstance };
  let app: FastifyInstance;
  let pki: PkiFixture;
  let system: FhirClient;
  let caseId: string;
  let stored: () => Promise<{ documents: number; usage: number }>;

  before(async () => {
    pki = await createPkiFixture(NOW);
    f = await cdaArchive(await openPglite(), pki);
    app = f.app;
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
    await pki.cleanup();
  });

  /** What a client system sends: the metadata and its CDA signed with the system signing certificate. */
  const payload = (over: Partial<DocumentMetadata> = {}, body = pdf()) =>
    signedDocumentReference(pki, clientDocument(caseId, over), f.ctx.codeSets, { body });
  /** The same metadata as JSON with the body beside it and no signed CDA: an unsigned document. */
  const unsigned = (over: Partial<DocumentMetadata> = {}, body = pdf()) =>
    documentReferencePayload(clientDocument(caseId, over), f.ctx.codeSets, body);
  /** The CDA of the metadata, changed by `edit` before it is signed, as a CDA-only DocumentReference. */
  const signedAfter = (edit: (xml: string) => string, over: Partial<DocumentMetadata> = {}) =>
    cdaOnlyDocumentReference(signEnveloped(edit(cdaXml(clientDocument(caseId, over), f.ctx.codeSets)), keyOf(pki.certs.signing, pki)));

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

  it('an unsigned document — a PDF or structured body, or none, without signed CDA: 400 system-signature-required, nothing stored', async () => {
    const structured = unsigned(
      { format: 'structured' },
      { contentType: 'application/json', data: Buffer.from(JSON.stringify({ suunnitelma: 'x' })) },
    );
    for (const [name, body, path] of [
      ['storage format pdf', unsigned(), FORMAT_PATH],
      ['storage format structured', structured, FORMAT_PATH],
      [
        'a PDF and no storage format',
        (() => {
          const r = unsigned();
          dropExtension(r, 'storage-format');
          return r;
        })(),
        'DocumentReference.content[0].attachment.contentType',
      ],
      [
        'no content at all',
        (() => {
          const r = unsigned();
          dropExtension(r, 'storage-format');
          delete r.content;
          return r;
        })(),
        'DocumentReference.content[0].attachment.data',
      ],
    ] as const) {
      const issues = await refused(body, 400);
      assert.equal(issues.length, 1, name);
      assert.equal(issues[0]!.details?.coding?.[0]?.code, 'system-signature-required', name);
      assert.deepEqual(issues[0]!.expression, [path], name);
      assert.match(issues[0]!.diagnostics!, /system signature.*signed CDA/, name);
    }
    // A clienthood document and a case document are no exception.
    for (const meta of [clienthoodDocument('social-welfare', { client: { kind: 'hetu', value: HETU_2 } }), caseDocument(newOid(3))]) {
      const issues = await refused(documentReferencePayload(meta, f.ctx.codeSets), 400);
      assert.equal(issues[0]!.details?.coding?.[0]?.code, 'system-signature-required');
    }
  });

  for (const element of MISSING) {
    it(`a signed CDA without ${element}: 400 required at /ClinicalDocument/${element}`, async () => {
      const issues = await refused(
        signedAfter((xml) => withoutHeaderNode(xml, element)),
        400,
      );
      const hit = issues.find((i) => i.details?.coding?.[0]?.code === 'required');
      assert.ok(hit, issues.map((i) => i.diagnostics).join('\n'));
      assert.deepEqual(hit.expression, [`/ClinicalDocument/${element}`]);
      assert.match(hit.diagnostics!, new RegExp(`element ${element} is missing`));
    });
  }

  it('a code outside its code set in the signed header: 400 code-unknown naming the set, the code and the XPath', async () => {
    const issues = await refused(payload({ serviceTask: '99' }), 400);
    const hit = issues.find((i) => i.details?.coding?.[0]?.code === 'code-unknown');
    assert.ok(hit, issues.map((i) => i.diagnostics).join('\n'));
    assert.match(hit.expression![0]!, /^\/ClinicalDocument\/documentationOf\/serviceEvent\/code/);
    assert.match(hit.diagnostics!, /code '99' is not in code set service-tasks/);
  });

  it("a provisional code claimed under the national OID: 400 provisional-code-system; under arkki's system it is archived and served so", async () => {
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

  it('reports every problem of a signed header in one answer', async () => {
    const issues = await refused(
      signedAfter((xml) => withoutHeaderNode(withoutHeaderNode(xml, 'title'), 'languageCode')),
      400,
    );
    const rules = issues.map((i) => `${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`);
    assert.ok(rules.includes('required /ClinicalDocument/title'), rules.join('\n'));
    assert.ok(rules.includes('required /ClinicalDocument/languageCode'), rules.join('\n'));
  });

  it('a malformed OID in the signed header: 400 oid saying what is wrong, at its XPath', async () => {
    const issues = await refused(
      signedAfter((xml) => xml.replace(/(<setId root=")[^"]+/, '$11.2.x')),
      400,
    );
    const hit = issues.find((i) => i.details?.coding?.[0]?.code === 'oid');
    assert.ok(hit, issues.map((i) => `${i.expression} ${i.diagnostics}`).join('\n'));
    assert.deepEqual(hit.expression, ['/ClinicalDocument/setId/@root']);
    assert.match(hit.diagnostics!, /OID 1\.2\.x contains 'x'/);
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

  it('a signed CDA sent under a content type that is not CDA: 415 media-type; a phase I body that is not a PDF: 400', async () => {
    const r = payload();
    attachment(r).contentType = 'application/pdf';
    const issues = await refused(r, 415);
    assert.ok(find(issues, 'media-type', 'body.contentType'), issues.map((i) => i.diagnostics).join('\n'));
    const notPdf = await refused(payload({}, { contentType: 'application/pdf', data: Buffer.from('plain text') }), 400);
    assert.ok(
      notPdf.some((i) => i.expression?.[0]?.startsWith('/ClinicalDocument/component/nonXMLBody')),
      notPdf.map((i) => i.diagnostics).join('\n'),
    );
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
    const small = await cdaArchive(await openPglite(), pki, { maxBodyBytes: 64 * 1024 });
    const smallApp = small.app;
    try {
      const client = fhirClient(smallApp, 'system-vaasa');
      const smallCase = await prepareClient(small);
      const big = { contentType: 'application/pdf', data: Buffer.concat([pdf().data, Buffer.alloc(64 * 1024, 32)]) };
      const res = await client.post(
        'DocumentReference',
        signedDocumentReference(pki, clientDocument(smallCase), small.ctx.codeSets, { body: big }),
      );
      assert.equal(res.status, 413, issueLines(res.body).join('\n'));
      assert.equal((res.body.issue as Issue[])[0]!.details?.coding?.[0]?.code, 'max-size');
      const huge = { contentType: 'application/pdf', data: Buffer.concat([pdf().data, Buffer.alloc(2 * 1024 * 1024, 32)]) };
      const res2 = await client.post(
        'DocumentReference',
        signedDocumentReference(pki, clientDocument(smallCase), small.ctx.codeSets, { body: huge }),
      );
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
