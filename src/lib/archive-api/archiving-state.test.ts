import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ARCHIVING_EXTENSION, archivingStateOf } from './archiving-state.ts';

// The archiving state as an Organization carries it (docs/fhir-mapping.md §11): no extension = never opened.

describe('archivingStateOf', () => {
  it('reads state, time, who and why; none is never opened', () => {
    assert.deepEqual(archivingStateOf({ resourceType: 'Organization', id: '1.2.3' }), { organisationOid: '1.2.3', state: 'not-opened' });
    assert.deepEqual(
      archivingStateOf({
        resourceType: 'Organization',
        id: '1.2.3',
        extension: [
          {
            url: ARCHIVING_EXTENSION,
            extension: [
              { url: 'state', valueCode: 'closed' },
              { url: 'changed', valueDateTime: '2026-11-20T10:00:00.000Z' },
              { url: 'by', valueString: 'Arja' },
              { url: 'reason', valueString: 'väärin arkistoitu' },
            ],
          },
        ],
      }),
      { organisationOid: '1.2.3', state: 'closed', changed: '2026-11-20T10:00:00.000Z', by: 'Arja', reason: 'väärin arkistoitu' },
    );
  });
  it('an unknown state value reads as not opened', () => {
    const org = {
      resourceType: 'Organization' as const,
      id: 'x',
      extension: [{ url: ARCHIVING_EXTENSION, extension: [{ url: 'state', valueCode: 'maybe' }] }],
    };
    assert.equal(archivingStateOf(org).state, 'not-opened');
  });
});
