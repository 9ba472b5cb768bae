import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorCode } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  pdf,
  prepareClient,
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { countRows, freshHetu, logLine, rejection, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import { sha256Hex } from '../domain/body.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { storeDocuments, type Submission } from './store-documents.ts';

// A refused submission tells the sender which field broke which rule, and writes NOTHING of the client: no
// document, body, locator, event, usage-log row, clienthood, case or person — only its refusal row (the
// organisation's follow-up: who sent what kind of document when and which rule it broke, no client data).

const MAX_BODY = 64 * 1024; // above the placeholder PDF/A (its embedded font subset is some 20 kB)
const NOT_REGISTER_KEEPER = '1.2.246.10.9990001.10.100'; // a service area of the county, not a register keeper
const CLOSED_UNIT = '1.2.246.10.9990004.10.101'; // valid until 2022-12-31
const CLOSED_CITY = '1.2.246.10.9990004.10.1';

interface Case {
  name: string;
  build: (doc: (o?: Partial<DocumentMetadata>) => DocumentMetadata) => Submission;
  code: ErrorCode;
  field: string;
  rule: string;
  message?: RegExp;
  as?: (f: ArchiveFixture) => Identity;
}

const drop = (m: DocumentMetadata, field: keyof DocumentMetadata) => {
  const copy = { ...m };
  delete copy[field];
  return copy as DocumentMetadata;
};
const big = { contentType: 'application/pdf', data: Buffer.concat([pdf().data, Buffer.alloc(MAX_BODY)]) };

const CASES: Case[] = [
  { name: 'title missing', build: (doc) => submission(drop(doc(), 'title')), code: 'required', field: 'title', rule: 'required' },
  {
    name: 'process phase missing',
    build: (doc) => submission(drop(doc(), 'processPhase')),
    code: 'required',
    field: 'processPhase',
    rule: 'required',
  },
  {
    name: 'completed missing',
    build: (doc) => submission(drop(doc(), 'completed')),
    code: 'required',
    field: 'completed',
    rule: 'required',
  },
  { name: 'body missing', build: (doc) => ({ metadata: doc() }) as Submission, code: 'required', field: 'body', rule: 'required' },
  {
    name: 'unknown service task',
    build: (doc) => submission(doc({ serviceTask: '77' })),
    code: 'code-unknown',
    field: 'serviceTask',
    rule: 'code-unknown',
    message: /'77'/,
  },
  {
    name: 'unknown social service',
    build: (doc) => submission(doc({ socialServices: ['9999'] })),
    code: 'code-unknown',
    field: 'socialServices[0]',
    rule: 'code-unknown',
    message: /'9999'/,
  },
  {
    name: 'unknown process phase',
    build: (doc) => submission(doc({ processPhase: 'jälkihoito' })),
    code: 'code-unknown',
    field: 'processPhase',
    rule: 'code-unknown',
  },
  {
    name: 'unknown document type',
    build: (doc) => submission(doc({ documentType: '424242' })),
    code: 'code-unknown',
    field: 'documentType',
    rule: 'code-unknown',
  },
  {
    name: 'henkilötunnus with a wrong check character',
    build: (doc) => submission(doc({ client: { kind: 'hetu', value: '010515A901X' } })),
    code: 'invalid',
    field: 'client',
    rule: 'client-id',
    message: /wrong check character \(expected [0-9A-Y]\)/,
  },
  {
    name: 'malformed document id',
    build: (doc) => submission(doc({ documentId: '1.2.246.abc' })),
    code: 'invalid',
    field: 'documentId',
    rule: 'oid',
    message: /1\.2\.246\.abc/,
  },
  {
    name: 'malformed case id',
    build: (doc) => submission(doc({ case: { id: '1.2..3', name: 'Asia' } })),
    code: 'invalid',
    field: 'case.id',
    rule: 'oid',
  },
  {
    name: 'text sent as a PDF document',
    build: (doc) => submission(doc(), { contentType: 'text/plain', data: Buffer.from('hei') }),
    code: 'unsupported-media-type',
    field: 'body.contentType',
    rule: 'media-type',
  },
  {
    name: 'body changed in transit',
    build: (doc) => ({ ...submission(doc()), declared: { sha256: sha256Hex(Buffer.from('alkuperäinen')) } }),
    code: 'invalid',
    field: 'body.sha256',
    rule: 'hash-mismatch',
  },
  {
    name: 'body cut in transit',
    build: (doc) => ({ ...submission(doc()), declared: { size: pdf().data.length + 100 } }),
    code: 'invalid',
    field: 'body.size',
    rule: 'size-mismatch',
  },
  {
    name: 'body over the size limit',
    build: (doc) => submission(doc(), big),
    code: 'too-large',
    field: 'body',
    rule: 'max-size',
    message: new RegExp(`limit is ${MAX_BODY} bytes`),
  },
  {
    name: 'service unit not in the organisation register',
    build: (doc) => submission(doc({ serviceUnit: '1.2.246.10.9990001.10.999' })),
    code: 'invalid',
    field: 'serviceUnit',
    rule: 'organisation-unknown',
    message: /not in the organisation register/,
  },
  {
    name: 'service provider not in the organisation register',
    build: (doc) => submission(doc({ serviceProvider: '1.2.246.10.9990009.10.1' })),
    code: 'invalid',
    field: 'serviceProvider',
    rule: 'organisation-unknown',
  },
  {
    name: 'service unit closed before the completion date',
    build: (doc) => submission(doc({ serviceUnit: CLOSED_UNIT })),
    code: 'invalid',
    field: 'serviceUnit',
    rule: 'organisation-inactive',
    message: /not valid on 2026-11-10/,
  },
  {
    name: 'service provider closed before the completion date',
    build: (doc) => submission(doc({ serviceProvider: CLOSED_CITY })),
    code: 'invalid',
    field: 'serviceProvider',
    rule: 'organisation-inactive',
  },
  {
    name: 'an organisation named as the service unit',
    build: (doc) => submission(doc({ serviceUnit: RK })),
    code: 'invalid',
    field: 'serviceUnit',
    rule: 'not-service-unit',
  },
  {
    name: 'register keeper that keeps no register',
    build: (doc) => submission(doc({ registerKeeper: NOT_REGISTER_KEEPER })),
    code: 'invalid',
    field: 'registerKeeper',
    rule: 'not-register-keeper',
    message: /is not a register keeper/,
    as: (f) => ({ ...f.users['system-vaasa']!, organisationOid: NOT_REGISTER_KEEPER, registerKeeperOid: NOT_REGISTER_KEEPER }),
  },
];

for (const database of testDatabases()) {
  describe(`refused submissions on ${database.name}`, () => {
    let f: ArchiveFixture;
    let doc: (o?: Partial<DocumentMetadata>) => DocumentMetadata;
    let hetu: string;
    before(async () => {
      f = await archiveFixture(await database.open(), { maxBodyBytes: MAX_BODY });
      hetu = freshHetu();
      const caseId = await prepareClient(f, { hetu });
      doc = (o = {}) => clientDocument(caseId, { client: { kind: 'hetu', value: hetu }, ...o });
    });
    after(() => f.db.close());

    const refusalRows = async () =>
      (
        await f.db.query<{ issues: unknown; document_id: string | null; sender_user_id: string }>(
          'SELECT * FROM ingest_refusal ORDER BY id',
        )
      ).rows;
    for (const c of CASES) {
      it(`${c.name}: ${c.code} naming ${c.field}, nothing written but its refusal row`, async () => {
        const before = await countRows(f.db);
        const refusalsBefore = (await refusalRows()).length;
        const identity = c.as?.(f) ?? f.users['system-vaasa']!;
        const err = rejection((await storeDocuments(f.deps, identity, [c.build(doc)]))[0]);
        assert.equal(err.code, c.code, err.message);
        const hit = err.issues.find((i) => i.field === c.field && i.rule === c.rule);
        assert.ok(hit, `no issue ${c.field} ${c.rule} in: ${JSON.stringify(err.issues)}`);
        if (c.message) assert.match(hit.message, c.message);
        assert.deepEqual(await countRows(f.db), before);
        const added = (await refusalRows()).slice(refusalsBefore);
        assert.equal(added.length, 1, 'one refusal row');
        assert.equal(added[0]!.sender_user_id, identity.userId);
        const issues = typeof added[0]!.issues === 'string' ? JSON.parse(added[0]!.issues) : added[0]!.issues;
        assert.ok(
          (issues as Array<{ field: string; rule: string }>).some((i) => i.rule === c.rule),
          JSON.stringify(issues),
        );
        const text = JSON.stringify(added[0]);
        for (const secret of [hetu, '010515A901X', 'hei', 'Asia']) assert.ok(!text.includes(secret), `no ${secret} in ${text}`);
      });
    }

    // Organisation validity dates are Finnish calendar days: 00:45 in Helsinki on 1 Jan 2023 is still 31 Dec in UTC.
    const newYear2023 = { created: '2023-01-01T00:30:00+02:00', completed: '2023-01-01T00:45:00+02:00' };
    it('a document completed just after midnight on the day its register keeper and unit began is accepted', async () => {
      const [r] = await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(doc(newYear2023), pdf('uusi vuosi'))]);
      assert.equal(r!.outcome, 'created', r!.outcome === 'rejected' ? r!.error.message : '');
    });

    it('a document completed just after midnight on the day after its unit closed is refused for the unit only', async () => {
      const err = rejection(
        (await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(doc({ ...newYear2023, serviceUnit: CLOSED_UNIT }))]))[0],
      );
      assert.deepEqual(
        err.issues.map((i) => `${i.field} ${i.rule}`),
        ['serviceUnit organisation-inactive'],
      );
      assert.match(err.message, /not valid on 2023-01-01/);
    });

    it('a refused item in a batch leaves its valid neighbours stored and itself absent', async () => {
      const before = await countRows(f.db);
      const good = doc();
      const bad = doc({ serviceTask: '77' });
      const results = await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(bad), submission(good, pdf(good.documentId))]);
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['rejected', 'created'],
      );
      const afterwards = await countRows(f.db);
      assert.deepEqual(
        {
          document: afterwards.document - before.document,
          body: afterwards.document_body - before.document_body,
          log: afterwards.usage_log - before.usage_log,
        },
        { document: 1, body: 1, log: 1 },
      );
      const ids = (
        await f.db.query<{ document_id: string }>('SELECT document_id FROM document_locator WHERE document_id = ANY($1)', [
          [good.documentId, bad.documentId],
        ])
      ).rows;
      assert.deepEqual(
        ids.map((r) => r.document_id),
        [good.documentId],
      );
    });

    it('a write outside the role is forbidden: no document, one denied usage-log row', async () => {
      const worker = f.users['sw-vaasa-ls']!;
      const m = doc({ serviceTask: '20', socialServices: [] });
      const before = await countRows(f.db);
      const mark = await usageMark(f.db);
      const err = rejection((await storeDocuments(f.deps, worker, [submission(m)]))[0]);
      assert.equal(err.code, 'forbidden');
      assert.equal(err.issues[0]!.rule, 'service-task-not-in-role');
      assert.deepEqual({ ...(await countRows(f.db)), usage_log: before.usage_log }, before);
      assert.deepEqual((await usageSince(f.db, mark)).map(logLine), [
        {
          userId: worker.userId,
          role: 'social-worker',
          action: 'create',
          clientKey: m.client.kind === 'hetu' ? m.client.value : '',
          outcome: 'denied',
          rule: 'service-task-not-in-role',
          documentIds: [m.documentId],
        },
      ]);
    });

    it('a write into another register keeper’s register is forbidden with rule other-register-keeper', async () => {
      const m = doc();
      const before = await countRows(f.db);
      const err = rejection((await storeDocuments(f.deps, f.users['sw-eksote-ls']!, [submission(m)]))[0]);
      assert.equal(err.code, 'forbidden');
      assert.equal(err.issues[0]!.rule, 'other-register-keeper');
      const afterwards = await countRows(f.db);
      assert.equal(afterwards.document, before.document);
      assert.equal(afterwards.usage_log, before.usage_log + 1);
    });
  });
}
