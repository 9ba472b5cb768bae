import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArkkiError } from '../errors.ts';
import { parseCodeSetFile, type CodeSetFile } from './code-sets.ts';

// Code sets ship as JSON files (data/codes/, from the national code server where available); every system
// reads them through here and keeps its own versions of them.

export const DEFAULT_CODES_DIR = fileURLToPath(new URL('../../../data/codes/', import.meta.url));

/** Reads and validates every `*.json` in `dir` (sorted by name); a set id in two files is an error. */
export async function readCodeSetFiles(dir: string): Promise<CodeSetFile[]> {
  const names = (
    await readdir(dir).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new Error(`code-set folder '${dir}' does not exist`) : e;
    })
  )
    .filter((n) => n.endsWith('.json'))
    .sort();
  const files: CodeSetFile[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch (e) {
      throw new ArkkiError('invalid', [{ field: name, rule: 'json', message: `not valid JSON: ${(e as Error).message}` }]);
    }
    const file = parseCodeSetFile(json, name);
    const other = seen.get(file.id);
    if (other)
      throw new ArkkiError('conflict', [
        { field: `${name}: id`, rule: 'code-set-file', message: `code set '${file.id}' is also defined in ${other}` },
      ]);
    seen.set(file.id, name);
    files.push(file);
  }
  return files;
}
