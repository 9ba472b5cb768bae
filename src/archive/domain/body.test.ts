import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { pdf } from '../../../test/support/archive-fixtures.ts';
import { sha256Hex, validateBody, type DeclaredBody } from './body.ts';
import type { DocumentFormat } from '../../lib/metadata/metadata.ts';
import type { DocumentBody } from './archived-document.ts';

// A body is checked against its format (tallennusmuoto) and what the sender declared before anything is stored.

const MAX = 64 * 1024; // above the placeholder PDF/A (its embedded font subset is some 20 kB)
const PDF = pdf();
const XML: DocumentBody = { contentType: 'application/hl7-v3+xml', data: Buffer.from('<?xml version="1.0"?><ClinicalDocument/>') };
const JSON_BODY: DocumentBody = { contentType: 'application/json', data: Buffer.from('{"a":1}') };
const body = (contentType: string, data: Buffer | string): DocumentBody => ({
  contentType,
  data: Buffer.isBuffer(data) ? data : Buffer.from(data),
});

describe('validateBody', () => {
  const rows: Array<[string, DocumentFormat | undefined, DocumentBody, DeclaredBody, string[], RegExp?]> = [
    ['a PDF as pdf', 'pdf', PDF, {}, []],
    ['content type with parameters and capitals', 'pdf', body('Application/PDF; name="a.pdf"', PDF.data), {}, []],
    ['CDA R2 XML as cda', 'cda', XML, {}, []],
    ['XML with a byte-order mark and leading blanks', 'cda', body('text/xml', '\uFEFF  \n<ClinicalDocument/>'), {}, []],
    ['JSON as structured', 'structured', JSON_BODY, {}, []],
    [
      'correct declared size and hashes',
      'pdf',
      PDF,
      {
        size: PDF.data.length,
        sha256: sha256Hex(PDF.data).toUpperCase(),
        sha1Base64: createHash('sha1').update(PDF.data).digest('base64'),
      },
      [],
    ],
    ['empty body', 'pdf', body('application/pdf', ''), {}, ['body required', 'body pdf']],
    [
      'body over the limit',
      'pdf',
      body('application/pdf', Buffer.alloc(MAX + 1)),
      {},
      ['body max-size'],
      new RegExp(`${MAX + 1} bytes; the limit is ${MAX} bytes`),
    ],
    ['body exactly at the limit', 'structured', body('application/json', Buffer.alloc(MAX, 32)), {}, []],
    ['plain text as pdf', 'pdf', body('text/plain', 'hello'), {}, ['body.contentType media-type'], /expected application\/pdf/],
    ['PDF as structured', 'structured', PDF, {}, ['body.contentType media-type'], /application\/json/],
    ['application/pdf that is not a PDF', 'pdf', body('application/pdf', 'GIF89a....'), {}, ['body pdf'], /%PDF-/],
    ['XML content type that is not XML', 'cda', body('application/xml', 'not xml'), {}, ['body xml']],
    ['declared size differs', 'pdf', PDF, { size: PDF.data.length + 1 }, ['body.size size-mismatch']],
    [
      'declared SHA-256 differs',
      'pdf',
      PDF,
      { sha256: sha256Hex(Buffer.from('other')) },
      ['body.sha256 hash-mismatch'],
      /changed or cut in transit/,
    ],
    [
      'declared SHA-1 differs',
      'pdf',
      PDF,
      { sha1Base64: createHash('sha1').update('other').digest('base64') },
      ['body.hash hash-mismatch'],
    ],
    ['size and hash both wrong', 'pdf', PDF, { size: 1, sha256: '0'.repeat(64) }, ['body.size size-mismatch', 'body.sha256 hash-mismatch']],
    ['format unknown: only size and hashes are checked', undefined, body('text/plain', 'x'), { size: 2 }, ['body.size size-mismatch']],
  ];
  for (const [name, format, b, declared, expected, message] of rows) {
    it(name, () => {
      const issues = validateBody(format, b, declared, MAX);
      assert.deepEqual(
        issues.map((i) => `${i.field} ${i.rule}`),
        expected,
      );
      if (message) assert.match(issues[0]!.message, message);
    });
  }
});

describe('sha256Hex', () => {
  it('is the lower-case hex SHA-256 of the bytes', () => {
    assert.equal(sha256Hex(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
