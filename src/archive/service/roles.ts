import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../lib/db/db.ts';
import { throwIfIssues } from '../../lib/errors.ts';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import { professionalLookup, validateRolesFile, type ProfessionalLookup, type RolesFile } from '../domain/access-roles.ts';
import { allRoles, replaceRoles } from '../store/role-store.ts';

// Roles per organisation: imported from the organisation's roles file, resolved at login.

export const DEMO_ROLES_FILE = fileURLToPath(new URL('../../../data/demo/roles.json', import.meta.url));

export async function readRolesFile(file = DEMO_ROLES_FILE): Promise<RolesFile> {
  return JSON.parse(await readFile(file, 'utf8')) as RolesFile;
}

/** Validates and stores the roles; each organisation in the file replaces its earlier roles and assignments. */
export async function importRoles(
  db: Db,
  codeSets: CodeSets,
  file: RolesFile,
): Promise<{ organisations: number; roles: number; assignments: number }> {
  throwIfIssues(validateRolesFile(file, (code) => codeSets.lookup('service-tasks', code) !== undefined));
  await db.transaction(async (tx) => {
    for (const o of file.organisations) {
      await replaceRoles(
        tx,
        o.organisationOid,
        o.roles.map((r) => ({
          organisationOid: o.organisationOid,
          roleCode: r.code,
          nameFi: r.name_fi,
          nameSv: r.name_sv ?? null,
          roleKind: r.kind,
          serviceTasks: r.serviceTasks,
          registerKeeperOid: o.registerKeeperOid,
        })),
        o.assignments.map((a) => ({
          organisationOid: o.organisationOid,
          professionalId: a.professionalId,
          roleCode: a.roleCode,
          userId: a.userId ?? null,
        })),
      );
    }
  });
  return {
    organisations: file.organisations.length,
    roles: file.organisations.reduce((n, o) => n + o.roles.length, 0),
    assignments: file.organisations.reduce((n, o) => n + o.assignments.length, 0),
  };
}

/**
 * The professional → role look-up from the database, for certificate-identity.ts's `professionalRole`
 * (synchronous there, so the roles are read once; call again after importing new roles).
 */
export async function resolveProfessional(db: Db): Promise<ProfessionalLookup> {
  return professionalLookup(await allRoles(db));
}
