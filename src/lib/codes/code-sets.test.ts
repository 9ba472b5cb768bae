import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ArkkiError } from '../errors.ts';
import { CodeSets, canonicalJson, codeSystemUrl, contentHash, parseCodeSetFile, versionFromFile, type CodeSetFile } from './code-sets.ts';

const dir = fileURLToPath(new URL('../../../data/codes/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => parseCodeSetFile(JSON.parse(readFileSync(dir + f, 'utf8')), f));
const sets = CodeSets.fromFiles(files);

const dated: CodeSetFile = {
  id: 'test-dated',
  oid: '1.2.246.537.6.99999',
  name: 'Test',
  source: 'test',
  provisional: false,
  codes: [
    { code: 'old', display_fi: 'Vanha', validTo: '2019-12-31' },
    { code: 'new', display_fi: 'Uusi', display_en: 'New', validFrom: '2020-01-01' },
    { code: 'window', display_fi: 'Ikkuna', validFrom: '2020-01-01', validTo: '2020-12-31', parent: 'new' },
  ],
};

test('the nine data files load and are known by their ids', () => {
  assert.deepEqual(sets.ids(), [
    'client-roles',
    'document-types',
    'municipalities',
    'process-phases',
    'service-need-reporters',
    'service-tasks',
    'social-services',
    'special-reasons',
    'support-needs',
  ]);
  assert.equal(sets.get('document-types')!.entries.length, 202);
});

test('lookup, has and display', () => {
  assert.equal(sets.lookup('service-tasks', '10')!.display.fi, 'Lastensuojelu');
  assert.equal(sets.has('service-tasks', '99'), false);
  assert.equal(sets.has('no-such-set', '10'), false);
  assert.equal(sets.display('service-tasks', '20', 'sv'), 'Service för personer med funktionsnedsättning');
  // social service '2' has display_sv null: Swedish falls back to Finnish
  assert.equal(sets.display('social-services', '2', 'sv'), 'Ammatillinen perhehoito');
  assert.equal(sets.display('support-needs', '1', 'en'), 'Jokapäiväisestä elämästä selviytymiseen liittyvä tuen tarve');
  assert.equal(sets.display('service-tasks', '99', 'fi'), undefined);
});

test('entries keep provisional flags, own code system and other fields as properties', () => {
  const x = sets.lookup('service-tasks', 'x-iakkaat')!;
  assert.equal(x.provisional, true);
  // A placeholder belongs to arkki's own system, never to the national OID (issue 12 item 3).
  assert.equal(x.codeSystem, '2.999.27551.4.1221');
  assert.equal(sets.lookup('service-tasks', '10')!.codeSystem, '1.2.246.537.6.1221');
  assert.equal(sets.lookup('process-phases', 'suunnittelu')!.codeSystem, null);
  assert.deepEqual(sets.lookup('process-phases', 'suunnittelu')!.properties, { order: 3 });
  assert.deepEqual(sets.lookup('social-services', '55')!.properties, { serviceTasks: ['20'] });
});

test('document types live in two code systems: 1505 (clienthood, case, consent, denial) and 1506', () => {
  const clienthood = sets.findBySystem('urn:oid:1.2.246.537.6.1505', '1')!;
  assert.equal(clienthood.set.id, 'document-types');
  assert.equal(clienthood.entry.display.fi, 'Asiakkuusasiakirja');
  assert.equal(sets.findBySystem('1.2.246.537.6.1505', '1')!.entry.code, '1');
  assert.equal(sets.findBySystem('urn:oid:1.2.246.537.6.1506', '1001')!.entry.display.fi, 'Kasvatus- ja perheneuvonnan yhteenveto');
  // a code of one system is not found under the other
  assert.equal(sets.findBySystem('urn:oid:1.2.246.537.6.1506', '1'), undefined);
  assert.equal(sets.findBySystem('urn:oid:1.2.246.537.6.1505', '1001'), undefined);
});

test('findBySystem for sets with and without an OID', () => {
  assert.equal(sets.findBySystem('urn:oid:1.2.246.537.6.1221', '10')!.set.id, 'service-tasks');
  const phases = sets.get('process-phases')!;
  assert.equal(codeSystemUrl(phases), 'https://arkki.example/fhir/CodeSystem/process-phases');
  assert.equal(sets.findBySystem(codeSystemUrl(phases), 'toteutus')!.entry.display.en, 'Providing the service');
  assert.equal(sets.findBySystem('urn:oid:1.2.3', '10'), undefined);
});

test('check: known code passes, unknown code names the set, its name and OID', () => {
  assert.equal(sets.check('service-tasks', '10', 'metadata.serviceTask'), null);
  assert.deepEqual(sets.check('service-tasks', '99', 'metadata.serviceTask'), {
    field: 'metadata.serviceTask',
    rule: 'code-unknown',
    message: "code '99' is not in code set service-tasks (Sosiaalihuolto - Palvelutehtävä, 1.2.246.537.6.1221)",
  });
  assert.equal(
    sets.check('process-phases', 'x', 'phase')!.message,
    "code 'x' is not in code set process-phases (Sosiaalihuollon palveluprosessin vaiheet)",
  );
  assert.throws(() => sets.check('no-such-set', '10', 'f'), /code set 'no-such-set' is not loaded/);
});

test('check with a date: validFrom and validTo are inclusive', () => {
  const s = CodeSets.fromFiles([dated]);
  const cases: Array<[code: string, onDate: string | undefined, rule: string | null]> = [
    ['old', '2019-12-31', null],
    ['old', '2020-01-01', 'code-not-valid'],
    ['new', '2019-12-31T23:00:00Z', 'code-not-valid'],
    ['new', '2020-01-01', null],
    ['window', '2020-06-30', null],
    ['window', '2021-01-01', 'code-not-valid'],
    ['old', undefined, null], // no date: only membership is checked
  ];
  for (const [code, onDate, rule] of cases) {
    assert.equal(s.check('test-dated', code, 'f', onDate)?.rule ?? null, rule, `${code} on ${onDate}`);
  }
  assert.equal(
    s.check('test-dated', 'window', 'f', '2021-01-01')!.message,
    "code 'window' of code set test-dated (Test, 1.2.246.537.6.99999) is valid from 2020-01-01 to 2020-12-31, not on 2021-01-01",
  );
  assert.match(s.check('test-dated', 'old', 'f', '2020-01-01')!.message, /valid until 2019-12-31, not on 2020-01-01/);
  assert.match(s.check('test-dated', 'new', 'f', '2019-01-01')!.message, /valid from 2020-01-01, not on 2019-01-01/);
  assert.equal(s.lookup('test-dated', 'window')!.parent, 'new');
});

test('content hash ignores key order and formatting but not content', () => {
  const reordered = JSON.parse(
    JSON.stringify({ codes: dated.codes, source: dated.source, provisional: false, name: 'Test', oid: dated.oid, id: dated.id }),
  );
  assert.equal(contentHash(reordered), contentHash(dated));
  assert.notEqual(contentHash({ ...dated, name: 'Test 2' }), contentHash(dated));
  assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' }), '{"a":"x","b":[1,{"c":2,"d":1}]}');
  assert.equal(versionFromFile(dated, 3).version, 3);
});

test('parseCodeSetFile names the file and every broken field', () => {
  const broken = {
    id: 'Bad Id',
    oid: 'urn:oid:1.2',
    name: '',
    source: 's',
    provisional: 'no',
    partal: true,
    codes: [
      { code: '1', display_fi: 'A' },
      { code: '1', display_fi: '' },
      { code: '3', display_fi: 'C', parent: 'zz', validFrom: '2020-13-01' },
    ],
  };
  const err = (() => {
    try {
      parseCodeSetFile(broken, 'bad.json');
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof ArkkiError);
  assert.deepEqual(
    err.issues.map((i) => i.field),
    [
      'bad.json: partal',
      'bad.json: id',
      'bad.json: oid',
      'bad.json: name',
      'bad.json: provisional',
      'bad.json: codes[1].code',
      'bad.json: codes[1].display_fi',
      'bad.json: codes[2].validFrom',
      'bad.json: codes[2].parent',
    ],
  );
  assert.match(err.message, /bad\.json: codes\[1\]\.code: code '1' appears twice/);
  assert.throws(() => parseCodeSetFile([], 'list.json'), /list\.json: must be a JSON object/);
  assert.throws(() => parseCodeSetFile({ ...dated, codes: [] }, 'empty.json'), /empty\.json: codes: must be a non-empty array/);
});

test("a provisional entry of a national set needs arkki's own system: the file is refused without one", () => {
  const national = {
    id: 'test-national',
    oid: '1.2.246.537.6.99998',
    name: 'Test',
    source: 'test',
    provisional: true,
    codes: [
      { code: '1', display_fi: 'Yksi' },
      { code: 'x-kaksi', display_fi: 'Kaksi', provisional: true },
    ],
  };
  assert.throws(
    () => parseCodeSetFile(national, 'n.json'),
    (e: ArkkiError) =>
      e.issues.some(
        (i) => i.field === 'n.json: codes[1].provisional' && /would carry the national OID 1\.2\.246\.537\.6\.99998/.test(i.message),
      ),
  );
  assert.throws(
    () => parseCodeSetFile({ ...national, provisionalOid: '1.2.246.537.6.99997' }, 'n.json'),
    (e: ArkkiError) => e.issues.some((i) => i.field === 'n.json: provisionalOid' && /arkki's own arc 2\.999\.27551\.4/.test(i.message)),
  );
  const ok = CodeSets.fromFiles([parseCodeSetFile({ ...national, provisionalOid: '2.999.27551.4.99998' }, 'n.json')]);
  assert.equal(ok.systemOf('test-national', '1'), '1.2.246.537.6.99998');
  assert.equal(ok.systemOf('test-national', 'x-kaksi', 'uri'), 'urn:oid:2.999.27551.4.99998');
  assert.equal(ok.checkSystem('test-national', 'x-kaksi', 'urn:oid:1.2.246.537.6.99998', 'f')!.rule, 'provisional-code-system');
  assert.equal(ok.checkSystem('test-national', 'x-kaksi', '2.999.27551.4.99998', 'f'), null);
  assert.equal(ok.findBySystem('urn:oid:2.999.27551.4.99998', 'x-kaksi')!.entry.code, 'x-kaksi');
  assert.equal(ok.findBySystem('urn:oid:1.2.246.537.6.99998', 'x-kaksi'), undefined);
});

test('process phases record the national set 1.2.246.537.6.1277 while its values are not available', () => {
  const phases = sets.get('process-phases')!;
  assert.equal(phases.oid, null);
  assert.deepEqual(phases.nationalCodeSystem, {
    oid: '1.2.246.537.6.1277',
    name: 'Sosiaalihuolto - Sosiaalihuollon palveluprosessi',
    values: 'not available',
  });
  assert.ok(phases.entries.every((e) => e.provisional && e.codeSystem === null));
});
