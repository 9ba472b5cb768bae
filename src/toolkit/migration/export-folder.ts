// Opens an export folder: the manifest, the correspondence table checked against the national code sets,
// and where the metadata and the original files are. A broken manifest or table stops here, with every
// problem named, before a single row is read.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../lib/codes/code-set-files.ts';
import { CodeSets } from '../../lib/codes/code-sets.ts';
import { validateOid } from '../../lib/identifiers/oid.ts';
import { readRetentionRules } from '../../lib/metadata/retention-file.ts';
import { type CorrespondenceTable, parseCorrespondence } from './correspondence.ts';
import type { ExportManifest } from './export-format.ts';

export interface OpenedExport {
  dir: string;
  manifest: ExportManifest;
  table: CorrespondenceTable;
  codeSets: CodeSets;
  documentsFile: string;
  filesDir: string;
  /** Changes when the manifest or the metadata file changes: a checkpoint belongs to one export. */
  fingerprint: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkManifest(m: Partial<ExportManifest>): string[] {
  const problems: string[] = [];
  for (const f of ['sourceSystem', 'registerKeeper', 'serviceProvider', 'documentOidRoot', 'periodStart', 'exportedAt'] as const)
    if (typeof m[f] !== 'string' || m[f] === '') problems.push(`export.json: ${f} is mandatory`);
  for (const f of ['registerKeeper', 'serviceProvider', 'documentOidRoot'] as const) {
    const e = typeof m[f] === 'string' && m[f] ? validateOid(m[f]) : null;
    if (e) problems.push(`export.json: ${f}: ${e}`);
  }
  for (const f of ['periodStart', 'exportedAt'] as const)
    if (typeof m[f] === 'string' && m[f] && !DAY.test(m[f])) problems.push(`export.json: ${f} '${m[f]}' must be YYYY-MM-DD`);
  return problems;
}

export async function openExport(dir: string, codeSets?: CodeSets): Promise<OpenedExport> {
  const root = resolve(dir);
  let raw: Partial<ExportManifest>;
  try {
    raw = JSON.parse(await readFile(join(root, 'export.json'), 'utf8')) as Partial<ExportManifest>;
  } catch (err) {
    throw new Error(`export folder ${root}: export.json cannot be read (${(err as Error).message})`);
  }
  const problems = checkManifest(raw);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const manifest = {
    ...raw,
    documents: raw.documents || 'documents.csv',
    correspondence: raw.correspondence || 'correspondence.csv',
    files: raw.files || 'files',
  } as ExportManifest;
  const sets = codeSets ?? CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR));
  const rules = await readRetentionRules();
  const table = parseCorrespondence(
    await readFile(join(root, manifest.correspondence), 'utf8'),
    sets,
    new Set(rules.rules.map((r) => r.id)),
  );
  const documentsFile = join(root, manifest.documents);
  const size = (await stat(documentsFile)).size;
  return {
    dir: root,
    manifest,
    table,
    codeSets: sets,
    documentsFile,
    filesDir: join(root, manifest.files),
    fingerprint: `${manifest.registerKeeper}|${manifest.documentOidRoot}|${manifest.documents}|${size}`,
  };
}
