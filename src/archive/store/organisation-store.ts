// SQL for the organisation register: rows ⇄ Organisation, import as one validated transaction, lookups.
import type { Db, Queryable } from '../../lib/db/db.ts';
import { Conditions } from '../../lib/db/conditions.ts';
import { ArkkiError, throwIfIssues } from '../../lib/errors.ts';
import { isIsoDate, registerKeeperOf, validateOrganisations, type Organisation, type OrganisationName } from '../domain/organisation.ts';
import type { ImportResult, OrganisationFilter } from '../domain/organisation.ts';

interface OrganisationRow {
  oid: string;
  parent_oid: string | null;
  kind: Organisation['kind'];
  name_fi: string;
  name_sv: string | null;
  name_en: string | null;
  business_id: string | null;
  register_keeper: Organisation['registerKeeper'];
  municipality_code: string | null;
  valid_from: string;
  valid_to: string | null;
}

// Dates as text: PGlite's driver would otherwise hand back a JS Date shifted to midnight UTC.
const COLUMNS = `oid, parent_oid, kind, name_fi, name_sv, name_en, business_id, register_keeper,
  municipality_code, valid_from::text AS valid_from, valid_to::text AS valid_to`;
const SELECT = `SELECT ${COLUMNS} FROM organisation`;

// Arc by arc, so 1.2.246.10.9 sorts before 1.2.246.10.10 whatever the collation.
const ORDER = `ORDER BY string_to_array(oid, '.')::numeric[]`;

function fromRow(r: OrganisationRow): Organisation {
  const name: OrganisationName = { fi: r.name_fi };
  if (r.name_sv !== null) name.sv = r.name_sv;
  if (r.name_en !== null) name.en = r.name_en;
  const org: Organisation = { oid: r.oid, name, kind: r.kind, registerKeeper: r.register_keeper, validFrom: r.valid_from };
  if (r.business_id !== null) org.businessId = r.business_id;
  if (r.parent_oid !== null) org.parentOid = r.parent_oid;
  if (r.municipality_code !== null) org.municipalityCode = r.municipality_code;
  if (r.valid_to !== null) org.validTo = r.valid_to;
  return org;
}

/** The names lower-cased in JS, one per line, so a search term cannot match across two names. */
function nameSearch(name: OrganisationName): string {
  return [name.fi, name.sv, name.en]
    .filter((n): n is string => n !== undefined)
    .map((n) => n.toLowerCase())
    .join('\n');
}

export async function getOrganisation(q: Queryable, oid: string): Promise<Organisation | undefined> {
  const r = await q.query<OrganisationRow>(`${SELECT} WHERE oid = $1`, [oid]);
  return r.rows[0] ? fromRow(r.rows[0]) : undefined;
}

/** Several organisations in one query (the ingest path names three or four per document). */
export async function getOrganisations(q: Queryable, oids: readonly string[]): Promise<Map<string, Organisation>> {
  if (oids.length === 0) return new Map();
  const r = await q.query<OrganisationRow>(`${SELECT} WHERE oid = ANY($1::text[])`, [[...oids]]);
  return new Map(r.rows.map((row) => [row.oid, fromRow(row)]));
}

export async function listOrganisations(q: Queryable, filter: OrganisationFilter = {}): Promise<Organisation[]> {
  for (const key of ['activeOn', 'inactiveOn'] as const) {
    const day = filter[key];
    if (day !== undefined && !isIsoDate(day)) {
      throw new ArkkiError('invalid', [{ field: key, rule: 'date', message: `${key} must be a date YYYY-MM-DD, got '${day}'` }]);
    }
  }
  const c = new Conditions();
  if (filter.oid !== undefined) c.add('oid = ?', filter.oid);
  if (filter.businessId !== undefined) c.add('business_id = ?', filter.businessId);
  if (filter.parentOid !== undefined) c.add('parent_oid = ?', filter.parentOid);
  if (filter.name !== undefined) c.add('strpos(name_search, ?) > 0', filter.name.toLowerCase());
  if (filter.nameStartsWith !== undefined) c.add(`strpos(E'\\n' || name_search, ?) > 0`, `\n${filter.nameStartsWith.toLowerCase()}`);
  if (filter.registerKeeper !== undefined) c.raw(`register_keeper IS ${filter.registerKeeper ? 'NOT NULL' : 'NULL'}`);
  if (filter.activeOn !== undefined) c.add('valid_from <= ?::date AND (valid_to IS NULL OR valid_to >= ?::date)', filter.activeOn);
  if (filter.inactiveOn !== undefined)
    c.add('NOT (valid_from <= ?::date AND (valid_to IS NULL OR valid_to >= ?::date))', filter.inactiveOn);
  return (await q.query<OrganisationRow>(`${SELECT} ${c.where()} ${ORDER}`, c.params)).rows.map(fromRow);
}

export function childrenOf(q: Queryable, oid: string): Promise<Organisation[]> {
  return listOrganisations(q, { parentOid: oid });
}

/** The given organisations and all their ancestors, by OID. */
async function withAncestors(q: Queryable, oids: string[]): Promise<Map<string, Organisation>> {
  if (oids.length === 0) return new Map();
  const r = await q.query<OrganisationRow>(
    `WITH RECURSIVE up AS (
      SELECT * FROM organisation WHERE oid = ANY($1::text[])
      UNION SELECT o.* FROM organisation o JOIN up ON o.oid = up.parent_oid)
    SELECT ${COLUMNS} FROM up`,
    [oids],
  );
  return new Map(r.rows.map((row) => [row.oid, fromRow(row)]));
}

async function childrenByParent(q: Queryable, oids: string[]): Promise<Map<string, Organisation[]>> {
  const r = await q.query<OrganisationRow>(`${SELECT} WHERE parent_oid = ANY($1::text[])`, [oids]);
  const out = new Map<string, Organisation[]>();
  for (const row of r.rows) out.set(row.parent_oid!, [...(out.get(row.parent_oid!) ?? []), fromRow(row)]);
  return out;
}

/** The register keeper responsible for a unit: the unit itself or its nearest register-keeping ancestor. */
export async function findRegisterKeeper(q: Queryable, oid: string): Promise<Organisation | undefined> {
  const known = await withAncestors(q, [oid]);
  return registerKeeperOf(oid, (o) => known.get(o));
}

const UPSERT_CHUNK = 500;
const IMPORT_LOCK = 7_311_003;

/**
 * Validates the whole batch against itself and the register, then upserts it in one transaction:
 * a bad row throws an ArkkiError listing every issue and nothing is written.
 */
export async function importOrganisations(db: Db, list: readonly Organisation[]): Promise<ImportResult> {
  if (list.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  return db.transaction(async (tx) => {
    // One import at a time, so two batches cannot each pass validation and together form a cycle.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    const parents = [...new Set(list.map((o) => o?.parentOid).filter((p): p is string => typeof p === 'string'))];
    const known = await withAncestors(tx, parents);
    const oids = list.map((o) => o?.oid).filter((oid): oid is string => typeof oid === 'string');
    const children = await childrenByParent(tx, oids);
    throwIfIssues(
      validateOrganisations(
        list,
        (oid) => known.get(oid),
        (oid) => children.get(oid) ?? [],
      ),
      'invalid',
    );

    const before = new Set(
      (await tx.query<{ oid: string }>('SELECT oid FROM organisation WHERE oid = ANY($1::text[])', [oids])).rows.map((r) => r.oid),
    );
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < list.length; start += UPSERT_CHUNK) {
      for (const oid of await upsert(tx, list.slice(start, start + UPSERT_CHUNK))) {
        if (before.has(oid)) updated++;
        else inserted++;
      }
    }
    return { inserted, updated, unchanged: list.length - inserted - updated };
  });
}

/** One statement per chunk; returns the OIDs actually inserted or changed. */
async function upsert(tx: Queryable, chunk: readonly Organisation[]): Promise<string[]> {
  const col = <T>(f: (o: Organisation) => T | undefined) => chunk.map((o) => f(o) ?? null);
  const r = await tx.query<{ oid: string }>(
    `
    INSERT INTO organisation (oid, parent_oid, kind, name_fi, name_sv, name_en, name_search, business_id,
      register_keeper, municipality_code, valid_from, valid_to)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
      $8::text[], $9::text[], $10::text[], $11::date[], $12::date[])
    ON CONFLICT (oid) DO UPDATE SET parent_oid = EXCLUDED.parent_oid, kind = EXCLUDED.kind,
      name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv, name_en = EXCLUDED.name_en,
      name_search = EXCLUDED.name_search, business_id = EXCLUDED.business_id,
      register_keeper = EXCLUDED.register_keeper, municipality_code = EXCLUDED.municipality_code,
      valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, updated_at = now()
    WHERE (organisation.parent_oid, organisation.kind, organisation.name_fi, organisation.name_sv,
        organisation.name_en, organisation.business_id, organisation.register_keeper,
        organisation.municipality_code, organisation.valid_from, organisation.valid_to)
      IS DISTINCT FROM (EXCLUDED.parent_oid, EXCLUDED.kind, EXCLUDED.name_fi, EXCLUDED.name_sv,
        EXCLUDED.name_en, EXCLUDED.business_id, EXCLUDED.register_keeper,
        EXCLUDED.municipality_code, EXCLUDED.valid_from, EXCLUDED.valid_to)
    RETURNING oid`,
    [
      col((o) => o.oid),
      col((o) => o.parentOid),
      col((o) => o.kind),
      col((o) => o.name.fi),
      col((o) => o.name.sv),
      col((o) => o.name.en),
      col((o) => nameSearch(o.name)),
      col((o) => o.businessId),
      col((o) => o.registerKeeper),
      col((o) => o.municipalityCode),
      col((o) => o.validFrom),
      col((o) => o.validTo),
    ],
  );
  return r.rows.map((row) => row.oid);
}
