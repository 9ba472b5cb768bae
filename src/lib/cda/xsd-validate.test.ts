// CDA R2 XSD validation with xmllint-wasm: generated documents of every national structure are valid;
// broken documents are refused with the line of the fault.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { clientDocument, pdf } from '../../../test/support/metadata-fixtures.ts';
import { loadStructureRegistry } from '../structures/registry.ts';
import { sampleContent } from '../structures/sample-content.ts';
import { repositoryCodeSets } from '../structures/test-code-sets.ts';
import { generateCda } from './cda-header.ts';
import { parseCda } from './cda-parse.ts';
import { validateCdaXsd, validateCdaXsdMany, type XsdResult } from './xsd-validate.ts';

const codeSets = repositoryCodeSets();
const registry = await loadStructureRegistry();
const CASE = '1.2.246.10.9990001.98.3.1';
const base = generateCda(clientDocument(CASE), { kind: 'pdf', data: pdf().data }, { codeSets });
const lineOf = (xml: string, needle: string) => xml.slice(0, xml.indexOf(needle)).split('\n').length;

describe('every national structure: sample content → CDA is XSD-valid and parses back', () => {
  const definitions = registry.all();
  const xmls = definitions.map((d) => {
    const content = sampleContent(d, { seed: 7, codeSets });
    const metadata = clientDocument(CASE, { documentType: d.code, title: d.name.fi, format: 'structured' });
    return { d, content, xml: generateCda(metadata, { kind: 'structured', content, definition: d }, { codeSets, structureOid: d.oid }) };
  });
  // One xmllint run for all: starting xmllint-wasm and compiling the schema costs ~0.1 s per run.
  let results: XsdResult[] = [];
  before(async () => {
    const started = performance.now();
    results = await validateCdaXsdMany(xmls.map((x) => x.xml));
    // Measured ~0.3 s for all 202; the bound only catches a regression to per-document runs.
    const ms = performance.now() - started;
    assert.ok(ms < 20_000, `XSD validation of ${xmls.length} documents took ${ms} ms`);
  });

  test('data/structures holds all 202 structures', () => assert.equal(definitions.length, 202));

  xmls.forEach(({ d, content, xml }, i) => {
    test(`${d.oid} ${d.name.fi}`, () => {
      assert.deepEqual(results[i]!.issues, []);
      const parsed = parseCda(xml);
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
      assert.equal(parsed.cda.structureOid, d.oid);
      assert.ok(parsed.cda.body.kind === 'structured');
      assert.deepEqual(parsed.cda.body.content, content);
    });
  });
});

describe('broken documents are refused with line numbers', () => {
  test('a valid document passes', async () => {
    assert.deepEqual(await validateCdaXsd(base), { valid: true, issues: [] });
  });

  test('missing required element (custodian)', async () => {
    const broken = base.replace(/ {2}<custodian>[\s\S]*?<\/custodian>\n/, '');
    const r = await validateCdaXsd(broken);
    assert.equal(r.valid, false);
    assert.match(r.issues[0]!.message, /custodian/);
    assert.equal(r.issues[0]!.line, lineOf(broken, '<documentationOf>'));
  });

  test('wrong namespace', async () => {
    const r = await validateCdaXsd(base.replace('xmlns="urn:hl7-org:v3"', 'xmlns="urn:hl7-org:v2"'));
    assert.equal(r.valid, false);
    assert.equal(r.issues[0]!.line, 2);
    assert.match(r.issues[0]!.message, /No matching global declaration/);
  });

  test('elements in the wrong order (title after effectiveTime)', async () => {
    const title = /\n {2}<title>.*<\/title>/.exec(base)![0];
    const broken = base.replace(title, '').replace(/(\n {2}<effectiveTime [^>]*\/>)/, `$1${title}`);
    const r = await validateCdaXsd(broken);
    assert.equal(r.valid, false);
    assert.equal(r.issues[0]!.line, lineOf(broken, '<title>'));
    assert.match(r.issues[0]!.message, /title.*not expected/);
  });

  test('a misspelt element names the expected ones', async () => {
    const broken = base.replace('<setId ', '<setID ');
    const r = await validateCdaXsd(broken);
    assert.equal(r.issues[0]!.line, lineOf(broken, '<setID'));
    assert.match(r.issues[0]!.message, /Expected is/);
  });

  test('in a batch, only the broken document fails', async () => {
    const results = await validateCdaXsdMany([base, base.replace('<setId ', '<setID '), base]);
    assert.deepEqual(
      results.map((r) => r.valid),
      [true, false, true],
    );
  });

  test('a large batch is split over the xmllint workers and still answered per document, in order', async () => {
    const broken = new Set([4, 99, 149]);
    const xmls = Array.from({ length: 150 }, (_, i) => (broken.has(i) ? base.replace('<setId ', '<setID ') : base));
    const results = await validateCdaXsdMany(xmls);
    assert.deepEqual(
      results.flatMap((r, i) => (r.valid ? [] : [i])),
      [...broken],
    );
    for (const i of broken) assert.match(results[i]!.issues[0]!.message, /setID/);
  });
});
