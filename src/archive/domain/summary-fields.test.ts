// The rule that picks a structured document's key fields for the summary, on real national structures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadStructureRegistry } from '../../lib/structures/registry.ts';
import { sampleContent } from '../../lib/structures/sample-content.ts';
import { repositoryCodeSets } from '../../lib/structures/test-code-sets.ts';
import { extractSummaryFields, MAX_FIELDS, summaryFieldRule } from './summary-fields.ts';

const registry = await loadStructureRegistry();
const codeSets = repositoryCodeSets();
const decision = registry.latest('11000')!; // Iäkkäiden palvelupäätös
const hearing = registry.latest('5002')!; // Lastensuojelun kuulemisasiakirja: no nationwide fields
const caseDocument = registry.latest('2', '1.2.246.537.6.1505')!; // Asia-asiakirja
const tail = (path: string) => path.split('.').slice(1).join('.');

describe('summary field rule', () => {
  test('a structure with nationwide fields: those, in display order (decision date, outcome, service, validity)', () => {
    assert.deepEqual(
      summaryFieldRule(decision).map((f) => tail(f.path)),
      [
        'paatos.vireilletulopaivamaara',
        'paatos.paatospaivamaara',
        'paatos.ratkaisun_laji',
        'paatos.sosiaalipalvelu_jota_paatos_koskee.sosiaalipalvelu',
        'paatos.sosiaalipalvelu_jota_paatos_koskee.palvelun_maara_tunteina',
        'paatos.sosiaalipalvelu_jota_paatos_koskee.palvelu_on_pitkaaikaista',
        'paatos.myonnettavan_palvelun_jarjestamistapa',
        'paatos.paatoksen_voimassaolo.alkamispaiva',
        'paatos.paatoksen_voimassaolo.paattymispaiva',
      ],
    );
  });

  test('without nationwide fields: codes and dates outside repeating groups and person/party groups', () => {
    assert.deepEqual(
      summaryFieldRule(hearing).map((f) => tail(f.path)),
      ['paivamaara'],
    );
    const picked = summaryFieldRule(caseDocument).map((f) => tail(f.path));
    assert.ok(picked.includes('asian_tiedot.palvelutehtava') && picked.includes('asian_tiedot.avauspaiva'), picked.join());
    assert.ok(!picked.some((p) => p.startsWith('asiakas.')), 'the repeating Asiakas group is not summarised');
  });
});

describe('extractSummaryFields', () => {
  test('values as the content has them, text as the renderings show it, Swedish where it differs', () => {
    const content = sampleContent(decision, { seed: 2, codeSets });
    const fields = extractSummaryFields(decision, content, codeSets);
    assert.ok(fields.length > 0 && fields.length <= MAX_FIELDS);
    const outcome = fields.find((f) => f.path.endsWith('.ratkaisun_laji'))!;
    const root = content[decision.rootKey] as { paatos: { ratkaisun_laji: { code: string }; paatospaivamaara: string } };
    assert.equal((outcome.values[0] as { code: string }).code, root.paatos.ratkaisun_laji.code);
    assert.equal(outcome.label.fi, 'Ratkaisun laji');
    const date = fields.find((f) => f.path.endsWith('.paatospaivamaara'))!;
    const [y, m, d] = root.paatos.paatospaivamaara.split('-').map(Number);
    assert.deepEqual(date.text, { fi: `${d}.${m}.${y}` });
    const flag = fields.find((f) => f.type === 'boolean');
    if (flag) assert.ok(flag.text.sv === 'Ja' || flag.text.sv === 'Nej', JSON.stringify(flag.text));
  });

  test('only fields with a value; content that does not follow the definition gives fewer fields, never an error', () => {
    const minimal = sampleContent(decision, { seed: 2, codeSets, fill: 'required' });
    const paths = extractSummaryFields(decision, minimal, codeSets).map((f) => tail(f.path));
    assert.ok(paths.includes('paatos.paatospaivamaara') && !paths.includes('paatos.paatoksen_voimassaolo.alkamispaiva'), paths.join());
    assert.deepEqual(extractSummaryFields(decision, { jotain: 'muuta' }), []);
    assert.deepEqual(extractSummaryFields(decision, null), []);
    assert.deepEqual(extractSummaryFields(decision, { [decision.rootKey]: { paatos: 'ei objekti' } }), []);
  });

  test('every national structure: sample content gives key fields within the limits', () => {
    let without = 0;
    for (const d of registry.all()) {
      const fields = extractSummaryFields(d, sampleContent(d, { seed: 9, codeSets }), codeSets);
      assert.ok(fields.length <= MAX_FIELDS, d.oid);
      if (fields.length === 0) without += 1;
    }
    // A few structures have nothing the rule picks (all their codes and dates describe persons).
    assert.ok(without <= 5, `${without} structures without key fields`);
  });
});
