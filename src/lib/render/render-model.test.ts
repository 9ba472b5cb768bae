// What a rendering shows, on a small hand-written structure: display order, fi/sv labels, code names
// from the code sets, repeating groups, hidden groups and titles, empty optional fields left out, the
// header block and the invalidation mark; and that the XHTML escapes what it shows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STRUCTURE_FORMAT, type FieldFile } from '../structures/definition.ts';
import { loadStructure } from '../structures/load-definition.ts';
import { repositoryCodeSets } from '../structures/test-code-sets.ts';
import { parseXmlSafely } from '../xml/safe-xml.ts';
import { buildRenderModel, type RenderBlock } from './render-model.ts';
import { renderXhtml } from './render-xhtml.ts';
import { narrativeFromContent } from './render-narrative.ts';
import { serialise } from '../cda/cda-xml.ts';
import { sampleMetadata } from './test-metadata.ts';

const codeSets = repositoryCodeSets();
const fields: FieldFile[] = [
  {
    key: 'paatos',
    row: 1,
    type: 'group',
    hidden: true,
    label: { fi: 'Päätös', sv: 'Beslut' },
    fields: [
      { key: 'paatospaiva', row: 2, type: 'date', label: { fi: 'Päätöspäivämäärä', sv: 'Beslutsdatum' }, min: 1 },
      {
        key: 'palvelutehtava',
        row: 3,
        type: 'code',
        label: { fi: 'Palvelutehtävä', sv: 'Tjänsteuppgift' },
        code: { system: '1.2.246.537.6.1221' },
      },
      {
        key: 'ratkaisu',
        row: 4,
        type: 'code',
        label: { fi: 'Ratkaisun laji' },
        code: { system: '1.2.246.537.6.1248', values: [{ code: '1', display: { fi: 'Myönteinen', sv: 'Positivt' } }] },
      },
    ],
  },
  {
    key: 'asiakas',
    row: 5,
    type: 'group',
    repeatable: true,
    label: { fi: 'Asiakas', sv: 'Klient' },
    fields: [
      { key: 'sukunimi', row: 6, type: 'name', label: { fi: 'Sukunimi', sv: 'Efternamn' } },
      { key: 'kuultu', row: 7, type: 'boolean', label: { fi: 'Henkilöä on kuultu', sv: 'Personen har hörts' } },
    ],
  },
  { key: 'lisatiedot', row: 8, type: 'text', label: { fi: 'Lisätiedot', sv: 'Tilläggsuppgifter' } },
  {
    key: 'info',
    row: 9,
    type: 'phrase',
    hideTitle: true,
    label: { fi: 'Infoteksti' },
    phrase: { fi: 'Tämä on tiedote.', sv: 'Detta är ett meddelande.' },
  },
  { key: 'tapahtuma', row: 10, type: 'datetime', label: { fi: 'Tapahtumahetki', sv: 'Tidpunkt' } },
];
const definition = loadStructure(
  {
    format: STRUCTURE_FORMAT,
    oid: '1.2.246.537.6.1506.99999.2025.1.1',
    codeSystem: '1.2.246.537.6.1506',
    code: '99999',
    version: '2025-01-01',
    status: 'Valmis',
    name: { fi: 'Testipäätös', sv: 'Testbeslut' },
    kind: 'Päätös',
    rootKey: 'testipaatos',
    source: { publisher: 'test', via: 'test', licence: 'test', file: 'test', sha256: '0' },
    codeSystems: {},
    fields,
  },
  'test',
);

const content = {
  testipaatos: {
    // Keys in another order than the definition's: display order comes from the definition.
    lisatiedot: '',
    tapahtuma: '2024-05-01T10:45:00Z',
    asiakas: [
      { sukunimi: 'Öhman', kuultu: true },
      { sukunimi: 'Åström <b>&</b>', kuultu: false },
    ],
    paatos: {
      ratkaisu: { system: 'urn:oid:1.2.246.537.6.1248', code: '1', display: 'myönteinen (lähettäjän teksti)' },
      paatospaiva: '2024-05-02',
      palvelutehtava: { system: 'urn:oid:1.2.246.537.6.1221', code: '10', display: 'x' },
    },
    info: 'Tämä on tiedote.',
  },
};
const metadata = sampleMetadata({ documentType: '1001', title: 'Päätös <ote> & "liite"' });

/** Blocks as compact text lines: `label: value | value`, sections indented. */
function outline(blocks: readonly RenderBlock[], indent = ''): string[] {
  return blocks.flatMap((b) =>
    b.kind === 'field'
      ? [`${indent}${b.label}: ${b.values.join(' | ')}`]
      : [`${indent}# ${b.heading ?? ''}`, ...outline(b.blocks, `${indent}  `)],
  );
}

describe('render model', () => {
  test('Finnish: definition order, hidden group without heading, numbered repeats, code names, formats, empty left out', () => {
    const model = buildRenderModel({ metadata, definition, content, codeSets, lang: 'fi' });
    assert.deepEqual(outline(model.content), [
      'Päätöspäivämäärä: 2.5.2024',
      'Palvelutehtävä: Lastensuojelu',
      'Ratkaisun laji: Myönteinen',
      '# Asiakas 1/2',
      '  Sukunimi: Öhman',
      '  Henkilöä on kuultu: Kyllä',
      '# Asiakas 2/2',
      '  Sukunimi: Åström <b>&</b>',
      '  Henkilöä on kuultu: Ei',
      ': Tämä on tiedote.',
      'Tapahtumahetki: 1.5.2024 klo 13.45',
    ]);
  });

  test('Swedish: labels, code names and words in Swedish, Finnish where the definition has no Swedish', () => {
    const model = buildRenderModel({ metadata, definition, content, codeSets, lang: 'sv' });
    const lines = outline(model.content);
    assert.ok(lines.includes('Beslutsdatum: 2.5.2024'));
    assert.ok(lines.includes('Ratkaisun laji: Positivt'));
    assert.ok(lines.includes('  Personen har hörts: Ja'));
    assert.ok(lines.includes(': Detta är ett meddelande.'));
    assert.ok(lines.includes('Tidpunkt: 1.5.2024 kl. 13.45'));
    assert.equal(model.header[0]!.label, 'Klient');
  });

  test('header block: client, author, service task and phase by name, dates in Finnish time, version, publicity', () => {
    const model = buildRenderModel({ metadata: { ...metadata, version: 2, replaces: '1.2.3' }, codeSets });
    const rows = Object.fromEntries(model.header.map((r) => [r.label, r.values.join(' | ')]));
    assert.equal(rows.Asiakas, '010516A901V (henkilötunnus)');
    assert.equal(rows.Laatija, 'Sanna Sosiaalityöntekijä, sosiaalityöntekijä');
    assert.equal(rows['Palvelutehtävä'], 'Lastensuojelu (10)');
    assert.equal(rows.Valmistunut, '10.11.2026 klo 10.00');
    assert.equal(rows.Versio, '2, korvaa asiakirjan 1.2.3');
    assert.match(rows.Julkisuus!, /^Salassa pidettävä/);
    assert.match(model.documentType, /\(1001\)$/);
    assert.equal(model.invalidation, undefined);
    assert.deepEqual(model.content, []);
  });

  test('an invalidated document carries the mark, the time and the reason', () => {
    const model = buildRenderModel({
      metadata,
      status: 'invalidated',
      invalidation: { reason: 'Väärä asiakas', at: '2026-11-12T08:00:00Z' },
      codeSets,
    });
    assert.deepEqual(model.invalidation, { mark: 'MITÄTÖITY', reason: 'Väärä asiakas', at: '12.11.2026 klo 10.00' });
    assert.match(
      renderXhtml({ metadata, status: 'invalidated', invalidation: { reason: 'Väärä asiakas', at: '2026-11-12T08:00:00Z' } }),
      /<p class="invalidated">MITÄTÖITY – 12\.11\.2026 klo 10\.00 – Väärä asiakas<\/p>/,
    );
  });

  test('content without a definition is shown by its keys', () => {
    const model = buildRenderModel({
      metadata,
      content: { a: { teksti: 'x', koodi: { system: 'urn:oid:1.2', code: '3', display: 'Kolme' } } },
    });
    assert.deepEqual(outline(model.content), ['# a', '  koodi: Kolme', '  teksti: x']);
  });
});

describe('XHTML', () => {
  const xhtml = renderXhtml({
    metadata,
    definition,
    content: { testipaatos: { ...content.testipaatos, lisatiedot: 'rivi 1\nrivi 2 <script>alert(1)</script>\u0007' } },
    codeSets,
  });

  test('is well-formed and escapes every text: markup in values stays text', () => {
    const parsed = parseXmlSafely(xhtml);
    assert.ok(parsed.ok, !parsed.ok ? parsed.issue.message : '');
    assert.equal(parsed.document.getElementsByTagName('script').length, 0);
    assert.equal(parsed.document.getElementsByTagName('b').length, 0);
    assert.equal(parsed.document.getElementsByTagName('title')[0]!.textContent, 'Päätös <ote> & "liite"');
    assert.match(xhtml, /<dd>rivi 1<br\/>rivi 2 &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/dd>/);
  });

  test('sections and headings follow the content; the language is declared', () => {
    assert.match(xhtml, /<html xmlns="http:\/\/www\.w3\.org\/1999\/xhtml" lang="fi" xml:lang="fi">/);
    assert.match(xhtml, /<section>\s*<h2>Asiakas 1\/2<\/h2>/);
    assert.doesNotMatch(xhtml, /<h2>Päätös<\/h2>/);
  });
});

describe('CDA narrative', () => {
  test('written from the same model: labels, code names and dates as the renderings show them, in the language asked', () => {
    const text = serialise(
      narrativeFromContent({ testipaatos: { ...content.testipaatos, lisatiedot: 'rivi 1\nrivi 2' } }, { definition, codeSets, lang: 'sv' }),
    );
    assert.match(text, /<caption>Beslutsdatum<\/caption>\s*<content>2\.5\.2024<\/content>/);
    assert.match(text, /<caption>Ratkaisun laji<\/caption>\s*<content>Positivt<\/content>/);
    assert.match(
      text,
      /<caption>Klient 2\/2<\/caption>\s*<list>\s*<item>\s*<caption>Efternamn<\/caption>\s*<content>Åström &lt;b&gt;&amp;&lt;\/b&gt;<\/content>/,
    );
    assert.match(text, /<caption>Tilläggsuppgifter<\/caption>\s*<content>rivi 1<br\/>rivi 2<\/content>/);
    assert.match(text, /<item>\s*<content>Detta är ett meddelande\.<\/content>\s*<\/item>/);
  });
});

describe('PDF metadata', () => {
  test('title and author with markup and control characters give well-formed XMP and the same Info', async () => {
    const { renderPdf } = await import('./render-pdf.ts');
    const pdf = await renderPdf({
      metadata: sampleMetadata({ title: 'A & <B>\u0007 "C"', author: { name: 'Åsa <Ö>', professionalId: 'X', role: 'r' } }),
    });
    const text = pdf.toString('latin1');
    const xmp = Buffer.from(text.slice(text.indexOf('<?xpacket begin'), text.indexOf('<?xpacket end')), 'latin1').toString('utf8');
    assert.match(xmp, /<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; &lt;B&gt; &quot;C&quot;<\/rdf:li>/);
    assert.match(xmp, /<rdf:li>Åsa &lt;Ö&gt;<\/rdf:li>/);
    assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    assert.match(xmp, /<xmp:CreateDate>2026-11-10T08:00:00Z<\/xmp:CreateDate>/);
    assert.equal(text.split('(D:20261110080000Z)').length - 1, 2, 'CreationDate and ModDate are the completion time');
  });
});
