// Each rule of content validation, on real national structures: start from valid sample content, break
// one thing, and expect exactly that field and rule among the issues.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Issue } from '../errors.ts';
import type { StructureDefinition, StructureFile } from './definition.ts';
import { resolveStructure } from './load-definition.ts';
import { loadStructureRegistry } from './registry.ts';
import { sampleContent } from './sample-content.ts';
import { repositoryCodeSets } from './test-code-sets.ts';
import { validateContent } from './validate-content.ts';

const registry = await loadStructureRegistry();
const codeSets = repositoryCodeSets();
const caseDocument = registry.latest('2', '1.2.246.537.6.1505')!; // Asia-asiakirja
const clienthood = registry.latest('1', '1.2.246.537.6.1505')!; // Asiakkuusasiakirja
const consent = registry.latest('8', '1.2.246.537.6.1505')!; // Luovutuslupa-asiakirja

type Json = Record<string, unknown>;

/** Sets (or with `undefined` deletes) the value at a content path such as `a.b[0].c`. */
function setAt(content: Json, path: string, value: unknown): void {
  const steps = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: Json = content;
  for (const step of steps.slice(0, -1)) node = node[step] as Json;
  const last = steps[steps.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function getAt(content: Json, path: string): unknown {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .reduce<unknown>((n, k) => (n as Json)[k], content);
}

interface Case {
  name: string;
  definition: StructureDefinition;
  change: (c: Json) => void;
  field: string;
  rule: string;
  withCodeSets?: boolean;
}

const A = 'asia_asiakirja';
const cases: Case[] = [
  {
    name: 'missing required field',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.avauspaiva`, undefined),
    field: `${A}.asian_tiedot.avauspaiva`,
    rule: 'required',
  },
  {
    name: 'missing required code',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.palvelunjarjestajan_toimintayksikko`, undefined),
    field: `${A}.palvelunjarjestajan_toimintayksikko`,
    rule: 'required',
  },
  {
    name: 'required list empty',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asiakas`, []),
    field: `${A}.asiakas`,
    rule: 'required',
  },
  {
    name: 'required name blank',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asiakas[0].sukunimi`, '  '),
    field: `${A}.asiakas[0].sukunimi`,
    rule: 'required',
  },
  {
    name: 'text given as a number',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asiakas[0].sukunimi`, 42),
    field: `${A}.asiakas[0].sukunimi`,
    rule: 'type',
  },
  {
    name: 'boolean given as text',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.yhteinen_asia`, 'kyllä'),
    field: `${A}.asian_tiedot.yhteinen_asia`,
    rule: 'type',
  },
  {
    name: 'code given as a string',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.palvelutehtava`, '10'),
    field: `${A}.asian_tiedot.palvelutehtava`,
    rule: 'type',
  },
  {
    name: 'repeatable given a single object',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asiakas`, getAt(c, `${A}.asiakas[0]`)),
    field: `${A}.asiakas`,
    rule: 'type',
  },
  {
    name: 'impossible date',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.avauspaiva`, '2024-02-30'),
    field: `${A}.asian_tiedot.avauspaiva`,
    rule: 'date-format',
  },
  {
    name: 'Finnish date format',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.avauspaiva`, '1.3.2024'),
    field: `${A}.asian_tiedot.avauspaiva`,
    rule: 'date-format',
  },
  {
    name: 'time without time zone',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asiakas[0].asiaan_liittymishetki`, '2024-05-01T12:00:00'),
    field: `${A}.asiakas[0].asiaan_liittymishetki`,
    rule: 'date-format',
  },
  {
    name: 'code not in a full code set',
    definition: caseDocument,
    withCodeSets: true,
    change: (c) => setAt(c, `${A}.asian_tiedot.palvelutehtava.code`, '999'),
    field: `${A}.asian_tiedot.palvelutehtava.code`,
    rule: 'code-unknown',
  },
  {
    name: "code not in the field's value list",
    definition: clienthood,
    change: (c) => setAt(c, 'asiakkuusasiakirja.asiakas.asiointikieli.code', 'EN'),
    field: 'asiakkuusasiakirja.asiakas.asiointikieli.code',
    rule: 'code-unknown',
  },
  {
    name: 'code of another code system',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.palvelutehtava.system`, 'urn:oid:1.2.246.537.6.1222'),
    field: `${A}.asian_tiedot.palvelutehtava.system`,
    rule: 'code-system',
  },
  {
    name: 'non-repeatable field given twice',
    definition: caseDocument,
    change: (c) =>
      setAt(c, `${A}.palvelunjarjestajan_toimintayksikko`, [
        getAt(c, `${A}.palvelunjarjestajan_toimintayksikko`),
        getAt(c, `${A}.palvelunjarjestajan_toimintayksikko`),
      ]),
    field: `${A}.palvelunjarjestajan_toimintayksikko`,
    rule: 'cardinality',
  },
  {
    name: 'field not in the structure',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.salainen_lisakentta`, 'x'),
    field: `${A}.asian_tiedot.salainen_lisakentta`,
    rule: 'unknown-field',
  },
  {
    name: 'extra key inside a coded value',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asian_tiedot.tila.version`, '1'),
    field: `${A}.asian_tiedot.tila.version`,
    rule: 'unknown-field',
  },
  {
    name: 'neither henkilötunnus nor temporary id',
    definition: caseDocument,
    change: (c) => {
      setAt(c, `${A}.asiakas[0].henkilotunnus`, undefined);
      setAt(c, `${A}.asiakas[0].tilapainen_yksilointitunnus`, undefined);
    },
    field: `${A}.asiakas[0].henkilotunnus`,
    rule: 'conditional-required',
  },
  {
    name: 'class 99 Muu without its explanation',
    definition: caseDocument,
    change: (c) => {
      setAt(c, `${A}.asian_tiedot.nimi.code`, '99');
      setAt(c, `${A}.asian_tiedot.lisatieto_luokkaan_muu`, undefined);
    },
    field: `${A}.asian_tiedot.lisatieto_luokkaan_muu`,
    rule: 'conditional-required',
  },
  {
    name: 'henkilötunnus with a wrong check character',
    definition: caseDocument,
    change: (c) => setAt(c, `${A}.asiakas[0].henkilotunnus.value`, '010101-900A'),
    field: `${A}.asiakas[0].henkilotunnus.value`,
    rule: 'identifier-format',
  },
  {
    name: 'fixed phrase altered',
    definition: consent,
    change: (c) => setAt(c, 'luovutuslupa_asiakirja.infoteksti', 'Muu teksti'),
    field: 'luovutuslupa_asiakirja.infoteksti',
    rule: 'phrase',
  },
];

const has = (issues: Issue[], field: string, rule: string) => issues.some((i) => i.field === field && i.rule === rule);

describe('content validation finds each broken rule', () => {
  for (const c of cases) {
    test(c.name, () => {
      const content = sampleContent(c.definition, { seed: 3, codeSets });
      assert.deepEqual(validateContent(c.definition, content, { codeSets }), [], 'sample must start valid');
      c.change(content);
      const issues = validateContent(c.definition, content, c.withCodeSets ? { codeSets } : {});
      assert.ok(has(issues, c.field, c.rule), `expected ${c.rule} at ${c.field}, got ${JSON.stringify(issues)}`);
    });
  }
});

describe('code checks', () => {
  test('without code sets, a code of a system with no value list is not judged', () => {
    const content = sampleContent(caseDocument, { seed: 3, codeSets });
    setAt(content, `${A}.asian_tiedot.palvelutehtava.code`, '999');
    assert.deepEqual(validateContent(caseDocument, content), []);
  });

  test('a partial code set (only the codes seen so far) cannot refute a code', () => {
    const content = sampleContent(caseDocument, { seed: 3, codeSets });
    // The demo samples leave codes of sets arkki does not hold out (issue 12 item 5), so the role is set here.
    setAt(content, `${A}.muut_asiaan_liittyvat_henkilot[0].rooli`, [
      { system: 'urn:oid:1.2.246.537.6.1284', code: '77', display: 'Rooli 77' },
    ]);
    assert.deepEqual(validateContent(caseDocument, content, { codeSets }), []);
  });
});

describe('document level', () => {
  test('content that is not an object', () => {
    assert.equal(validateContent(caseDocument, 'x')[0]!.rule, 'type');
  });

  test('missing root and a foreign root', () => {
    const issues = validateContent(caseDocument, { kieltoasiakirja: {} });
    assert.ok(has(issues, A, 'required'));
    assert.ok(has(issues, 'kieltoasiakirja', 'unknown-field'));
  });

  test('paths take the given prefix', () => {
    const issues = validateContent(caseDocument, { [A]: {} }, { pathPrefix: 'body' });
    assert.ok(has(issues, `body.${A}.asiakas`, 'required'));
  });

  test('the issue list is capped for hostile content', () => {
    const junk = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const issues = validateContent(caseDocument, { [A]: junk }, { maxIssues: 100 });
    assert.equal(issues.length, 101);
    assert.equal(issues[100]!.rule, 'too-many-issues');
  });

  test('derived conditions can be switched off', () => {
    const content = sampleContent(caseDocument, { seed: 3 });
    setAt(content, `${A}.asiakas[0].henkilotunnus`, undefined);
    setAt(content, `${A}.asiakas[0].tilapainen_yksilointitunnus`, undefined);
    assert.deepEqual(validateContent(caseDocument, content, { conditions: false }), []);
  });
});

// The national data has no maximum counts or lengths today; the format and the validator support them.
describe('limits a future structure version may set', () => {
  const file: StructureFile = {
    format: 'arkki-structure/1',
    oid: '1.2.246.537.6.1506.99999.2030.1.1',
    codeSystem: '1.2.246.537.6.1506',
    code: '99999',
    version: '2030-01-01',
    status: 'test',
    name: { fi: 'Testiasiakirja' },
    kind: 'Testi',
    rootKey: 'testi',
    source: { publisher: 'test', via: 'test', licence: 'test', file: 'test', sha256: '' },
    codeSystems: {},
    fields: [
      { key: 'huomio', row: 1, type: 'text', label: { fi: 'Huomio' }, repeatable: true, max: 2 },
      { key: 'tiivistelma', row: 2, type: 'text', label: { fi: 'Tiivistelmä' }, maxLength: 10 },
      { key: 'lkm', row: 3, type: 'integer', label: { fi: 'Lukumäärä' } },
    ],
  };
  const definition = resolveStructure(file);
  const table: [string, Json, string, string][] = [
    ['too many repeats', { huomio: ['a', 'b', 'c'] }, 'testi.huomio', 'cardinality'],
    ['text too long', { tiivistelma: 'yksitoista!' }, 'testi.tiivistelma', 'max-length'],
    ['count with decimals', { lkm: 1.5 }, 'testi.lkm', 'type'],
    ['negative count', { lkm: -1 }, 'testi.lkm', 'type'],
  ];
  for (const [name, body, field, rule] of table) {
    test(name, () => assert.ok(has(validateContent(definition, { testi: body }), field, rule)));
  }

  test('within the limits', () => {
    assert.deepEqual(validateContent(definition, { testi: { huomio: ['a', 'b'], tiivistelma: 'kymmenen!!', lkm: 3 } }), []);
    assert.deepEqual(validateContent(definition, sampleContent(definition, { seed: 1 })), []);
  });
});
