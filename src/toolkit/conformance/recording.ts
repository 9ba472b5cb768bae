// One HTTP exchange as the harness saw it between the vendor's client system and the archive. The bodies are
// kept in memory only, for the checks; reports cite exchanges by id and never copy a body or a query value.

export interface Exchange {
  /** r1, r2, … in arrival order: the evidence a report cites. */
  id: string;
  /** When the request arrived (ISO). */
  at: string;
  method: string;
  /** Path below the FHIR base, without the query (e.g. `DocumentReference`, `Patient/x/$client-summary`). */
  path: string;
  /** Query parameters as sent (values stay in memory; reports name only the parameters). */
  query: Array<[string, string]>;
  /** The demo identity header, when one was sent (demo mode). */
  demoUser?: string;
  /** The subject of the TLS client certificate, when the harness terminated mTLS. */
  clientCertificate?: { subject: string; organisationOid?: string };
  contentType?: string;
  requestBody: Buffer;
  /** The archive's status; 502 with `transportError` when the archive could not be reached. */
  status: number;
  answerContentType?: string;
  answerBody: Buffer;
  transportError?: string;
}

/** The identity a demo user has in the test archive (from its GET /demo/users). */
export interface KnownUser {
  id: string;
  role: string;
  organisation?: string;
  registerKeeper?: string;
}
