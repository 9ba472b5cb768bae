import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFailure, type FailureClass, type FailureFacts } from './archive-failure.ts';

describe('classification of archive failures', () => {
  const cases: Array<[string, FailureFacts, FailureClass]> = [
    ['archive unreachable', { kind: 'unavailable', issues: [] }, { class: 'retryable', reason: 'archive unreachable' }],
    ['503', { kind: 'unavailable', status: 503, issues: [] }, { class: 'retryable', reason: 'HTTP 503' }],
    ['429', { kind: 'unavailable', status: 429, issues: [] }, { class: 'retryable', reason: 'HTTP 429' }],
    [
      'lost answer to a create (idempotent)',
      { kind: 'unavailable', status: 502, outcomeUnknown: true, issues: [] },
      { class: 'retryable', reason: 'HTTP 502' },
    ],
    [
      'bad code: 400 with the rule and field',
      { kind: 'refused', status: 400, issues: [{ rule: 'code-unknown', field: 'serviceTask', message: 'tuntematon palvelutehtävä' }] },
      { class: 'needs-person', rule: 'code-unknown', field: 'serviceTask', message: 'tuntematon palvelutehtävä', status: 400 },
    ],
    [
      'missing clienthood: 422 archive-first',
      { kind: 'refused', status: 422, issues: [{ message: 'note' }, { rule: 'archive-first', message: 'asiakkuus ensin' }] },
      { class: 'needs-person', rule: 'archive-first', message: 'asiakkuus ensin', status: 422 },
    ],
    [
      'no access: 403',
      { kind: 'forbidden', status: 403, issues: [{ rule: 'system-profile', message: 'ei oikeutta' }] },
      { class: 'needs-person', rule: 'system-profile', message: 'ei oikeutta', status: 403 },
    ],
    [
      'same id, other content: 409 without a rule',
      { kind: 'conflict', status: 409, issues: [{ message: 'eri sisältö' }] },
      { class: 'needs-person', rule: 'http-409', message: 'eri sisältö', status: 409 },
    ],
    [
      'untrusted archive certificate',
      { kind: 'tls', issues: [] },
      { class: 'needs-person', rule: 'tls', message: 'arkisto hylkäsi lähetyksen (tls)' },
    ],
  ];
  for (const [name, facts, expected] of cases) it(name, () => assert.deepEqual(classifyFailure(facts), expected));
});
