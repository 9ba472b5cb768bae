import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientDocument, HETU } from '../../../test/support/archive-fixtures.ts';
import { checkInvalidation, checkNewVersion, MIN_INVALIDATION_REASON } from './lifecycle.ts';
import type { DocumentMetadata, DocumentStatus } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from './archived-document.ts';

// Documents are immutable: corrections are new versions (same set, version + 1), mistakes are invalidated
// with a reason. Both keep the history.

const CASE = '1.2.246.10.9990001.98.3.21';

const SET = '1.2.246.10.9990001.98.2.21';
const V1 = '1.2.246.10.9990001.98.1.21';

function archived(status: DocumentStatus = 'current', overrides: Partial<DocumentMetadata> = {}): ArchivedDocument {
  return {
    ...clientDocument(CASE, { documentId: V1, setId: SET, ...overrides }),
    clientKey: HETU,
    status,
    destructionDate: '2038-11-10',
    body: { sha256: 'a'.repeat(64), size: 10, contentType: 'application/pdf' },
    archivedAt: '2026-11-10T08:00:00.000Z',
    archivedBy: 'system-vaasa',
  };
}
const nextOf = (prev: ArchivedDocument, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata =>
  clientDocument(CASE, {
    setId: prev.setId,
    version: prev.version + 1,
    replaces: prev.documentId,
    documentType: prev.documentType,
    ...overrides,
  });

describe('checkNewVersion', () => {
  const v1 = archived();
  const rows: Array<[string, ArchivedDocument | undefined, DocumentMetadata, string[], RegExp?]> = [
    ['version 2 replacing current version 1', v1, nextOf(v1), []],
    [
      'version 3 replacing current version 2',
      archived('current', { version: 2, replaces: '1.2.3' }),
      nextOf(archived('current', { version: 2 })),
      [],
    ],
    ['a new version with a corrected title and phase', v1, nextOf(v1, { processPhase: 'toteutus', title: 'Korjattu' }), []],
    ['replaced document not found', undefined, nextOf(v1), ['replaces not-found'], /not in the archive for this client/],
    ['another set id', v1, nextOf(v1, { setId: '1.2.246.10.9990001.98.2.999' }), ['setId same-set'], /keeps the set id/],
    ['skipping a version number', v1, nextOf(v1, { version: 3 }), ['version next-version'], /makes version 2; got 3/],
    ['the same version number again', v1, nextOf(v1, { version: 1 }), ['version next-version']],
    ['another document type', v1, nextOf(v1, { documentType: '1000' }), ['documentType same-type']],
    ['replacing a superseded version', archived('superseded'), nextOf(v1), ['replaces not-current'], /already replaced/],
    ['replacing an invalidated document', archived('invalidated'), nextOf(v1), ['replaces invalidated'], /cannot get new versions/],
  ];
  for (const [name, previous, next, expected, message] of rows) {
    it(name, () => {
      const issues = checkNewVersion(next, previous);
      assert.deepEqual(
        issues.map((i) => `${i.field} ${i.rule}`),
        expected,
      );
      if (message) assert.match(issues[0]!.message, message);
    });
  }
  it('several problems are reported together', () => {
    const issues = checkNewVersion(nextOf(v1, { setId: '1.2.246.10.9990001.98.2.998', version: 5 }), archived('superseded'));
    assert.deepEqual(
      issues.map((i) => i.rule),
      ['same-set', 'next-version', 'not-current'],
    );
  });
});

describe('checkInvalidation', () => {
  const reason = 'Tallennettu väärälle asiakkaalle';
  const rows: Array<[string, DocumentStatus, string, string[]]> = [
    ['current document with a reason', 'current', reason, []],
    ['reason of exactly the minimum length', 'current', 'x'.repeat(MIN_INVALIDATION_REASON), []],
    ['reason one character short', 'current', 'x'.repeat(MIN_INVALIDATION_REASON - 1), ['reason required']],
    ['reason of blanks only', 'current', '          ', ['reason required']],
    ['already invalidated', 'invalidated', reason, ['documentId already-invalidated']],
    ['superseded version', 'superseded', reason, ['documentId not-current']],
    ['invalidated again without a reason', 'invalidated', '', ['reason required', 'documentId already-invalidated']],
  ];
  for (const [name, status, why, expected] of rows) {
    it(name, () =>
      assert.deepEqual(
        checkInvalidation(archived(status), why).map((i) => `${i.field} ${i.rule}`),
        expected,
      ),
    );
  }
  it('the reason message says how long a reason must be', () => {
    assert.match(checkInvalidation(archived(), 'oops')[0]!.message, new RegExp(`at least ${MIN_INVALIDATION_REASON} characters`));
  });
});
