import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateCloseCase, validateOpenCase } from './case.ts';
import { shownContactData, validateClient } from './client.ts';
import { parentLevel, validateCloseClienthood, validateOpenClienthood } from './clienthood.ts';

const rules = (issues: Array<{ field: string; rule: string }>) => issues.map((i) => `${i.field}:${i.rule}`);

describe('client records', () => {
  it('turvakielto hides the contact data', () => {
    const p = { familyName: 'Virtanen', givenNames: 'Aino', address: 'Kauppakatu 1, 65100 Vaasa', municipality: '905' };
    assert.equal(shownContactData({ ...p, turvakielto: true }), 'turvakielto');
    assert.deepEqual(shownContactData({ ...p, turvakielto: false }), { address: p.address, municipality: '905' });
  });

  it('a client needs a valid henkilötunnus and a name', () => {
    assert.deepEqual(
      rules(validateClient({ kind: 'hetu', value: '010516A901V' }, { familyName: 'V', givenNames: 'A', turvakielto: false })),
      [],
    );
    assert.deepEqual(
      rules(
        validateClient({ kind: 'hetu', value: '010516A901X' }, { familyName: '', givenNames: 'A', municipality: '95', turvakielto: false }),
      ),
      ['clientId:invalid', 'familyName:required', 'municipality:invalid'],
    );
  });

  const table: Array<[string, Parameters<typeof validateOpenClienthood>[0], string[]]> = [
    ['social-welfare', { level: 'social-welfare', serviceTask: '10', serviceUnit: '1.2.3', start: '2026-01-01' }, []],
    ['service-unit', { level: 'service-unit', serviceTask: '10', serviceUnit: '1.2.3', start: '2026-01-01' }, []],
    ['no service task', { level: 'service-task', serviceTask: '', serviceUnit: '1.2.3', start: '2026-01-01' }, ['serviceTask:required']],
    ['bad start', { level: 'service-task', serviceTask: '10', serviceUnit: '1.2.3', start: '2026-02-30' }, ['start:invalid']],
  ];
  for (const [name, open, expected] of table)
    it(`opening a clienthood: ${name}`, () => assert.deepEqual(rules(validateOpenClienthood(open)), expected));

  it('clienthood levels hang on the level above', () => {
    assert.deepEqual((['social-welfare', 'service-task', 'service-unit'] as const).map(parentLevel), [
      undefined,
      'social-welfare',
      'service-task',
    ]);
  });

  it('closing: once, not before the start', () => {
    assert.deepEqual(rules(validateCloseClienthood({ start: '2026-01-01' }, '2026-06-30')), []);
    assert.deepEqual(rules(validateCloseClienthood({ start: '2026-01-01' }, '2025-12-31')), ['end:before-start']);
    assert.deepEqual(rules(validateCloseClienthood({ start: '2026-01-01', end: '2026-02-01' }, '2026-03-01')), ['end:closed']);
    assert.deepEqual(rules(validateCloseCase({ opened: '2026-01-01' }, '2025-01-01')), ['closed:before-opened']);
    assert.deepEqual(rules(validateCloseCase({ opened: '2026-01-01', closed: '2026-01-02' }, '2026-01-03')), ['closed:closed']);
  });

  it('a case is always named', () => {
    const open = { name: 'Lastensuojeluilmoitus 11/2026', serviceTask: '10', serviceUnit: '1.2.3', opened: '2026-11-01' };
    assert.deepEqual(rules(validateOpenCase(open)), []);
    assert.deepEqual(rules(validateOpenCase({ ...open, name: '  ' })), ['name:required']);
  });
});
