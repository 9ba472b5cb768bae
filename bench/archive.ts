import type { Db } from '../src/lib/db/db.ts';
import type { Identity } from '../src/lib/identity/identity.ts';
import { readDemoUsers } from '../src/archive/auth/demo-authenticator.ts';
import { prepareArchive } from '../src/archive/bootstrap.ts';
import { depsOf, type ArchiveContext } from '../src/archive/context.ts';
import { DEMO_DIR, readDemoOrganisations } from '../src/archive/demo/seed.ts';
import type { ArchiveDeps } from '../src/archive/service/deps.ts';
import { importOrganisations } from '../src/archive/store/organisation-store.ts';

// The archive under benchmark: migrated, code sets synced, demo organisations and users loaded (no demo
// documents), exactly as test/support/archive-fixtures.ts prepares it for tests.

export interface BenchArchive {
  ctx: ArchiveContext;
  deps: ArchiveDeps;
  user: (id: string) => Identity;
}

/** The production default of ARKKI_MAX_BODY_BYTES (src/lib/config.ts). */
export const BENCH_MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function prepareBenchArchive(db: Db): Promise<BenchArchive> {
  const ctx = await prepareArchive(db, 'demo', BENCH_MAX_BODY_BYTES);
  await importOrganisations(db, await readDemoOrganisations());
  const users = new Map((ctx.demoUsers ?? (await readDemoUsers(`${DEMO_DIR}users.json`))).map((u) => [u.userId, u]));
  return {
    ctx,
    deps: depsOf(ctx),
    user: (id) => {
      const u = users.get(id);
      if (!u) throw new Error(`demo user ${id} is missing from data/demo/users.json`);
      return u;
    },
  };
}
