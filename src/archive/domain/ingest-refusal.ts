import type { ArkkiError, Issue } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';

// A refused submission as the archive keeps it for the organisation's follow-up (issue 15 item 4): who
// sent it, when, the kind of document and the unit when known, and the rules it broke. Pure.

// What a refusal row may keep. Values are kept only when they pass a strict syntax check, so a sender
// cannot put client data (a henkilötunnus, a name) into the refusal log through a malformed field.
const OID = /^[0-2](\.(0|[1-9]\d{0,20})){1,30}$/;
const CODE = /^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$/;
const HETU_LIKE = /\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]/i;

export const safeOid = (v: unknown): string | null => (typeof v === 'string' && v.length <= 64 && OID.test(v) ? v : null);
export const safeCode = (v: unknown): string | null =>
  typeof v === 'string' && CODE.test(v) && !HETU_LIKE.test(v) && !/^\d{6,}$/.test(v) ? v : null;
/** Field names are the archive's own (`serviceUnit`, `socialServices[0]`, an XPath); anything else is dropped. */
export const safeField = (v: unknown): string =>
  typeof v === 'string' && v.length <= 200 && /^[A-Za-z0-9_.:/@[\]()='"\- ]*$/.test(v) && !HETU_LIKE.test(v) ? v : '';

export interface RefusalIssue {
  field: string;
  rule: string;
}

/** The issues as the refusal row keeps them: field and rule only, never the message. */
export function refusalIssues(issues: readonly Issue[]): RefusalIssue[] {
  return issues.slice(0, 20).map((i) => ({ field: safeField(i.field), rule: safeCode(i.rule) ?? 'invalid' }));
}

export interface RefusalRecord {
  at: string;
  registerKeeperOid: string;
  senderOrganisationOid: string;
  senderUserId: string;
  systemId: string;
  documentId: string | null;
  documentType: string | null;
  serviceUnitOid: string | null;
  errorCode: string;
  issues: RefusalIssue[];
}

/** The row for one refused submission; `metadata` is what the archive could read of it (maybe nothing). */
export function refusalRecord(
  identity: Identity,
  metadata: Partial<DocumentMetadata> | undefined,
  error: ArkkiError,
  at: Date,
): RefusalRecord {
  return {
    at: at.toISOString(),
    registerKeeperOid: safeOid(metadata?.registerKeeper) ?? identity.registerKeeperOid,
    senderOrganisationOid: identity.organisationOid,
    senderUserId: identity.userId,
    systemId: identity.systemId,
    documentId: safeOid(metadata?.documentId),
    documentType: safeCode(metadata?.documentType),
    serviceUnitOid: safeOid(metadata?.serviceUnit),
    errorCode: error.code,
    issues: refusalIssues(error.issues),
  };
}
