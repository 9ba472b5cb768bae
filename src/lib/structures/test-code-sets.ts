// Test support: the repository's code sets (data/codes) as a CodeSets, read straight from the files.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeSets, parseCodeSetFile } from '../codes/code-sets.ts';

const CODES_DIR = fileURLToPath(new URL('../../../data/codes/', import.meta.url));

export function repositoryCodeSets(): CodeSets {
  const names = readdirSync(CODES_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort();
  return CodeSets.fromFiles(names.map((n) => parseCodeSetFile(JSON.parse(readFileSync(CODES_DIR + n, 'utf8')), n)));
}
