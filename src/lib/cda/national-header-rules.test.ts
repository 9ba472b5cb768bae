// Header problems of incoming CDA are named by XPath: structural ones by the parser, national rules
// (codes, OIDs, henkilötunnus check, kind-specific records) by checkNationalHeader.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { readRetentionRules } from '../metadata/retention-file.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../codes/code-set-files.ts';
import { clientDocument, NOW, pdf } from '../../../test/support/metadata-fixtures.ts';
import { CodeSets } from '../codes/code-sets.ts';
import type { Issue } from '../errors.ts';
import { generateCda } from './cda-header.ts';
import { parseCda } from './cda-parse.ts';
import type { DocumentMetadata } from './cda-types.ts';
import { checkNationalHeader, type HeaderRules } from './national-header-rules.ts';

let rules: HeaderRules;
before(async () => {
  rules = { codeSets: CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR)), retention: await readRetentionRules(), now: NOW };
});

const CASE = '1.2.246.10.9990001.98.3.1';
const cda = (m: Partial<DocumentMetadata> = {}, structureOid?: string) =>
  generateCda(
    clientDocument(CASE, m),
    { kind: 'pdf', data: pdf().data },
    { codeSets: rules.codeSets, ...(structureOid ? { structureOid } : {}) },
  );

/** Issues of parsing, or else of the national rules. */
function problems(xml: string): Issue[] {
  const parsed = parseCda(xml);
  return parsed.ok ? checkNationalHeader(parsed.cda, rules) : parsed.issues;
}
const at = (issues: Issue[], field: string) => issues.filter((i) => i.field === field);

describe('national header rules', () => {
  test('a generated document meets them', () => assert.deepEqual(problems(cda()), []));

  test('henkilötunnus with a wrong check character', () => {
    const issues = problems(cda().replace('extension="010516A901V"', 'extension="010516A901W"'));
    const [i] = at(issues, '/ClinicalDocument/recordTarget/patientRole/id/@extension');
    assert.match(i!.message, /check character/);
    assert.equal(issues.length, 1);
  });

  test("temporary id: the issuer OID is the id's root", () => {
    const issues = problems(cda({ client: { kind: 'temporary', issuerOid: '1.2.246.10.23319728.22.2024', value: '010190-900P' } }));
    assert.match(at(issues, '/ClinicalDocument/recordTarget/patientRole/id/@root')[0]!.message, /issuer/);
  });

  test('codes outside their code sets', () => {
    const issues = problems(cda({ serviceTask: '99', socialServices: ['94', '9999'], processPhase: 'pohdinta' }));
    assert.equal(
      at(
        issues,
        "/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='1.2.246.537.6.1221' or @codeSystem='2.999.27551.4.1221']/@code",
      )[0]!.rule,
      'code-unknown',
    );
    assert.equal(
      at(
        issues,
        "(/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='1.2.246.537.6.1222' or @codeSystem='2.999.27551.4.1222'])[2]/@code",
      )[0]!.rule,
      'code-unknown',
    );
    assert.equal(
      at(issues, "/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='2.999.27551.3.1']/@code")[0]!.rule,
      'code-unknown',
    );
  });

  test('invalid OIDs of organisations and the case', () => {
    const issues = problems(cda({ registerKeeper: '1.2.246.010', serviceUnit: '3.1', case: { id: 'abc', name: 'Asia' } }));
    assert.ok(at(issues, '/ClinicalDocument/custodian/assignedCustodian/representedCustodianOrganization/id/@root').length === 1);
    assert.ok(at(issues, '/ClinicalDocument/author/assignedAuthor/representedOrganization/id/@root').length === 1);
    assert.ok(at(issues, '/ClinicalDocument/componentOf/encompassingEncounter/id/@root').length === 1);
  });

  test('document type in the wrong code system, and a structure of another type', () => {
    const xml = cda({}, '1.2.246.537.6.1506.1002.2022.6.28').replace('codeSystem="1.2.246.537.6.1506"', 'codeSystem="1.2.246.537.6.1505"');
    const issues = problems(xml);
    assert.match(at(issues, '/ClinicalDocument/code/@codeSystem')[0]!.message, /belongs to code system 1\.2\.246\.537\.6\.1506/);
    assert.equal(at(issues, '/ClinicalDocument/templateId/@root')[0]!.rule, 'structure');
  });

  test('a public document and an unknown retention rule', () => {
    const issues = problems(cda({ publicity: { class: 'public', basis: '-' }, retentionRule: 'forever' }));
    assert.equal(at(issues, '/ClinicalDocument/confidentialityCode/@code')[0]!.rule, 'secret-by-law');
    assert.equal(
      at(issues, "/ClinicalDocument/documentationOf/serviceEvent[code/@code='retentionRule']/code/originalText")[0]!.rule,
      'code-unknown',
    );
  });
});

describe('structural problems are named by XPath', () => {
  test('missing custodian and an unreadable timestamp', () => {
    const xml = cda()
      .replace(/ {2}<custodian>[\s\S]*?<\/custodian>\n/, '')
      .replace(/<effectiveTime value="[^"]*"/, '<effectiveTime value="2026-11-10"');
    const issues = problems(xml);
    assert.equal(at(issues, '/ClinicalDocument/custodian')[0]!.rule, 'required');
    assert.equal(at(issues, '/ClinicalDocument/effectiveTime/@value')[0]!.rule, 'timestamp');
  });

  test('a missing local header item', () => {
    const xml = cda().replace(/ {2}<documentationOf>\s*<serviceEvent>\s*<code code="retentionRule"[\s\S]*?<\/documentationOf>\n/, '');
    const issues = problems(xml);
    assert.deepEqual(
      issues.map((i) => i.field),
      ["/ClinicalDocument/documentationOf/serviceEvent[code/@code='retentionRule']/code/originalText"],
    );
  });

  test('no service task, two process phases', () => {
    const phase = /\n {2}<documentationOf>\s*<serviceEvent>\s*<code code="arviointi"[\s\S]*?<\/documentationOf>/.exec(cda())![0];
    const xml = cda().replace(/\n {2}<documentationOf>\s*<serviceEvent>\s*<code code="10"[\s\S]*?<\/documentationOf>/, phase);
    const rulesFound = problems(xml).map((i) => `${i.field} ${i.rule}`);
    assert.ok(
      rulesFound.includes(
        "/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='1.2.246.537.6.1221' or @codeSystem='2.999.27551.4.1221'] cardinality",
      ),
    );
    assert.ok(rulesFound.includes("/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='2.999.27551.3.1'] cardinality"));
  });

  test('another root element or namespace', () => {
    assert.equal(problems(cda().replace(/urn:hl7-org:v3/, 'urn:hl7-org:v2'))[0]!.field, '/');
  });

  test('a DTD (XXE) is refused by the safe parser before any mapping', () => {
    const xml = cda().replace('<ClinicalDocument', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<ClinicalDocument');
    const [i] = problems(xml);
    assert.equal(i!.field, 'cda');
    assert.match(i!.message, /DTD|DOCTYPE/i);
  });
});

describe('provisional codes never travel under a national OID (issue 12 item 3)', () => {
  const ST =
    "/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='1.2.246.537.6.1221' or @codeSystem='2.999.27551.4.1221']/@code";

  test("a provisional service task and social service are written under arkki's code systems, national ones under the OID", () => {
    const xml = cda({ serviceTask: 'x-lapsiperheet', socialServices: ['x-perhetyo', '46'] });
    assert.match(xml, /<code code="x-lapsiperheet" codeSystem="2\.999\.27551\.4\.1221"/);
    assert.match(xml, /<code code="x-perhetyo" codeSystem="2\.999\.27551\.4\.1222"/);
    assert.match(xml, /<code code="46" codeSystem="1\.2\.246\.537\.6\.1222"/);
    assert.doesNotMatch(xml, /code="x-[^"]*" codeSystem="1\.2\.246\./);
    assert.deepEqual(problems(xml), []);
    const parsed = parseCda(xml);
    assert.ok(parsed.ok);
    assert.equal(parsed.cda.metadata.serviceTask, 'x-lapsiperheet');
    assert.deepEqual(parsed.cda.metadata.socialServices, ['x-perhetyo', '46']);
  });

  test('a placeholder under the national OID is refused, naming the rule and the place', () => {
    const xml = cda({ serviceTask: 'x-lapsiperheet', socialServices: ['46', 'x-perhetyo'] })
      .replace('codeSystem="2.999.27551.4.1221"', 'codeSystem="1.2.246.537.6.1221"')
      .replace('codeSystem="2.999.27551.4.1222"', 'codeSystem="1.2.246.537.6.1222"');
    const issues = problems(xml);
    const [task] = at(issues, ST);
    assert.equal(task!.rule, 'provisional-code-system');
    assert.match(task!.message, /x-lapsiperheet.*provisional.*2\.999\.27551\.4\.1221.*not the national 1\.2\.246\.537\.6\.1221/);
    const [service] = at(
      issues,
      "(/ClinicalDocument/documentationOf/serviceEvent/code[@codeSystem='1.2.246.537.6.1222' or @codeSystem='2.999.27551.4.1222'])[2]/@code",
    );
    assert.equal(service!.rule, 'provisional-code-system');
  });

  test("a national value under arkki's provisional system is refused too", () => {
    const xml = cda({ serviceTask: '15' }).replace(
      '<code code="15" codeSystem="1.2.246.537.6.1221"',
      '<code code="15" codeSystem="2.999.27551.4.1221"',
    );
    const [task] = at(problems(xml), ST);
    assert.equal(task!.rule, 'code-system');
    assert.match(task!.message, /belongs to code system 1\.2\.246\.537\.6\.1221/);
  });

  test('the 2026-12 code sets: 15 Päihdehuolto and social services 46 and 51 are national; x-toimeentulotuki is gone', () => {
    for (const [set, code] of [
      ['service-tasks', '15'],
      ['social-services', '46'],
      ['social-services', '51'],
    ] as const) {
      assert.equal(rules.codeSets.lookup(set, code)!.provisional, false, `${set} ${code}`);
      assert.match(rules.codeSets.systemOf(set, code)!, /^1\.2\.246\.537\.6\./);
    }
    const issues = problems(cda({ serviceTask: 'x-toimeentulotuki' }));
    assert.equal(at(issues, ST)[0]!.rule, 'code-unknown');
    assert.equal(rules.codeSets.systemOf('service-tasks', 'x-perheoikeudelliset'), '2.999.27551.4.1221');
  });
});
