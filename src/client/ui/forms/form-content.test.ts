import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../../lib/codes/code-set-files.ts';
import { CodeSets } from '../../../lib/codes/code-sets.ts';
import { makeHetu } from '../../../lib/identifiers/hetu.ts';
import type { StructureRegistry } from '../../../lib/structures/registry.ts';
import { loadStructureRegistry } from '../../../lib/structures/registry.ts';
import { sampleContent } from '../../../lib/structures/sample-content.ts';
import { validateContent } from '../../../lib/structures/validate-content.ts';
import { fieldIssues } from './field-issues.ts';
import { applyRowAction, contentToForm, formToContent, parseRowAction } from './form-content.ts';
import { StructureForm } from './structure-form.tsx';

// The generated forms of the national structures: what a social worker types becomes content the
// structure accepts, a stored draft shows again as it was, and every problem is told at its field.

describe('forms generated from the structure definitions', () => {
  let registry: StructureRegistry;
  let codeSets: CodeSets;
  before(async () => {
    registry = await loadStructureRegistry();
    codeSets = CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR));
  });
  const hetu = makeHetu('2013-04-05', 931);

  it('turns a filled child-welfare application form into content the structure accepts (dates as typed in Finland, codes with their names)', () => {
    const def = registry.latest('3007')!;
    const root = def.rootKey;
    const form = {
      [`f:${root}.asiakas[0].sukunimi`]: 'Mäkinen',
      [`f:${root}.asiakas[0].etunimet`]: 'Onni',
      [`f:${root}.asiakas[0].henkilotunnus`]: hetu,
      [`f:${root}.haettava_palvelu[0].sosiaalipalvelu`]: '94',
      [`f:${root}.haettava_palvelu[0].palvelun_ajanjakso.alkamispaiva`]: '1.12.2026',
      [`f:${root}.perustelu`]: 'Perhe tarvitsee tukea.',
      [`f:${root}.hyvaksyn_asiakirjojen_sahkoisen_tiedoksiannon`]: 'true',
      [`f:${root}.laatija.sukunimi`]: '',
    };
    const content = formToContent(def, form, codeSets);
    assert.deepEqual(validateContent(def, content, { codeSets }), []);
    const body = content[root] as Record<string, any>;
    assert.equal(body.asiakas[0].henkilotunnus.system, 'urn:oid:1.2.246.21');
    assert.equal(body.haettava_palvelu[0].palvelun_ajanjakso.alkamispaiva, '2026-12-01');
    assert.equal(body.haettava_palvelu[0].sosiaalipalvelu.code, '94');
    assert.equal(body.haettava_palvelu[0].sosiaalipalvelu.system, 'urn:oid:1.2.246.537.6.1222');
    assert.ok(body.haettava_palvelu[0].sosiaalipalvelu.display.length > 2, 'the code carries its name');
    assert.equal(body.hyvaksyn_asiakirjojen_sahkoisen_tiedoksiannon, true);
    assert.equal(body.laatija, undefined, 'an optional part left empty is not in the content');
    // The stored draft shows again exactly as the content holds it.
    assert.deepEqual(formToContent(def, contentToForm(def, content), codeSets), content);
  });

  it('keeps an invalid date as typed and tells at the field, in Finnish and in Swedish, what is missing and what is wrong', () => {
    const def = registry.latest('3007')!;
    const root = def.rootKey;
    const content = formToContent(
      def,
      { [`f:${root}.asiakas[0].sukunimi`]: 'Mäkinen', [`f:${root}.paivamaara`]: '31.2.2026', [`f:${root}.laatija.kuvaus`]: 'x' },
      codeSets,
    );
    assert.equal((content[root] as Record<string, unknown>).paivamaara, '31.2.2026', 'nothing typed is lost');
    const issues = validateContent(def, content, { codeSets });
    const fi = fieldIssues(def, issues, 'fi');
    const at = (path: string) => fi.filter((i) => i.path === `${root}.${path}`).map((i) => i.message);
    assert.deepEqual(at('paivamaara'), ['Anna päivämäärä muodossa 1.12.2026 tai 2026-12-01.']);
    assert.deepEqual(at('perustelu'), ['Pakollinen tieto puuttuu.']);
    assert.deepEqual(at('asiakas[0].etunimet'), ['Pakollinen tieto puuttuu.']);
    assert.deepEqual(at('laatija.sukunimi'), ['Pakollinen tieto puuttuu.'], 'a filled optional part needs its required fields');
    assert.ok(at('haettava_palvelu').length === 1);
    const sv = fieldIssues(def, issues, 'sv');
    assert.ok(sv.some((i) => i.path === `${root}.perustelu` && i.message === 'Obligatorisk uppgift saknas.'));

    const html = render(h(StructureForm, { def, form: contentToForm(def, content), issues: fi, lang: 'fi', codeSets }));
    assert.match(html, /id="in-lastensuojeluhakemus-paivamaara"[^>]*aria-invalid="true"/);
    assert.match(html, /value="31.2.2026"/);
    assert.match(html, /Anna päivämäärä muodossa 1\.12\.2026/);
  });

  it('adds and removes rows of a repeatable part, keeping the other rows', () => {
    const def = registry.latest('3007')!;
    const root = def.rootKey;
    const list = `${root}.asiakas`;
    let form: Record<string, string> = { [`n:${list}`]: '1', [`f:${list}[0].sukunimi`]: 'A' };
    form = applyRowAction(form, parseRowAction(`add:${list}`)!) as Record<string, string>;
    assert.equal(form[`n:${list}`], '2');
    form[`f:${list}[1].sukunimi`] = 'B';
    form = { ...form, [`n:${list}`]: '3', [`f:${list}[2].sukunimi`]: 'C' };
    form = applyRowAction(form, parseRowAction(`remove:${list}:1`)!) as Record<string, string>;
    const body = formToContent(def, form)[root] as Record<string, any>;
    assert.deepEqual(
      body.asiakas.map((a: { sukunimi: string }) => a.sukunimi),
      ['A', 'C'],
    );
    assert.equal(parseRowAction('remove:x:y'), undefined, 'a crafted action is ignored');
  });

  it('generates a form for every one of the structures, and their sample content survives the round trip through the form', () => {
    let count = 0;
    for (const def of registry.all()) {
      const html = render(h(StructureForm, { def, form: {}, issues: [], lang: 'sv', codeSets }));
      assert.ok(html.includes('<'), def.oid);
      const sample = sampleContent(def, { codeSets });
      const back = formToContent(def, contentToForm(def, sample), codeSets);
      assert.deepEqual(validateContent(def, back, { codeSets }), [], `${def.oid}: the sample through the form is still valid`);
      count++;
    }
    assert.ok(count >= 202, `${count} structures`);
  });
});
