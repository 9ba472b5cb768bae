// Code sets (koodistot) as versioned data, never enums in code: the shape of the data files, their
// validation, and the in-memory view of the current versions that validation and the code server use.
import { createHash } from 'node:crypto';
import { ArkkiError, issue, type Issue } from '../errors.ts';
import { ARKKI_TEST_ARC } from '../pki/arkki-oids.ts';

export type Lang = 'fi' | 'sv' | 'en';

/** One code as written in a data file; any further field (kind, order, serviceTasks, …) is a property. */
export interface CodeSetFileEntry {
  code: string;
  display_fi: string;
  display_sv?: string | null;
  display_en?: string | null;
  provisional?: boolean;
  parent?: string;
  /** The code's own code system when it differs from the set's (document-types: .1505 and .1506). */
  codeSystem?: string;
  validFrom?: string;
  validTo?: string;
  [property: string]: unknown;
}

/** A national code set that exists but whose values arkki does not hold (process phases: 1.2.246.537.6.1277). */
export interface NationalCodeSystemNote {
  oid: string;
  name: string;
  /** What is known of its values, e.g. "not available". */
  values: string;
}

/** A `data/codes/*.json` file. */
export interface CodeSetFile {
  id: string;
  oid: string | null;
  /**
   * arkki's own code system (an OID under ARKKI_CODE_SYSTEM_ARC) for the provisional entries of a set that has
   * a national OID: a placeholder such as `x-iakkaat` is not a national value and never travels under `oid`.
   */
  provisionalOid?: string;
  /** The national set these (provisional) values stand in for, recorded while its values are not available. */
  nationalCodeSystem?: NationalCodeSystemNote;
  name: string;
  source: string;
  provisional: boolean;
  /** Only part of the national set is included (FHIR content = fragment). */
  partial?: boolean;
  codes: CodeSetFileEntry[];
}

export interface CodeEntry {
  code: string;
  display: { fi: string; sv?: string; en?: string };
  provisional: boolean;
  /** The code's own system OID: the entry's codeSystem, else the set's OID; null when neither exists. */
  codeSystem: string | null;
  parent?: string;
  /** Inclusive YYYY-MM-DD dates. */
  validFrom?: string;
  validTo?: string;
  properties: Record<string, unknown>;
}

export interface CodeSetVersion {
  id: string;
  version: number;
  oid: string | null;
  /** The system of the provisional entries when the set has a national OID (CodeSetFile.provisionalOid). */
  provisionalOid: string | null;
  nationalCodeSystem: NationalCodeSystemNote | null;
  name: string;
  source: string;
  provisional: boolean;
  partial: boolean;
  /** sha256 (hex) of the file's canonical JSON: an unchanged file never makes a new version. */
  contentHash: string;
  entries: CodeEntry[];
}

/**
 * arkki's arc for the code systems of provisional values (under the 2.999 example arc of the test PKI,
 * src/lib/pki/arkki-oids.ts: never assigned, so it cannot be taken for a national 1.2.246 OID). By habit the
 * last arc repeats the national set's number: 2.999.27551.4.1221 holds the provisional service tasks.
 */
export const ARKKI_CODE_SYSTEM_ARC = `${ARKKI_TEST_ARC}.4`;

/** Where code sets without a national OID get their canonical URL. */
export const ARKKI_CODE_SYSTEM_BASE = 'https://arkki.example/fhir/CodeSystem/';

export function codeSystemUrl(set: { id: string; oid: string | null }): string {
  return set.oid ? `urn:oid:${set.oid}` : `${ARKKI_CODE_SYSTEM_BASE}${set.id}`;
}

/** Bare OID from `urn:oid:1.2…` or `1.2…`; anything else (an https URL) unchanged. */
export function normaliseSystem(system: string): string {
  return system.startsWith('urn:oid:') ? system.slice('urn:oid:'.length) : system;
}

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const SET_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILE_FIELDS = ['id', 'oid', 'provisionalOid', 'nationalCodeSystem', 'name', 'source', 'provisional', 'partial', 'codes'];
const ENTRY_FIELDS = ['code', 'display_fi', 'display_sv', 'display_en', 'provisional', 'parent', 'codeSystem', 'validFrom', 'validTo'];

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Checks a parsed file; all problems are reported at once, each field prefixed with `source` (the file name). */
export function parseCodeSetFile(value: unknown, source: string): CodeSetFile {
  const issues: Issue[] = [];
  const bad = (field: string, message: string) => issues.push(issue(`${source}: ${field}`, 'code-set-file', message));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArkkiError('invalid', [issue(source, 'code-set-file', 'must be a JSON object')]);
  }
  const f = value as Record<string, unknown>;
  // Unknown top-level fields are refused: a misspelt `partial` or `provisional` would otherwise vanish silently.
  for (const k of Object.keys(f)) if (!FILE_FIELDS.includes(k)) bad(k, `unknown field; expected ${FILE_FIELDS.join(', ')}`);
  if (typeof f.id !== 'string' || !SET_ID.test(f.id)) bad('id', 'must be lower-case letters, digits and hyphens (a FHIR id)');
  if (f.oid !== null && !(typeof f.oid === 'string' && OID.test(f.oid))) bad('oid', 'must be an OID such as 1.2.246.537.6.1221, or null');
  if (f.provisionalOid !== undefined) {
    if (!(typeof f.provisionalOid === 'string' && OID.test(f.provisionalOid) && f.provisionalOid.startsWith(`${ARKKI_CODE_SYSTEM_ARC}.`)))
      bad('provisionalOid', `must be an OID under arkki's own arc ${ARKKI_CODE_SYSTEM_ARC} (never a national one)`);
    else if (f.oid === null) bad('provisionalOid', 'only a set with a national oid needs a separate system for its provisional values');
  }
  if (f.nationalCodeSystem !== undefined) {
    const n = f.nationalCodeSystem as Record<string, unknown> | null;
    if (typeof n !== 'object' || n === null || !(typeof n.oid === 'string' && OID.test(n.oid)) || !isText(n.name) || !isText(n.values))
      bad('nationalCodeSystem', 'must be {oid, name, values} naming the national set these values stand in for');
    else if (n.oid === f.oid) bad('nationalCodeSystem', 'names the set itself; use it when the national values are NOT in this file');
  }
  if (!isText(f.name)) bad('name', 'must be a non-empty string');
  if (typeof f.source !== 'string') bad('source', 'must be a string saying where the codes come from');
  if (typeof f.provisional !== 'boolean') bad('provisional', 'must be true or false');
  if (f.partial !== undefined && typeof f.partial !== 'boolean') bad('partial', 'must be true or false when given');
  if (!Array.isArray(f.codes) || f.codes.length === 0) {
    bad('codes', 'must be a non-empty array');
  } else {
    const seen = new Set<string>();
    f.codes.forEach((c, i) => {
      const at = `codes[${i}]`;
      if (typeof c !== 'object' || c === null || Array.isArray(c)) return bad(at, 'must be an object');
      const e = c as Record<string, unknown>;
      if (!isText(e.code)) bad(`${at}.code`, 'must be a non-empty string');
      else if (seen.has(e.code)) bad(`${at}.code`, `code '${e.code}' appears twice`);
      else seen.add(e.code);
      if (!isText(e.display_fi)) bad(`${at}.display_fi`, 'must be a non-empty string');
      for (const k of ['display_sv', 'display_en'] as const) {
        if (e[k] !== undefined && e[k] !== null && !isText(e[k])) bad(`${at}.${k}`, 'must be a non-empty string or null');
      }
      if (e.provisional !== undefined && typeof e.provisional !== 'boolean') bad(`${at}.provisional`, 'must be true or false');
      if (e.parent !== undefined && !isText(e.parent)) bad(`${at}.parent`, 'must be a code of this set');
      if (e.codeSystem !== undefined && !(typeof e.codeSystem === 'string' && OID.test(e.codeSystem)))
        bad(`${at}.codeSystem`, 'must be an OID');
      for (const k of ['validFrom', 'validTo'] as const) {
        if (e[k] !== undefined && !(typeof e[k] === 'string' && DATE.test(e[k]) && !Number.isNaN(Date.parse(e[k]))))
          bad(`${at}.${k}`, 'must be a date YYYY-MM-DD');
      }
      if (typeof e.validFrom === 'string' && typeof e.validTo === 'string' && e.validFrom > e.validTo)
        bad(`${at}.validTo`, `is before validFrom ${e.validFrom}`);
    });
    // A placeholder under a national OID would be a false claim (in a signed CDA it cannot be taken back).
    if (typeof f.oid === 'string' && f.provisionalOid === undefined) {
      f.codes.forEach((c, i) => {
        const e = c as Record<string, unknown> | null;
        if (e?.provisional === true && e.codeSystem === undefined)
          bad(
            `codes[${i}].provisional`,
            `provisional code '${String(e.code)}' would carry the national OID ${f.oid}; give the file a provisionalOid (under ${ARKKI_CODE_SYSTEM_ARC})`,
          );
      });
    }
    f.codes.forEach((c, i) => {
      const parent = (c as Record<string, unknown> | null)?.parent;
      if (isText(parent) && !seen.has(parent)) bad(`codes[${i}].parent`, `'${parent}' is not a code of this set`);
    });
  }
  if (issues.length > 0) throw new ArkkiError('invalid', issues);
  return f as unknown as CodeSetFile;
}

/** JSON with object keys sorted at every level, so the hash depends on content and not on formatting. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(file: CodeSetFile): string {
  return createHash('sha256').update(canonicalJson(file)).digest('hex');
}

/** The entry's system: its own codeSystem, else arkki's provisional system for a provisional value, else the set's OID. */
export function entryFromFile(e: CodeSetFileEntry, setOid: string | null, provisionalOid?: string | null): CodeEntry {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!ENTRY_FIELDS.includes(k)) properties[k] = v;
  return {
    code: e.code,
    display: { fi: e.display_fi, ...(e.display_sv ? { sv: e.display_sv } : {}), ...(e.display_en ? { en: e.display_en } : {}) },
    provisional: e.provisional ?? false,
    codeSystem: e.codeSystem ?? (e.provisional && provisionalOid ? provisionalOid : setOid),
    ...(e.parent ? { parent: e.parent } : {}),
    ...(e.validFrom ? { validFrom: e.validFrom } : {}),
    ...(e.validTo ? { validTo: e.validTo } : {}),
    properties,
  };
}

/** A file as a code-set version (tests, and the store before it writes). */
export function versionFromFile(file: CodeSetFile, version = 1): CodeSetVersion {
  return {
    id: file.id,
    version,
    oid: file.oid,
    provisionalOid: file.provisionalOid ?? null,
    nationalCodeSystem: file.nationalCodeSystem ?? null,
    name: file.name,
    source: file.source,
    provisional: file.provisional,
    partial: file.partial ?? false,
    contentHash: contentHash(file),
    entries: file.codes.map((c) => entryFromFile(c, file.oid, file.provisionalOid)),
  };
}

export function describeSet(set: CodeSetVersion): string {
  return `${set.id} (${set.oid ? `${set.name}, ${set.oid}` : set.name})`;
}

function validity(e: CodeEntry): string {
  if (e.validFrom && e.validTo) return `from ${e.validFrom} to ${e.validTo}`;
  return e.validFrom ? `from ${e.validFrom}` : `until ${e.validTo}`;
}

/** The current version of every code set, indexed for validation and the code server. */
export class CodeSets {
  private readonly sets = new Map<string, CodeSetVersion>();
  private readonly codes = new Map<string, Map<string, CodeEntry>>();
  /** system (bare OID, or arkki URL for sets without one) → code → entry */
  private readonly systems = new Map<string, Map<string, { set: CodeSetVersion; entry: CodeEntry }>>();

  constructor(current: readonly CodeSetVersion[]) {
    for (const set of current) {
      if (this.sets.has(set.id)) throw new Error(`code set '${set.id}' given twice`);
      this.sets.set(set.id, set);
      this.codes.set(set.id, new Map(set.entries.map((e) => [e.code, e])));
      for (const entry of set.entries) {
        const system = entry.codeSystem ?? codeSystemUrl(set);
        if (!this.systems.has(system)) this.systems.set(system, new Map());
        const inSystem = this.systems.get(system)!;
        if (!inSystem.has(entry.code)) inSystem.set(entry.code, { set, entry });
      }
    }
  }

  static fromFiles(files: readonly CodeSetFile[]): CodeSets {
    return new CodeSets(files.map((f) => versionFromFile(f)));
  }

  ids(): string[] {
    return [...this.sets.keys()].sort();
  }

  get(setId: string): CodeSetVersion | undefined {
    return this.sets.get(setId);
  }

  lookup(setId: string, code: string): CodeEntry | undefined {
    return this.codes.get(setId)?.get(code);
  }

  has(setId: string, code: string): boolean {
    return this.lookup(setId, code) !== undefined;
  }

  /** A code by the system its coding names (`urn:oid:…`, a bare OID, or the arkki URL of a set without an OID). */
  findBySystem(systemOidOrUrl: string, code: string): { set: CodeSetVersion; entry: CodeEntry } | undefined {
    return this.systems.get(normaliseSystem(systemOidOrUrl))?.get(code);
  }

  /**
   * The system a code travels under: its entry's OID (`urn:oid:…` when `as` is 'uri'), or the arkki URL of a set
   * without an OID. A provisional value of a national set gets arkki's provisional OID, never the national one.
   */
  systemOf(setId: string, code: string, as: 'oid' | 'uri' = 'oid'): string | undefined {
    const set = this.sets.get(setId);
    const entry = this.lookup(setId, code);
    if (!set || !entry) return undefined;
    if (entry.codeSystem === null) return codeSystemUrl(set);
    return as === 'uri' ? `urn:oid:${entry.codeSystem}` : entry.codeSystem;
  }

  /** Every system a set's codes travel under (bare OIDs, or the arkki URL of a set without one). */
  systemsOf(setId: string): string[] {
    const set = this.sets.get(setId);
    if (!set) return [];
    return [...new Set(set.entries.map((e) => e.codeSystem ?? codeSystemUrl(set)))];
  }

  /**
   * null when `system` (bare OID, `urn:oid:` or URL) is the one `code` belongs to, else the issue: above all
   * a provisional value sent under the national OID of its set (rule `provisional-code-system`).
   */
  checkSystem(setId: string, code: string, system: string, field: string): Issue | null {
    const set = this.sets.get(setId);
    const entry = this.lookup(setId, code);
    if (!set || !entry) return null; // unknown codes are check()'s to report
    const own = entry.codeSystem ?? codeSystemUrl(set);
    const given = normaliseSystem(system);
    if (given === own) return null;
    if (entry.provisional && given === set.oid)
      return issue(
        field,
        'provisional-code-system',
        `'${code}' is a provisional value of ${describeSet(set)}, not a national one: it belongs to arkki's code system ${own}, not the national ${set.oid}`,
      );
    return issue(field, 'code-system', `code '${code}' of code set ${describeSet(set)} belongs to code system ${own}, not ${given}`);
  }

  /** null when `code` is in the set (and valid on `onDate`, YYYY-MM-DD or an ISO timestamp), else the issue. */
  check(setId: string, code: string, field: string, onDate?: string): Issue | null {
    const set = this.sets.get(setId);
    // A missing set is a deployment fault (code sets not synced), not the caller's mistake: fail loudly.
    if (!set) throw new Error(`code set '${setId}' is not loaded; known: ${this.ids().join(', ')}`);
    const entry = this.lookup(setId, code);
    if (!entry) return issue(field, 'code-unknown', `code '${code}' is not in code set ${describeSet(set)}`);
    const day = onDate?.slice(0, 10);
    if (day && ((entry.validFrom && day < entry.validFrom) || (entry.validTo && day > entry.validTo))) {
      return issue(field, 'code-not-valid', `code '${code}' of code set ${describeSet(set)} is valid ${validity(entry)}, not on ${day}`);
    }
    return null;
  }

  /** The code's name in `lang`, falling back to Finnish (every code has one); undefined for an unknown code. */
  display(setId: string, code: string, lang: Lang): string | undefined {
    const entry = this.lookup(setId, code);
    return entry ? (entry.display[lang] ?? entry.display.fi) : undefined;
  }
}
