import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CodeSets } from '../codes/code-sets.ts';
import type { Issue } from '../errors.ts';
import { readRetentionRules } from './retention-file.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../codes/code-set-files.ts';
import { caseDocument, clientDocument, clienthoodDocument, NOW } from '../../../test/support/metadata-fixtures.ts';
import type { DocumentMetadata } from './metadata.ts';
import { validateMetadata, type MetadataRules } from './validate-metadata.ts';

// The national metadata header (domain README §4): every mandatory field, code and format rule on its own.

let rules: MetadataRules;
before(async () => {
  rules = { codeSets: CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR)), retention: await readRetentionRules(), now: NOW };
});

const CASE = '1.2.246.10.9990001.98.3.1';
const check = (m: Partial<DocumentMetadata>): Issue[] => validateMetadata(m, rules);
const brief = (issues: Issue[]) => issues.map((i) => `${i.field} ${i.rule}`);

/** A copy of `m` with the dotted path removed (nested objects are copied, not shared). */
function without(m: DocumentMetadata, path: string): Partial<DocumentMetadata> {
  const copy = structuredClone(m) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let at = copy;
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
  delete at[parts.at(-1)!];
  return copy as Partial<DocumentMetadata>;
}

describe('validateMetadata: valid documents pass', () => {
  const valid: Array<[string, () => DocumentMetadata]> = [
    ['client document', () => clientDocument(CASE)],
    ['social-welfare clienthood document (no case, no phase)', () => clienthoodDocument('social-welfare')],
    ['service-unit clienthood document', () => clienthoodDocument('service-unit')],
    ['case document', () => caseDocument(CASE)],
    ['version 2 naming what it replaces', () => clientDocument(CASE, { version: 2, replaces: '1.2.246.10.9990001.98.1.7' })],
    ['no social services', () => clientDocument(CASE, { socialServices: [] })],
    [
      'temporary identifier as client',
      () => clientDocument(CASE, { client: { kind: 'temporary', issuerOid: '1.2.246.10.99900016.22.2024', value: '010516A901V' } }),
    ],
    ['completed within a day of slack', () => clientDocument(CASE, { completed: '2026-11-21T09:00:00Z' })],
  ];
  for (const [name, build] of valid) it(name, () => assert.deepEqual(check(build()), []));
});

describe('validateMetadata: a missing mandatory field is named', () => {
  const mandatory = [
    'documentId',
    'setId',
    'version',
    'documentType',
    'title',
    'client',
    'registerKeeper',
    'register',
    'serviceProvider',
    'serviceUnit',
    'serviceTask',
    'case',
    'case.id',
    'case.name',
    'processPhase',
    'author',
    'author.name',
    'author.professionalId',
    'author.role',
    'created',
    'completed',
    'language',
    'publicity',
    'publicity.basis',
    'retentionRule',
    'format',
  ];
  for (const field of mandatory) {
    it(field, () => {
      const issues = check(without(clientDocument(CASE), field));
      assert.deepEqual(brief(issues), [`${field} required`]);
      assert.match(issues[0]!.message, /mandatory/);
    });
  }
  const kindSpecific: Array<[string, () => DocumentMetadata, string]> = [
    ['clienthood record of a clienthood document', () => clienthoodDocument('service-task'), 'clienthood'],
    ['start of a clienthood', () => clienthoodDocument('service-task'), 'clienthood.start'],
    ['case record of a case document', () => caseDocument(CASE), 'caseRecord'],
    ['case of a case document', () => caseDocument(CASE), 'case'],
    ['replaced document id of version 2', () => clientDocument(CASE, { version: 2 }), 'replaces'],
  ];
  for (const [name, build, field] of kindSpecific) {
    it(name, () => assert.deepEqual(brief(check(field === 'replaces' ? build() : without(build(), field))), [`${field} required`]));
  }
  it('a blank text counts as missing', () => {
    assert.deepEqual(brief(check(clientDocument(CASE, { title: '   ' }))), ['title required']);
  });
  it('every missing field is reported at once, not just the first', () => {
    assert.equal(check({}).filter((i) => i.rule === 'required').length, 20);
  });
});

describe('validateMetadata: codes must be in their national code sets', () => {
  const unknown: Array<[string, Partial<DocumentMetadata>, string, string]> = [
    ['service task', { serviceTask: '99' }, 'serviceTask', '99'],
    ['social service', { socialServices: ['94', '9999'] }, 'socialServices[1]', '9999'],
    ['process phase', { processPhase: 'jälkihoito' }, 'processPhase', 'jälkihoito'],
    ['document type', { documentType: '424242' }, 'documentType', '424242'],
    ['retention rule', { retentionRule: 'forever-and-a-day' }, 'retentionRule', 'forever-and-a-day'],
  ];
  for (const [name, change, field, code] of unknown) {
    it(`unknown ${name}`, () => {
      const issues = check(clientDocument(CASE, change));
      assert.deepEqual(brief(issues), [`${field} code-unknown`]);
      assert.ok(issues[0]!.message.includes(`'${code}'`), issues[0]!.message);
    });
  }
});

describe('validateMetadata: values must have the right form', () => {
  const broken: Array<[string, Partial<DocumentMetadata>, string[], RegExp?]> = [
    [
      'henkilötunnus with a wrong check character',
      { client: { kind: 'hetu', value: '010516A901X' } },
      ['client client-id'],
      /check character \(expected V\)/,
    ],
    ['henkilötunnus with an impossible date', { client: { kind: 'hetu', value: '310216A901M' } }, ['client client-id'], /impossible date/],
    ['malformed document id', { documentId: '1.2.246.x.1' }, ['documentId oid'], /only digits and single dots/],
    ['OID with a leading zero arc', { serviceUnit: '1.2.246.010.1' }, ['serviceUnit oid'], /leading zero/],
    ['malformed case id', { case: { id: '1..2', name: 'Asia' } }, ['case.id oid'], /empty arc/],
    ['version 0', { version: 0 }, ['version min']],
    ['version 1.5', { version: 1.5 }, ['version min']],
    ['version 1 replacing a document', { replaces: '1.2.246.10.9990001.98.1.7' }, ['replaces first-version']],
    ['unknown register', { register: 'personal' as never }, ['register enum']],
    ['unknown language', { language: 'de' as never }, ['language enum']],
    ['unknown format', { format: 'docx' as never }, ['format enum']],
    ['public document', { publicity: { class: 'public', basis: 'JulkL' } }, ['publicity.class secret-by-law'], /secret by law/],
    ['timestamp without a time zone', { created: '2026-11-10T09:00:00' }, ['created timestamp'], /time zone/],
    ['impossible completed date', { completed: '2026-02-30T10:00:00Z', created: '2026-02-01T10:00:00Z' }, ['completed timestamp']],
    ['completed before created', { created: '2026-11-10T11:00:00+02:00' }, ['completed order']],
    ['completed next week', { completed: '2026-11-27T10:00:00Z' }, ['completed future']],
    ['title over 500 characters', { title: 'x'.repeat(501) }, ['title max-length']],
    ['the same social service twice', { socialServices: ['94', '94'] }, ['socialServices unique']],
    ['citizen-visible-from not a date', { citizenVisible: { visible: true, from: '1.1.2027' } }, ['citizenVisible.from date']],
    [
      'a clienthood record on a client document',
      { clienthood: { level: 'social-welfare', start: '2026-01-01' } },
      ['clienthood not-allowed'],
    ],
    ['a case record on a client document', { caseRecord: { opened: '2026-01-01' } }, ['caseRecord not-allowed']],
  ];
  for (const [name, change, expected, message] of broken) {
    it(name, () => {
      const issues = check(clientDocument(CASE, change));
      assert.deepEqual(brief(issues), expected);
      if (message) assert.match(issues[0]!.message, message);
    });
  }

  const records: Array<[string, () => DocumentMetadata, string[]]> = [
    [
      'clienthood ends before it starts',
      () => clienthoodDocument('social-welfare', { clienthood: { level: 'social-welfare', start: '2026-03-01', end: '2026-02-01' } }),
      ['clienthood.end order'],
    ],
    [
      'unknown clienthood level',
      () => clienthoodDocument('social-welfare', { clienthood: { level: 'family' as never, serviceTask: '10', start: '2026-03-01' } }),
      ['clienthood.level enum'],
    ],
    [
      'service-task clienthood in another service task than the document',
      () => clienthoodDocument('service-task', { clienthood: { level: 'service-task', serviceTask: '20', start: '2026-01-01' } }),
      ['clienthood.serviceTask match'],
    ],
    [
      'service-unit clienthood without its unit',
      () => clienthoodDocument('service-unit', { clienthood: { level: 'service-unit', serviceTask: '10', start: '2026-01-01' } }),
      ['clienthood.serviceUnit required'],
    ],
    [
      'case closed before it was opened',
      () => caseDocument(CASE, { caseRecord: { opened: '2026-02-01', closed: '2026-01-31' } }),
      ['caseRecord.closed order'],
    ],
    ['case opened on an impossible date', () => caseDocument(CASE, { caseRecord: { opened: '2026-13-01' } }), ['caseRecord.opened date']],
  ];
  for (const [name, build, expected] of records) it(name, () => assert.deepEqual(brief(check(build())), expected));
});
