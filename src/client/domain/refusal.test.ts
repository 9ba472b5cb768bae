import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRefusal, describeRefusal } from './refusal.ts';
import { monitoringReport } from './monitoring.ts';

describe('refusal classes', () => {
  const table: Array<[string, Parameters<typeof classifyRefusal>[0], Parameters<typeof classifyRefusal>[1], string, string]> = [
    [
      'archive-first on the service task',
      { rule: 'archive-first', metadataField: 'serviceTask', message: 'm', status: 422 },
      'case',
      'missing-clienthood',
      'clienthood',
    ],
    [
      'archive-first on the case',
      { rule: 'archive-first', metadataField: 'case.id', message: 'm', status: 422 },
      'document',
      'unknown-case',
      'case',
    ],
    ['case in another task', { rule: 'case-service-task', field: 'case.id', message: 'm' }, 'document', 'unknown-case', 'case'],
    [
      'unknown social service',
      { rule: 'code-unknown', metadataField: 'socialServices', message: 'm', status: 400 },
      'document',
      'bad-code',
      'archiving-choices',
    ],
    ['unknown document type', { rule: 'code-unknown', field: 'documentType', message: 'm' }, 'document', 'bad-code', 'document'],
    [
      'untrusted certificate',
      { rule: 'untrusted-certificate', field: 'signature', message: 'm' },
      'clienthood',
      'bad-signature',
      'system-certificate',
    ],
    [
      'other register keeper',
      { rule: 'other-register-keeper', field: 'registerKeeper', message: 'm', status: 403 },
      'document',
      'no-access',
      'organisation-settings',
    ],
    ['401', { rule: 'http-401', message: 'm', status: 401 }, 'document', 'no-access', 'organisation-settings'],
    ['required field', { rule: 'required', field: 'clienthood.start', message: 'm' }, 'clienthood', 'bad-metadata', 'clienthood'],
    ['conflict', { rule: 'conflict', message: 'm', status: 409 }, 'document', 'conflict', 'document'],
  ];
  for (const [name, r, kind, cls, place] of table) {
    it(`${name} → ${cls}, fixed at ${place}`, () => {
      const c = classifyRefusal(r, kind);
      assert.equal(c.class, cls);
      assert.equal(c.fixAt.kind, place);
    });
  }
  it('speaks the user’s language and keeps the archive’s words beside', () => {
    const r = { rule: 'code-unknown', metadataField: 'socialServices', message: "code '99999' is not in 1.2.246.537.6.1222" };
    assert.equal(describeRefusal(r, 'document', 'en').title, 'A code is not in the national code set');
    assert.equal(describeRefusal(r, 'document', 'fi').where, 'Arkistointinäyttö: Sosiaalipalvelut');
    assert.equal(describeRefusal(r, 'document', 'sv').archiveMessage, r.message);
  });
});

describe('monitoring figures', () => {
  it('counts per day and dimension; waiting carries over from day to day', () => {
    const row = (day: string, to: 'waiting' | 'sending' | 'archived' | 'refused' | 'retry-wait', count: number, author = 'A') => ({
      day,
      to,
      documentType: '1001',
      serviceUnit: 'U',
      author,
      count,
    });
    const r = monitoringReport(
      [
        row('2026-11-02', 'waiting', 10),
        row('2026-11-02', 'sending', 12),
        row('2026-11-02', 'retry-wait', 4),
        row('2026-11-02', 'archived', 7),
        row('2026-11-03', 'sending', 3, 'B'),
        row('2026-11-03', 'refused', 1, 'B'),
        row('2026-11-03', 'archived', 2, 'B'),
      ],
      ['2026-11-01', '2026-11-02', '2026-11-03'],
      5,
      [{ documentType: '1001', serviceUnit: 'U', author: 'A', count: 5 }],
    );
    assert.deepEqual(
      r.days.map((d) => [d.day, d.sent, d.accepted, d.refused, d.retried, d.waiting]),
      [
        ['2026-11-01', 0, 0, 0, 0, 5],
        ['2026-11-02', 12, 7, 0, 4, 8],
        ['2026-11-03', 3, 2, 1, 0, 5],
      ],
    );
    assert.deepEqual(
      r.by.author.map((a) => [a.key, a.sent, a.waiting]),
      [
        ['A', 12, 5],
        ['B', 3, 0],
      ],
    );
    assert.equal(r.totals.retried, 4);
  });
});
