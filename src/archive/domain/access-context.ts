// The facts a service gathers before asking the access policy about one client (domain README §6).
// The policy itself does no I/O: whatever it needs to know about the client is in here.

/** A special reason (asiayhteys / erityinen syy) the caller stated for one client and service task. */
export interface SpecialReasonGrant {
  grantId: string;
  serviceTask: string;
  reasonCode: string;
  /** ISO instant; the grant covers uses strictly before it. */
  validUntil: string;
}

/** What a consent or a denial covers: service tasks ('*' = all) and/or single documents. */
export interface DisclosureScope {
  serviceTasks: string[];
  documentIds: string[];
}

/** A client's consent (suostumus) or the register keeper's disclosure decision (luovutuspäätös) for one recipient. */
export interface DisclosurePermission extends DisclosureScope {
  id: string;
  kind: 'consent' | 'disclosure-decision';
  /** The organisation that may receive the data. */
  recipientOid: string;
  validFrom: string;
  validUntil: string | null;
}

/** A client's denial (luovutuskielto): blocks disclosure of what it covers, to any recipient (or only to one). */
export interface DisclosureDenial extends DisclosureScope {
  id: string;
  /** null = every recipient. */
  recipientOid: string | null;
  validFrom: string;
  validUntil: string | null;
}

export interface AccessContext {
  /** ISO instant of the attempt: grants, consents and denials are judged at this moment. */
  now: string;
  /**
   * Service tasks in which the client has an active service-task (or service-unit) clienthood or an open
   * case in the target register keeper's register: the client relation of domain README §6.
   */
  relationTasks: readonly string[];
  /**
   * Service tasks in which the client has any clienthood, ended ones included, in the target register
   * keeper's register: where there is client data a special reason could be stated for (documents need one).
   */
  dataTasks: readonly string[];
  /** The caller's special-reason grants for this client in the target register keeper (valid or not). */
  specialReasons: readonly SpecialReasonGrant[];
  /** The client has turvakielto in the population register. */
  turvakielto: boolean;
  /** Consents and disclosure decisions recorded for the client in the target register keeper. */
  permissions: readonly DisclosurePermission[];
  denials: readonly DisclosureDenial[];
}

/** No facts known (register-wide uses, or a client the caller may not learn anything about). */
export function emptyContext(now: Date | string): AccessContext {
  return {
    now: typeof now === 'string' ? now : now.toISOString(),
    relationTasks: [],
    dataTasks: [],
    specialReasons: [],
    turvakielto: false,
    permissions: [],
    denials: [],
  };
}

export function scopeCovers(scope: DisclosureScope, serviceTask: string | undefined, documentId: string | undefined): boolean {
  if (documentId !== undefined && scope.documentIds.includes(documentId)) return true;
  return serviceTask !== undefined && (scope.serviceTasks.includes('*') || scope.serviceTasks.includes(serviceTask));
}

export function inForce(record: { validFrom: string; validUntil: string | null }, now: string): boolean {
  const t = Date.parse(now);
  return Date.parse(record.validFrom) <= t && (record.validUntil === null || t < Date.parse(record.validUntil));
}
