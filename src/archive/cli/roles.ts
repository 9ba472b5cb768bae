// `arkki roles …`: an organisation's roles (THL regulation 1/2017) and its professionals' role assignments.
import type { Command } from 'commander';
import { ArkkiError } from '../../lib/errors.ts';
import { readRolesFile } from '../service/roles.ts';
import { openArchiveFromEnv } from './database.ts';

export function registerRoleCommands(program: Command): void {
  const roles = program.command('roles').description("roles per organisation mapped to service tasks, and professionals' role assignments");

  roles
    .command('import <file>')
    .description(
      'replace the roles and assignments of each organisation in a roles file (data/demo/roles.json shows the format); nothing is written if one entry is wrong',
    )
    .action(async (file: string) => {
      const archive = await openArchiveFromEnv();
      try {
        const counts = await archive.admin.importRoles(await readRolesFile(file));
        console.log(`imported ${counts.roles} roles and ${counts.assignments} assignments of ${counts.organisations} organisations`);
      } catch (err) {
        if (!(err instanceof ArkkiError)) throw err;
        console.error(`arkki: ${file} was not imported; nothing was written:`);
        for (const i of err.issues) console.error(`  ${i.field ? `${i.field}: ` : ''}${i.message}`);
        process.exitCode = 1;
      } finally {
        await archive.close();
      }
    });

  roles
    .command('list')
    .description('roles and assignments in the database')
    .action(async () => {
      const archive = await openArchiveFromEnv();
      try {
        const { roles: defs, assignments } = await archive.admin.roles();
        for (const r of defs) {
          console.log(`${r.organisationOid}  ${r.roleCode}  ${r.roleKind}  [${r.serviceTasks.join(', ')}]  ${r.nameFi}`);
          for (const a of assignments.filter((x) => x.organisationOid === r.organisationOid && x.roleCode === r.roleCode))
            console.log(`    ${a.professionalId}${a.userId ? ` (${a.userId})` : ''}`);
        }
      } finally {
        await archive.close();
      }
    });
}
