import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fhirJson } from './fhir-json.ts';

test('FHIR JSON leaves out empty arrays, empty objects and nulls, also ones emptied by that, and keeps everything else', () => {
  assert.equal(
    fhirJson({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [], link: [{ relation: 'self', url: 'x', extension: [] }] }),
    '{"resourceType":"Bundle","type":"searchset","total":0,"link":[{"relation":"self","url":"x"}]}',
  );
  assert.equal(fhirJson({ resourceType: 'Parameters', parameter: [{ part: [] }] }), '{"resourceType":"Parameters"}');
  assert.equal(fhirJson({ resourceType: 'X', a: null, b: {}, c: false, d: 0, e: 'e' }), '{"resourceType":"X","c":false,"d":0,"e":"e"}');
  const untouched = { resourceType: 'X', list: [1, { y: 'z' }] };
  assert.equal(fhirJson(untouched), JSON.stringify(untouched));
});
