import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturn } from './ui-kit.tsx';

describe('safeReturn', () => {
  it('keeps local paths and refuses everything that could leave the site', () => {
    assert.equal(safeReturn('/pro/clients?x=1'), '/pro/clients?x=1');
    for (const bad of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      '/\t/evil.example',
      '/\n/evil.example',
      'pro/clients',
      '',
      undefined,
      42,
    ]) {
      assert.equal(safeReturn(bad, '/home'), '/home', JSON.stringify(bad));
    }
  });
});
