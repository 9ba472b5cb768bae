import type { Queryable } from '../../lib/db/db.ts';

// Role definitions per organisation and the professionals' role assignments (THL regulation 1/2017).

export interface RoleDefinition {
  organisationOid: string;
  roleCode: string;
  nameFi: string;
  nameSv: string | null;
  roleKind: 'social-worker' | 'archivist';
  serviceTasks: string[];
  registerKeeperOid: string;
}

export interface RoleAssignmentRecord {
  organisationOid: string;
  professionalId: string;
  roleCode: string;
  userId: string | null;
}

/** Replaces an organisation's roles and assignments with the given ones (the organisation's own list is the truth). */
export async function replaceRoles(
  tx: Queryable,
  organisationOid: string,
  roles: RoleDefinition[],
  assignments: RoleAssignmentRecord[],
): Promise<void> {
  await tx.query('DELETE FROM access_role_assignment WHERE organisation_oid = $1', [organisationOid]);
  await tx.query('DELETE FROM access_role WHERE organisation_oid = $1', [organisationOid]);
  for (const r of roles) {
    await tx.query(
      `INSERT INTO access_role (organisation_oid, role_code, name_fi, name_sv, role_kind, service_tasks, register_keeper_oid) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [r.organisationOid, r.roleCode, r.nameFi, r.nameSv, r.roleKind, r.serviceTasks, r.registerKeeperOid],
    );
  }
  for (const a of assignments) {
    await tx.query('INSERT INTO access_role_assignment (organisation_oid, professional_id, role_code, user_id) VALUES ($1,$2,$3,$4)', [
      a.organisationOid,
      a.professionalId,
      a.roleCode,
      a.userId,
    ]);
  }
}

export async function allRoles(q: Queryable): Promise<{ roles: RoleDefinition[]; assignments: RoleAssignmentRecord[] }> {
  const roles = await q.query<{
    organisation_oid: string;
    role_code: string;
    name_fi: string;
    name_sv: string | null;
    role_kind: RoleDefinition['roleKind'];
    service_tasks: string[];
    register_keeper_oid: string;
  }>(
    'SELECT organisation_oid, role_code, name_fi, name_sv, role_kind, service_tasks, register_keeper_oid FROM access_role ORDER BY organisation_oid, role_code',
  );
  const assignments = await q.query<{ organisation_oid: string; professional_id: string; role_code: string; user_id: string | null }>(
    'SELECT organisation_oid, professional_id, role_code, user_id FROM access_role_assignment ORDER BY organisation_oid, professional_id',
  );
  return {
    roles: roles.rows.map((x) => ({
      organisationOid: x.organisation_oid,
      roleCode: x.role_code,
      nameFi: x.name_fi,
      nameSv: x.name_sv,
      roleKind: x.role_kind,
      serviceTasks: x.service_tasks,
      registerKeeperOid: x.register_keeper_oid,
    })),
    assignments: assignments.rows.map((x) => ({
      organisationOid: x.organisation_oid,
      professionalId: x.professional_id,
      roleCode: x.role_code,
      userId: x.user_id,
    })),
  };
}
