import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArchiveApiError, createArchiveApi, type ArchiveApi } from './index.ts';

// The client against a scripted local HTTP server: which failures are retried, how long it waits, and how
// each answer becomes an ArchiveApiError. The real archive is in test/e2e/archive-api.int.test.ts.

type Step = (req: IncomingMessage, res: ServerResponse) => void;

const fhir = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8', ...headers }).end(JSON.stringify(body));
};
const bundle = (ids: string[], next?: string) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: ids.map((id) => ({ resource: { resourceType: 'DocumentReference', id, status: 'current', content: [] } })),
  link: next ? [{ relation: 'next', url: next }] : [],
});
const documentReference = { resourceType: 'DocumentReference', id: '1.2.3', status: 'current', content: [] };
/** An issue as the archive writes it (src/archive/fhir/operation-outcome.ts). */
const serviceTaskRequired = {
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'error',
      code: 'required',
      diagnostics:
        "serviceTask (DocumentReference.category.where(coding.system='urn:oid:1.2.246.537.6.1221')): service task (palvelutehtävä) is mandatory",
      expression: ["DocumentReference.category.where(coding.system='urn:oid:1.2.246.537.6.1221')"],
      details: {
        coding: [{ system: 'https://arkki.example/fhir/CodeSystem/validation-rule', code: 'required' }],
        text: 'service task (palvelutehtävä) is mandatory',
      },
    },
    {
      severity: 'error',
      code: 'invalid',
      diagnostics: 'reason: a reason has at least 5 characters',
      expression: ['reason'],
      details: {
        coding: [{ system: 'https://arkki.example/fhir/CodeSystem/validation-rule', code: 'min-length' }],
        text: 'a reason has at least 5 characters',
      },
    },
  ],
};
const status =
  (code: number, headers: Record<string, string> = {}): Step =>
  (_q, res) =>
    fhir(res, code, { resourceType: 'OperationOutcome', issue: [] }, headers);
const drop: Step = (req) => req.socket.destroy();

describe('archive API client over HTTP (scripted server)', () => {
  let server: Server;
  let base: string;
  let script: Step[] = [];
  let seen: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }> = [];
  let slept: number[] = [];
  let api: ArchiveApi;

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      req.resume();
      req.on('end', () => (script.shift() ?? status(500))(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir/R4`;
    api = createArchiveApi({
      baseUrl: base,
      identity: { kind: 'demo-user', userId: 'system-vaasa' },
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000 },
      retryHooks: { sleep: async (ms) => void slept.push(ms), random: () => 0.5 },
    });
  });
  after(async () => {
    await api.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    script = [];
    seen = [];
    slept = [];
  });

  const failure = async (p: Promise<unknown>): Promise<ArchiveApiError> => {
    const err = await p.then(
      () => assert.fail('expected the call to fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ArchiveApiError, String(err));
    return err;
  };

  it('retries a search through 503s with growing, jittered waits, as the demo user', async () => {
    script = [status(503), status(502), (_q, res) => fhir(res, 200, bundle(['a', 'b']))];
    const page = await api.documents.search({ client: { hetu: '010516A901V' }, serviceTask: '10', count: 2 });
    assert.deepEqual(
      page.resources.map((r) => r.id),
      ['a', 'b'],
    );
    assert.equal(seen.length, 3);
    assert.deepEqual(slept, [50, 100]);
    assert.equal(seen[0]!.headers['x-arkki-demo-user'], 'system-vaasa');
    assert.equal(
      seen[0]!.url,
      '/fhir/R4/DocumentReference?patient.identifier=urn%3Aoid%3A1.2.246.21%7C010516A901V&service-task=10&_count=2',
    );
  });

  it('honours Retry-After of a 429', async () => {
    script = [status(429, { 'retry-after': '3' }), (_q, res) => fhir(res, 200, documentReference)];
    await api.documents.read('1.2.3');
    assert.deepEqual(slept, [3000]);
  });

  it('does not wait out a Retry-After longer than the policy allows: unavailable, with the wait for the caller', async () => {
    script = [status(503, { 'retry-after': '3600' })];
    const err = await failure(api.documents.read('1.2.3'));
    assert.equal(err.kind, 'unavailable');
    assert.equal(err.retryAfterMs, 3_600_000);
    assert.equal(err.retryable, true);
    assert.equal(seen.length, 1);
  });

  it('gives up after the policy attempts with unavailable, retryable later', async () => {
    script = [status(500), status(500), status(500), status(500), status(500)];
    const err = await failure(api.documents.read('1.2.3'));
    assert.equal(err.kind, 'unavailable');
    assert.equal(err.status, 500);
    assert.equal(err.attempts, 4);
    assert.equal(err.retryable, true);
    assert.equal(seen.length, 4);
  });

  it('never retries a 4xx with an OperationOutcome, and carries each issue with its rule and field', async () => {
    script = [(_q, res) => fhir(res, 400, serviceTaskRequired), (_q, res) => fhir(res, 201, documentReference)];
    const err = await failure(api.documents.create(documentReference as never));
    assert.equal(seen.length, 1, 'sent once');
    assert.equal(err.kind, 'refused');
    assert.equal(err.status, 400);
    assert.equal(err.retryable, false);
    assert.deepEqual(err.issues[0], {
      severity: 'error',
      code: 'required',
      rule: 'required',
      field: 'serviceTask',
      expression: "DocumentReference.category.where(coding.system='urn:oid:1.2.246.537.6.1221')",
      message: 'service task (palvelutehtävä) is mandatory',
    });
    assert.deepEqual(
      { rule: err.issues[1]!.rule, field: err.issues[1]!.field },
      { rule: 'min-length', field: 'reason' },
      'a field without a FHIRPath is its own expression',
    );
    assert.match(err.message, /^DocumentReference create: refused \(HTTP 400\) — serviceTask: service task/);
    script = [];
  });

  for (const [code, kind] of [
    [401, 'unauthorised'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [422, 'refused'],
    [413, 'refused'],
    [302, 'protocol'],
  ] as const) {
    it(`classifies ${code} as ${kind}, sent once`, async () => {
      script = [status(code)];
      const err = await failure(api.documents.read('1.2.3'));
      assert.equal(err.kind, kind);
      assert.equal(err.status, code);
      assert.equal(seen.length, 1);
    });
  }

  it('retries a create, which the archive answers idempotently by document id, through a dropped connection and a 502', async () => {
    script = [drop, status(502), (_q, res) => fhir(res, 200, documentReference, { location: 'DocumentReference/1.2.3/_history/1' })];
    const result = await api.documents.create(documentReference as never);
    assert.equal(result.created, false, '200: the archive already had it');
    assert.equal(result.location, 'DocumentReference/1.2.3/_history/1');
    assert.equal(seen.length, 3);
    assert.ok(seen.every((s) => s.method === 'POST' && s.url === '/fhir/R4/DocumentReference'));
  });

  it('does not resend $invalidate after a dropped connection: the outcome is unknown, a person checks', async () => {
    script = [drop, (_q, res) => fhir(res, 200, documentReference)];
    const err = await failure(api.documents.invalidate('1.2.3', 'väärä asiakas'));
    assert.equal(seen.length, 1);
    assert.equal(err.kind, 'unavailable');
    assert.equal(err.outcomeUnknown, true);
    assert.equal(err.retryable, false);
    script = [];
  });

  it('does not resend $invalidate after a 503 either, but says it may be retried (nothing was done)', async () => {
    script = [status(503, { 'retry-after': '120' }), (_q, res) => fhir(res, 200, documentReference)];
    const err = await failure(api.documents.invalidate('1.2.3', 'väärä asiakas'));
    assert.equal(seen.length, 1);
    assert.equal(err.kind, 'unavailable');
    assert.equal(err.retryable, true);
    assert.equal(err.retryAfterMs, 120_000, 'when to try, for the caller that schedules it');
    script = [];
  });

  it('retries even $invalidate when the connection was never made, and reports unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const waits: number[] = [];
    const down = createArchiveApi({
      baseUrl: `http://127.0.0.1:${port}/fhir/R4`,
      identity: { kind: 'demo-user', userId: 'archivist-vaasa' },
      retry: { attempts: 3 },
      retryHooks: { sleep: async (ms) => void waits.push(ms) },
    });
    try {
      const err = await failure(down.documents.invalidate('1.2.3', 'väärä asiakas'));
      assert.equal(err.kind, 'unavailable');
      assert.equal(err.attempts, 3);
      assert.equal(err.outcomeUnknown, false);
      assert.equal(err.retryable, true);
      assert.match(String((err.cause as Error).message), /ECONNREFUSED/);
      assert.equal(waits.length, 2);
    } finally {
      await down.close();
    }
  });

  it('follows next links on its own base, even when the archive built them from another Host', async () => {
    script = [
      (_q, res) => fhir(res, 200, bundle(['a'], 'https://proxy.example/fhir/R4/DocumentReference?_page_token=abc&_count=1')),
      (_q, res) => fhir(res, 200, bundle(['b'])),
    ];
    const ids: string[] = [];
    for await (const doc of api.documents.searchAll({ serviceTask: '10', count: 1 })) ids.push(doc.id!);
    assert.deepEqual(ids, ['a', 'b']);
    assert.equal(seen[1]!.url, '/fhir/R4/DocumentReference?_page_token=abc&_count=1');
  });

  it('refuses to follow a link outside the FHIR base', async () => {
    script = [(_q, res) => fhir(res, 200, bundle(['a'], 'https://elsewhere.example/steal?x=1'))];
    const page = await api.documents.search({});
    const err = await failure(page.next!());
    assert.equal(err.kind, 'protocol');
    assert.equal(seen.length, 1);
  });

  it('an answer that is not the resource asked for is a protocol error, not retried', async () => {
    script = [(_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>')];
    const err = await failure(api.documents.read('1.2.3'));
    assert.equal(err.kind, 'protocol');
    assert.equal(seen.length, 1);
  });

  it('checks a body against the SHA-256 the archive names', async () => {
    script = [(_q, res) => res.writeHead(200, { 'content-type': 'application/pdf', 'x-content-sha256': '00'.repeat(32) }).end('%PDF-1.4')];
    const err = await failure(api.documents.body('Binary/1.2.3'));
    assert.equal(err.kind, 'protocol');
    assert.equal(err.issues[0]!.rule, 'hash-mismatch');
  });

  it('asDemoUser shares the pool and sends the other user', async () => {
    script = [(_q, res) => fhir(res, 200, documentReference)];
    await api.asDemoUser('sw-vaasa-ls').documents.read('1.2.3');
    assert.equal(seen[0]!.headers['x-arkki-demo-user'], 'sw-vaasa-ls');
  });
});
