import type { Organisation } from './organisation.ts';
import type { UsageEntry } from './usage-entry.ts';

// What a citizen is shown of one use of his or her data ("who has looked at my data"). Shown: when, which
// organisation (name from the organisation register), in which register, which role kind (and service unit
// when the log names one), what was done, on which basis, and whether the data was disclosed. Not shown by
// default: the professional's personal name and id (a setting, off by default: the organisation answers
// for its staff and the citizen can ask it for the person), the calling system, document ids, denied
// attempts (nothing was seen) and the citizen's own uses.

export interface CitizenLogSettings {
  /** Show the professional's name (never for client systems). Default false. */
  showProfessionalName: boolean;
}
export const DEFAULT_CITIZEN_LOG_SETTINGS: CitizenLogSettings = { showProfessionalName: false };

export type BasisKind = 'client-relation' | 'special-reason' | 'archivist' | 'client-system' | 'disclosure' | 'other';

export interface CitizenUse {
  /** Usage-log row id: a stable reference when the citizen asks the organisation about this use. */
  id: number;
  at: string;
  organisation: { oid: string; name: string };
  registerKeeper: { oid: string; name: string };
  serviceUnit: { oid: string; name: string } | null;
  /** Role kind (social-worker, archivist, system) and its Finnish label. */
  role: string;
  roleText: string;
  /** The organisation's own role code when the log carries it. */
  roleCode: string | null;
  action: string;
  actionText: string;
  basis: { kind: BasisKind; text: string; rule: string; reasonCode: string | null };
  /** Set when the data was disclosed to another register keeper's organisation: on which basis. */
  disclosure: { basisKind: string | null; basisId: string | null } | null;
  /** Only with showProfessionalName. */
  professionalName?: string;
}

const ROLE_TEXT: Record<string, string> = {
  'social-worker': 'sosiaalihuollon ammattihenkilö',
  archivist: 'arkistonhoitaja',
  system: 'asiakastietojärjestelmä',
};
const ACTION_TEXT: Record<string, string> = {
  read: 'luki asiakirjan tiedot',
  'read-body': 'avasi asiakirjan',
  'read-person': 'katsoi henkilötiedot',
  history: 'katsoi asiakirjan versiohistorian',
  search: 'haki asiakirjoja',
  summary: 'katsoi koosteen',
  create: 'tallensi asiakirjan',
  'new-version': 'tallensi asiakirjasta uuden version',
  invalidate: 'mitätöi asiakirjan',
  'read-usage-log': 'luki käyttölokia',
  disclose: 'luovutti tietoja',
};
const BASIS_TEXT: Record<BasisKind, string> = {
  'client-relation': 'asiakkuus tai asia palvelutehtävässä',
  'special-reason': 'erityinen syy (asiayhteys)',
  archivist: 'arkistonhoito',
  'client-system': 'asiakastietojärjestelmän tallennus tai haku',
  disclosure: 'tietojen luovutus',
  other: 'käyttöoikeussääntö',
};

export function flagsOf(detail: Record<string, unknown>): string[] {
  return Array.isArray(detail.flags) ? detail.flags.filter((f): f is string => typeof f === 'string') : [];
}

function basisKind(e: UsageEntry): BasisKind {
  const flags = flagsOf(e.detail);
  if (flags.includes('disclosure') || (e.action as string) === 'disclose') return 'disclosure';
  if (flags.includes('special-reason') || e.rule.startsWith('special-reason')) return 'special-reason';
  if (e.role === 'archivist') return 'archivist';
  if (e.role === 'system') return 'client-system';
  if (e.role === 'social-worker') return 'client-relation';
  return 'other';
}

function disclosureOf(detail: Record<string, unknown>): { basisKind: string | null; basisId: string | null } {
  const b = detail.disclosureBasis as { kind?: unknown; id?: unknown } | undefined;
  return { basisKind: typeof b?.kind === 'string' ? b.kind : null, basisId: typeof b?.id === 'string' ? b.id : null };
}

function orgRef(oid: string, orgs: ReadonlyMap<string, Organisation>): { oid: string; name: string } {
  const o = orgs.get(oid);
  return { oid, name: o ? (o.name.fi ?? o.name.sv ?? o.name.en ?? oid) : oid };
}

export function citizenUse(
  e: UsageEntry & { id: number },
  orgs: ReadonlyMap<string, Organisation>,
  settings: CitizenLogSettings,
): CitizenUse {
  const kind = basisKind(e);
  const unit = typeof e.detail.serviceUnit === 'string' ? e.detail.serviceUnit : null;
  return {
    id: e.id,
    at: e.at,
    organisation: orgRef(e.organisationOid, orgs),
    registerKeeper: orgRef(e.registerKeeperOid, orgs),
    serviceUnit: unit ? orgRef(unit, orgs) : null,
    role: e.role,
    roleText: ROLE_TEXT[e.role] ?? e.role,
    roleCode: typeof e.detail.roleCode === 'string' ? e.detail.roleCode : null,
    action: e.action,
    actionText: ACTION_TEXT[e.action] ?? e.action,
    basis: { kind, text: BASIS_TEXT[kind], rule: e.rule, reasonCode: typeof e.detail.reasonCode === 'string' ? e.detail.reasonCode : null },
    disclosure: kind === 'disclosure' ? disclosureOf(e.detail) : null,
    ...(settings.showProfessionalName && e.role !== 'system' ? { professionalName: e.userName } : {}),
  };
}
