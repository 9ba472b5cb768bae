import type { CodeSetVersion } from '../../lib/codes/code-sets.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { AuthMethod, UiSession } from '../auth/session.ts';
import type { Organisation, OrganisationFilter } from '../domain/organisation.ts';
import { demoCitizens } from '../store/citizen-store.ts';
import { loadCodeSetVersion } from '../store/code-set-store.ts';
import { getOrganisation, listOrganisations } from '../store/organisation-store.ts';
import { createSession, deleteSession, findSession, reauthenticateSession, sweepSessions, touchSession } from '../store/session-store.ts';
import type { ArchiveDeps } from './deps.ts';
import type { ProfessionalLookup } from '../domain/access-roles.ts';
import { resolveProfessional } from './roles.ts';
import type { OrganisationArchiving } from '../domain/archiving-state.ts';
import { archivingStates } from './organisation-archiving.ts';

// What adapters may use without an identity (design.md: "routes without identity are an explicit list"):
// the public national registers the archive serves (organisation register, code sets), the login
// machinery itself (sessions, the role tables a card login is resolved against) and, in demo mode only,
// the demo citizen picker. None of these reads a client's documents.

export interface PublicRegisters {
  organisation(oid: string): Promise<Organisation | undefined>;
  organisations(filter?: OrganisationFilter): Promise<Organisation[]>;
  codeSetVersion(setId: string, version: number): Promise<CodeSetVersion | undefined>;
  /** Whether archiving is open for these organisations (organisation_archiving_event; no row = never opened). */
  archiving(oids: readonly string[]): Promise<Map<string, OrganisationArchiving>>;
  /** The organisations' role tables, read afresh (a role removed stops the next card login). */
  professionalRoles(): Promise<ProfessionalLookup>;
}

export interface SessionService {
  create(identity: Identity, method: AuthMethod): Promise<{ id: string; session: UiSession }>;
  find(id: string): Promise<UiSession | undefined>;
  touch(id: string): Promise<void>;
  reauthenticate(id: string, identity: Identity): Promise<void>;
  remove(id: string): Promise<void>;
  /** Deletes sessions past their idle timeout or lifetime; returns how many. */
  sweep(idleMs: number, maxLifetimeMs: number): Promise<number>;
}

export interface DemoServices {
  /** Demo mode: citizens the picker offers (test henkilötunnus values only). */
  citizens(limit: number): Promise<Array<{ hetu: string; name: string }>>;
}

export function publicRegisters(deps: () => ArchiveDeps): PublicRegisters {
  return {
    organisation: (oid) => getOrganisation(deps().db, oid),
    organisations: (filter) => listOrganisations(deps().db, filter),
    codeSetVersion: (setId, version) => loadCodeSetVersion(deps().db, setId, version),
    archiving: (oids) => archivingStates(deps(), oids),
    professionalRoles: () => resolveProfessional(deps().db),
  };
}

export function sessionService(deps: () => ArchiveDeps): SessionService {
  return {
    create: (identity, method) => createSession(deps().db, identity, method, deps().now()),
    find: (id) => findSession(deps().db, id),
    touch: (id) => touchSession(deps().db, id, deps().now()),
    reauthenticate: (id, identity) => reauthenticateSession(deps().db, id, identity, deps().now()),
    remove: (id) => deleteSession(deps().db, id),
    sweep: (idleMs, maxLifetimeMs) => sweepSessions(deps().db, deps().now(), idleMs, maxLifetimeMs),
  };
}

export function demoServices(deps: () => ArchiveDeps): DemoServices {
  return { citizens: (limit) => demoCitizens(deps().db, limit) };
}
