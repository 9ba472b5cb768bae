import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLang, defineMessages, formatDate } from './i18n.ts';

describe('i18n', () => {
  it('prefers the cookie, then Accept-Language by weight, then Finnish', () => {
    assert.equal(chooseLang('sv', 'en'), 'sv');
    assert.equal(chooseLang(undefined, 'de-DE, en-GB;q=0.8, sv;q=0.9'), 'sv');
    assert.equal(chooseLang('xx', 'en-US'), 'en');
    assert.equal(chooseLang(undefined, 'de, fr;q=0.5'), 'fi');
    assert.equal(chooseLang(undefined, undefined), 'fi');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    const m = defineMessages({ fi: { hi: 'Hei {name} {x}' }, sv: { hi: 'Hej {name}' }, en: { hi: 'Hi {name}' } });
    assert.equal(m('fi')('hi', { name: 'Sanna' }), 'Hei Sanna {x}');
    assert.equal(m('sv')('hi', { name: 'Sanna' }), 'Hej Sanna');
  });
  it('formats dates in Finnish time', () => {
    assert.equal(formatDate('2026-01-31T22:30:00Z', 'fi'), '1.2.2026');
    assert.equal(formatDate(null, 'en'), '');
  });
});
