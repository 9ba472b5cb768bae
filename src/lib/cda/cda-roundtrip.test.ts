// generate → parse gives back the same metadata and body, for the kinds of documents the archive takes:
// client documents (PDF and structured), a temporary client id, a new version replacing the previous one,
// clienthood and case documents; and the generated documents meet the national header rules.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CodeSets } from '../codes/code-sets.ts';
import { readRetentionRules } from '../metadata/retention-file.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../codes/code-set-files.ts';
import { caseDocument, clientDocument, clienthoodDocument, newOid, NOW, pdf } from '../../../test/support/metadata-fixtures.ts';
import { generateCda, type CdaBody } from './cda-header.ts';
import { parseCda } from './cda-parse.ts';
import type { DocumentMetadata } from './cda-types.ts';
import { checkNationalHeader, type HeaderRules } from './national-header-rules.ts';
import { validateCdaXsdMany } from './xsd-validate.ts';

let rules: HeaderRules;
before(async () => {
  rules = { codeSets: CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR)), retention: await readRetentionRules(), now: NOW };
});

const CASE = '1.2.246.10.9990001.98.3.1';
const TEMP_ISSUER = '1.2.246.10.23319727.22.2024';

function cases(): [string, DocumentMetadata][] {
  const v1 = clientDocument(CASE);
  return [
    ['client document (henkilötunnus)', v1],
    ['temporary client id', clientDocument(CASE, { client: { kind: 'temporary', issuerOid: TEMP_ISSUER, value: '010190-900P' } })],
    [
      'new version replacing the first',
      { ...v1, documentId: newOid(1), version: 2, replaces: v1.documentId, title: 'Korjattu yhteenveto' },
    ],
    [
      'several social services, Swedish, UTC times',
      clientDocument(CASE, {
        socialServices: ['94', '2'],
        language: 'sv',
        created: '2026-11-10T07:00:00Z',
        completed: '2026-11-10T08:30:00.250Z',
      }),
    ],
    ['citizen sees it later', clientDocument(CASE, { citizenVisible: { visible: true, from: '2027-01-01' } })],
    [
      'notification without a case',
      (() => {
        const { case: _c, ...m } = clientDocument(CASE, { register: 'notification' });
        return m;
      })(),
    ],
    ['social-welfare clienthood', clienthoodDocument('social-welfare')],
    [
      'service-unit clienthood, ended',
      clienthoodDocument('service-unit', {
        clienthood: {
          level: 'service-unit',
          serviceTask: '10',
          serviceUnit: '1.2.246.10.9990001.10.101',
          start: '2026-01-01',
          end: '2026-06-30',
        },
      }),
    ],
    ['case document, closed', caseDocument(CASE, { caseRecord: { opened: '2026-02-01', closed: '2026-10-01' } })],
    [
      'names and text with markup characters',
      clientDocument(CASE, {
        title: 'Päätös <liite> & "muistio"',
        author: { name: 'Åsa Öhman', professionalId: 'DEMO-1002', role: 'sosiaaliohjaaja' },
      }),
    ],
  ];
}

describe('CDA round trip: generate → parse gives the same metadata', () => {
  for (const [name, metadata] of cases()) {
    test(name, () => {
      const xml = generateCda(metadata, { kind: 'pdf', data: pdf().data }, { codeSets: rules.codeSets });
      const parsed = parseCda(xml);
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
      assert.deepEqual(parsed.cda.metadata, metadata);
      assert.deepEqual(checkNationalHeader(parsed.cda, rules), []);
    });
  }
});

test('every round-trip document is XSD-valid', async () => {
  const xmls = cases().map(([, m]) => generateCda(m, { kind: 'pdf', data: pdf().data }, { codeSets: rules.codeSets }));
  const results = await validateCdaXsdMany(xmls);
  results.forEach((r, i) => assert.deepEqual(r.issues, [], cases()[i]![0]));
});

describe('bodies', () => {
  test('PDF (phase I) comes back byte for byte', () => {
    const body = pdf('Päätös – äöå');
    const parsed = parseCda(generateCda(clientDocument(CASE), { kind: 'pdf', data: body.data }, { codeSets: rules.codeSets }));
    assert.ok(parsed.ok);
    assert.equal(parsed.cda.body.kind, 'pdf');
    assert.ok(parsed.cda.body.kind === 'pdf' && parsed.cda.body.data.equals(body.data));
  });

  test('structured (phase 2) content comes back equal, with a narrative', () => {
    const content = {
      asiakirja: { teksti: 'Äiti & lapsi <3', lista: [{ a: 1 }, { a: 2 }], koodi: { system: 'urn:oid:1.2', code: '3', display: 'Kolme' } },
    };
    const body: CdaBody = { kind: 'structured', content };
    const parsed = parseCda(generateCda(clientDocument(CASE, { format: 'structured' }), body, { codeSets: rules.codeSets }));
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
    assert.ok(parsed.cda.body.kind === 'structured');
    assert.deepEqual(parsed.cda.body.content, content);
    assert.match(parsed.cda.body.narrative, /Äiti &amp; lapsi &lt;3/);
    assert.match(parsed.cda.body.narrative, /<caption>koodi<\/caption>\s*<content>Kolme<\/content>/);
  });

  test('the same input gives the same document (stable for hashing and signing)', () => {
    const m = clientDocument(CASE);
    const body: CdaBody = { kind: 'structured', content: { a: { b: 'c' } } };
    assert.equal(generateCda(m, body, { codeSets: rules.codeSets }), generateCda(m, body, { codeSets: rules.codeSets }));
  });
});
