// Code mappings: when a code-set version drops a value — a provisional placeholder whose national value is
// now loaded (x-paihde → 15), or a retired one (x-toimeentulotuki → x-tyoikaiset) — a mapping row says
// which value takes its place. Data (data/codes/mappings/*.json), applied to what systems hold: the archive
// maps the metadata of stored documents (never their signed content); a client system its own records.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArkkiError, issue, type Issue } from '../errors.ts';
import type { CodeSets } from './code-sets.ts';

export interface CodeMapping {
  /** The code set both values belong to (service-tasks, social-services, process-phases). */
  set: string;
  from: string;
  to: string;
  reason: string;
}

export interface CodeMappingFile {
  id: string;
  source: string;
  mappings: CodeMapping[];
}

/** The sets whose values appear in a document's metadata and can therefore be mapped. */
export const MAPPABLE_SETS = ['service-tasks', 'social-services', 'process-phases'] as const;

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export function parseCodeMappingFile(value: unknown, source: string): CodeMappingFile {
  const issues: Issue[] = [];
  const bad = (field: string, message: string) => issues.push(issue(`${source}: ${field}`, 'code-mapping-file', message));
  const f = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  if (typeof f.id !== 'string' || !ID.test(f.id)) bad('id', 'must be lower-case letters, digits and hyphens');
  if (!isText(f.source)) bad('source', 'must say which code-set change the mappings come from');
  if (!Array.isArray(f.mappings) || f.mappings.length === 0) bad('mappings', 'must be a non-empty array');
  else {
    const seen = new Set<string>();
    f.mappings.forEach((m, i) => {
      const r = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
      const at = `mappings[${i}]`;
      if (!(MAPPABLE_SETS as readonly string[]).includes(r.set as string)) bad(`${at}.set`, `must be one of ${MAPPABLE_SETS.join(', ')}`);
      for (const k of ['from', 'to', 'reason'] as const) if (!isText(r[k])) bad(`${at}.${k}`, 'must be a non-empty string');
      if (r.from === r.to) bad(`${at}.to`, 'maps a value onto itself');
      const key = `${String(r.set)}|${String(r.from)}`;
      if (seen.has(key)) bad(`${at}.from`, `'${String(r.from)}' of ${String(r.set)} is mapped twice`);
      seen.add(key);
    });
  }
  if (issues.length > 0) throw new ArkkiError('invalid', issues);
  return f as unknown as CodeMappingFile;
}

/** Every `<codesDir>/mappings/*.json`, oldest (by name) first; none when the folder is absent. */
export async function readCodeMappingFiles(codesDir: string): Promise<CodeMappingFile[]> {
  const dir = join(codesDir, 'mappings');
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const files: CodeMappingFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch (e) {
      throw new ArkkiError('invalid', [issue(`mappings/${name}`, 'json', `not valid JSON: ${(e as Error).message}`)]);
    }
    files.push(parseCodeMappingFile(json, `mappings/${name}`));
  }
  return files;
}

/**
 * The mappings of all files as one table, each `from` resolved to its final value (a → b in one file and
 * b → c in a later one make a → c). Refuses a cycle and a target that the current code sets do not hold
 * (a mapping to nowhere would leave stored metadata broken, which is what mappings exist to prevent).
 */
export function mappingTable(files: readonly CodeMappingFile[], codeSets?: CodeSets): CodeMapping[] {
  const direct = new Map<string, CodeMapping>();
  for (const f of files) for (const m of f.mappings) direct.set(`${m.set}|${m.from}`, m);
  const out: CodeMapping[] = [];
  const issues: Issue[] = [];
  for (const m of direct.values()) {
    let to = m.to;
    const seen = new Set([m.from]);
    for (let next = direct.get(`${m.set}|${to}`); next; next = direct.get(`${m.set}|${to}`)) {
      if (seen.has(next.to)) {
        issues.push(issue(`mappings: ${m.set} ${m.from}`, 'code-mapping-cycle', `the mappings of '${m.from}' go round in a circle`));
        break;
      }
      seen.add(to);
      to = next.to;
    }
    if (codeSets?.get(m.set) && !codeSets.has(m.set, to))
      issues.push(
        issue(`mappings: ${m.set} ${m.from}`, 'code-mapping-target', `'${m.from}' maps to '${to}', which code set ${m.set} does not hold`),
      );
    out.push({ ...m, to });
  }
  if (issues.length > 0) throw new ArkkiError('invalid', issues);
  return out;
}

/** The value that replaced `code` in `set`, or undefined when no mapping names it. */
export function mappedCode(table: readonly CodeMapping[], set: string, code: string): CodeMapping | undefined {
  return table.find((m) => m.set === set && m.from === code);
}
