// Conversion of Sosmeta JSON Schemas: a small schema in the national shape, written out here, and the
// readings of human-written texts (code listings, conditional requirements).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { convertSosmetaSchema } from './from-sosmeta.ts';
import { deriveCondition } from './sosmeta-conditions.ts';
import { parseCodeListing } from './sosmeta-text.ts';
import type { FieldFile } from './definition.ts';

const t = (fi: string, sv?: string) => [{ lang: 'fi', value: fi }, ...(sv ? [{ lang: 'sv', value: sv }] : [])];
const plain = (value: string) => [{ lang: '', value }];

function meta(row: number, name: string, representation: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    name: t(name, `${name} (sv)`),
    ...(representation ? { representation: t(representation) } : {}),
    repeatable: false,
    required: false,
    conditionalRequired: false,
    nationwideRecordedInformation: false,
    hiddenField: false,
    hiddenTitle: false,
    rowNumber: row,
    ...extra,
  };
}

const codeProps = (system: Record<string, unknown>, code: Record<string, unknown> = { type: 'string' }) => ({
  required: ['system', 'code', 'display'],
  properties: { system: { type: 'string', ...system }, code, display: { type: 'string' } },
});

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  sosmeta: {
    status: 'Valmis',
    documentDefinitionVersion: '2024-11-04',
    dataComponentLibraryVersion: '2024-01-01',
    oid: '1.2.246.537.6.1506.11063.2024.11.4',
    documentType: 'Päätös',
    documentAuthor: 'Ammattihenkilö',
    documentSubject: 'Perheoikeudelliset palvelut',
  },
  required: ['paatos'],
  properties: {
    paatos: {
      type: 'object',
      sosmeta: { name: t('Päätös', 'Beslut') },
      required: ['palvelutehtava', 'henkilo'],
      properties: {
        palvelutehtava: {
          type: 'object',
          ...codeProps({ pattern: '^urn:oid:1\\.2\\.246\\.537\\.6\\.1221(\\.\\d+)*$' }),
          sosmeta: meta(1, 'Palvelutehtävä', 'Koodi', {
            required: true,
            classification: t(
              'Koodistopalvelin: Sosiaalihuolto - Palvelutehtävä 1.2.246.537.6.1221',
              'Kodtjänsten: Socialvård - Serviceuppgift 1.2.246.537.6.1221',
            ),
            classificationOid: plain('1.2.246.537.6.1221'),
            classificationLink: plain('https://example.test/1221'),
          }),
        },
        selvitettava: {
          type: 'object',
          ...codeProps({ enum: ['paatos/selvitettava'] }, { type: 'string', enum: ['1', '2', '3'] }),
          sosmeta: meta(2, 'Selvitettävä vanhemmuus', 'Koodi', {
            classification: t(
              'Sisäinen luokitus: 1 = Isyys, 2 = Toisen äidin äitiys, 3 = Synnyttäneen äidin äitiys',
              'Internt kodsystem: 1 = Faderskapet, 2 = Moderskapet för den andra modern, 3 = Moderskapet för den mor som har fött barnet',
            ),
            classificationOid: plain('Päätös/Selvitettävä'),
            acceptedValues: [plain('1')[0], plain('2')[0], plain('3')[0]],
          }),
        },
        henkilo: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            sosmeta: meta(3, 'Henkilö', undefined, { repeatable: true, required: true }),
            required: ['sukunimi'],
            properties: {
              sukunimi: { type: 'string', minLength: 1, sosmeta: meta(4, 'Sukunimi', 'Nimi', { required: true }) },
              henkilotunnus: {
                type: 'object',
                required: ['value'],
                properties: { system: { type: 'string' }, value: { type: 'string' } },
                sosmeta: meta(5, 'Henkilötunnus', 'Tunnus', {
                  conditionalRequired: true,
                  systemUri: plain('urn:oid:1.2.246.21'),
                  implementationNote: t('Ehdollisesti pakollinen: Henkilötunnus- ja Syntymäaika -kentistä toinen on pakollinen.'),
                }),
              },
              syntymaaika: {
                type: 'string',
                pattern: '^-?[0-9]{4}$',
                sosmeta: meta(6, 'Syntymäaika', 'Pvm', { conditionalRequired: true, description: t('-', '-') }),
              },
            },
          },
        },
        kuultu: { type: 'boolean', sosmeta: meta(7, 'Suoritettu', 'Kytkin', { title: t('Henkilöä on kuultu') }) },
        syy: {
          type: 'string',
          sosmeta: meta(8, 'Syy', 'Teksti', {
            conditionalRequired: true,
            implementationNote: t(
              'Jos Henkilöä on kuultu -kenttään on vastattu "kyllä", tätä kenttää ei näytetä. Ehdollisesti pakollinen: Kenttä on pakollinen, jos Henkilöä on kuultu -kenttään on vastattu "ei".',
            ),
          }),
        },
        maara: {
          type: 'object',
          required: ['value', 'code'],
          properties: { value: { type: 'number' }, code: { type: 'string' } },
          sosmeta: meta(9, 'Määrä', 'Määrä', { nationwideRecordedInformation: true }),
        },
        info: {
          type: 'string',
          enum: ['Vakioteksti.'],
          sosmeta: meta(10, 'Infoteksti', 'Fraasi', { phrase: t('Vakioteksti.', 'Standardtext.'), hiddenTitle: true }),
        },
      },
    },
  },
};

const source = { publisher: 'THL', via: 'test', licence: 'MIT', file: 'Valmis/x.json', sha256: 'abc' };

describe('a Sosmeta schema becomes a structure file', () => {
  const { file, warnings, conditional, derived } = convertSosmetaSchema(schema, source);
  const byKey = (key: string, fields: FieldFile[] = file.fields): FieldFile => fields.find((f) => f.key === key)!;

  test('the header comes from the OID and the sosmeta block', () => {
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      [file.codeSystem, file.code, file.version, file.kind, file.rootKey],
      ['1.2.246.537.6.1506', '11063', '2024-11-04', 'Päätös', 'paatos'],
    );
    assert.deepEqual(file.name, { fi: 'Päätös', sv: 'Beslut' });
    assert.equal(file.source.sha256, 'abc');
  });

  test('fields keep display order, types and cardinality', () => {
    assert.deepEqual(
      file.fields.map((f) => [f.key, f.type]),
      [
        ['palvelutehtava', 'code'],
        ['selvitettava', 'code'],
        ['henkilo', 'group'],
        ['kuultu', 'boolean'],
        ['syy', 'text'],
        ['maara', 'amount'],
        ['info', 'phrase'],
      ],
    );
    assert.equal(byKey('palvelutehtava').min, 1);
    assert.deepEqual([byKey('henkilo').min, byKey('henkilo').repeatable], [1, true]);
    assert.equal(byKey('sukunimi', byKey('henkilo').fields).min, 1);
    assert.equal(byKey('maara').nationwide, true);
    assert.deepEqual(byKey('info').phrase, { fi: 'Vakioteksti.', sv: 'Standardtext.' });
    assert.equal(byKey('info').hideTitle, true);
    assert.equal(byKey('syntymaaika', byKey('henkilo').fields).description, undefined, '"-" is no text');
  });

  test('national code systems are bound by OID and named once per structure', () => {
    assert.deepEqual(byKey('palvelutehtava').code, { system: '1.2.246.537.6.1221' });
    assert.deepEqual(file.codeSystems['1.2.246.537.6.1221'], {
      name: { fi: 'Sosiaalihuolto - Palvelutehtävä', sv: 'Socialvård - Serviceuppgift' },
      link: 'https://example.test/1221',
    });
  });

  test('internal classifications keep their fixed system and named codes', () => {
    const code = byKey('selvitettava').code!;
    assert.equal(code.local, true);
    assert.equal(code.fixedSystem, 'paatos/selvitettava');
    assert.deepEqual(code.values, [
      { code: '1', display: { fi: 'Isyys', sv: 'Faderskapet' } },
      { code: '2', display: { fi: 'Toisen äidin äitiys', sv: 'Moderskapet för den andra modern' } },
      { code: '3', display: { fi: 'Synnyttäneen äidin äitiys', sv: 'Moderskapet för den mor som har fött barnet' } },
    ]);
  });

  test('conditional requirements keep the note and, where readable, a rule', () => {
    assert.deepEqual([conditional, derived], [3, 2], 'syntymaaika has no note to read');
    const person = byKey('henkilo').fields!;
    assert.deepEqual(byKey('henkilotunnus', person).condition, { kind: 'one-of', fields: ['henkilotunnus', 'syntymaaika'] });
    assert.equal(byKey('henkilotunnus', person).identifierSystem, 'urn:oid:1.2.246.21');
    // The note names the flag by its title, not its label.
    assert.deepEqual(byKey('syy').condition, { kind: 'required-if', field: 'kuultu', equals: false });
    assert.match(byKey('syy').note!.fi, /pakollinen/);
  });

  test('an unknown representation stops the conversion', () => {
    const bad = structuredClone(schema);
    bad.properties.paatos.properties.kuultu.sosmeta.representation = t('Kuva');
    assert.throws(() => convertSosmetaSchema(bad, source), /unknown representation 'Kuva'/);
  });
});

describe('code listings', () => {
  test('names end at the next code, even when the listing holds codes the schema does not allow', () => {
    const names = parseCodeListing('1 = Myönteinen ratkaisu, \n2 = Kielteinen, osittain, 3 = Raukeaa', ['1', '2']);
    assert.deepEqual(
      [...names],
      [
        ['1', 'Myönteinen ratkaisu'],
        ['2', 'Kielteinen, osittain'],
      ],
    );
  });

  test('codes that are prefixes of others are not confused', () => {
    const names = parseCodeListing('Sisäinen luokitus: 1 = Yksi, 1.1 = Alaluokka, 11 = Yksitoista', ['1', '1.1', '11']);
    assert.deepEqual(
      [...names],
      [
        ['1', 'Yksi'],
        ['1.1', 'Alaluokka'],
        ['11', 'Yksitoista'],
      ],
    );
  });
});

describe('condition readings stay on the safe side', () => {
  const sib = (key: string, fi: string, type: FieldFile['type'], extra: Partial<FieldFile> = {}): FieldFile => ({
    key,
    row: 1,
    type,
    label: { fi },
    ...extra,
  });
  const target = (note: string) => sib('kentta', 'Kenttä', 'text', { conditional: true, note: { fi: note } });

  test('a choice between this field and another is not read as a plain requirement', () => {
    const f = target(
      'Ehdollisesti pakollinen: Jos Ratkaisun laji -kenttään on valittu 1 = Myönteinen ratkaisu, on tämä kenttä tai Menot-kenttä pakollinen.',
    );
    assert.equal(deriveCondition(f, [f, sib('ratkaisun_laji', 'Ratkaisun laji', 'code')]), undefined);
  });

  test('two candidate flags give no rule', () => {
    const f = target('Ehdollisesti pakollinen: Kenttä on pakollinen, jos "Isyys" tai "Toisen äidin äitiys" -kenttään on vastattu "kyllä".');
    assert.equal(deriveCondition(f, [f, sib('isyys', 'Isyys', 'boolean'), sib('aitiys', 'Toisen äidin äitiys', 'boolean')]), undefined);
  });

  test("a code outside the flag field's allowed values gives no rule", () => {
    const f = target('Ehdollisesti pakollinen: Jos Nimi-kentässä on valittu luokka "99 Muu", kenttä on pakollinen.');
    const nimi = sib('nimi', 'Nimi', 'code', { code: { values: [{ code: '1' }] } });
    assert.equal(deriveCondition(f, [f, nimi]), undefined);
  });

  test('conditions about the situation, not about fields, stay as notes', () => {
    const f = target('Ehdollisesti pakollinen: Kenttä on pakollinen, jos asiakas on vähintään 18-vuotias.');
    assert.equal(deriveCondition(f, [f]), undefined);
  });
});
