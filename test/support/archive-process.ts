// The archive as a child process for tests that kill it (`kill -9` mid-run): demo mode on the database
// given in ARKKI_TEST_ARCHIVE_DB (a PostgreSQL URL), trusting system signatures of the test PKI in
// ARKKI_TEST_ARCHIVE_PKI, listening on ARKKI_TEST_ARCHIVE_PORT (0 = any), with the organisations and users of the export in
// ARKKI_TEST_ARCHIVE_EXPORT when given. Prints "listening <url>".
import { openPostgres } from '../../src/lib/db/postgres.ts';
import { loadTrust } from '../../src/lib/pki/index.ts';
import { prepareLegacyArchive } from './migration.ts';
import { cdaArchive } from './signed-cda.ts';
import type { PkiFixture } from './pki.ts';

const dbUrl = process.env.ARKKI_TEST_ARCHIVE_DB;
const pkiDir = process.env.ARKKI_TEST_ARCHIVE_PKI;
if (!dbUrl || !pkiDir) throw new Error('ARKKI_TEST_ARCHIVE_DB and ARKKI_TEST_ARCHIVE_PKI are required');
const db = await openPostgres(dbUrl, 4);
const trust = await loadTrust(pkiDir);
const f = await cdaArchive(db, { trust } as PkiFixture, { maxBodyBytes: 20 * 1024 * 1024 });
// A migration test's archive knows the export's organisations and the legacy register keeper's users.
if (process.env.ARKKI_TEST_ARCHIVE_EXPORT) await prepareLegacyArchive(f.db, f.ctx, process.env.ARKKI_TEST_ARCHIVE_EXPORT);
const url = await f.app.listen({ host: '127.0.0.1', port: Number(process.env.ARKKI_TEST_ARCHIVE_PORT ?? 0) });
console.log(`listening ${url}`);
