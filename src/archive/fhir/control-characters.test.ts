import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import { buildArchiveApp } from '../server.ts';
import { safeError } from '../log-serializers.ts';
import { archiveFixture, clientDocument, prepareClient, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';
import { fhirClient, issueLines, type FhirClient } from '../../../test/support/fhir-client.ts';

// Issue 13 item 2: a NUL byte (or any control character) in a search value or an id is refused at the
// edge with 400 naming the parameter, never reaches the database, and the server log holds neither the
// value nor SQL.

describe('control characters in parameters and ids', () => {
  let f: ArchiveFixture;
  let app: FastifyInstance;
  let archivist: FhirClient;
  const log: string[] = [];
  let setId: string;

  before(async () => {
    f = await archiveFixture(await openPglite());
    const caseId = await prepareClient(f);
    const meta = clientDocument(caseId);
    setId = meta.setId;
    app = await buildArchiveApp(f.ctx, { logger: { level: 'trace', stream: { write: (line) => void log.push(line) } } });
    archivist = fhirClient(app, 'archivist-vaasa');
  });
  after(async () => {
    await app.close();
    await f.db.close();
  });

  const CASES: Array<{ url: string; field: string }> = [
    { url: 'DocumentReference?type=%00', field: 'type' },
    { url: 'DocumentReference?identifier=abc%00', field: 'identifier' },
    { url: 'DocumentReference?service-task=1%000', field: 'service-task' },
    { url: 'DocumentReference?patient.identifier=urn:oid:1.2.246.21|010516A901V%00', field: 'patient.identifier' },
    { url: 'Patient?identifier=urn:oid:1.2.246.21|%00', field: 'identifier' },
    { url: 'Organization?name=%00', field: 'name' },
    { url: 'AuditEvent?agent=%00', field: 'agent' },
    { url: 'DocumentReference?status=current%0A', field: 'status' },
    { url: 'DocumentReference/abc%00', field: 'id' },
    { url: 'DocumentReference/abc%1F/_history', field: 'id' },
    { url: 'Binary/abc%00.pdf', field: 'id' },
    { url: 'Patient/x%7F', field: 'id' },
  ];
  for (const c of CASES) {
    it(`GET ${c.url}: 400 naming '${c.field}'`, async () => {
      log.length = 0;
      const r = await archivist.get(c.url);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.resourceType, 'OperationOutcome');
      const [line, ...rest] = issueLines(r.body);
      assert.equal(rest.length, 0);
      assert.match(line!, new RegExp(`^${c.field.replace('.', '\\.')} \\| control-character \\| `));
      const logged = log.join('');
      assert.doesNotMatch(logged, /SELECT|INSERT|\\u0000|unexpected error/);
    });
  }

  it('the UI pages refuse them too, and ordinary requests still work', async () => {
    const ui = await app.inject({ method: 'GET', url: '/login?return=%2F%00' });
    assert.equal(ui.statusCode, 400);
    assert.match(ui.body, /parameter 'return' contains a control character/);
    const ok = await archivist.get(`DocumentReference?identifier=urn:oid:${setId}`);
    assert.equal(ok.status, 200);
  });

  it('the request log has the path but not the query string', async () => {
    log.length = 0;
    await archivist.get('DocumentReference?patient.identifier=urn:oid:1.2.246.21|010516A901V');
    const logged = log.join('');
    assert.match(logged, /\/fhir\/R4\/DocumentReference/);
    assert.doesNotMatch(logged, /010516A901V/);
  });

  it('a database error is logged by its code, without the SQL or its values', async () => {
    const err = await f.db.query('SELECT $1::date AS d', ['010516A901V']).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error);
    const safe = JSON.stringify(safeError(err));
    assert.doesNotMatch(safe, /010516A901V|SELECT/);
    assert.match(safe, /database error [0-9A-Z]{5}/);
  });
});
