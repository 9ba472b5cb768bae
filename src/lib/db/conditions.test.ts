import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conditions } from './conditions.ts';

test('each condition gets the number of its own value, in order', () => {
  const c = new Conditions();
  const rk = c.param('1.2.3');
  c.raw(`a = ${rk}`).add('(b = ? OR b2 = ?)', 'x').raw('c IS NULL').add('d < ?', 5);
  assert.equal(c.where(), 'WHERE a = $1 AND (b = $2 OR b2 = $2) AND c IS NULL AND d < $3');
  assert.deepEqual(c.params, ['1.2.3', 'x', 5]);
});

test('no conditions, no WHERE', () => {
  assert.equal(new Conditions().where(), '');
});
