import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkAction,
  type ClientDocument,
  type DocumentAction,
  type DocumentState,
  dueForNightlyBatch,
  nextVersion,
  validateCompletion,
  validateDraft,
} from './client-document.ts';

describe('client document lifecycle', () => {
  const table: Array<[DocumentState, DocumentAction, boolean]> = [
    ['draft', 'edit', true],
    ['draft', 'finish', true],
    ['draft', 'lock', false],
    ['draft', 'new-version', false],
    ['finished', 'edit', false],
    ['finished', 'finish', false],
    ['finished', 'lock', true],
    ['finished', 'new-version', false],
    ['locked', 'edit', false],
    ['locked', 'finish', false],
    ['locked', 'lock', false],
    ['locked', 'new-version', true],
  ];
  for (const [state, action, ok] of table) {
    it(`${state}: ${action} ${ok ? 'allowed' : 'refused'}`, () => {
      const issues = checkAction(state, action);
      assert.equal(issues.length === 0, ok);
      if (!ok) assert.equal(issues[0]!.rule, `document-${state}`);
    });
  }

  const locked: ClientDocument = {
    documentId: '1.2.3.1.1',
    setId: '1.2.3.2.1',
    version: 1,
    caseId: '1.2.3.3.1',
    processPhase: 'arviointi',
    documentType: '1001',
    title: 'Arvio',
    content: { teksti: 'x' },
    language: 'fi',
    author: { name: 'S', professionalId: 'P', role: 'r' },
    state: 'locked',
    created: '2026-11-01T08:00:00Z',
    completed: '2026-11-01T09:00:00Z',
    lockedAt: '2026-11-01T09:30:00Z',
  };

  it('a new version is a draft in the same set that replaces the locked one', () => {
    const v2 = nextVersion(locked, '1.2.3.1.2', '2026-11-02T08:00:00Z');
    assert.deepEqual(
      [v2.setId, v2.version, v2.replaces, v2.state, v2.completed, v2.lockedAt, v2.documentId],
      [locked.setId, 2, locked.documentId, 'draft', undefined, undefined, '1.2.3.1.2'],
    );
  });

  it('the nightly batch takes finished documents whose completion time has passed', () => {
    const at = new Date('2026-11-01T10:00:00Z');
    assert.equal(dueForNightlyBatch({ state: 'finished', completed: '2026-11-01T09:00:00Z' }, at), true);
    assert.equal(dueForNightlyBatch({ state: 'finished', completed: '2026-11-02T09:00:00Z' }, at), false);
    assert.equal(dueForNightlyBatch({ state: 'locked', completed: '2026-11-01T09:00:00Z' }, at), false);
    assert.equal(dueForNightlyBatch({ state: 'draft' }, at), false);
  });

  it('completion is not before creation', () => {
    assert.deepEqual(validateCompletion('2026-11-20T10:00:00Z', '2026-11-20T12:00:00+02:00'), []);
    assert.deepEqual(
      validateCompletion('2026-11-20T10:00:00Z', '2026-11-19T12:00:00+02:00').map((i) => i.rule),
      ['order'],
    );
    assert.deepEqual(
      validateCompletion('2026-11-20T10:00:00Z', 'eilen').map((i) => i.rule),
      ['invalid'],
    );
  });

  it('a draft names a known process phase and has a title', () => {
    assert.deepEqual(validateDraft({ title: 'A', processPhase: 'toteutus', documentType: '1001' }), []);
    assert.deepEqual(
      validateDraft({ title: ' ', processPhase: 'arvio', documentType: '1001' }).map((i) => [i.field, i.rule]),
      [
        ['title', 'required'],
        ['processPhase', 'code-unknown'],
      ],
    );
  });
});
