import type { Db } from '../../src/lib/db/db.ts';
import type { Identity } from '../../src/lib/identity/identity.ts';
import type { ArchiveContext } from '../../src/archive/context.ts';
import { depsOf } from '../../src/archive/context.ts';
import { prepareArchive } from '../../src/archive/bootstrap.ts';
import { readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { readDemoUsers, demoAuthenticator } from '../../src/archive/auth/demo-authenticator.ts';
import { DEMO_DIR } from '../../src/archive/demo/seed.ts';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import { caseDocument, CHILD_WELFARE, clienthoodDocument, HETU, newOid, NOW, pdf } from './metadata-fixtures.ts';
import type { ArchiveDeps } from '../../src/archive/service/deps.ts';
import type { Submission } from '../../src/archive/service/store-documents.ts';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';

export * from './metadata-fixtures.ts';

// Shared test fixtures for the archive: a prepared context on a given database (demo organisations and
// users loaded, no demo documents) and builders for valid submissions that tests then break one field at a time.

export interface ArchiveFixture {
  ctx: ArchiveContext;
  deps: ArchiveDeps;
  users: Record<string, Identity>;
  db: Db;
}

export async function archiveFixture(db: Db, options: { now?: Date; maxBodyBytes?: number } = {}): Promise<ArchiveFixture> {
  const now = options.now ?? NOW;
  const ctx = await prepareArchive(db, 'demo', options.maxBodyBytes ?? 1024 * 1024, () => now);
  await importOrganisations(db, await readDemoOrganisations());
  const list = await readDemoUsers(`${DEMO_DIR}users.json`);
  ctx.authenticate = demoAuthenticator(list);
  return { ctx, deps: depsOf(ctx), users: Object.fromEntries(list.map((u) => [u.userId, u])), db };
}

export const submission = (metadata: DocumentMetadata, body = pdf()): Submission => ({ metadata, body });

/**
 * Archives what a client document needs first (social-welfare and service-task clienthood, a case)
 * and returns the case id.
 */
export async function prepareClient(
  f: ArchiveFixture,
  options: { hetu?: string; serviceTask?: string; registerKeeper?: string; serviceUnit?: string; system?: Identity } = {},
): Promise<string> {
  const client = { kind: 'hetu' as const, value: options.hetu ?? HETU };
  const over: Partial<DocumentMetadata> = {
    client,
    serviceTask: options.serviceTask ?? CHILD_WELFARE,
    ...(options.registerKeeper ? { registerKeeper: options.registerKeeper, serviceProvider: options.registerKeeper } : {}),
    ...(options.serviceUnit ? { serviceUnit: options.serviceUnit } : {}),
  };
  const caseId = newOid(3);
  const system = options.system ?? f.users['system-vaasa']!;
  const results = await storeDocuments(f.deps, system, [
    submission(clienthoodDocument('social-welfare', over)),
    submission(clienthoodDocument('service-task', over)),
    submission(caseDocument(caseId, over)),
  ]);
  const bad = results.find((r) => r.outcome === 'rejected');
  if (bad && bad.outcome === 'rejected') throw bad.error;
  return caseId;
}
