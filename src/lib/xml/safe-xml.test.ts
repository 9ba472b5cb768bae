// Hostile-input corpus for the XML entry point, generated here: each input must be refused with its
// reason (the rule), and an ordinary CDA-like document must parse.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import xpath from 'xpath';
import { ArkkiError } from '../errors.ts';
import { parseXmlOrThrow, parseXmlSafely, type SafeXmlOptions } from './safe-xml.ts';

const MB = 1024 * 1024;

function refusedWith(input: string | Uint8Array, rule: string, options?: SafeXmlOptions): string {
  const result = parseXmlSafely(input, options);
  assert.equal(result.ok, false, `expected refusal '${rule}'`);
  if (result.ok) return '';
  assert.equal(result.issue.rule, rule, result.issue.message);
  return result.issue.message;
}

const billionLaughs = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  ' <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ']>',
  '<lolz>&lol9;</lolz>',
].join('\n');

const quadraticBlowup = `<?xml version="1.0"?><!DOCTYPE kaboom [<!ENTITY a "${'a'.repeat(100_000)}">]><kaboom>${'&a;'.repeat(10_000)}</kaboom>`;

const cdaLike = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Arkistoitava asiakirja -->
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fi="urn:hl7finland">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <id root="1.2.246.10.1234567.10.1.2024.1"/>
  <code code="11063" codeSystem="1.2.246.537.6.1506" displayName="Päätös &amp; perustelut"/>
  <title>Päätös vanhemmuuden selvittämisestä</title>
  <effectiveTime value="20240501134500+0300"/>
  <recordTarget><patientRole><id root="1.2.246.21" extension="010516C903K"/></patientRole></recordTarget>
  <component><structuredBody><component><section>
    <text>Åbo &lt; Helsinki; "lainaus" &gt; <![CDATA[<ei tagi>]]></text>
    <entry><observation classCode="OBS" moodCode="EVN"><value xsi:type="CD" code="1" note="a > b"/></observation></entry>
  </section></component></structuredBody></component>
</ClinicalDocument>`;

describe('DTDs and external entities are refused', () => {
  test('XXE reading a local file', () => {
    const message = refusedWith('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', 'doctype');
    assert.match(message, /DOCTYPE/);
    assert.match(message, /line 1, column 22/);
  });

  test('XXE over http (general and parameter entity) makes no request', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY y "leak">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/evil.dtd`;
    try {
      refusedWith(`<!DOCTYPE r [<!ENTITY x SYSTEM "${url}">]><r>&x;</r>`, 'doctype');
      refusedWith(`<!DOCTYPE r [<!ENTITY % p SYSTEM "${url}"> %p;]><r/>`, 'doctype');
      refusedWith(`<!DOCTYPE r SYSTEM "${url}"><r/>`, 'doctype');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(requests, 0);
    } finally {
      server.close();
    }
  });

  test('billion laughs', () => {
    refusedWith(billionLaughs, 'doctype');
  });
  test('quadratic blowup', () => {
    refusedWith(quadraticBlowup, 'doctype');
  });
  test('a bare DOCTYPE, in any case', () => {
    refusedWith('<!DOCTYPE html><html/>', 'doctype');
    refusedWith('<!doctype r><r/>', 'doctype');
  });
  test('an entity declaration outside a DOCTYPE', () => {
    refusedWith('<r><!ENTITY a "b"></r>', 'doctype');
  });
  test('DOCTYPE text inside a comment or CDATA is only text', () => {
    assert.equal(parseXmlSafely('<r><!-- <!DOCTYPE x> --><![CDATA[<!ENTITY y "z">]]></r>').ok, true);
  });
});

describe('size, depth and width limits', () => {
  test('a 50 MB document is refused by size before it is decoded or parsed', () => {
    // Not even XML: had it been parsed first, the reason would be "malformed", not "too-large".
    refusedWith(new Uint8Array(50 * MB).fill(0xff), 'too-large');
    refusedWith('x'.repeat(50 * MB), 'too-large');
    const big = `<r>${'ä'.repeat(9 * MB)}</r>`; // 9 M characters, 18 MB in UTF-8
    refusedWith(big, 'too-large');
    assert.equal(parseXmlOrThrow(big, { maxBytes: 20 * MB }).documentElement?.nodeName, 'r');
  });

  test('100 000 levels of nesting', () => {
    const message = refusedWith(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`, 'too-deep');
    assert.match(message, /256 levels/);
  });

  test('depth within the limit parses', () => {
    assert.equal(parseXmlSafely(`${'<a>'.repeat(200)}${'</a>'.repeat(200)}`).ok, true);
    refusedWith(`${'<a>'.repeat(11)}${'</a>'.repeat(11)}`, 'too-deep', { maxDepth: 10 });
  });

  test('too many elements', () => {
    refusedWith(`<r>${'<e/>'.repeat(300_000)}</r>`, 'too-many-elements');
  });
  test('a huge attribute', () => {
    refusedWith(`<r a="${'x'.repeat(5 * MB)}"/>`, 'attribute-too-long');
  });
  test('too many attributes', () => {
    refusedWith(`<r ${Array.from({ length: 1000 }, (_, i) => `a${i}="1"`).join(' ')}/>`, 'too-many-attributes');
  });
});

describe('processing instructions and encodings', () => {
  test('a stylesheet instruction is refused unless allowed', () => {
    const xml = '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="http://evil.example/x.xsl"?>\n<r/>';
    assert.match(refusedWith(xml, 'processing-instruction'), /line 2, column 1/);
    assert.equal(parseXmlSafely(xml, { allowProcessingInstructions: ['xml-stylesheet'] }).ok, true);
  });
  test('an XML declaration that is not at the start', () => {
    refusedWith('<r/><?xml version="1.0"?>', 'malformed');
  });
  test('a declared encoding other than UTF-8', () => {
    refusedWith('<?xml version="1.0" encoding="ISO-8859-1"?><r/>', 'encoding');
  });
  test('bytes that are not UTF-8', () => {
    refusedWith(new Uint8Array([0x3c, 0x72, 0x3e, 0xe4, 0x3c, 0x2f, 0x72, 0x3e]), 'encoding');
  });
});

describe('malformed XML is refused, not half-parsed', () => {
  const table: [string, string][] = [
    ['mismatched end tag', '<a><b></a>'],
    ['unclosed element', '<a><b>'],
    ['undefined entity', '<a>&nbsp;</a>'],
    ['two root elements', '<a/><b/>'],
    ['text after the root', '<a/>roskaa'],
    ['unbound namespace prefix', '<x:a/>'],
    ['unquoted attribute', '<a b=c/>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
    ['control character', '<a>\u0001</a>'],
    ['bare < in text', '<a>1 < 2</a>'],
    ['empty input', ''],
    ['no markup at all', 'hello'],
  ];
  for (const [name, xml] of table)
    test(name, () => {
      refusedWith(xml, 'malformed');
    });

  test('a mismatched end tag is placed exactly, with the element it should close', () => {
    const result = parseXmlSafely('<a>\n  <b>\n  </c>\n</a>');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual([result.issue.line, result.issue.column], [3, 3]);
    assert.match(result.issue.message, /<\/c> does not match <b> opened at line 2, column 3/);
  });

  test('other errors are placed near where the parser was', () => {
    const result = parseXmlSafely('<a>\n\n  <b x="1" x="2"/>\n</a>');
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.issue.message, /redefined .*near line 3/);
  });
});

describe('ordinary documents parse', () => {
  test('a CDA-like document, as text and as bytes with a BOM', () => {
    for (const input of [cdaLike, new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(cdaLike)])]) {
      const result = parseXmlSafely(input);
      assert.equal(result.ok, true, result.ok ? '' : result.issue.message);
      if (!result.ok) continue;
      const select = xpath.useNamespaces({ h: 'urn:hl7-org:v3' });
      assert.equal(
        select('string(/h:ClinicalDocument/h:title)', result.document as unknown as Node),
        'Päätös vanhemmuuden selvittämisestä',
      );
      assert.equal(select('string(//h:code/@displayName)', result.document as unknown as Node), 'Päätös & perustelut');
      assert.match(
        String(select('string(//h:section/h:text)', result.document as unknown as Node)),
        /^Åbo < Helsinki; "lainaus" > <ei tagi>$/,
      );
    }
  });

  test('parseXmlOrThrow maps refusals to error codes', () => {
    assert.throws(
      () => parseXmlOrThrow('x'.repeat(2000), { maxBytes: 1000 }),
      (e: unknown) => e instanceof ArkkiError && e.code === 'too-large',
    );
    assert.throws(
      () => parseXmlOrThrow(billionLaughs, { field: 'body' }),
      (e: unknown) => e instanceof ArkkiError && e.code === 'invalid' && e.issues[0]!.field === 'body',
    );
  });
});
