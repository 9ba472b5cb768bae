import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseDocument, clientDocument, clienthoodDocument } from '../../../test/support/archive-fixtures.ts';
import type { ClienthoodLevel, DocumentKind, DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { applyToView, checkRegisterOrder, emptyView, type RegisterView } from './register-rules.ts';

// Archiving order (domain README §3): social-welfare clienthood → service-task clienthood → service-unit
// clienthood and cases → client documents; notifications need none of it.

const CASE = '1.2.246.10.9990001.98.3.11';
const OTHER_CASE = '1.2.246.10.9990001.98.3.12';

function view(clienthoods: Array<[ClienthoodLevel, string | null]>, cases: Array<[string, string]> = []): RegisterView {
  return { clienthoods: clienthoods.map(([level, serviceTask]) => ({ level, serviceTask })), cases: new Map(cases) };
}
const none = view([]);
const welfare = view([['social-welfare', null]]);
const childWelfare = view([
  ['social-welfare', null],
  ['service-task', '10'],
]);
const withCase = view(
  [
    ['social-welfare', null],
    ['service-task', '10'],
  ],
  [[CASE, '10']],
);
const disabilityCase = view(
  [
    ['social-welfare', null],
    ['service-task', '10'],
  ],
  [[CASE, '20']],
);

type Row = [string, DocumentMetadata, DocumentKind, RegisterView, string[], RegExp?];

describe('checkRegisterOrder', () => {
  const rows: Row[] = [
    ['social-welfare clienthood first', clienthoodDocument('social-welfare'), 'clienthood', none, []],
    [
      'service-task clienthood without social-welfare clienthood',
      clienthoodDocument('service-task'),
      'clienthood',
      none,
      ['clienthood.level archive-first'],
      /social-welfare clienthood/,
    ],
    ['service-task clienthood after social-welfare clienthood', clienthoodDocument('service-task'), 'clienthood', welfare, []],
    [
      'service-unit clienthood without service-task clienthood',
      clienthoodDocument('service-unit'),
      'clienthood',
      welfare,
      ['clienthood.level archive-first'],
      /service-task clienthood in service task 10/,
    ],
    [
      'service-unit clienthood with service-task clienthood in another task',
      clienthoodDocument('service-unit', { serviceTask: '20' }),
      'clienthood',
      childWelfare,
      ['clienthood.level archive-first'],
    ],
    ['service-unit clienthood after service-task clienthood', clienthoodDocument('service-unit'), 'clienthood', childWelfare, []],
    [
      'case without service-task clienthood',
      caseDocument(CASE),
      'case',
      welfare,
      ['serviceTask archive-first'],
      /archive the clienthood document/,
    ],
    ['case after service-task clienthood', caseDocument(CASE), 'case', childWelfare, []],
    [
      'client document without any clienthood',
      clientDocument(CASE),
      'client-document',
      none,
      ['serviceTask archive-first'],
      /archive the clienthood document \(asiakkuusasiakirja\) first/,
    ],
    [
      'client document with clienthood only in another service task',
      clientDocument(CASE, { serviceTask: '20' }),
      'client-document',
      withCase,
      ['serviceTask archive-first'],
      /service task 20/,
    ],
    [
      'client document in an unknown case',
      clientDocument(OTHER_CASE),
      'client-document',
      withCase,
      ['case.id archive-first'],
      /archive its case document \(asia-asiakirja\) first/,
    ],
    [
      'client document in a case of another service task',
      clientDocument(CASE),
      'client-document',
      disabilityCase,
      ['case.id case-service-task'],
      /belongs to service task 20/,
    ],
    ['client document after clienthood and case', clientDocument(CASE), 'client-document', withCase, []],
    ['notification without any clienthood', clientDocument(CASE, { register: 'notification' }), 'client-document', none, []],
    ['consent document needs no clienthood', clienthoodDocument('social-welfare', { documentType: '8' }), 'consent', none, []],
  ];
  for (const [name, m, kind, v, expected, message] of rows) {
    it(name, () => {
      const issues = checkRegisterOrder(m, kind, v);
      assert.deepEqual(
        issues.map((i) => `${i.field} ${i.rule}`),
        expected,
      );
      if (message) assert.match(issues[0]!.message, message);
    });
  }
});

describe('applyToView: a batch can rely on what it archived earlier', () => {
  it('clienthood, case and document in order', () => {
    const v = emptyView();
    const steps: Array<[DocumentMetadata, DocumentKind]> = [
      [clienthoodDocument('social-welfare'), 'clienthood'],
      [clienthoodDocument('service-task'), 'clienthood'],
      [caseDocument(CASE), 'case'],
      [clientDocument(CASE), 'client-document'],
    ];
    for (const [m, kind] of steps) {
      assert.deepEqual(checkRegisterOrder(m, kind, v), [], m.title);
      applyToView(v, m, kind);
    }
    assert.deepEqual(
      v,
      view(
        [
          ['social-welfare', null],
          ['service-task', '10'],
        ],
        [[CASE, '10']],
      ),
    );
  });

  it('a client document adds nothing to the view', () => {
    const v = view([['social-welfare', null]]);
    applyToView(v, clientDocument(CASE), 'client-document');
    assert.deepEqual(v, view([['social-welfare', null]]));
  });
});
