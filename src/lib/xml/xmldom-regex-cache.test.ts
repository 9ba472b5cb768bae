// The end-tag expression cache changes no parse: the same trees, and malformed end tags still refused.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { parseXmlSafely } from './safe-xml.ts';
import { useXmldomRegexCache } from './xmldom-regex-cache.ts';

const grammar = createRequire(import.meta.url)('@xmldom/xmldom/lib/grammar.js') as { reg: (...p: unknown[]) => RegExp };

describe('xmldom regex cache', () => {
  test('is installed and gives the same expression object for the same pieces', () => {
    const a = grammar.reg('^', /[a-z]+/, '$');
    assert.equal(grammar.reg('^', /[a-z]+/, '$').source, a.source);
  });

  test('parses the same trees and refuses the same end tags with and without it', () => {
    const inputs = [
      '<a><b x="1">t</b><c:d xmlns:c="urn:x">u</c:d ></a>',
      '<a><b></b ></a>',
      '<a><b></b c></a>',
      '<a><b></c></a>',
      '<a></a\nx>',
    ];
    for (const xml of inputs) {
      const results = [true, false].map((on) => {
        useXmldomRegexCache(on);
        try {
          const r = parseXmlSafely(xml);
          return r.ok ? `ok ${r.document.toString()}` : `refused ${r.issue.rule}`;
        } finally {
          useXmldomRegexCache(true);
        }
      });
      assert.equal(results[0], results[1], xml);
    }
    assert.match(String(parseXmlSafely('<a><b></b c></a>').ok), /false/);
  });
});
