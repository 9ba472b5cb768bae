// Issue 12 item 5: structured (phase 2) content is validated at ingest against its national structure
// definition — mandatory elements, code values, repeats, types — and must name the document's own client.
// Refusals name the element by its content path; nothing of a refused document is stored.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { testDatabases } from '../../../test/support/databases.ts';
import { clientDocument, NOW, prepareClient, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';
import { freshHetu } from '../../../test/support/archive-rows.ts';
import { createPkiFixture, type PkiFixture } from '../../../test/support/pki.ts';
import { cdaArchive, cdaOnlyDocumentReference, signedCda } from '../../../test/support/signed-cda.ts';
import { fhirClient } from '../../../test/support/fhir-client.ts';
import { ArkkiError } from '../../lib/errors.ts';
import { loadStructureRegistry } from '../../lib/structures/registry.ts';
import { sampleContent } from '../../lib/structures/sample-content.ts';
import { ingestCda } from './ingest-cda.ts';

const registry = await loadStructureRegistry();
const decision = registry.latest('11000')!; // Iäkkäiden palvelupäätös
const root = decision.rootKey;

type Content = Record<string, Record<string, unknown>>;
/** The client group of this structure is repeatable: its first (and only) entry. */
const clientOf = (c: Content) => (c[root]!.asiakas as Array<Record<string, unknown>>)[0]!;

for (const database of testDatabases()) {
  describe(`structured content validated at ingest on ${database.name}`, () => {
    let pki: PkiFixture;
    let f: ArchiveFixture & { app: Awaited<ReturnType<typeof cdaArchive>>['app'] };
    let hetu: string;
    let caseId: string;

    before(async () => {
      pki = await createPkiFixture(NOW);
      f = await cdaArchive(await database.open(), pki);
      hetu = freshHetu();
      caseId = await prepareClient(f, { hetu });
    });

    const content = (seed: number): Content =>
      sampleContent(decision, { seed, codeSets: f.deps.codeSets, client: { hetu, familyName: 'Testinen', givenNames: 'Aino' } }) as Content;
    const xmlOf = (c: unknown) =>
      signedCda(
        pki,
        clientDocument(caseId, { client: { kind: 'hetu', value: hetu }, documentType: decision.code, title: decision.name.fi }),
        f.deps.codeSets,
        {
          body: { kind: 'structured', content: c, definition: decision },
          structureOid: decision.oid,
        },
      );
    const documents = async () => (await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM document')).rows[0]!.n;

    async function refusal(c: unknown): Promise<ArkkiError> {
      const before = await documents();
      const err = await ingestCda(f.deps, f.users['system-vaasa']!, { data: Buffer.from(xmlOf(c)) }).then(
        () => assert.fail('the document was archived'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ArkkiError, String(err));
      assert.equal(await documents(), before, 'nothing of a refused document is stored');
      return err;
    }

    test('content that follows its structure and names the client is archived', async () => {
      const { created } = await ingestCda(f.deps, f.users['system-vaasa']!, { data: Buffer.from(xmlOf(content(1))) });
      assert.equal(created, true);
    });

    test('a missing mandatory element is refused at its content path', async () => {
      const c = content(2);
      delete clientOf(c).sukunimi;
      const err = await refusal(c);
      const hit = err.issues.find((i) => i.field === `content.${root}.asiakas[0].sukunimi`);
      assert.equal(hit?.rule, 'required', JSON.stringify(err.issues));
    });

    test('a wrong type, a list for a single value and an unknown element are refused by path', async () => {
      const c = content(3);
      const client = clientOf(c);
      client.sukunimi = 42;
      client.etunimet = ['Aino', 'Eino'];
      c[root]!.lisatieto_jota_ei_ole = 'x';
      const rules = (await refusal(c)).issues.map((i) => `${i.field} ${i.rule}`);
      assert.ok(rules.includes(`content.${root}.asiakas[0].sukunimi type`), rules.join('\n'));
      assert.ok(rules.includes(`content.${root}.asiakas[0].etunimet cardinality`), rules.join('\n'));
      assert.ok(rules.includes(`content.${root}.lisatieto_jota_ei_ole unknown-field`), rules.join('\n'));
    });

    test('a code value outside its code set is refused', async () => {
      const c = content(4);
      // the social service of the decision is coded in the national social services (1.2.246.537.6.1222)
      const json = JSON.stringify(c).replace(
        /("sosiaalipalvelu":\{"system":"[^"]+","code":")[^"]+(")/,
        (_m, a: string, b: string) => `${a}999${b}`,
      );
      assert.ok(json.includes('"code":"999"'), 'the sample has a social service');
      const err = await refusal(JSON.parse(json));
      const hit = err.issues.find((i) => /\.sosiaalipalvelu(\[\d+\])?(\.code)?$/.test(i.field));
      assert.match(hit?.rule ?? '', /code/, JSON.stringify(err.issues));
    });

    test('content naming another person as its client is refused, naming both; over FHIR as an OperationOutcome', async () => {
      const c = content(5);
      clientOf(c).henkilotunnus = { system: 'urn:oid:1.2.246.21', value: '020516C903K' };
      const err = await refusal(c);
      const hit = err.issues.find((i) => i.rule === 'content-client');
      assert.equal(hit?.field, `content.${root}.asiakas[0].henkilotunnus`);
      assert.match(hit!.message, new RegExp(`020516C903K.*${hetu}`));

      const res = await fhirClient(f.app, 'system-vaasa').post('DocumentReference', cdaOnlyDocumentReference(xmlOf(c)));
      assert.equal(res.status, 400);
      const body = res.body as {
        resourceType: string;
        issue: Array<{ diagnostics?: string; details?: { coding?: Array<{ code: string }> } }>;
      };
      assert.equal(body.resourceType, 'OperationOutcome');
      const issue = body.issue.find((i) => i.details?.coding?.[0]?.code === 'content-client');
      assert.match(issue?.diagnostics ?? '', new RegExp(`^content\\.${root}\\.asiakas\\[0\\]\\.henkilotunnus`));
    });
  });
}
