import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RetentionRules } from './retention.ts';

// The retention rules are data with their legal source (data/retention-rules.json, provisional until the
// national retention table is mapped).
export const RETENTION_FILE = fileURLToPath(new URL('../../../data/retention-rules.json', import.meta.url));

export async function readRetentionRules(file = RETENTION_FILE): Promise<RetentionRules> {
  return JSON.parse(await readFile(file, 'utf8')) as RetentionRules;
}
