import type { Db, Queryable } from '../../lib/db/db.ts';
import {
  CodeSets,
  contentHash,
  versionFromFile,
  type CodeEntry,
  type CodeSetFile,
  type CodeSetVersion,
  type NationalCodeSystemNote,
} from '../../lib/codes/code-sets.ts';
import type { CodeMapping, CodeMappingFile } from '../../lib/codes/code-mappings.ts';

/** Serialises concurrent syncs (two archive instances starting at once) so version numbers never collide. */
const SYNC_LOCK_KEY = 7_311_002;

export interface SyncResult {
  setId: string;
  version: number;
  changed: boolean;
}

export interface CodeSetVersionInfo {
  setId: string;
  version: number;
  name: string;
  provisional: boolean;
  contentHash: string;
  loadedAt: Date;
  entryCount: number;
  current: boolean;
}

/** Adds a version for every file whose content differs from its set's current version; all in one transaction. */
export async function syncCodeSets(db: Db, files: CodeSetFile[], now: Date): Promise<SyncResult[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK_KEY]);
    const results: SyncResult[] = [];
    for (const file of files) {
      const hash = contentHash(file);
      const current = await tx.query<{ version: number; content_hash: string }>(
        `SELECT v.version, v.content_hash FROM code_set s
           JOIN code_set_version v ON v.set_id = s.id AND v.version = s.current_version
          WHERE s.id = $1`,
        [file.id],
      );
      const row = current.rows[0];
      if (row && row.content_hash === hash) {
        results.push({ setId: file.id, version: row.version, changed: false });
        continue;
      }
      const latest = await tx.query<{ max: number | null }>('SELECT max(version) AS max FROM code_set_version WHERE set_id = $1', [
        file.id,
      ]);
      const version = (latest.rows[0]?.max ?? 0) + 1;
      await insertVersion(tx, versionFromFile(file, version), now);
      await tx.query(
        `INSERT INTO code_set (id, current_version, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET current_version = EXCLUDED.current_version, updated_at = EXCLUDED.updated_at`,
        [file.id, version, now],
      );
      results.push({ setId: file.id, version, changed: true });
    }
    return results;
  });
}

async function insertVersion(tx: Queryable, v: CodeSetVersion, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO code_set_version (set_id, version, oid, name, source, provisional, partial, content_hash, loaded_at,
                                   provisional_oid, national_code_system)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      v.id,
      v.version,
      v.oid,
      v.name,
      v.source,
      v.provisional,
      v.partial,
      v.contentHash,
      now,
      v.provisionalOid,
      v.nationalCodeSystem ? JSON.stringify(v.nationalCodeSystem) : null,
    ],
  );
  // One statement for all entries (document-types has 200+): rows travel as a JSON array.
  const rows = v.entries.map((e, i) => ({
    ordinal: i,
    code: e.code,
    code_system: e.codeSystem,
    display_fi: e.display.fi,
    display_sv: e.display.sv ?? null,
    display_en: e.display.en ?? null,
    provisional: e.provisional,
    parent: e.parent ?? null,
    valid_from: e.validFrom ?? null,
    valid_to: e.validTo ?? null,
    properties: e.properties,
  }));
  await tx.query(
    `INSERT INTO code_set_entry (set_id, version, ordinal, code, code_system, display_fi, display_sv, display_en,
                                 provisional, parent, valid_from, valid_to, properties)
     SELECT $1, $2, r.ordinal, r.code, r.code_system, r.display_fi, r.display_sv, r.display_en,
            r.provisional, r.parent, r.valid_from, r.valid_to, coalesce(r.properties, '{}'::jsonb)
       FROM jsonb_to_recordset($3::jsonb) AS r(ordinal integer, code text, code_system text, display_fi text,
            display_sv text, display_en text, provisional boolean, parent text, valid_from date, valid_to date, properties jsonb)`,
    [v.id, v.version, JSON.stringify(rows)],
  );
}

interface VersionRow {
  set_id: string;
  version: number;
  oid: string | null;
  name: string;
  source: string;
  provisional: boolean;
  partial: boolean;
  content_hash: string;
  provisional_oid: string | null;
  national_code_system: NationalCodeSystemNote | string | null;
}
interface EntryRow {
  set_id: string;
  code: string;
  code_system: string | null;
  display_fi: string;
  display_sv: string | null;
  display_en: string | null;
  provisional: boolean;
  parent: string | null;
  valid_from: string | null;
  valid_to: string | null;
  properties: Record<string, unknown>;
}

const ENTRY_COLUMNS = `e.set_id, e.code, e.code_system, e.display_fi, e.display_sv, e.display_en, e.provisional, e.parent,
  to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to, e.properties`;

function toEntry(r: EntryRow): CodeEntry {
  return {
    code: r.code,
    display: { fi: r.display_fi, ...(r.display_sv ? { sv: r.display_sv } : {}), ...(r.display_en ? { en: r.display_en } : {}) },
    provisional: r.provisional,
    codeSystem: r.code_system,
    ...(r.parent ? { parent: r.parent } : {}),
    ...(r.valid_from ? { validFrom: r.valid_from } : {}),
    ...(r.valid_to ? { validTo: r.valid_to } : {}),
    properties: r.properties ?? {},
  };
}

function toVersion(r: VersionRow, entries: CodeEntry[]): CodeSetVersion {
  return {
    id: r.set_id,
    version: r.version,
    oid: r.oid,
    provisionalOid: r.provisional_oid,
    nationalCodeSystem:
      typeof r.national_code_system === 'string' ? (JSON.parse(r.national_code_system) as NationalCodeSystemNote) : r.national_code_system,
    name: r.name,
    source: r.source,
    provisional: r.provisional,
    partial: r.partial,
    contentHash: r.content_hash,
    entries,
  };
}

/** The current version of every set, for ctx.codeSets at start-up. */
export async function loadCurrentCodeSets(db: Queryable): Promise<CodeSets> {
  const versions = await db.query<VersionRow>(
    `SELECT v.set_id, v.version, v.oid, v.name, v.source, v.provisional, v.partial, v.content_hash,
            v.provisional_oid, v.national_code_system
       FROM code_set s JOIN code_set_version v ON v.set_id = s.id AND v.version = s.current_version
      ORDER BY v.set_id`,
  );
  const entries = await db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM code_set s
       JOIN code_set_entry e ON e.set_id = s.id AND e.version = s.current_version
      ORDER BY e.set_id, e.ordinal`,
  );
  const bySet = new Map<string, CodeEntry[]>();
  for (const r of entries.rows) {
    if (!bySet.has(r.set_id)) bySet.set(r.set_id, []);
    bySet.get(r.set_id)!.push(toEntry(r));
  }
  return new CodeSets(versions.rows.map((r) => toVersion(r, bySet.get(r.set_id) ?? [])));
}

/** Any version of a set, current or earlier (reading what a code meant when a document was archived). */
export async function loadCodeSetVersion(db: Queryable, setId: string, version: number): Promise<CodeSetVersion | undefined> {
  const v = await db.query<VersionRow>(
    `SELECT set_id, version, oid, name, source, provisional, partial, content_hash, provisional_oid, national_code_system
       FROM code_set_version WHERE set_id = $1 AND version = $2`,
    [setId, version],
  );
  if (!v.rows[0]) return undefined;
  const entries = await db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM code_set_entry e WHERE e.set_id = $1 AND e.version = $2 ORDER BY e.ordinal`,
    [setId, version],
  );
  return toVersion(v.rows[0], entries.rows.map(toEntry));
}

/** Every version of a set, oldest first; empty when the set was never synced. */
export async function listVersions(db: Queryable, setId: string): Promise<CodeSetVersionInfo[]> {
  const r = await db.query<{
    version: number;
    name: string;
    provisional: boolean;
    content_hash: string;
    loaded_at: Date | string;
    entry_count: number;
    current: boolean;
  }>(
    `SELECT v.version, v.name, v.provisional, v.content_hash, v.loaded_at,
            (SELECT count(*) FROM code_set_entry e WHERE e.set_id = v.set_id AND e.version = v.version)::integer AS entry_count,
            coalesce(s.current_version = v.version, false) AS current
       FROM code_set_version v LEFT JOIN code_set s ON s.id = v.set_id
      WHERE v.set_id = $1 ORDER BY v.version`,
    [setId],
  );
  return r.rows.map((x) => ({
    setId,
    version: x.version,
    name: x.name,
    provisional: x.provisional,
    contentHash: x.content_hash,
    loadedAt: new Date(x.loaded_at),
    entryCount: x.entry_count,
    current: x.current,
  }));
}

export interface MappingResult {
  /** Mapping rows that were new or changed. */
  loaded: number;
  /** Document metadata rows that a mapping changed (signed content never changes). */
  documents: number;
}

/**
 * Loads the mapping table (data/codes/mappings) and applies it to what the archive holds, in one transaction:
 * the metadata of stored documents with a dropped value, their trail rows, clienthoods, cases, roles and
 * disclosure rules (arkki_apply_code_mappings, migration 014). Idempotent: run after every code-set sync.
 */
export async function applyCodeMappings(
  db: Db,
  files: readonly CodeMappingFile[],
  table: readonly CodeMapping[],
  now: Date,
): Promise<MappingResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK_KEY]);
    const sourceOf = new Map<string, string>();
    for (const f of files) for (const m of f.mappings) sourceOf.set(`${m.set}|${m.from}`, f.id);
    let loaded = 0;
    for (const m of table) {
      const r = await tx.query(
        `INSERT INTO code_mapping (set_id, from_code, to_code, reason, source, loaded_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (set_id, from_code) DO UPDATE SET to_code = EXCLUDED.to_code, reason = EXCLUDED.reason,
           source = EXCLUDED.source, loaded_at = EXCLUDED.loaded_at
         WHERE code_mapping.to_code IS DISTINCT FROM EXCLUDED.to_code`,
        [m.set, m.from, m.to, m.reason, sourceOf.get(`${m.set}|${m.from}`) ?? 'unknown', now],
      );
      loaded += r.rowCount ?? 0;
    }
    const applied = await tx.query<{ n: number }>('SELECT arkki_apply_code_mappings($1) AS n', [now]);
    return { loaded, documents: Number(applied.rows[0]?.n ?? 0) };
  });
}

/** The trail of one document: which coded fields a mapping changed. */
export async function codeMappingsOf(
  db: Queryable,
  documentId: string,
): Promise<Array<{ field: string; from: string; to: string; at: Date }>> {
  const r = await db.query<{ field: string; from_code: string; to_code: string; mapped_at: Date | string }>(
    'SELECT field, from_code, to_code, mapped_at FROM document_code_mapping WHERE document_id = $1 ORDER BY field, from_code',
    [documentId],
  );
  return r.rows.map((x) => ({ field: x.field, from: x.from_code, to: x.to_code, at: new Date(x.mapped_at) }));
}
