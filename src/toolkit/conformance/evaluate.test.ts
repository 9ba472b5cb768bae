import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { evaluate } from './evaluate.ts';
import type { Answer, Caller, Observation, Read, Submission } from './observe.ts';
import { parseRequirementList, requirementList } from './requirements.ts';

// The checks on hand-made observations: each requirement's pass, fail and not-exercised, for the cases the
// end-to-end test's broken clients do not reach.

const list = requirementList();
const system: Caller = { kind: 'system', id: 'system-vaasa', organisationOid: '1.2.246.10.9990001.10.1' };
const sanna: Caller = { kind: 'professional', id: 'sw-vaasa-ls', organisationOid: '1.2.246.10.9990001.10.1' };
const ok: Answer = { status: 201, rules: [], retryable: false, refused: false };
const refused = (status: number, ...rules: string[]): Answer => ({ status, rules, retryable: false, refused: true });
let n = 0;
const req = () => `r${++n}`;

function meta(over: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return {
    documentId: '1.2.3.1',
    setId: '1.2.3.2',
    version: 1,
    documentType: '1001',
    title: 'Muistio',
    client: { kind: 'hetu', value: '010516A901V' },
    registerKeeper: '1.2.246.10.9990001.10.1',
    register: 'client',
    serviceProvider: '1.2.246.10.9990001.10.1',
    serviceUnit: '1.2.246.10.9990001.10.101',
    serviceTask: '10',
    socialServices: ['94'],
    case: { id: '1.2.3.9', name: 'Asia' },
    processPhase: 'arviointi',
    author: { name: 'S', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' },
    created: '2026-11-10T09:00:00+02:00',
    completed: '2026-11-10T10:00:00+02:00',
    language: 'fi',
    publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
    retentionRule: 'sh-12y',
    citizenVisible: { visible: true },
    format: 'cda',
    ...over,
  };
}

function submission(m: DocumentMetadata, answer = ok, over: Partial<Submission> = {}): Submission {
  return {
    type: 'submission',
    request: req(),
    at: '2026-11-20T10:00:00Z',
    caller: system,
    sha256: m.documentId,
    cda: {
      metadata: m,
      kind: 'client-document',
      parseIssues: [],
      body: 'pdf',
      pdfOk: true,
      signature: { ok: true, organisationOid: '1.2.246.10.9990001.10.1', systemName: 'ATJ' },
    },
    answer,
    ...over,
  };
}

function read(kind: Read['kind'], parameters: string[], caller = sanna, answer: Answer = { ...ok, status: 200 }): Read {
  return { type: 'read', request: req(), at: '2026-11-20T10:00:00Z', caller, kind, parameters, answer };
}

const result = (o: Observation[], id: string) => evaluate(o, list).find((r) => r.id === id)!;

describe('conformance checks', () => {
  it('nothing seen: every requirement is not exercised, none passes', () => {
    assert.deepEqual(new Set(evaluate([], list).map((r) => r.outcome)), new Set(['not-exercised']));
  });

  it('K05: a new version must replace the latest archived version, with version + 1', () => {
    const v1 = submission(meta());
    const good = submission(meta({ documentId: '1.2.3.3', version: 2, replaces: '1.2.3.1' }));
    assert.equal(result([v1, good], 'K05').outcome, 'pass');
    const wrong = submission(meta({ documentId: '1.2.3.4', version: 3, replaces: '1.2.3.1' }));
    const k05 = result([v1, good, wrong], 'K05');
    assert.equal(k05.outcome, 'fail');
    assert.deepEqual(
      k05.evidence.filter((e) => !e.ok).map((e) => [e.request, e.rule]),
      [[wrong.request, 'replaces']],
      'version 3 after 2 is right; replacing version 1 is not',
    );
    const second = submission(meta({ documentId: '1.2.3.5' }));
    assert.equal(result([v1, second], 'K05').evidence[0]!.rule, 'version', 'a second version 1 of the set');
  });

  it('K06: an invalidation needs a reason of five characters and the archive’s yes', () => {
    const inv = (reason: string | undefined, answer: Answer = { ...ok, status: 200 }): Observation => ({
      type: 'invalidation',
      request: req(),
      at: '2026-11-20T10:00:00Z',
      caller: system,
      setId: '1.2.3.2',
      ...(reason !== undefined ? { reason } : {}),
      answer,
    });
    assert.equal(result([inv('Väärä asiakas')], 'K06').outcome, 'pass');
    assert.equal(result([inv('typo')], 'K06').evidence[0]!.rule, 'reason');
    assert.equal(result([inv(undefined)], 'K06').outcome, 'fail');
    assert.equal(result([inv('Väärä asiakas', refused(404, 'not-found'))], 'K06').evidence[0]!.rule, 'not-found');
  });

  it('K08: searches name a client, no read refused for a missing relation', () => {
    assert.equal(
      result([read('search', ['patient.identifier', 'service-task']), read('summary', ['service-task'])], 'K08').outcome,
      'pass',
    );
    assert.equal(result([read('search', ['service-task', 'completed'])], 'K08').evidence[0]!.rule, 'register-wide-search');
    assert.equal(result([read('summary', [])], 'K08').outcome, 'pass', 'the summary is of one client; the archive scopes it by role');
    const denied = read('read', [], sanna, refused(403, 'no-relation'));
    assert.equal(result([denied], 'K08').evidence[0]!.rule, 'no-relation');
  });

  it('K09: reads under the system identity or none fail; a professional’s pass', () => {
    assert.equal(result([read('summary', ['service-task'])], 'K09').outcome, 'pass');
    assert.equal(result([read('body', [], system)], 'K09').evidence[0]!.rule, 'system-identity');
    assert.equal(result([read('search', ['patient.identifier'], { kind: 'unknown' })], 'K09').evidence[0]!.rule, 'no-identity');
  });

  it('K10: a special reason with task, code and comment, accepted', () => {
    const sr = (over: Record<string, string | undefined>, answer: Answer = { ...ok, status: 200 }): Observation =>
      ({
        type: 'special-reason',
        request: req(),
        at: '2026-11-20T10:00:00Z',
        caller: sanna,
        patient: 'p',
        serviceTask: '20',
        reasonCode: 'x-kiireellinen',
        comment: 'Asiakas soitti',
        ...over,
        answer,
      }) as Observation;
    assert.equal(result([sr({})], 'K10').outcome, 'pass');
    assert.deepEqual(
      result([sr({ comment: ' ' })], 'K10').evidence.map((e) => e.finding),
      ['a special reason without comment'],
    );
    assert.equal(result([sr({}, refused(400, 'code-unknown'))], 'K10').evidence[0]!.rule, 'code-unknown');
  });

  it('K04: no signed CDA, a signature that does not verify, or a signer of another organisation', () => {
    const m = meta();
    const plain = submission(m, ok, { cda: undefined });
    assert.equal(result([plain], 'K04').evidence[0]!.rule, 'no-signature');
    const broken = submission(m);
    broken.cda!.signature = { ok: false, reason: 'digest-mismatch' };
    assert.equal(result([broken], 'K04').evidence[0]!.rule, 'signature:digest-mismatch');
    const other = submission(m, ok, { caller: { ...system, organisationOid: '1.2.246.10.9990002.10.1' } });
    assert.equal(result([other], 'K04').evidence[0]!.rule, 'signer-not-sender');
  });

  it('K03 leaves the provoked refusal to K07; K07 is exercised only by a refusal', () => {
    const provoked = submission(meta({ socialServices: ['99999'] }), refused(400, 'code-unknown'));
    assert.equal(result([provoked], 'K03').outcome, 'not-exercised');
    assert.equal(result([provoked], 'K07').outcome, 'pass');
    assert.equal(result([submission(meta())], 'K07').outcome, 'not-exercised');
    const bad = submission(meta({ documentId: '1.2.3.7', socialServices: ['12345'] }), refused(400, 'code-unknown'));
    assert.equal(result([bad], 'K03').evidence[0]!.rule, 'code-unknown');
  });

  it('the published list is whole, and docs/conformance.md names every requirement with its title', () => {
    const docs = readFileSync(fileURLToPath(new URL('../../../docs/conformance.md', import.meta.url)), 'utf8');
    for (const r of list.requirements) assert.match(docs, new RegExp(`\\| ${r.id} \\| ${r.title.en.replace(/[()]/g, '.')} \\|`), r.id);
    assert.throws(
      () => parseRequirementList({ ...list, requirements: list.requirements.slice(1) }),
      /the check 'clienthood-first' has no published requirement/,
    );
    assert.throws(
      () =>
        parseRequirementList({
          ...list,
          requirements: [{ ...list.requirements[0]!, title: { fi: 'x', en: 'x' } }, ...list.requirements.slice(1)],
        }),
      /K01: title, rule and source need a sv text/,
    );
  });
});
