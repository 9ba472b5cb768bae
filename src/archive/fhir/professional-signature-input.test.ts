import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_SIGNATURE_BYTES, splitProfessionalSignature } from './professional-signature-input.ts';

const body = { attachment: { contentType: 'application/hl7-v3+xml', data: Buffer.from('<ClinicalDocument/>').toString('base64') } };
const xades = (data: unknown, contentType = 'application/vnd.etsi.xades+xml') => ({ attachment: { contentType, data } });
const SIGNATURE = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="s"/>';

describe('professional e-signature in a DocumentReference create', () => {
  test('is split off the content, leaving the body for the body parser', () => {
    const split = splitProfessionalSignature({ content: [body, xades(Buffer.from(SIGNATURE).toString('base64'))] });
    assert.deepEqual(split.issues, []);
    assert.deepEqual(split.content, [body]);
    assert.equal(split.signatureXml?.toString('utf8'), SIGNATURE);
    // Order and content-type parameters do not matter.
    const reordered = splitProfessionalSignature({
      content: [xades(Buffer.from(SIGNATURE).toString('base64'), 'application/vnd.etsi.xades+xml; charset=utf-8'), body],
    });
    assert.deepEqual(reordered.content, [body]);
    assert.ok(reordered.signatureXml);
  });

  test('no signature: nothing changes', () => {
    assert.deepEqual(splitProfessionalSignature({ content: [body] }), { content: [body], issues: [] });
    assert.deepEqual(splitProfessionalSignature({}), { content: [], issues: [] });
  });

  test('each problem is named by field and rule', () => {
    const rule = (content: unknown[]) => splitProfessionalSignature({ content }).issues.map((i) => `${i.field}:${i.rule}`);
    assert.deepEqual(rule([body, xades('PHg+'), xades('PHg+')]), ['professionalSignature:cardinality']);
    assert.deepEqual(rule([body, xades(undefined)]), ['professionalSignature:required']);
    assert.deepEqual(rule([body, xades('not base64!')]), ['professionalSignature:base64']);
    assert.deepEqual(rule([body, xades('A'.repeat(Math.ceil(MAX_SIGNATURE_BYTES / 3) * 4 + 4))]), ['professionalSignature:max-size']);
  });
});
