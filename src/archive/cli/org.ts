// `arkki org …`: load the organisation register from a JSON or CSV file and look at what is there.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { ArkkiError } from '../../lib/errors.ts';
import type { Organisation } from '../domain/organisation.ts';
import { formatFromPath, parseOrganisationFile, type ParsedOrganisationFile } from '../store/organisation-file.ts';
import { importOrganisations, listOrganisations } from '../store/organisation-store.ts';
import type { OrganisationFilter } from '../domain/organisation.ts';
import { openArchiveDbFromEnv } from './database.ts';

/** Left-aligned columns; the last column is not padded. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** One issue per line, in the file's terms (line and column for CSV), then exit code 1. */
function reportIssues(err: ArkkiError, file: string, locate: ParsedOrganisationFile['locate'] = (f) => f): void {
  console.error(`arkki: ${file} was not imported; nothing was written (${err.issues.length} issue${err.issues.length === 1 ? '' : 's'}):`);
  for (const i of err.issues) console.error(`  ${i.field ? `${locate(i.field)}: ` : ''}${i.message}`);
  process.exitCode = 1;
}

function validity(o: Organisation): string {
  return `${o.validFrom}–${o.validTo ?? ''}`;
}

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('organisation register (SOTE-organisaatiorekisteri): organisations and service units');

  org
    .command('import <file>')
    .description('add or update organisations from a .json or .csv file; all rows are checked first and nothing is written if one is wrong')
    .action(async (file: string) => {
      let parsed: ParsedOrganisationFile;
      try {
        parsed = parseOrganisationFile(await readFile(file, 'utf8'), formatFromPath(file));
      } catch (err) {
        if (err instanceof ArkkiError) return reportIssues(err, file);
        throw err;
      }
      const db = await openArchiveDbFromEnv();
      try {
        const r = await importOrganisations(db, parsed.organisations);
        console.log(`${file}: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged`);
      } catch (err) {
        if (err instanceof ArkkiError) return reportIssues(err, file, parsed.locate);
        throw err;
      } finally {
        await db.close();
      }
    });

  org
    .command('list')
    .description('list organisations and service units in OID order')
    .option('--register-keepers', 'only organisations that keep a client register')
    .option('--parent <oid>', 'only the direct units of this organisation or unit')
    .option('--name <text>', 'only names containing this text (any language, any case)')
    .option('--active-on <date>', 'only those valid on this day (YYYY-MM-DD)')
    .action(async (options: { registerKeepers?: boolean; parent?: string; name?: string; activeOn?: string }) => {
      const filter: OrganisationFilter = {
        ...(options.registerKeepers ? { registerKeeper: true } : {}),
        ...(options.parent ? { parentOid: options.parent } : {}),
        ...(options.name ? { name: options.name } : {}),
        ...(options.activeOn ? { activeOn: options.activeOn } : {}),
      };
      const db = await openArchiveDbFromEnv();
      let orgs: Organisation[];
      try {
        orgs = await listOrganisations(db, filter);
      } finally {
        await db.close();
      }
      if (orgs.length === 0) {
        console.log('no organisations match; load some with: arkki org import data/demo/organisations.json');
        return;
      }
      console.log(
        table([
          ['oid', 'kind', 'register keeper', 'valid', 'parent', 'name'],
          ...orgs.map((o) => [o.oid, o.kind, o.registerKeeper ?? '', validity(o), o.parentOid ?? '', o.name.fi]),
        ]),
      );
    });
}
