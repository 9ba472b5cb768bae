// What the migration tests prepare in the archive before a run, as a records manager would: the export's
// organisations imported into the organisation register, and identities of the legacy register keeper —
// a storing system (tallentava järjestelmä) that migrates and an archivist that reconciles (demo users),
// and the storing system's signing certificate from the test PKI.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoAuthenticator, readDemoUsers } from '../../src/archive/auth/demo-authenticator.ts';
import { DEMO_DIR } from '../../src/archive/demo/seed.ts';
import type { ArchiveContext } from '../../src/archive/context.ts';
import { parseOrganisationJson } from '../../src/archive/domain/organisation-file.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';
import type { Db } from '../../src/lib/db/db.ts';
import type { Identity } from '../../src/lib/identity/identity.ts';
import { type IssuedCertificate, issueSystemSigningCertificate, type TestPki } from '../../src/lib/pki/index.ts';
import { LEGACY_ORGANISATION } from '../../src/toolkit/migration/synthetic-table.ts';

export const STORING_USER = 'system-legacy';
export const ARCHIVIST_USER = 'archivist-legacy';

export function legacyUsers(): Identity[] {
  const common = { organisationOid: LEGACY_ORGANISATION, registerKeeperOid: LEGACY_ORGANISATION, serviceTasks: ['*'] };
  return [
    {
      ...common,
      userId: STORING_USER,
      name: 'Vanha asiakastietojärjestelmä (tallentava)',
      role: 'system',
      systemId: 'legacy-migration',
      systemProfile: 'storing',
    },
    {
      ...common,
      userId: ARCHIVIST_USER,
      name: 'Arja Arkistonhoitaja',
      professionalId: 'DEMO-5009',
      role: 'archivist',
      systemId: 'arkki-archivist-ui',
    },
  ];
}

/** Imports the export's organisations.json and adds the legacy register keeper's demo users. */
export async function prepareLegacyArchive(db: Db, ctx: ArchiveContext, exportDir: string): Promise<void> {
  const { organisations } = parseOrganisationJson(await readFile(join(exportDir, 'organisations.json'), 'utf8'));
  await importOrganisations(db, organisations);
  ctx.authenticate = demoAuthenticator([...(await readDemoUsers(`${DEMO_DIR}users.json`)), ...legacyUsers()]);
}

/** The storing system's signing certificate (a system signature is never made with a TLS certificate). */
export function issueLegacySigner(pki: TestPki): Promise<IssuedCertificate> {
  return issueSystemSigningCertificate(pki, {
    organisationOid: LEGACY_ORGANISATION,
    profile: 'storing',
    name: 'Vanha ATJ (siirto)',
    now: new Date('2026-11-20T10:00:00Z'),
  });
}
