import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, csvLines } from './log-export-format.ts';

describe('CSV export fields', () => {
  it('quotes per RFC 4180', () => {
    assert.equal(csvField('Virtanen, Sanna'), '"Virtanen, Sanna"');
    assert.equal(csvField('sanoi "hei"'), '"sanoi ""hei"""');
    assert.equal(csvField(null), '');
    assert.equal(csvField(['a', 'b']), 'a b');
  });

  it('a text a spreadsheet would run as a formula is shown as text', () => {
    for (const hostile of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const field = csvField(hostile);
      assert.ok(field.replace(/^"/, '').startsWith("'"), `${JSON.stringify(hostile)} → ${field}`);
    }
    assert.equal(csvField('=1,2'), `"'=1,2"`);
  });

  it('ordinary values are unchanged', () => {
    assert.equal(csvLines([{ name: 'a', value: (r: { a: string }) => r.a }], [{ a: '2026-11-25T10:00:00Z' }]), '2026-11-25T10:00:00Z\r\n');
  });
});
