import { issue, type Issue } from '../../lib/errors.ts';
import type { RoleKind } from '../../lib/identity/identity.ts';

// Roles per organisation (THL regulation 1/2017): each organisation defines its roles by work tasks, mapped
// to service tasks; professionals are assigned a role. (A `processPart` key of an older roles file is
// ignored: the process part decides nothing until the national process phases exist, docs/access-control.md.) Pure: validation of the
// roles file and the look-up from a professional to the role's identity fields.

export interface RolesFileRole {
  code: string;
  name_fi: string;
  name_sv?: string;
  kind: 'social-worker' | 'archivist';
  serviceTasks: string[];
}
export interface RolesFileAssignment {
  professionalId: string;
  roleCode: string;
  userId?: string;
}
export interface RolesFileOrganisation {
  organisationOid: string;
  registerKeeperOid: string;
  roles: RolesFileRole[];
  assignments: RolesFileAssignment[];
}
export interface RolesFile {
  organisations: RolesFileOrganisation[];
}

/** What a professional's role gives an identity (shape of certificate-identity.ts's RoleAssignment). */
export interface ResolvedRole {
  role: Exclude<RoleKind, 'system' | 'citizen'>;
  serviceTasks: string[];
  registerKeeperOid: string;
  userId?: string;
  roleCode: string;
}

export type ProfessionalLookup = (professional: {
  professionalId: string;
  organisationOid: string;
  name?: string;
}) => ResolvedRole | undefined;

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

/** Checks a roles file; `knownServiceTask` is the service-task code set (unknown codes are refused). */
export function validateRolesFile(data: unknown, knownServiceTask: (code: string) => boolean): Issue[] {
  const issues: Issue[] = [];
  const file = data as Partial<RolesFile> | null;
  if (!file || !Array.isArray(file.organisations))
    return [issue('organisations', 'required', 'the roles file needs an "organisations" array')];
  file.organisations.forEach((o, i) => {
    const at = `organisations[${i}]`;
    if (!OID.test(o.organisationOid ?? '')) issues.push(issue(`${at}.organisationOid`, 'oid', 'organisationOid must be an OID'));
    if (!OID.test(o.registerKeeperOid ?? '')) issues.push(issue(`${at}.registerKeeperOid`, 'oid', 'registerKeeperOid must be an OID'));
    const codes = new Set<string>();
    (o.roles ?? []).forEach((r, j) => {
      const rat = `${at}.roles[${j}]`;
      if (!r.code) issues.push(issue(`${rat}.code`, 'required', 'a role needs a code'));
      else if (codes.has(r.code))
        issues.push(issue(`${rat}.code`, 'unique', `role code ${r.code} is defined twice in organisation ${o.organisationOid}`));
      codes.add(r.code);
      if (!r.name_fi) issues.push(issue(`${rat}.name_fi`, 'required', 'a role needs a Finnish name'));
      if (r.kind !== 'social-worker' && r.kind !== 'archivist')
        issues.push(issue(`${rat}.kind`, 'role-kind', `role kind must be social-worker or archivist, got ${String(r.kind)}`));
      if (!Array.isArray(r.serviceTasks) || r.serviceTasks.length === 0)
        issues.push(issue(`${rat}.serviceTasks`, 'required', 'a role covers at least one service task (or "*")'));
      else
        for (const t of r.serviceTasks)
          if (t !== '*' && !knownServiceTask(t))
            issues.push(issue(`${rat}.serviceTasks`, 'code-unknown', `service task ${t} is not in the service-task code set`));
    });
    const professionals = new Set<string>();
    (o.assignments ?? []).forEach((a, j) => {
      const aat = `${at}.assignments[${j}]`;
      if (!a.professionalId) issues.push(issue(`${aat}.professionalId`, 'required', 'an assignment needs a professionalId'));
      else if (professionals.has(a.professionalId))
        issues.push(
          issue(
            `${aat}.professionalId`,
            'unique',
            `professional ${a.professionalId} has two roles in organisation ${o.organisationOid}; one role per organisation`,
          ),
        );
      professionals.add(a.professionalId);
      if (!codes.has(a.roleCode))
        issues.push(issue(`${aat}.roleCode`, 'role-unknown', `role ${a.roleCode} is not defined in organisation ${o.organisationOid}`));
    });
  });
  return issues;
}

export interface RoleRows {
  roles: Array<{
    organisationOid: string;
    roleCode: string;
    roleKind: 'social-worker' | 'archivist';
    serviceTasks: string[];
    registerKeeperOid: string;
  }>;
  assignments: Array<{ organisationOid: string; professionalId: string; roleCode: string; userId: string | null }>;
}

/** The professional → role look-up, usable as certificate-identity.ts's `professionalRole`. */
export function professionalLookup(rows: RoleRows): ProfessionalLookup {
  const roles = new Map(rows.roles.map((r) => [`${r.organisationOid}|${r.roleCode}`, r]));
  const assigned = new Map(rows.assignments.map((a) => [`${a.organisationOid}|${a.professionalId}`, a]));
  return ({ professionalId, organisationOid }) => {
    const a = assigned.get(`${organisationOid}|${professionalId}`);
    const r = a && roles.get(`${organisationOid}|${a.roleCode}`);
    if (!a || !r) return undefined;
    return {
      role: r.roleKind,
      serviceTasks: [...r.serviceTasks],
      registerKeeperOid: r.registerKeeperOid,
      ...(a.userId ? { userId: a.userId } : {}),
      roleCode: r.roleCode,
    };
  };
}
