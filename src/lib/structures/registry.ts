// All structure definitions of a folder, by structure OID and by document type. The folder is data: a
// new structure version dropped into it is picked up at the next load, with no code change.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArkkiError, issue } from '../errors.ts';
import { STRUCTURE_INDEX_FORMAT, type StructureDefinition } from './definition.ts';
import { loadStructure } from './load-definition.ts';

/** The repository's `data/structures` folder, wherever the process was started from. */
export const DEFAULT_STRUCTURES_DIR = fileURLToPath(new URL('../../../data/structures/', import.meta.url));

export class StructureRegistry {
  private readonly oids = new Map<string, StructureDefinition>();
  /** `<codeSystem>|<code>` → versions, newest first. */
  private readonly types = new Map<string, StructureDefinition[]>();
  /** code → the code systems it appears in (codes of .1505 and .1506 do not overlap today, but may). */
  private readonly codeSystemsOf = new Map<string, Set<string>>();

  constructor(definitions: Iterable<StructureDefinition>) {
    for (const d of definitions) {
      if (this.oids.has(d.oid)) throw new Error(`structure ${d.oid} given twice`);
      this.oids.set(d.oid, d);
      const key = `${d.codeSystem}|${d.code}`;
      this.types.set(
        key,
        [...(this.types.get(key) ?? []), d].sort((a, b) => b.version.localeCompare(a.version)),
      );
      this.codeSystemsOf.set(d.code, (this.codeSystemsOf.get(d.code) ?? new Set()).add(d.codeSystem));
    }
  }

  get size(): number {
    return this.oids.size;
  }

  /** Every definition, ordered by document type and version. */
  all(): StructureDefinition[] {
    return [...this.oids.values()].sort((a, b) => a.oid.localeCompare(b.oid, 'en', { numeric: true }));
  }

  byOid(oid: string): StructureDefinition | undefined {
    return this.oids.get(oid);
  }

  /** The newest definition version of a document type; `codeSystem` may be left out when the code is unambiguous. */
  latest(code: string, codeSystem?: string): StructureDefinition | undefined {
    return this.versions(code, codeSystem)[0];
  }

  /** All versions of a document type, newest first. */
  versions(code: string, codeSystem?: string): StructureDefinition[] {
    const system = codeSystem ?? this.onlySystem(code);
    return system ? [...(this.types.get(`${system}|${code}`) ?? [])] : [];
  }

  /** The version in force on a date (YYYY-MM-DD): the newest whose definition date is not after it. */
  onDate(code: string, date: string, codeSystem?: string): StructureDefinition | undefined {
    return this.versions(code, codeSystem).find((d) => d.version <= date.slice(0, 10));
  }

  private onlySystem(code: string): string | undefined {
    const systems = [...(this.codeSystemsOf.get(code) ?? [])];
    if (systems.length > 1) throw new Error(`document-type code ${code} exists in ${systems.join(' and ')}; name the code system`);
    return systems[0];
  }
}

/**
 * Loads every `*.json` file of `dir` except the index. Any broken structure file stops the load with
 * its problems listed, naming the file.
 */
export async function loadStructureRegistry(dir: string = DEFAULT_STRUCTURES_DIR): Promise<StructureRegistry> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const definitions: StructureDefinition[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ArkkiError('invalid', [issue(name, 'structure-file', `is not JSON: ${(e as Error).message}`)]);
    }
    // The index is informational; any other JSON file must be a valid structure, not silently skipped.
    if (typeof value === 'object' && value !== null && (value as { format?: unknown }).format === STRUCTURE_INDEX_FORMAT) continue;
    definitions.push(loadStructure(value, name));
  }
  return new StructureRegistry(definitions);
}
