import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArkkiError } from '../../../lib/errors.ts';
import { encodeCursor } from '../../domain/search.ts';
import { ARCHIVIST_PAGE_SIZE, criteriaOf, readSearchForm, searchFields } from './search-form.ts';

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ArkkiError);
    return err.issues.map((i) => `${i.field}:${i.rule}`);
  }
  return [];
};

describe('archivist search form', () => {
  it('an empty form searches current documents, one page', () => {
    assert.deepEqual(criteriaOf(readSearchForm({})), { status: ['current'], count: ARCHIVIST_PAGE_SIZE });
  });

  it('takes every filter, several statuses, and Finnish calendar days as UTC bounds', () => {
    const c = criteriaOf(
      readSearchForm({
        client: ' 010516a901v ',
        serviceTask: '10',
        documentType: '1001',
        processPhase: 'arviointi',
        from: '2026-01-15',
        to: '2026-07-15',
        status: ['current', 'invalidated', 'bogus'],
      }),
    );
    assert.equal(c.client, '010516A901V');
    assert.deepEqual(c.status, ['current', 'invalidated']);
    assert.equal(c.completedFrom, '2026-01-14T22:00:00.000Z'); // winter: UTC+2
    assert.equal(c.completedBefore, '2026-07-15T21:00:00.000Z'); // end of 15 July in summer time (UTC+3)
    assert.deepEqual([c.serviceTask, c.documentType, c.processPhase], ['10', '1001', 'arviointi']);
  });

  it('names each field that breaks its rule', () => {
    assert.deepEqual(
      fieldsOf(() => criteriaOf(readSearchForm({ client: '010516A901X', from: '31.2.2026', after: 'not-ours' }))),
      ['client:client-id', 'from:date', 'after:page-token'],
    );
    assert.deepEqual(
      fieldsOf(() => criteriaOf(readSearchForm({ from: '2026-02-01', to: '2026-01-01' }))),
      ['to:date-order'],
    );
  });

  it('takes dates as people in Finland type them', () => {
    const c = criteriaOf(readSearchForm({ from: '1.12.2026', to: '31.12.2026' }));
    assert.deepEqual([c.completedFrom, c.completedBefore], ['2026-11-30T22:00:00.000Z', '2026-12-31T22:00:00.000Z']);
    assert.deepEqual(
      fieldsOf(() => criteriaOf(readSearchForm({ from: '2.12.2026', to: '1.12.2026' }))),
      ['to:date-order'],
    );
  });

  it('carries the same search and the cursor to the next page as form fields', () => {
    const after = encodeCursor({ completed: '2026-01-01T00:00:00.000Z', documentId: '1.2.3' });
    const form = readSearchForm({ client: '010516A901V', status: ['current', 'superseded'] });
    const next = searchFields(form, after);
    assert.deepEqual(next, [
      ['client', '010516A901V'],
      ['status', 'current'],
      ['status', 'superseded'],
      ['after', after],
    ]);
    const back = readSearchForm(
      Object.fromEntries([
        ['client', '010516A901V'],
        ['status', ['current', 'superseded']],
        ['after', after],
      ]),
    );
    assert.deepEqual(criteriaOf(back).after, { completed: '2026-01-01T00:00:00.000Z', documentId: '1.2.3' });
  });
});
