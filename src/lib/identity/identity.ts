// Who is calling: one object whatever the authenticator (demo header now, certificates later).

/** Roles per THL regulation 1/2017 are defined per organisation; these are arkki's built-in role kinds. */
export type RoleKind =
  | 'social-worker' // sosiaalihuollon ammattihenkilö: writes and reads within own service tasks
  | 'archivist' // arkistonhoitaja: checks metadata, sees invalidated documents, invalidates
  | 'system' // a client system acting on its own (nightly batch, load queue)
  | 'citizen'; // the client him/herself (citizen view)

/**
 * System profiles (tietojärjestelmäprofiili, domain README §8): liittyvä, tallentava, katseleva and
 * arkistoiva system. They limit what a client system may do; carried by its system certificate.
 */
export type SystemProfile = 'connected' | 'storing' | 'viewing' | 'archiving';

export interface Identity {
  userId: string;
  name: string;
  /** Professional identifier (Valvira/SOTE card) when the user is a professional. */
  professionalId?: string;
  role: RoleKind;
  /** Organisation the user works for / the system belongs to. */
  organisationOid: string;
  /** Register keeper whose register the user works in. */
  registerKeeperOid: string;
  /** Service-task codes the role is limited to; ['*'] = all service tasks of the register keeper. */
  serviceTasks: string[];
  /** The calling information system (client system id or the archive's own UI). */
  systemId: string;
  /** For citizens: their own client key (henkilötunnus). */
  clientKey?: string;
  /** For role 'system' authenticated by certificate: the profile its certificate carries. */
  systemProfile?: SystemProfile;
  /** The organisation's own role (THL regulation 1/2017: roles are defined per organisation), e.g. 'ls-sosiaalityontekija'. */
  roleCode?: string;
  // No process part (järjestäminen / toteuttaminen): the regulation limits a role by it through the
  // organisation's visibility groups over the national process phases (1.2.246.537.6.1277), whose values
  // are not available, so it could decide nothing here yet (docs/access-control.md, "Not there yet").
}

/**
 * What an authenticator may look at. A fastify request fits as is; `raw` and `log` are optional so the
 * header-only authenticators (demo) can still be called with just headers.
 */
export interface AuthenticationRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The Node request underneath: certificate authentication reads the TLS peer certificate from its socket. */
  raw?: { socket?: unknown };
  /** The request's logger: refusal reasons go to the server log, never to the caller. */
  log?: { warn(obj: object, msg?: string): void };
}

export type Authenticator = (request: AuthenticationRequest) => Promise<Identity>;
