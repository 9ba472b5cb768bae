// Who is calling: one object whatever the authenticator (demo header now, certificates later).

/** Roles per THL regulation 1/2017 are defined per organisation; these are arkki's built-in role kinds. */
export type RoleKind =
  | 'social-worker'   // sosiaalihuollon ammattihenkilö: writes and reads within own service tasks
  | 'archivist'       // arkistonhoitaja: checks metadata, sees invalidated documents, invalidates
  | 'system'          // a client system acting on its own (nightly batch, load queue)
  | 'citizen';        // the client him/herself (citizen view)

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
}

export type Authenticator = (request: {
  headers: Record<string, string | string[] | undefined>;
}) => Promise<Identity>;
