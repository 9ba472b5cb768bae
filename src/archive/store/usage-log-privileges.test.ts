import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { Db } from '../../lib/db/db.ts';
import { openPostgres } from '../../lib/db/postgres.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';
import { verifyUsageLog } from '../service/verify-usage-log.ts';
import { migrateArchive } from './migrate-archive.ts';
import { appendUsage } from './usage-log-store.ts';

// The roles and grants of docs/operations.md, run as written (role and database names made unique) on
// PostgreSQL: the service appends and reads the log but cannot update, delete, truncate or switch the
// triggers off; the log auditor can verify and nothing else.

const adminUrl = process.env.ARKKI_TEST_DATABASE_URL;
const suffix = `_${randomBytes(4).toString('hex')}`;
const rename = (sql: string) => sql.replace(/\barkki(_owner|_service|_log_auditor)?\b/g, (m) => `${m}${suffix}`);
async function docSql(name: string): Promise<string[]> {
  const md = await readFile(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
  const m = new RegExp(`<!-- sql: ${name} -->\\s*\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(md);
  assert.ok(m, `docs/operations.md has no sql block ${name}`);
  return rename(m[1]!)
    .split(';')
    .map((s) => s.replace(/--.*$/gm, '').trim())
    .filter(Boolean);
}
function url(role?: string, db?: string): string {
  const u = new URL(adminUrl!);
  if (role) {
    u.username = role;
    u.password = '';
  }
  if (db) u.pathname = `/${db}`;
  return u.toString();
}
async function run(connection: string, statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: connection });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}
const entry: UsageEntry = {
  registerKeeperOid: '1.2.246.10.9990001.10.1',
  clientKey: '010516A901V',
  at: '2026-11-20T10:00:00.000Z',
  userId: 'u',
  userName: 'U',
  professionalId: null,
  organisationOid: '1.2.246.10.9990001.10.1',
  systemId: 's',
  role: 'r',
  action: 'read',
  outcome: 'success',
  rule: 'x',
  documentIds: [],
  purpose: null,
  detail: {},
};

describe('usage-log privileges of docs/operations.md on postgres', {
  skip: adminUrl ? false : 'PostgreSQL not available (ARKKI_TEST_DATABASE_URL)',
}, () => {
  const [owner, service, auditor, database] = ['arkki_owner', 'arkki_service', 'arkki_log_auditor', 'arkki'].map(
    (n) => `${n}${suffix}`,
  ) as [string, string, string, string];
  let svc: Db;
  let aud: Db;
  before(async () => {
    // Passwords in the doc are placeholders; the throwaway cluster trusts local connections.
    await run(url(), await docSql('cluster'));
    await run(url(undefined, database), await docSql('database'));
    const own = await openPostgres(url(owner, database), 1);
    try {
      assert.equal((await migrateArchive(own)).length > 0, true);
    } finally {
      await own.close();
    }
    await run(url(owner, database), await docSql('grants'));
    svc = await openPostgres(url(service, database), 2);
    aud = await openPostgres(url(auditor, database), 1);
  });
  after(async () => {
    await svc?.close();
    await aud?.close();
    await run(url(), [`DROP DATABASE IF EXISTS ${database}`, ...[owner, service, auditor].map((r) => `DROP ROLE IF EXISTS ${r}`)]);
  });

  it('the service starts (no migration pending), appends and reads the log', async () => {
    assert.deepEqual(await migrateArchive(svc), []);
    await svc.transaction((tx) => appendUsage(tx, [entry, entry]));
    await svc.transaction((tx) => appendUsage(tx, [{ ...entry, clientKey: '' }]));
    assert.equal(Number((await svc.query<{ n: number }>('SELECT count(*) AS n FROM usage_log')).rows[0]!.n), 3);
  });

  const refused: Array<[string, RegExp]> = [
    [`UPDATE usage_log SET rule = 'y'`, /permission denied for table usage_log/],
    ['DELETE FROM usage_log', /permission denied for table usage_log/],
    ['TRUNCATE usage_log', /permission denied for table usage_log/],
    ['ALTER TABLE usage_log DISABLE TRIGGER usage_log_append_only', /must be owner/],
    ['DELETE FROM usage_log_chain_head', /permission denied for table usage_log_chain_head/],
    ['TRUNCATE usage_log_chain_head', /permission denied for table usage_log_chain_head/],
    ['UPDATE usage_log_chain_epoch SET pre_chain_rows = 0', /permission denied for table usage_log_chain_epoch/],
    ['UPDATE log_alert_event SET note = NULL', /permission denied for table log_alert_event/],
    ['DROP TABLE usage_log', /must be owner/],
  ];
  for (const [sql, error] of refused) {
    it(`the service may not: ${sql}`, async () => {
      await assert.rejects(svc.query(sql), error);
    });
  }

  it('the log auditor verifies the log and may not write it', async () => {
    assert.deepEqual(await migrateArchive(aud), []);
    assert.deepEqual(await verifyUsageLog(aud), { verifiedRows: 3, partitions: 2, preChainRows: 0, breaks: [] });
    await assert.rejects(
      aud.transaction((tx) => appendUsage(tx, [entry])),
      /permission denied/,
    );
    await assert.rejects(aud.query('SELECT count(*) FROM document'), /permission denied/);
  });
});
