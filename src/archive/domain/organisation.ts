// The organisation register (SOTE-organisaatiorekisteri): organisations and their service units, keyed by
// OIDs that are the same in every system. Pure: validation and lookups over plain values.
import type { Issue } from '../../lib/errors.ts';
import { validateOid } from '../../lib/identifiers/oid.ts';
import { validateBusinessId } from '../../lib/identifiers/business-id.ts';

export type OrganisationKind = 'organisation' | 'service-unit';

/** Public = municipality or wellbeing services county; private = private service provider. */
export type RegisterKeeperType = 'public' | 'private';

export interface OrganisationName {
  fi: string;
  sv?: string;
  en?: string;
}

export interface Organisation {
  oid: string;
  name: OrganisationName;
  kind: OrganisationKind;
  /** Y-tunnus, for organisations. */
  businessId?: string;
  /** Service units and sub-units point to their parent. */
  parentOid?: string;
  /** Set for organisations that keep a social-welfare client register. */
  registerKeeper: RegisterKeeperType | null;
  /** Municipality code (THL code set 1.2.246.537.6.21). */
  municipalityCode?: string;
  /** First day of validity, YYYY-MM-DD. */
  validFrom: string;
  /** Last day of validity (inclusive), YYYY-MM-DD; absent = still valid. */
  validTo?: string;
}

export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['organisation', 'service-unit'];
export const REGISTER_KEEPER_TYPES: readonly RegisterKeeperType[] = ['public', 'private'];

export type OrganisationLookup = (oid: string) => Organisation | undefined;

/** True when `date` (YYYY-MM-DD) lies within the organisation's validity; validTo is the last valid day. */
export function isActive(org: Pick<Organisation, 'validFrom' | 'validTo'>, date: string): boolean {
  return org.validFrom <= date && (org.validTo === undefined || date <= org.validTo);
}

/** The organisation itself or its nearest ancestor that keeps a client register; undefined if none. */
export function registerKeeperOf(oid: string, get: OrganisationLookup): Organisation | undefined {
  const seen = new Set<string>();
  let current = get(oid);
  while (current && !seen.has(current.oid)) {
    if (current.registerKeeper !== null) return current;
    seen.add(current.oid);
    current = current.parentOid === undefined ? undefined : get(current.parentOid);
  }
  return undefined;
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks a batch of rows against each other and against the register as it is (`existing`); rows in the
 * batch replace existing rows with the same OID. Values come from files, so types are checked too.
 * `existingChildren`, when given, lets a changed parent be checked against units that stay as they are.
 * Each issue names its row: `organisations[3].parentOid`.
 */
export function validateOrganisations(
  list: readonly Organisation[],
  existing: OrganisationLookup,
  existingChildren?: (oid: string) => Organisation[],
): Issue[] {
  const issues: Issue[] = [];
  const batch = new Map<string, Organisation>();
  list.forEach((org) => {
    if (isObject(org) && typeof org.oid === 'string' && !batch.has(org.oid)) batch.set(org.oid, org);
  });
  const lookup: OrganisationLookup = (oid) => batch.get(oid) ?? existing(oid);
  const firstIndex = new Map<string, number>();

  list.forEach((org, i) => {
    const at = (field: string) => `organisations[${i}]${field ? `.${field}` : ''}`;
    const add = (field: string, rule: string, message: string) => issues.push({ field: at(field), rule, message });
    if (!isObject(org)) {
      add('', 'invalid', 'each organisation must be an object');
      return;
    }
    checkOwnFields(org, add);
    if (typeof org.oid === 'string') {
      const first = firstIndex.get(org.oid);
      if (first !== undefined) add('oid', 'duplicate', `OID ${org.oid} is already given in organisations[${first}]`);
      else firstIndex.set(org.oid, i);
    }
    checkParent(org, lookup, add);
    if (existingChildren && typeof org.oid === 'string') {
      checkRemainingChildren(
        org,
        existingChildren(org.oid).filter((c) => !batch.has(c.oid)),
        add,
      );
    }
  });
  return issues;
}

type Add = (field: string, rule: string, message: string) => void;

function checkOwnFields(org: Organisation, add: Add): void {
  if (!nonEmpty(org.oid)) add('oid', 'required', 'OID is required');
  else {
    const bad = validateOid(org.oid);
    if (bad) add('oid', 'oid', bad);
  }

  if (!isObject(org.name)) add('name', 'required', 'name is required, at least in Finnish (name.fi)');
  else {
    if (!nonEmpty(org.name.fi)) add('name.fi', 'required', 'Finnish name (name.fi) is required');
    for (const lang of ['sv', 'en'] as const) {
      if (org.name[lang] !== undefined && !nonEmpty(org.name[lang]))
        add(`name.${lang}`, 'invalid', `name.${lang} must be a non-empty text when given`);
    }
  }

  if (!ORGANISATION_KINDS.includes(org.kind)) {
    add('kind', org.kind === undefined ? 'required' : 'invalid', `kind must be one of ${ORGANISATION_KINDS.join(', ')}`);
  }

  if (org.businessId !== undefined) {
    const bad = typeof org.businessId === 'string' ? validateBusinessId(org.businessId) : 'business id must be text';
    if (bad) add('businessId', 'business-id', bad);
  }

  if (org.registerKeeper !== null && !REGISTER_KEEPER_TYPES.includes(org.registerKeeper)) {
    add('registerKeeper', 'invalid', `registerKeeper must be ${REGISTER_KEEPER_TYPES.join(' or ')} (or null for none)`);
  } else if (org.registerKeeper !== null && org.kind === 'service-unit') {
    // A client register is kept by a legal person (municipality, county, company), never by one of its units.
    add('registerKeeper', 'register-keeper-kind', 'only an organisation can be a register keeper, not a service unit');
  }

  if (org.municipalityCode !== undefined && !(typeof org.municipalityCode === 'string' && /^\d{3}$/.test(org.municipalityCode))) {
    add('municipalityCode', 'invalid', 'municipality code must be 3 digits (e.g. 905)');
  }

  if (!isIsoDate(org.validFrom)) {
    add('validFrom', org.validFrom === undefined ? 'required' : 'date', 'validFrom must be a date YYYY-MM-DD');
  }
  if (org.validTo !== undefined) {
    if (!isIsoDate(org.validTo)) add('validTo', 'date', 'validTo must be a date YYYY-MM-DD');
    else if (isIsoDate(org.validFrom) && org.validTo < org.validFrom) {
      add('validTo', 'period', `validTo ${org.validTo} is before validFrom ${org.validFrom}`);
    }
  }
}

function checkParent(org: Organisation, lookup: OrganisationLookup, add: Add): void {
  if (org.parentOid === undefined) {
    if (org.kind === 'service-unit') add('parentOid', 'required', 'a service unit must name its parent (parentOid)');
    return;
  }
  if (typeof org.parentOid !== 'string' || validateOid(org.parentOid) !== null) {
    add('parentOid', 'oid', typeof org.parentOid === 'string' ? validateOid(org.parentOid)! : 'parentOid must be an OID');
    return;
  }
  if (org.parentOid === org.oid) {
    add('parentOid', 'cycle', 'an organisation cannot be its own parent');
    return;
  }
  const parent = lookup(org.parentOid);
  if (!parent) {
    add('parentOid', 'parent-unknown', `parent ${org.parentOid} is neither in this import nor in the register`);
    return;
  }
  if (org.kind === 'organisation' && parent.kind === 'service-unit') {
    add('parentOid', 'parent-kind', `an organisation cannot belong to service unit ${parent.oid}`);
  }
  if (inCycle(org, lookup)) {
    add('parentOid', 'cycle', `parent chain from ${org.oid} leads back to itself`);
  }
  checkParentValidity(org, parent, add);
}

/**
 * The parent must be valid for as long as the child is. Only the end is checked: units moved under a new
 * parent (e.g. to a wellbeing services county in 2023) keep their original start date.
 */
function parentValidityProblem(child: Organisation, parent: Organisation): string | null {
  if (!isIsoDate(child.validFrom) || (child.validTo !== undefined && !isIsoDate(child.validTo))) return null;
  if (!isIsoDate(parent.validFrom) || (parent.validTo !== undefined && !isIsoDate(parent.validTo))) return null;
  if (child.validTo !== undefined && child.validTo < parent.validFrom) {
    return `parent ${parent.oid} is valid only from ${parent.validFrom}, after ${child.oid} ends (${child.validTo})`;
  }
  if (parent.validTo !== undefined && (child.validTo === undefined || child.validTo > parent.validTo)) {
    return `parent ${parent.oid} ends on ${parent.validTo} but ${child.oid} is valid ${child.validTo ? `until ${child.validTo}` : 'with no end date'}`;
  }
  return null;
}

function checkParentValidity(org: Organisation, parent: Organisation, add: Add): void {
  const problem = parentValidityProblem(org, parent);
  if (problem) add('parentOid', 'parent-validity', problem);
}

/** A change to a parent must not strand the units that are not in the batch. */
function checkRemainingChildren(org: Organisation, children: Organisation[], add: Add): void {
  for (const child of children) {
    if (org.kind === 'service-unit' && child.kind === 'organisation') {
      add('kind', 'child-kind', `organisation ${child.oid} belongs to this row, so it cannot become a service unit`);
    }
    const problem = parentValidityProblem(child, org);
    const field = child.validTo !== undefined && child.validTo < org.validFrom ? 'validFrom' : 'validTo';
    if (problem) add(field, 'child-validity', `${problem}; end or move that unit in the same import`);
  }
}

function inCycle(org: Organisation, lookup: OrganisationLookup): boolean {
  const seen = new Set<string>();
  let oid = org.parentOid;
  while (oid !== undefined && !seen.has(oid)) {
    if (oid === org.oid) return true;
    seen.add(oid);
    oid = lookup(oid)?.parentOid;
  }
  return false;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  /** Rows identical to what the register already held (updated_at is left alone). */
  unchanged: number;
}

export interface OrganisationFilter {
  parentOid?: string;
  /** Case-insensitive "contains" over the Finnish, Swedish and English names. */
  name?: string;
  /** Case-insensitive "starts with" over the same names (FHIR string search). */
  nameStartsWith?: string;
  /** true = only register keepers, false = only others. */
  registerKeeper?: boolean;
  /** Valid on this day (YYYY-MM-DD). */
  activeOn?: string;
  /** Not valid on this day (YYYY-MM-DD). */
  inactiveOn?: string;
  oid?: string;
  businessId?: string;
}
