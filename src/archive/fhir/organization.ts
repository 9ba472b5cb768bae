// The organisation register in FHIR, per the Finnish base profiles: Organization (FiBaseOrganization)
// and the register keeper (rekisterinpitäjä) as a Provenance agent (FiBaseInformationCustodianPublic /
// Private). Mapping only; the routes are in organization-routes.ts.
import { finnishDay } from '../../lib/time/finnish-clock.ts';
import { isActive, type Organisation, type RegisterKeeperType } from '../domain/organisation.ts';
import type { Json } from './document-reference.ts';
import type { OrganisationArchiving } from '../domain/archiving-state.ts';
import {
  BUSINESS_ID_SYSTEM,
  EXT,
  FI_BASE_PROFILES,
  ORGANISATION_REGISTER_SYSTEM,
  PARTICIPATION_TYPE_SYSTEM,
  REGISTER_KEEPER_REGISTRY_SYSTEM,
  REGISTER_KEEPER_TYPE_SYSTEM,
  V2_IDENTIFIER_TYPE_SYSTEM,
} from './systems.ts';

export const REGISTER_KEEPER_CODES: Record<RegisterKeeperType, { code: string; display: string }> = {
  public: { code: '1', display: 'Julkinen' },
  private: { code: '2', display: 'Yksityinen' },
};

/** Validity dates are Finnish calendar days, so "today" is taken in Finnish time, not UTC. */
export function finnishDate(now: Date): string {
  return finnishDay(now);
}

function registerKeeperType(type: RegisterKeeperType): Json {
  return { coding: [{ system: REGISTER_KEEPER_TYPE_SYSTEM, ...REGISTER_KEEPER_CODES[type] }] };
}

/**
 * The `archiving` extension (docs/fhir-mapping.md): whether the archive has opened archiving for a register
 * keeper, when, by whom and why. Absent while it was never opened.
 */
export function archivingExtension(a: OrganisationArchiving | undefined): Json[] {
  if (!a?.last) return [];
  return [
    {
      url: `${EXT}/archiving`,
      extension: [
        { url: 'state', valueCode: a.state },
        { url: 'changed', valueDateTime: a.last.at },
        { url: 'by', valueString: a.last.byName || a.last.byUserId },
        { url: 'reason', valueString: a.last.reason },
      ],
    },
  ];
}

export function toFhirOrganization(org: Organisation, today: string, archiving?: OrganisationArchiving): Json {
  const extension = archivingExtension(archiving);
  const identifier: Json[] = [{ use: 'official', system: ORGANISATION_REGISTER_SYSTEM, value: org.oid }];
  if (org.businessId) {
    identifier.push({
      type: { coding: [{ system: V2_IDENTIFIER_TYPE_SYSTEM, code: 'XX', display: 'Organization identifier' }] },
      system: BUSINESS_ID_SYSTEM,
      value: org.businessId,
    });
  }
  const alias = [org.name.sv, org.name.en].filter((n): n is string => n !== undefined);
  return {
    resourceType: 'Organization',
    id: org.oid,
    meta: { profile: [FI_BASE_PROFILES.organization] },
    ...(extension.length ? { extension } : {}),
    identifier,
    active: isActive(org, today),
    ...(org.registerKeeper ? { type: [registerKeeperType(org.registerKeeper)] } : {}),
    name: org.name.fi,
    ...(alias.length ? { alias } : {}),
    ...(org.parentOid ? { partOf: { reference: `Organization/${org.parentOid}` } } : {}),
  };
}

/**
 * The register keeper as a Provenance agent (FiBaseInformationCustodian): type CST, role public/private
 * from eArkisto's register-keeper kinds, identified as the profile requires — a public register keeper
 * in the register-keeper registry (1.2.246.537.6.40174), a private one in the organisation register.
 * arkki uses the organisation's OID in both (provisional: eArkisto gives public register keepers their own OIDs).
 */
export function registerKeeperAgent(org: Pick<Organisation, 'oid' | 'name' | 'registerKeeper'>): Json {
  const type = org.registerKeeper ?? 'public';
  return {
    type: { coding: [{ system: PARTICIPATION_TYPE_SYSTEM, code: 'CST', display: 'custodian' }], text: 'Rekisterinpitäjä' },
    role: [
      { coding: [{ system: REGISTER_KEEPER_TYPE_SYSTEM, ...REGISTER_KEEPER_CODES[type] }], text: REGISTER_KEEPER_CODES[type].display },
    ],
    who: {
      type: 'Organization',
      identifier: {
        type: { coding: [{ system: V2_IDENTIFIER_TYPE_SYSTEM, code: 'PRN', display: 'Provider number' }] },
        system: type === 'public' ? REGISTER_KEEPER_REGISTRY_SYSTEM : ORGANISATION_REGISTER_SYSTEM,
        value: org.oid,
      },
      display: org.name.fi,
    },
  };
}

/** The profile a Provenance with this register keeper's agent conforms to. */
export function custodianProfile(org: Pick<Organisation, 'registerKeeper'>): string {
  return org.registerKeeper === 'private' ? FI_BASE_PROFILES.custodianPrivate : FI_BASE_PROFILES.custodianPublic;
}
