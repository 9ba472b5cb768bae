import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  prepareClient,
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { freshHetu, rejectsWith, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import { DEMO_USER_HEADER } from '../auth/demo-authenticator.ts';
import { buildArchiveApp } from '../server.ts';
import { queryUsage } from '../store/usage-log-store.ts';
import type { UsageRow } from '../domain/usage-row.ts';
import type { ArchiveDeps } from './deps.ts';
import { openLogExport, USAGE_EXPORT_COLUMNS, type LogExport } from './log-export.ts';
import { readDocument } from './read-documents.ts';
import { storeDocuments } from './store-documents.ts';

// The log controller's exports: what goes in (register keeper, period, client, user), that CSV and JSON
// read back to exactly the logged rows, that the export is itself logged, and who may export.

/** RFC 4180 reader: the test's independent check of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  assert.equal(field, '', 'the file ends with CRLF');
  return rows;
}

async function text(exp: LogExport): Promise<string> {
  let s = '';
  for await (const chunk of exp.chunks) s += chunk;
  return s;
}

/** What a CSV line says about a row, in the row's own terms. */
const fromCsv = (header: string[], line: string[]) => Object.fromEntries(header.map((h, i) => [h, line[i]]));
const expectedCsv = (r: UsageRow) => ({
  id: String(r.id),
  logged_at: r.at,
  register_keeper_oid: r.registerKeeperOid,
  client_key: r.clientKey,
  user_id: r.userId,
  user_name: r.userName,
  professional_id: r.professionalId ?? '',
  organisation_oid: r.organisationOid,
  system_id: r.systemId,
  role: r.role,
  action: r.action,
  outcome: r.outcome,
  rule: r.rule,
  flags: (Array.isArray(r.detail.flags) ? r.detail.flags : []).join(' '),
  document_ids: r.documentIds.join(' '),
  purpose: r.purpose ?? '',
  detail: JSON.stringify(r.detail),
});

for (const database of testDatabases()) {
  describe(`log export on ${database.name}`, () => {
    let f: ArchiveFixture;
    let archivist: Identity;
    let worker: Identity;
    const clients: Array<{ hetu: string; documentId: string }> = [];
    const at = (iso: string): ArchiveDeps => ({ ...f.deps, now: () => new Date(iso) });
    const monthRows = async () =>
      (
        await queryUsage(f.db, {
          registerKeeperOid: RK,
          from: '2026-10-31T22:00:00.000Z',
          to: '2026-11-30T22:00:00.000Z',
          limit: 1000,
          offset: 0,
        })
      ).rows.sort((a, b) => a.id - b.id);

    before(async () => {
      f = await archiveFixture(await database.open());
      archivist = f.users['archivist-vaasa']!;
      // A name with a comma and quotes, so the CSV has to quote.
      worker = { ...f.users['sw-vaasa-ls']!, name: 'Sanna "Sanni", Sosiaalityöntekijä' };
      for (let i = 0; i < 3; i++) {
        const hetu = freshHetu();
        const meta = clientDocument(await prepareClient(f, { hetu }), { client: { kind: 'hetu', value: hetu } });
        await storeDocuments(f.deps, f.users['system-vaasa']!, [submission(meta)]);
        clients.push({ hetu, documentId: meta.documentId });
      }
      for (const [i, c] of clients.entries())
        await readDocument(at(`2026-11-2${i}T08:00:00Z`), worker, c.documentId, 'arviointi, "kiireellinen"');
      // December is outside the month's export.
      await readDocument(at('2026-12-01T08:00:00Z'), worker, clients[0]!.documentId);
    });
    after(() => f.db.close());

    it('a month as CSV, in pages, reads back to exactly the logged rows, and the export is logged', async () => {
      const expected = await monthRows();
      const mark = await usageMark(f.db);
      const exp = await openLogExport(at('2026-12-02T09:00:00Z'), archivist, { month: '2026-11', format: 'csv' }, { pageSize: 2 });
      assert.equal(exp.contentType, 'text/csv; charset=utf-8');
      const [header, ...lines] = parseCsv(await text(exp));
      assert.deepEqual(
        header,
        USAGE_EXPORT_COLUMNS.map((c) => c.name),
      );
      assert.deepEqual(
        lines.map((l) => fromCsv(header!, l)),
        expected.map(expectedCsv),
      );
      assert.ok(lines.some((l) => l.includes(worker.name)));
      const [logged] = await usageSince(f.db, mark);
      assert.deepEqual(
        [logged!.userId, logged!.action, logged!.outcome, logged!.detail.operation, logged!.detail.log, logged!.detail.from],
        [archivist.userId, 'read-usage-log', 'success', 'export', 'usage', '2026-10-31T22:00:00.000Z'],
      );
    });

    it('one client or one user, as JSON; rows logged after opening are not in it', async () => {
      const exp = await openLogExport(f.deps, archivist, { clientKey: clients[1]!.hetu, userId: worker.userId, format: 'json' });
      await readDocument(at('2026-11-25T08:00:00Z'), worker, clients[1]!.documentId);
      const body = JSON.parse(await text(exp)) as { log: string; registerKeeperOid: string; rows: Array<Record<string, unknown>> };
      assert.deepEqual([body.log, body.registerKeeperOid], ['usage', RK]);
      assert.deepEqual(
        body.rows.map((r) => [r.client_key, r.user_id, r.purpose, (r.detail as Record<string, unknown>).flags ?? null]),
        [[clients[1]!.hetu, worker.userId, 'arviointi, "kiireellinen"', null]],
      );
    });

    it('the disclosure log exports with its own columns', async () => {
      const exp = await openLogExport(f.deps, archivist, { log: 'disclosure', from: '2026-11-01', to: '2026-12-01' });
      const [header, ...lines] = parseCsv(await text(exp));
      assert.deepEqual(header!.slice(0, 5), ['id', 'disclosed_at', 'register_keeper_oid', 'client_key', 'recipient_organisation_oid']);
      assert.deepEqual(lines, []);
    });

    it('only the log controller exports; a refusal is logged; bad filters name the field', async () => {
      const mark = await usageMark(f.db);
      await rejectsWith(openLogExport(f.deps, worker, { month: '2026-11' }), 'forbidden');
      const [denied] = await usageSince(f.db, mark);
      assert.deepEqual([denied!.userId, denied!.outcome, denied!.detail.operation], [worker.userId, 'denied', 'export']);
      await rejectsWith(openLogExport(f.deps, archivist, { format: 'xlsx' }), 'invalid', 'code', /format/);
      await rejectsWith(openLogExport(f.deps, archivist, { from: '1.11.2026' }), 'invalid', 'date', /from/);
      await rejectsWith(openLogExport(f.deps, archivist, { month: '2026-11', to: '2026-12-01' }), 'invalid', 'exclusive');
    });

    if (database.name === 'pglite') {
      it('GET /fhir/R4/$log-export streams the file to the log controller and refuses others with an OperationOutcome', async () => {
        const app = await buildArchiveApp(f.ctx);
        try {
          const ok = await app.inject({
            method: 'GET',
            url: '/fhir/R4/$log-export?month=2026-11&format=csv',
            headers: { [DEMO_USER_HEADER]: 'archivist-vaasa' },
          });
          assert.equal(ok.statusCode, 200);
          assert.match(ok.headers['content-type'] as string, /^text\/csv/);
          assert.match(ok.headers['content-disposition'] as string, /attachment; filename="usage-log-.*-2026-11\.csv"/);
          const [, ...lines] = parseCsv(ok.body);
          assert.ok(lines.length >= clients.length * 5);
          const byPatient = await app.inject({
            method: 'GET',
            url: `/fhir/R4/$log-export?format=json&patient.identifier=${encodeURIComponent(`urn:oid:1.2.246.21|${clients[2]!.hetu}`)}`,
            headers: { [DEMO_USER_HEADER]: 'archivist-vaasa' },
          });
          assert.ok((JSON.parse(byPatient.body).rows as Array<{ client_key: string }>).every((r) => r.client_key === clients[2]!.hetu));
          const refused = await app.inject({
            method: 'GET',
            url: '/fhir/R4/$log-export?month=2026-11',
            headers: { [DEMO_USER_HEADER]: 'sw-vaasa-ls' },
          });
          assert.equal(refused.statusCode, 403);
          assert.equal(JSON.parse(refused.body).resourceType, 'OperationOutcome');
          const unknown = await app.inject({
            method: 'GET',
            url: '/fhir/R4/$log-export?since=2026-11-01',
            headers: { [DEMO_USER_HEADER]: 'archivist-vaasa' },
          });
          assert.equal(unknown.statusCode, 400);
        } finally {
          await app.close();
        }
      });
    }
  });
}
