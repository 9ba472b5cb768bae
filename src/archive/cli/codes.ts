// `arkki codes …`: load the code-set data files into the archive database and look at what is there.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { AdminServices } from '../service/admin-services.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../lib/codes/code-set-files.ts';
import { readCodeMappingFiles } from '../../lib/codes/code-mappings.ts';
import { openArchiveFromEnv } from './database.ts';

/** Left-aligned columns; the last column is not padded. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

async function withDb<T>(fn: (admin: AdminServices) => Promise<T>): Promise<T> {
  const archive = await openArchiveFromEnv();
  try {
    return await fn(archive.admin);
  } finally {
    await archive.close();
  }
}

export function registerCodeCommands(program: Command): void {
  const codes = program.command('codes').description('code sets (koodistot): versioned data in the archive database');

  codes
    .command('sync')
    .description('load data/codes/*.json into the database (a changed file becomes a new version) and apply data/codes/mappings')
    .option('--dir <dir>', 'folder of code-set JSON files', DEFAULT_CODES_DIR)
    .action(async (options: { dir: string }) => {
      const files = await readCodeSetFiles(resolve(options.dir));
      const mappings = await readCodeMappingFiles(resolve(options.dir));
      const [results, mapped] = await withDb(async (admin) => {
        const synced = await admin.syncCodeSets(files);
        return [synced, await admin.applyCodeMappings(mappings)] as const;
      });
      console.log(
        table([['set', 'version', 'status'], ...results.map((r) => [r.setId, String(r.version), r.changed ? 'changed' : 'unchanged'])]),
      );
      if (mappings.length > 0)
        console.log(`\nCode mappings: ${mapped.loaded} new or changed; metadata of ${mapped.documents} stored document(s) mapped.`);
      if (results.some((r) => r.changed)) console.log('\nRestart the archive so it serves the new versions.');
    });

  codes
    .command('show <setId>')
    .description('list the codes of the current version of a set')
    .action(async (setId: string) => {
      const sets = await withDb((admin) => admin.currentCodeSets());
      const set = sets.get(setId);
      if (!set) {
        const known = sets.ids();
        throw new Error(
          `code set '${setId}' is not in the database; ${known.length ? `known: ${known.join(', ')}` : "run 'arkki codes sync' first"}`,
        );
      }
      console.log(
        `${set.id} version ${set.version}: ${set.name}${set.oid ? ` (${set.oid})` : ''}${set.provisional ? ', provisional' : ''}\n`,
      );
      console.log(
        table([['code', 'display (fi)', 'provisional'], ...set.entries.map((e) => [e.code, e.display.fi, e.provisional ? 'yes' : ''])]),
      );
    });

  codes
    .command('versions <setId>')
    .description('list every version of a set (earlier versions stay readable)')
    .action(async (setId: string) => {
      const versions = await withDb((admin) => admin.codeSetVersions(setId));
      if (versions.length === 0) throw new Error(`code set '${setId}' has no versions in the database`);
      console.log(
        table([
          ['version', 'loaded at', 'codes', 'current', 'sha256'],
          ...versions.map((v) => [
            String(v.version),
            v.loadedAt.toISOString(),
            String(v.entryCount),
            v.current ? 'yes' : '',
            v.contentHash.slice(0, 16),
          ]),
        ]),
      );
    });
}
