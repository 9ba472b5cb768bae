// The client data summary uses structured fields where present: a phase 2 document (a signed CDA with a
// structured body, or a structured JSON body) gets its key fields stored at ingest, in the same
// transaction, and the summary shows them on the document's line; a PDF document has none.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { testDatabases } from '../../../test/support/databases.ts';
import { clientDocument, NOW, prepareClient, submission, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu } from '../../../test/support/archive-rows.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, signedCda } from '../../../test/support/signed-cda.ts';
import { loadStructureRegistry } from '../../lib/structures/registry.ts';
import { sampleContent } from '../../lib/structures/sample-content.ts';
import { extractSummaryFields, type SummaryField } from '../domain/summary-fields.ts';
import { ingestCda } from './ingest-cda.ts';
import { storeDocuments } from './store-documents.ts';
import { summariseClient } from './summarise-client.ts';

const registry = await loadStructureRegistry();
const decision = registry.latest('11000')!; // Iäkkäiden palvelupäätös: nationwide fields (outcome, dates, service)
const summaryDoc = registry.latest('1001')!; // Kasvatus- ja perheneuvonnan yhteenveto

for (const database of testDatabases()) {
  describe(`structured fields in the client summary on ${database.name}`, () => {
    let pki: PkiFixture;
    let f: ArchiveFixture;
    let hetu: string;
    let caseId: string;

    before(async () => {
      pki = await createPkiFixture(NOW);
      f = await cdaArchive(await database.open(), pki);
      hetu = freshHetu();
      caseId = await prepareClient(f, { hetu });
    });

    async function storedFields(documentId: string): Promise<{ structure_oid: string; fields: SummaryField[] } | undefined> {
      const r = await f.db.query<{ structure_oid: string; fields: SummaryField[] | string }>(
        'SELECT structure_oid, fields FROM document_structured_fields WHERE document_id = $1',
        [documentId],
      );
      const row = r.rows[0];
      return row && { structure_oid: row.structure_oid, fields: typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields };
    }

    const summaryLine = async (documentId: string) => {
      const s = await summariseClient(f.deps, f.users['archivist-vaasa']!, hetu);
      return s.serviceTasks.flatMap((t) => t.phases.flatMap((p) => p.latest)).find((d) => d.documentId === documentId);
    };

    test('a signed CDA with a structured body: key fields stored at ingest and shown in the summary', async () => {
      const content = sampleContent(decision, { seed: 5, codeSets: f.deps.codeSets, client: { hetu } });
      const metadata = clientDocument(caseId, {
        client: { kind: 'hetu', value: hetu },
        documentType: decision.code,
        title: decision.name.fi,
        completed: '2026-11-11T10:00:00+02:00',
      });
      const xml = signedCda(pki, metadata, f.deps.codeSets, {
        body: { kind: 'structured', content, definition: decision },
        structureOid: decision.oid,
      });
      const { document } = await ingestCda(f.deps, f.users['system-vaasa']!, { data: Buffer.from(xml) });
      const expected = extractSummaryFields(decision, content, f.deps.codeSets);
      assert.ok(
        expected.some((x) => x.path.endsWith('.ratkaisun_laji')),
        'the decision outcome is a key field',
      );
      assert.deepEqual(await storedFields(document.documentId), { structure_oid: decision.oid, fields: expected });
      assert.deepEqual((await summaryLine(document.documentId))?.fields, expected);
    });

    test('a structured JSON body: the structure in force on completion decides the fields', async () => {
      const content = sampleContent(summaryDoc, { seed: 6, codeSets: f.deps.codeSets, client: { hetu } });
      const metadata = clientDocument(caseId, {
        client: { kind: 'hetu', value: hetu },
        documentType: summaryDoc.code,
        format: 'structured',
        completed: '2026-11-12T10:00:00+02:00',
      });
      const [result] = await storeDocuments(f.deps, f.users['system-vaasa']!, [
        submission(metadata, { contentType: 'application/json', data: Buffer.from(JSON.stringify(content)) }),
      ]);
      const doc = accepted(result!);
      const stored = await storedFields(doc.documentId);
      assert.equal(stored?.structure_oid, summaryDoc.oid);
      assert.deepEqual(stored?.fields, extractSummaryFields(summaryDoc, content, f.deps.codeSets));
      const line = await summaryLine(doc.documentId);
      assert.ok(
        line?.fields?.some((x) => x.label.fi === 'Palvelutehtävä'),
        JSON.stringify(line?.fields),
      );
    });

    test('a PDF document has no key fields and its summary line none', async () => {
      const metadata = clientDocument(caseId, { client: { kind: 'hetu', value: hetu }, completed: '2026-11-13T10:00:00+02:00' });
      const [result] = await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(metadata)]);
      const doc = accepted(result!);
      assert.equal(await storedFields(doc.documentId), undefined);
      const line = await summaryLine(doc.documentId);
      assert.ok(line, 'the PDF document is on the summary');
      assert.equal(line.fields, undefined);
    });
  });
}
